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
  readonly message: string;
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
  readonly kind: 'quickfix';
  readonly diagnostic?: Diagnostic;
  /** Edits to the analysed document; non-overlapping. */
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
  /** When set, the action is shown but cannot be applied, with this reason. */
  readonly disabledReason?: string;
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
  /** Level of a web.config in the hierarchy (defaults: a standalone application root). */
  readonly fileLevel?: ResolvedLevel;
  /** Per-code severity overrides ('off' drops the diagnostic). */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Called once per failure when a rule throws; the other rules still run. */
  readonly onRuleError?: (code: string, error: unknown) => void;
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
