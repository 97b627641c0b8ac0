/**
 * The language server: LSP glue around the pure analysis layer. This is the
 * only module that knows the protocol. It keeps open documents (incremental
 * sync), debounces validation per document, drops results that a newer edit
 * made stale, reads settings per resource, and guards every handler so that a
 * failure is logged once and never takes the server down.
 */
import {
  Connection, TextDocuments, TextDocumentSyncKind, InitializeParams, InitializeResult, ClientCapabilities, ServerCapabilities,
  DidChangeConfigurationNotification,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from '../analysis/analyze';
import type { AnalysisContext, DocumentAnalysis, Severity } from '../analysis/types';
import { LineIndex } from '../syntax/lineIndex';
import { toLspDiagnostic } from './convert';
import { hoverFeature } from './hover';
import { codeActionFeature } from './codeActions';
import { certCommandsFeature } from './certCommands';
import { documentSymbolFeature } from './symbols';
import { inlayHintFeature } from './inlayHints';
import { completionFeature } from './completion';
import { schemaPathsFeature } from './schemaPaths';
import { baseName } from '../hierarchy/configFile';
import { describeError, errorKey } from '../util/errors';

export interface Settings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** The whole `iisConfig` section as the client sent it, for features that read their own settings. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', severity: {}, raw: {} };

export interface ServerOptions {
  /** Delay between the last edit and validation, in ms. */
  readonly debounceMs?: number;
  /** Extra features (handlers) to register besides the built-in ones. */
  readonly features?: readonly ServerFeature[];
}

/** The analysis of one document version, with its line index. */
export interface Cached { readonly version: number; readonly analysis: DocumentAnalysis; readonly index: LineIndex; }

/** What the server core offers to features (one feature per module: hover, code actions, ...). */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The analysis of the document's current version (computed if needed); undefined for documents we do not serve. */
  current(uri: string): Promise<Cached | undefined>;
  getSettings(uri: string): Promise<Settings>;
  /** Log a failure once (message and stack only, never document contents). */
  logFailure(where: string, error: unknown): void;
  /** Re-validate every open document (after a settings or workspace change). */
  revalidateAll(): void;
  clientCapabilities(): ClientCapabilities;
}

export interface ServerFeature {
  readonly name: string;
  /** Capabilities this feature adds to the initialize result. */
  capabilities?(params: InitializeParams): ServerCapabilities;
  register(ctx: ServerContext): void;
  /** Extra analysis context for a document (e.g. the applicationHost.config in effect, extra schema). */
  analysisContext?(uri: string, settings: Settings): Partial<AnalysisContext>;
}

/** File names this server never treats as IIS configuration even though their root is <configuration>. */
const NOT_IIS = new Set(['nuget.config', 'packages.config']);

/** Is this document an IIS configuration file we should analyse? */
export function isIisConfigDocument(uri: string, text: string): boolean {
  let name: string;
  try { name = decodeURIComponent(baseName(uri)).toLowerCase(); } catch { name = baseName(uri).toLowerCase(); }
  if (name === 'web.config' || name === 'applicationhost.config') return true;
  if (!name.endsWith('.config') || NOT_IIS.has(name)) return false;
  // Any other *.config: only when the root element is <configuration>.
  const m = /<([A-Za-z_][\w.:-]*)/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ''));
  return !!m && m[1] === 'configuration';
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 200;
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const reportedFailures = new Set<string>();
  let hasConfigurationCapability = false;
  let relatedInformation = false;
  let clientCaps: ClientCapabilities = {};
  let globalSettings: Settings = DEFAULT_SETTINGS;
  const features: ServerFeature[] = [hoverFeature, codeActionFeature, certCommandsFeature, documentSymbolFeature, inlayHintFeature, completionFeature, schemaPathsFeature, ...(options.features ?? [])];

  const logFailure = (where: string, error: unknown) => {
    const key = `${where}:${errorKey(error)}`;
    if (reportedFailures.has(key)) return;
    reportedFailures.add(key);
    // Error type and stack frames only: never the message (it may quote a value), document contents or settings.
    connection.console.error(`[iis-config] ${where} failed: ${describeError(error)}`);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    clientCaps = caps;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    };
    for (const f of features) if (f.capabilities) capabilities = { ...capabilities, ...f.capabilities(params) };
    return { capabilities, serverInfo: { name: 'iis-config-language-server', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
  });

  function normalizeSettings(raw: unknown): Settings {
    const r = (raw ?? {}) as Partial<Record<keyof Settings, unknown>>;
    const severity: Record<string, Severity | 'off'> = {};
    if (r.severity && typeof r.severity === 'object') {
      for (const [k, v] of Object.entries(r.severity as Record<string, unknown>)) {
        if (v === 'error' || v === 'warning' || v === 'information' || v === 'hint' || v === 'off') severity[k] = v;
      }
    }
    return {
      enable: r.enable !== false,
      run: r.run === 'onSave' ? 'onSave' : 'onType',
      severity,
      raw: raw && typeof raw === 'object' ? raw as Record<string, unknown> : {},
    };
  }

  function getSettings(uri: string): Promise<Settings> {
    if (!hasConfigurationCapability) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'iisConfig' }).then(normalizeSettings, () => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!hasConfigurationCapability) globalSettings = normalizeSettings((change.settings as { iisConfig?: unknown })?.iisConfig);
    revalidateAll();
  });

  function revalidateAll(): void {
    cache.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }

  function analyze(doc: TextDocument, settings: Settings): Cached {
    const text = doc.getText();
    let extra: Partial<AnalysisContext> = {};
    for (const f of features) {
      if (!f.analysisContext) continue;
      try { extra = { ...extra, ...f.analysisContext(doc.uri, settings) }; } catch (error) { logFailure(`${f.name} context`, error); }
    }
    const analysis = analyzeDocument(text, {
      ...extra,
      fileName: doc.uri,
      severity: settings.severity,
      onRuleError: (rule, error) => logFailure(`rule ${rule}`, error),
    });
    const entry = { version: doc.version, analysis, index: new LineIndex(text) };
    cache.set(doc.uri, entry);
    return entry;
  }

  /** The analysis of the document's current version, computing it if needed. */
  async function current(uri: string): Promise<Cached | undefined> {
    const doc = documents.get(uri);
    if (!doc || !isIisConfigDocument(uri, doc.getText())) return undefined;
    const c = cache.get(uri);
    if (c && c.version === doc.version) return c;
    return analyze(doc, await getSettings(uri));
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await getSettings(uri);
    if (documents.get(uri)?.version !== version) return; // a newer edit is pending
    if (!settings.enable || !isIisConfigDocument(uri, doc.getText())) {
      cache.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    let entry: Cached;
    try {
      entry = analyze(doc, settings);
    } catch (error) {
      logFailure('validation', error);
      return;
    }
    if (documents.get(uri)?.version !== version) return; // stale: drop it
    const diagnostics = entry.analysis.diagnostics.map((d) => toLspDiagnostic(d, entry.index, { uri, relatedInformation }));
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  function schedule(uri: string, delay = debounceMs): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      validate(uri).catch((e) => logFailure('validation', e));
    }, delay));
  }

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    cache.delete(e.document.uri);
    void getSettings(e.document.uri).then((s) => { if (s.run === 'onType') schedule(e.document.uri); });
  });
  documents.onDidSave((e) => {
    void getSettings(e.document.uri).then((s) => { if (s.run === 'onSave') schedule(e.document.uri, 0); });
  });
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const ctx: ServerContext = {
    connection, documents, current, getSettings, logFailure, revalidateAll,
    clientCapabilities: () => clientCaps,
  };
  for (const f of features) f.register(ctx);

  documents.listen(connection);
  connection.listen();
}
