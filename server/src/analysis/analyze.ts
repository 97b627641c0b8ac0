/**
 * The analysis entry points. Pure: text and context in; diagnostics, hovers
 * and code actions out, with offsets. No I/O happens here — whatever another
 * file contributes (the applicationHost.config in effect, parent web.config
 * files) arrives in the context, already read by the caller.
 */
import { parseXml } from '../syntax/xml';
import { buildConfigFile } from '../hierarchy/configFile';
import { codeInfo } from './codes';
import { RULES, ruleForCode } from './rules';
import type { RuleContext } from './rules/rule';
import { bundledSchema } from '../iis/schemaLoader';
import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, Severity } from './types';

export function analyzeDocument(text: string, context: AnalysisContext): DocumentAnalysis {
  const doc = parseXml(text);
  const file = buildConfigFile(doc, {
    fileName: context.fileName, kind: context.kind, declarations: context.declarations, sites: context.sites, fileLevel: context.fileLevel,
  });
  const schema = context.schema ?? bundledSchema();
  const diagnostics: Diagnostic[] = [];
  const overrides = context.severity ?? {};
  for (const rule of RULES) {
    const ctx: RuleContext = {
      text, doc, file, context, schema,
      report(d) {
        const configured = overrides[d.code];
        if (configured === 'off') return;
        const severity: Severity = configured ?? d.severity ?? codeInfo(d.code)?.severity ?? 'warning';
        const start = clamp(d.start, text.length);
        diagnostics.push({ ...d, severity, start, end: Math.max(start, clamp(d.end, text.length)) });
      },
    };
    try {
      rule.check(ctx);
    } catch (error) {
      // A bug in one rule must not take the others (or the server) down.
      context.onRuleError?.(rule.id, error);
    }
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, schema, doc, file, diagnostics, context };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? n : 0, max));
}

/** Quick fixes for the diagnostics that touch [start, end]. */
export function getCodeActions(analysis: DocumentAnalysis, start: number, end: number): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.end < start || d.start > end) continue;
    const rule = ruleForCode(d.code);
    if (!rule?.fixes) continue;
    try {
      actions.push(...rule.fixes(d, analysis));
    } catch (error) {
      analysis.context.onRuleError?.(rule.id, error);
    }
  }
  return actions;
}
