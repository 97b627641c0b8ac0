/**
 * The language server: LSP glue around the pure analysis layer. This is the
 * only module that knows the protocol. It keeps open documents (incremental
 * sync), debounces validation per document, drops results that a newer edit
 * made stale, reads settings per resource, and guards every handler so that a
 * failure is logged once and never takes the server down.
 */
import {
  Connection, TextDocuments, TextDocumentSyncKind, InitializeParams, InitializeResult, CodeAction as LspCodeAction,
  CodeActionKind, Hover as LspHover, MarkupKind, DidChangeConfigurationNotification,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, getCodeActions } from '../analysis/analyze';
import { getHover } from '../analysis/hover';
import type { DocumentAnalysis, Severity } from '../analysis/types';
import { LineIndex } from '../syntax/lineIndex';
import { toLspDiagnostic, toLspEdits, toRange } from './convert';
import { bundledSchema } from '../iis/schemaLoader';
import { baseName } from '../hierarchy/configFile';

export interface Settings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', severity: {} };

export interface ServerOptions {
  /** Delay between the last edit and validation, in ms. */
  readonly debounceMs?: number;
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

interface Cached { version: number; analysis: DocumentAnalysis; index: LineIndex; }

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 200;
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const reportedFailures = new Set<string>();
  let hasConfigurationCapability = false;
  let relatedInformation = false;
  let disabledSupport = false;
  let globalSettings: Settings = DEFAULT_SETTINGS;

  const logFailure = (where: string, error: unknown) => {
    const key = `${where}:${(error as Error)?.message}`;
    if (reportedFailures.has(key)) return;
    reportedFailures.add(key);
    // Messages and stacks only: never document contents or configuration values.
    connection.console.error(`[iis-config] ${where} failed: ${(error as Error)?.stack ?? String(error)}`);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    disabledSupport = !!caps.textDocument?.codeAction?.disabledSupport;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'iis-config-language-server', version: '0.1.0' },
    };
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
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  function analyze(doc: TextDocument, settings: Settings): Cached {
    const text = doc.getText();
    const analysis = analyzeDocument(text, {
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

  connection.onHover(async (params): Promise<LspHover | null> => {
    try {
      const c = await current(params.textDocument.uri);
      if (!c) return null;
      const h = getHover(c.analysis, c.index.offsetAt(params.position), bundledSchema());
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(c.index, h.start, h.end) };
    } catch (error) {
      logFailure('hover', error);
      return null;
    }
  });

  connection.onCodeAction(async (params): Promise<LspCodeAction[]> => {
    try {
      const uri = params.textDocument.uri;
      const c = await current(uri);
      if (!c) return [];
      const start = c.index.offsetAt(params.range.start);
      const end = c.index.offsetAt(params.range.end);
      const out: LspCodeAction[] = [];
      for (const a of getCodeActions(c.analysis, start, end)) {
        if (a.disabledReason && !disabledSupport) continue;
        const action: LspCodeAction = { title: a.title, kind: CodeActionKind.QuickFix };
        if (a.diagnostic) action.diagnostics = [toLspDiagnostic(a.diagnostic, c.index, { uri, relatedInformation })];
        if (a.isPreferred) action.isPreferred = true;
        if (a.disabledReason) action.disabled = { reason: a.disabledReason };
        else action.edit = { changes: { [uri]: toLspEdits(a.edits, c.index) } };
        out.push(action);
      }
      return out;
    } catch (error) {
      logFailure('codeAction', error);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
}
