import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, Severity } from '../types';
import type { ConfigFile } from '../../hierarchy/configFile';
import type { XmlDocument } from '../../syntax/xml';
import type { SchemaRegistry } from '../../iis/schemaLoader';

export interface RuleContext {
  readonly text: string;
  readonly doc: XmlDocument;
  readonly file: ConfigFile;
  readonly context: AnalysisContext;
  readonly schema: SchemaRegistry;
  /** Report a diagnostic; `severity` defaults to the code's default severity. */
  report(d: Omit<Diagnostic, 'severity'> & { severity?: Severity }): void;
}

/**
 * One rule: one or more stable codes, checked in one place. `check` is pure:
 * it reads the context and reports. `fixes` turns one of its diagnostics into
 * quick fixes for the same analysis.
 */
export interface Rule {
  readonly id: string;
  readonly codes: readonly string[];
  check(ctx: RuleContext): void;
  fixes?(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[];
}
