/**
 * Conversions between the analysis layer's offset-based data and LSP types.
 * Shared by the language server and the CLI's JSON output.
 */
import type * as lsp from 'vscode-languageserver';
import { LineIndex } from '../syntax/lineIndex';
import type { Diagnostic, Severity, TextEdit, RelatedInformation } from '../analysis/types';

export const SOURCE = 'iis-config';

const SEVERITY: Record<Severity, lsp.DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

export function toRange(index: LineIndex, start: number, end: number): lsp.Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}

export interface ConvertOptions {
  /** URI of the analysed document, for related information in the same file. */
  readonly uri: string;
  readonly relatedInformation?: boolean;
  /** Line indexes of other files named by related information. */
  readonly otherFile?: (file: string) => { uri: string; index: LineIndex } | undefined;
}

export function toLspDiagnostic(d: Diagnostic, index: LineIndex, options: ConvertOptions): lsp.Diagnostic {
  const out: lsp.Diagnostic = {
    range: toRange(index, d.start, d.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.related?.length && options.relatedInformation !== false) {
    const related: lsp.DiagnosticRelatedInformation[] = [];
    for (const r of d.related) {
      const target = r.file ? options.otherFile?.(r.file) : { uri: options.uri, index };
      if (target) related.push({ location: { uri: target.uri, range: toRange(target.index, r.start, r.end) }, message: r.message });
    }
    if (related.length) out.relatedInformation = related;
  }
  return out;
}

export function toLspEdits(edits: readonly TextEdit[], index: LineIndex): lsp.TextEdit[] {
  return edits.map((e) => ({ range: toRange(index, e.start, e.end), newText: e.newText }));
}

export type { RelatedInformation };
