/**
 * The analysis entry points. Pure: text and context in; diagnostics, hovers
 * and code actions out, with offsets. No I/O happens here — whatever another
 * file contributes (the applicationHost.config in effect, parent web.config
 * files) arrives in the context, already read by the caller.
 */
import { parseXmlSteps } from '../syntax/xml';
import { boundMessage, limitedAnalysis } from './limits';
import { buildConfigFile } from '../hierarchy/configFile';
import { codeInfo } from './codes';
import { RULES, ruleForCode } from './rules';
import type { RuleContext } from './rules/rule';
import { bundledSchema } from '../iis/schemaLoader';
import { applySuppressions, disableNextLineFix } from './suppression';
import { foldIntoRootCauses } from './rootCause';
import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, Severity } from './types';

export function analyzeDocument(text: string, context: AnalysisContext): DocumentAnalysis {
  const steps = analysisSteps(text, context);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `analyzeDocument` in steps: the generator pauses while parsing a large file, after building the model and after
 * each rule, so the language server can answer other requests in between and drop a validation that a newer edit made
 * stale. Run to completion, it returns exactly what `analyzeDocument` returns.
 */
export function* analysisSteps(text: string, context: AnalysisContext): Generator<void, DocumentAnalysis, void> {
  // A file over the size limit gets one file-too-large diagnostic instead of a long freeze.
  const limited = limitedAnalysis(text, context);
  if (limited) return limited;
  const doc = yield* parseXmlSteps(text);
  const file = buildConfigFile(doc, {
    fileName: context.fileName, kind: context.kind, declarations: context.declarations, sites: context.sites, fileLevel: context.fileLevel,
  });
  yield;
  const schema = context.schema ?? bundledSchema();
  const diagnostics: Diagnostic[] = [];
  const overrides = context.severity ?? {};
  for (const rule of context.rules ?? RULES) {
    const ctx: RuleContext = {
      text, doc, file, context, schema,
      report(d) {
        const configured = overrides[d.code];
        if (configured === 'off') return;
        const severity: Severity = configured ?? d.severity ?? codeInfo(d.code)?.severity ?? 'warning';
        const start = clamp(d.start, text.length);
        diagnostics.push({ ...d, severity, message: boundMessage(d.message), start, end: Math.max(start, clamp(d.end, text.length)) });
      },
    };
    try {
      rule.check(ctx);
    } catch (error) {
      // A bug in one rule must not take the others (or the server) down.
      context.onRuleError?.(rule.id, error);
    }
    yield;
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  // Suppression comments (<!-- iis-config-disable-next-line CODE --> …) silence diagnostics after every rule ran;
  // then the findings inside a refused section become related information of its diagnostic (rootCause.ts).
  const kept = foldIntoRootCauses(applySuppressions(text, doc, diagnostics), file.sections);
  return { text, schema, doc, file, diagnostics: kept, context };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? n : 0, max));
}

/** Quick fixes for the diagnostics that touch [start, end]. */
export function getCodeActions(analysis: DocumentAnalysis, start: number, end: number): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.end < start || d.start > end) continue;
    const rule = analysis.context.rules ? analysis.context.rules.find((r) => r.codes.includes(d.code)) : ruleForCode(d.code);
    if (!rule?.fixes) continue;
    try {
      actions.push(...rule.fixes(d, analysis));
    } catch (error) {
      analysis.context.onRuleError?.(rule.id, error);
    }
  }
  // Every diagnostic can be silenced on its line, after the rules' own fixes.
  for (const d of analysis.diagnostics) {
    if (d.end < start || d.start > end) continue;
    const disable = disableNextLineFix(analysis.text, analysis.doc, d);
    if (disable) actions.push(disable);
  }
  return actions;
}
