/**
 * The interface between the server core (server.ts) and its features (hover.ts, codeActions.ts, hierarchy.ts, …):
 * what the core offers a feature ({@link ServerContext}) and what a feature adds ({@link ServerFeature}). Both sides
 * import this module; the core imports the features, and no feature imports the core, so there is no import circle.
 */
import type { CancellationToken, ClientCapabilities, Connection, InitializeParams, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisContext, DocumentAnalysis, Severity } from '../analysis/types';
import type { LineIndex } from '../syntax/lineIndex';
import type { FileChange, Platform } from './platform';

export interface Settings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** The whole `iisConfig` section as the client sent it, for features that read their own settings. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', severity: {}, raw: {} };

/** The analysis of one document version, with its line index. */
export interface Cached { readonly version: number; readonly analysis: DocumentAnalysis; readonly index: LineIndex; }

/** What the server core offers to features (one feature per module: hover, code actions, ...). */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** What the server runs on: file access, file watching, the machine's settings sources. */
  readonly platform: Platform;
  /** The analysis of the document's current version (computed if needed); undefined for documents we do not serve. */
  current(uri: string, token?: CancellationToken): Promise<Cached | undefined>;
  /**
   * For read-only requests at a position (hover, completion): the latest analysis, which may be of an older version
   * while the new one is pending (debounce) or running, with an index that maps the current document's positions to
   * it; so a large file's request never waits for a full re-analysis. Falls back to `current` when there is no older
   * analysis or the position lies in text typed since.
   */
  latest(uri: string, position: { line: number; character: number }, token?: CancellationToken): Promise<Cached | undefined>;
  /**
   * The current version's document model (parse tree, sections, levels, schema) without running the rules, so its
   * diagnostics are empty; the full analysis when there is one. For requests that need the current text but no
   * diagnostics (completion): much cheaper than `current` on a large file.
   */
  model(uri: string, token?: CancellationToken): Promise<Cached | undefined>;
  /**
   * Run a long computation's steps, yielding to the event loop between them (other requests are answered meanwhile);
   * undefined when the request is cancelled ($/cancelRequest) first. Never block on one request: a feature whose work
   * grows with the document runs it through here.
   */
  runSteps<T>(steps: Generator<void, T, void>, token?: CancellationToken): Promise<T | undefined>;
  getSettings(uri: string): Promise<Settings>;
  /** Log a failure once (error type and stack frames only: never its message, document contents or settings). */
  logFailure(where: string, error: unknown): void;
  /** Re-validate every open document (after a settings or workspace change). */
  revalidateAll(): void;
  /** Re-validate some documents (a file they depend on changed), not the others. */
  revalidate(uris: Iterable<string>): void;
  clientCapabilities(): ClientCapabilities;
}

export interface ServerFeature {
  readonly name: string;
  /** Capabilities this feature adds to the initialize result. */
  capabilities?(params: InitializeParams): ServerCapabilities;
  register(ctx: ServerContext): void;
  /** Extra analysis context for a document (e.g. the applicationHost.config in effect, extra schema). */
  analysisContext?(uri: string, settings: Settings): Partial<AnalysisContext>;
  /** Called once the client sent `initialized` (dynamic registrations go here). */
  initialized?(ctx: ServerContext): void;
  /** URI and line index of another file that related information names (e.g. the applicationHost.config in effect). */
  relatedFile?(file: string): { uri: string; index: LineIndex } | undefined;
  /** Configuration files changed outside the editors (reported by the platform's watcher). */
  filesChanged?(changes: readonly FileChange[]): void;
}
