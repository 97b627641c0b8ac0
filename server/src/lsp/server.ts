/**
 * The language server core: LSP glue around the pure analysis layer, the same
 * on every platform (the node and browser entries inject a {@link Platform}).
 * It keeps open documents (incremental sync), debounces validation per
 * document, drops results that a newer edit made stale, reads settings per
 * resource, and guards every handler so that a failure is logged once and
 * never takes the server down. Features (one module each) get a
 * {@link ServerContext}; their interface is in feature.ts.
 */
import { VERSION } from '../version';
import {
  Connection, TextDocuments, TextDocumentSyncKind, InitializeParams, InitializeResult, ClientCapabilities, ServerCapabilities,
  DidChangeConfigurationNotification, CancellationToken,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, analysisSteps, updateSteps, wasIncremental } from '../analysis/analyze';
import { maxFileSizeSetting } from '../analysis/limits';
import { EditLog, MappedLineIndex } from './editLog';
import type { AnalysisContext, DocumentAnalysis, Severity } from '../analysis/types';
import { LineIndex, Position } from '../syntax/lineIndex';
import { toLspDiagnostic } from './convert';
import { hoverFeature } from './hover';
import { createCodeActionFeature } from './codeActions';
import { certCommandsFeature } from './certCommands';
import { documentSymbolFeature } from './symbols';
import { inlayHintFeature } from './inlayHints';
import { completionFeature } from './completion';
import { createSchemaPathsFeature } from './schemaPaths';
import { createHierarchyFeature } from './hierarchy';
import { createExplainRequestFeature } from './explainRequest';
import { createRewriteTestFeature } from './rewriteTest';
import { mergeCapabilities, multiplexConnection } from './multiplex';
import { baseName } from '../hierarchy/configFile';
import { describeError, errorKey } from '../util/errors';
import { DEFAULT_SETTINGS, type Cached, type ServerContext, type ServerFeature, type Settings } from './feature';
import type { Platform } from './platform';

export interface ServerOptions {
  /** Delay between the last edit and validation, in ms. */
  readonly debounceMs?: number;
  /** Log one line per analysis: the version, whether it was incremental, and its time (performance checks). */
  readonly traceAnalyses?: boolean;
  /** Extra features (handlers) to register besides the built-in ones. */
  readonly features?: readonly ServerFeature[];
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
  return rootElementName(text) === 'configuration';
}

/** Name of the first element, skipping processing instructions, comments and DOCTYPE; one forward pass (linear). */
function rootElementName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    let close = '';
    if (text.startsWith('<?', lt)) close = '?>';
    else if (text.startsWith('<!--', lt)) close = '-->';
    else if (text.startsWith('<!DOCTYPE', lt)) close = '>';
    if (close) {
      const end = text.indexOf(close, lt + 2);
      if (end < 0) return undefined;
      i = end + close.length;
      continue;
    }
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 300));
    if (m) return m[1];
    i = lt + 1;
  }
}

export function startServer(connection: Connection, platform: Platform, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 200;
  // Edits since each document's last analysis, so position requests can use that analysis meanwhile (latest()).
  const editLog = new EditLog();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => editLog.update(doc, changes, version, TextDocument.update),
  });
  const cache = new Map<string, Cached>();
  /** Validations running in steps, by document: requests for the same version wait for them instead of re-analysing. */
  const inFlight = new Map<string, { readonly version: number; readonly promise: Promise<Cached | undefined> }>();
  /** Rule-less models of the current versions (model()). */
  const models = new Map<string, Cached>();
  /**
   * Bumped (for all documents, or one) when settings or other files change: a stepwise analysis started before is
   * dropped, not stored.
   */
  let generation = 0;
  const docGenerations = new Map<string, number>();
  const generationOf = (uri: string) => generation + (docGenerations.get(uri) ?? 0);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The newest version whose diagnostics were published, per document (an older one is never published after it). */
  const publishedVersions = new Map<string, number>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const reportedFailures = new Set<string>();
  let hasConfigurationCapability = false;
  let relatedInformation = false;
  let clientCaps: ClientCapabilities = {};
  let globalSettings: Settings = DEFAULT_SETTINGS;
  const hierarchy = createHierarchyFeature();
  const features: ServerFeature[] = [hoverFeature, createCodeActionFeature(), certCommandsFeature, documentSymbolFeature, inlayHintFeature, completionFeature, createSchemaPathsFeature(), hierarchy, createExplainRequestFeature(hierarchy), createRewriteTestFeature(), ...(options.features ?? [])];

  const logFailure = (where: string, error: unknown) => {
    const key = `${where}:${errorKey(error)}`;
    if (reportedFailures.has(key)) return;
    reportedFailures.add(key);
    // Error type and stack frames only: never the message (it may quote a value), document contents or settings.
    connection.console.error(`[iis-config] ${where} failed: ${describeError(error)}`);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    platform.initialize?.(params);
    const caps = params.capabilities;
    clientCaps = caps;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    };
    // Shallow, but the commands of executeCommandProvider are joined (several features have commands).
    for (const f of features) if (f.capabilities) capabilities = mergeCapabilities(capabilities, f.capabilities(params));
    return { capabilities, serverInfo: { name: 'iis-config-language-server', version: VERSION } };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
    if (platform.limitations.length) connection.console.info(`[iis-config] ${platform.name}: ${platform.limitations.join(' ')}`);
    try { platform.watcher.initialized?.(ctx); } catch (error) { logFailure('watcher initialized', error); }
    for (const f of features) {
      try { f.initialized?.(ctx); } catch (error) { logFailure(`${f.name} initialized`, error); }
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

  /** Another file named by related information, as a feature can locate it. */
  function relatedFile(file: string): { uri: string; index: LineIndex } | undefined {
    for (const f of features) {
      try {
        const r = f.relatedFile?.(file);
        if (r) return r;
      } catch (error) { logFailure(`${f.name} relatedFile`, error); }
    }
    return undefined;
  }

  function revalidateAll(): void {
    cache.clear();
    // Settings or other files changed: analyses still running (or rule-less models) were made with the old ones.
    generation++;
    models.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }

  /** Re-validate these documents (another file they depend on changed): their analyses are made again in full. */
  function revalidate(uris: Iterable<string>): void {
    for (const uri of uris) {
      if (!documents.get(uri)) continue;
      cache.delete(uri);
      models.delete(uri);
      docGenerations.set(uri, (docGenerations.get(uri) ?? 0) + 1);
      schedule(uri, 0);
    }
  }

  function contextFor(doc: TextDocument, settings: Settings): AnalysisContext {
    let extra: Partial<AnalysisContext> = {};
    for (const f of features) {
      if (!f.analysisContext) continue;
      try { extra = { ...extra, ...f.analysisContext(doc.uri, settings) }; } catch (error) { logFailure(`${f.name} context`, error); }
    }
    return {
      ...extra,
      fileName: doc.uri,
      severity: settings.severity,
      maxFileSize: maxFileSizeSetting(settings.raw.maxFileSize),
      onRuleError: (rule, error) => logFailure(`rule ${rule}`, error),
    };
  }

  function store(uri: string, version: number, text: string, analysis: DocumentAnalysis, startedAt?: number): Cached {
    if (options.traceAnalyses) {
      connection.console.log(`[iis-config] analysed version ${version} (${wasIncremental(analysis) ? 'incremental' : 'full'})${startedAt !== undefined ? ` in ${(Date.now() - startedAt).toFixed(0)} ms` : ''}`);
    }
    // The current version's positions come from the document itself, which keeps its line offsets up to date as it
    // is edited (a line index of its own would cost a pass over a large file per version).
    const doc = documents.get(uri);
    const entry = { version, analysis, index: doc && doc.version === version ? new DocumentLineIndex(doc, text.length) : new LineIndex(text) };
    cache.set(uri, entry);
    if ((models.get(uri)?.version ?? Infinity) <= version) models.delete(uri); // the full analysis supersedes it
    editLog.analysed(uri, version);
    return entry;
  }

  /**
   * The steps of this version's analysis: from the cached analysis of an older version and the edits since when
   * possible (incremental: the first step finishes it and consumes the older analysis, which is then dropped from
   * the cache), else a full analysis.
   */
  function stepsFor(doc: TextDocument, settings: Settings): Generator<void, DocumentAnalysis, void> {
    const text = doc.getText(), context = contextFor(doc, settings);
    const c = cache.get(doc.uri);
    const change = c && c.version < doc.version ? editLog.coveringChange(doc.uri, c.version) : undefined;
    if (!c || !change) return analysisSteps(text, context);
    return (function* () {
      const steps = updateSteps(c.analysis, text, change, context);
      const first = steps.next();
      if (first.done) {
        // Its tree now belongs to the new analysis.
        if (cache.get(doc.uri) === c) cache.delete(doc.uri);
        return first.value;
      }
      // A full analysis (the older one is untouched and still answers position requests meanwhile).
      yield;
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        yield;
      }
    })();
  }

  /**
   * Analyse in steps (parse chunks, each rule), letting other requests run in between; undefined when a newer edit
   * made the analysis stale before it finished (the rest of it is skipped).
   */
  async function analyzeInSteps(doc: TextDocument, settings: Settings): Promise<Cached | undefined> {
    const uri = doc.uri, version = doc.version, text = doc.getText(), gen = generationOf(uri), startedAt = Date.now();
    const steps = stepsFor(doc, settings);
    for (;;) {
      const r = steps.next();
      if (r.done) return store(uri, version, text, r.value, startedAt);
      await platform.yieldNow();
      if (documents.get(uri)?.version !== version || generationOf(uri) !== gen) return undefined;
    }
  }

  /** Resolves with `promise`, or with undefined as soon as the request is cancelled ($/cancelRequest). */
  function unlessCancelled<T>(promise: Promise<T>, token?: CancellationToken): Promise<T | undefined> {
    if (!token) return promise;
    if (token.isCancellationRequested) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const sub = token.onCancellationRequested(() => { sub.dispose(); resolve(undefined); });
      promise.then((v) => { sub.dispose(); resolve(v); }, (e) => { sub.dispose(); reject(e); });
    });
  }

  /**
   * Run the steps of a long computation, yielding to the event loop between them so that other requests are answered
   * meanwhile; undefined when the request is cancelled first.
   */
  async function runSteps<T>(steps: Generator<void, T, void>, token?: CancellationToken): Promise<T | undefined> {
    for (;;) {
      if (token?.isCancellationRequested) return undefined;
      const r = steps.next();
      if (r.done) return r.value;
      await platform.yieldNow();
    }
  }

  /**
   * The analysis of the document's current version, computing it if needed: in steps, shared with validation
   * (inFlight), so that a request never blocks the others while a large file is analysed. A cancelled request stops
   * waiting (undefined); the analysis itself goes on for validation.
   */
  async function current(uri: string, token?: CancellationToken): Promise<Cached | undefined> {
    let failures = 0;
    for (;;) {
      const doc = documents.get(uri);
      if (!doc || !isIisConfigDocument(uri, doc.getText())) return undefined;
      const version = doc.version;
      const c = cache.get(uri);
      if (c && c.version === version) return c;
      let running = inFlight.get(uri);
      if (!running || running.version !== version) {
        await platform.files.ready();
        const settings = await getSettings(uri);
        if (token?.isCancellationRequested) return undefined;
        const now = documents.get(uri);
        if (!now || now.version !== version) continue;
        const again = cache.get(uri);
        if (again && again.version === version) return again;
        running = inFlight.get(uri);
        if (!running || running.version !== version) {
          const promise = analyzeInSteps(now, settings);
          const entry = { version, promise };
          inFlight.set(uri, entry);
          void promise.catch(() => undefined).finally(() => { if (inFlight.get(uri) === entry) inFlight.delete(uri); });
          running = entry;
        }
      }
      const r = await unlessCancelled(running.promise.catch(() => undefined), token);
      if (token?.isCancellationRequested) return undefined;
      if (r && r.version === documents.get(uri)?.version) return r;
      // Stale (a newer edit, or new settings): analyse the version that is current now; a failure is not retried forever.
      if (r === undefined && documents.get(uri)?.version === version && ++failures > 1) return undefined;
    }
  }

  async function model(uri: string, token?: CancellationToken): Promise<Cached | undefined> {
    const doc = documents.get(uri);
    if (!doc || !isIisConfigDocument(uri, doc.getText())) return undefined;
    const version = doc.version;
    const c = cache.get(uri);
    if (c && c.version === version) return c;
    // An older analysis and the edits since: bringing it up to date is cheaper than a model without rules.
    if (c && editLog.coveringChange(uri, c.version)) return current(uri, token);
    const m = models.get(uri);
    if (m && m.version === version) return m;
    await platform.files.ready();
    const settings = await getSettings(uri);
    const now = documents.get(uri);
    if (!now || now.version !== version) return current(uri, token);
    const text = now.getText();
    // Parsed in steps too (a large file's parse yields between chunks).
    const analysis = await runSteps(analysisSteps(text, { ...contextFor(now, settings), rules: [] }), token);
    if (!analysis || documents.get(uri)?.version !== version) return analysis ? current(uri, token) : undefined;
    const entry: Cached = { version, analysis, index: new LineIndex(text) };
    models.set(uri, entry);
    return entry;
  }

  async function latest(uri: string, position: { line: number; character: number }, token?: CancellationToken): Promise<Cached | undefined> {
    const doc = documents.get(uri);
    const c = cache.get(uri);
    if (doc && c && c.version !== doc.version) {
      const map = editLog.mapper(uri, c.version);
      if (map && map.toOld(doc.offsetAt(position)) !== undefined) return { version: c.version, analysis: c.analysis, index: new MappedLineIndex(doc, map) };
    }
    return current(uri, token);
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    await platform.files.ready();
    const settings = await getSettings(uri);
    if (documents.get(uri)?.version !== version) return; // a newer edit is pending
    if (!settings.enable || !isIisConfigDocument(uri, doc.getText())) {
      cache.delete(uri);
      publishedVersions.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    let entry: Cached | undefined = cache.get(uri);
    // A request (completion, code action) may already have analysed this version: publish that analysis.
    // A request may be analysing this version already (current()): join it rather than analyse twice.
    const running = inFlight.get(uri);
    const promise = entry?.version === version ? Promise.resolve(entry) : running?.version === version ? running.promise : analyzeInSteps(doc, settings);
    if (!running || running.promise !== promise) inFlight.set(uri, { version, promise });
    try {
      entry = await promise;
    } catch (error) {
      logFailure('validation', error);
      return;
    } finally {
      if (inFlight.get(uri)?.promise === promise) inFlight.delete(uri);
    }
    if (!entry) return; // a newer edit cancelled it before it finished
    const now = documents.get(uri);
    if (now !== doc || (publishedVersions.get(uri) ?? -Infinity) > version) return; // closed (or reopened), or a newer one is out
    // Finished while a newer edit arrived: still newer than what the client shows, so it is published (positions in
    // its own text; the document's live line offsets are the newer text's), and the newer version follows.
    const index = now.version === version || !(entry.index instanceof DocumentLineIndex) ? entry.index : new LineIndex(entry.analysis.text);
    const diagnostics = entry.analysis.diagnostics.map((d) => toLspDiagnostic(d, index, { uri, relatedInformation, otherFile: relatedFile }));
    publishedVersions.set(uri, version);
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
    // The cached analysis is kept (current() checks its version): latest() answers position requests from it meanwhile.
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
    inFlight.delete(e.document.uri);
    models.delete(e.document.uri);
    editLog.forget(e.document.uri);
    settingsCache.delete(e.document.uri);
    publishedVersions.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const ctx: ServerContext = {
    // Features may each register workspace/executeCommand and didChangeWatchedFiles handlers (see multiplex.ts).
    connection: multiplexConnection(connection), documents, platform, current, latest, model, runSteps, getSettings, logFailure, revalidateAll, revalidate,
    clientCapabilities: () => clientCaps,
  };
  for (const f of features) f.register(ctx);
  platform.watcher.register(ctx, (changes) => {
    for (const f of features) {
      try { f.filesChanged?.(changes); } catch (error) { logFailure(`${f.name} filesChanged`, error); }
    }
  });

  documents.listen(connection);
  connection.listen();
}

/** The line index of an open document's current version, read from the document (which updates its line offsets). */
class DocumentLineIndex extends LineIndex {
  constructor(private readonly doc: TextDocument, private readonly length: number) {
    super('');
  }

  override get lineCount(): number { return this.doc.lineCount; }

  override lineStart(line: number): number { return this.doc.offsetAt({ line: Math.max(0, Math.min(line, this.doc.lineCount - 1)), character: 0 }); }

  override positionAt(offset: number): Position { return this.doc.positionAt(Math.max(0, Math.min(offset, this.length))); }

  override offsetAt(pos: Position): number { return this.doc.offsetAt(pos); }
}
