/**
 * Plain data types of the analysis API. Offsets are UTF-16 code unit offsets
 * into the analysed text (the editor's terminology, not LSP's): the LSP layer
 * converts them to line/character positions.
 */
import type { XmlDocument } from '../syntax/xml';
import type { ConfigFile, FileKind } from '../hierarchy/configFile';
import type { DeclarationSet } from '../iis/declarations';
import type { ResolvedLevel, SitesModel } from '../hierarchy/levels';
import type { SchemaRegistry } from '../iis/schemaLoader';
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import type { Rule } from './rules/rule';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** Another file (path or URI as the context gave it); undefined: the analysed document. */
  readonly file?: string;
}

export interface Diagnostic {
  /** Stable rule code, part of the public interface (e.g. 'ignored-at-level'). */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence: what is wrong and where it belongs (the house style: analysis/messages.ts). */
  readonly message: string;
  /**
   * Plain text (may be several sentences): why, the evidence, the error IIS shows, the assumption the verdict rests
   * on. Shown in the hover of the diagnostic's range; never holds an absolute path either (files go to `related`).
   */
  readonly detail?: string;
  readonly start: number;
  readonly end: number;
  readonly related?: readonly RelatedInformation[];
  /** Rule-private data the rule's quick fixes use. */
  readonly data?: unknown;
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface CodeAction {
  readonly title: string;
  /** 'source.fixAll': every batchable fix of the file at once (analysis/fixAll.ts). */
  readonly kind: 'quickfix' | 'source.fixAll';
  readonly diagnostic?: Diagnostic;
  /** Edits to the analysed document; non-overlapping. */
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
  /** When set, the action is shown but cannot be applied, with this reason. */
  readonly disabledReason?: string;
  /**
   * Edits to other files (e.g. the applicationHost.config in effect), each
   * against the text the analysis read (`text`, to turn offsets into positions).
   */
  readonly fileEdits?: readonly FileEdit[];
  /**
   * The same change as one snippet insertion (LSP snippet syntax: `$1` is where the cursor lands, for a value the
   * user types), for clients that can insert snippets; `edits` is the plain text of it.
   */
  readonly snippet?: SnippetEdit;
  /**
   * The plain `edits` leave a value the user must type and the schema does not accept yet (an empty required
   * value): the action is offered only where `snippet` can be inserted, never applied as plain text.
   */
  readonly snippetOnly?: boolean;
}

export interface SnippetEdit {
  readonly start: number;
  readonly end: number;
  /** LSP snippet syntax (`$`, `}` and `\` in literal text escaped). */
  readonly snippet: string;
}

export interface FileEdit {
  /** Path of the file, as the hierarchy names it. */
  readonly file: string;
  /** The file's text the offsets refer to. */
  readonly text: string;
  readonly edits: readonly TextEdit[];
}

export interface Hover {
  /** Markdown. */
  readonly contents: string;
  readonly start: number;
  readonly end: number;
}

export interface AnalysisContext {
  /** Path or URI of the document; used to tell applicationHost.config from web.config. */
  readonly fileName: string;
  readonly kind?: FileKind;
  /** Schema in effect (defaults: the bundled IIS 10 schema). */
  readonly schema?: SchemaRegistry;
  /** Declarations of the parent chain (defaults: stock IIS 10). */
  readonly declarations?: DeclarationSet;
  /** Sites of the applicationHost.config in effect, for a web.config. */
  readonly sites?: SitesModel;
  /**
   * The configuration hierarchy of a web.config (applicationHost.config in
   * effect, parent web.config files, the file's configuration path), read by
   * the caller through hierarchy/hierarchy.ts. The rules that compare a file
   * with its parents (section-locked, lock-violation, inherited
   * duplicate-collection-entry) speak only when it is given.
   */
  readonly hierarchy?: ConfigHierarchy;
  /** Level of a web.config in the hierarchy (defaults: a standalone application root). */
  readonly fileLevel?: ResolvedLevel;
  /** Per-code severity overrides ('off' drops the diagnostic). */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Called once per failure when a rule throws; the other rules still run. */
  readonly onRuleError?: (code: string, error: unknown) => void;
  /** The rules to run (default: every rule of the registry, rules/index.ts). Tests use it to inject a failing rule. */
  readonly rules?: readonly Rule[];
  /**
   * Files longer than this many characters are not validated: they get one
   * `file-too-large` diagnostic (see analysis/limits.ts). Default 32 MB; 0 or
   * less: no limit.
   */
  readonly maxFileSize?: number;
  /** The time rules compare dates with (certificate validity); defaults to the current time. */
  readonly now?: Date;
}

export interface DocumentAnalysis {
  readonly text: string;
  /** The schema the analysis used. */
  readonly schema: SchemaRegistry;
  readonly doc: XmlDocument;
  readonly file: ConfigFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly context: AnalysisContext;
}
