/**
 * `rewrite-server-variable-not-allowed`: a distributed rule (`<rules>`) sets
 * a server variable or request header (`<serverVariables><set name>`) that is
 * not in `<allowedServerVariables>` in effect at its level. The module
 * refuses the request with 500.50 ("URL Rewrite Module 2.0 Configuration
 * Reference", Allowed Server Variables List: distributed rules may set only
 * the listed variables; the list is kept in applicationHost.config; global
 * rules may set anything). Names compare case-insensitively.
 *
 * An error when the applicationHost.config in effect is in view; information
 * when the default IIS 10 model is assumed (the real server's list is not
 * known). Quick fix, when that applicationHost.config is in the workspace (or
 * is the analysed file): add the name to its server-level
 * `<allowedServerVariables>`, creating the section if needed.
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis, TextEdit } from '../types';
import type { ConfigFile, SectionInstance } from '../../hierarchy/configFile';
import { childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import { REWRITE_SECTIONS, readInboundRule } from '../../rewrite/model';
import { assumedClause, assumptionNote, contributionsAt, mergeSection } from '../inheritance';
import { insertIntoContainer } from '../fixes/appHostEdits';
import { RewriteContext, hasRewrite, rewriteContext } from '../rewriteContext';
import { shown } from '../../util/strings';

interface Data { readonly name: string }

/** The names allowed at a configuration path (upper case). */
function allowedAt(rc: RewriteContext, at: readonly string[], ctx: RuleContext): Set<string> {
  const merged = mergeSection(REWRITE_SECTIONS.allowedServerVariables, contributionsAt(rc.h, rc.chain, REWRITE_SECTIONS.allowedServerVariables, at), ctx.schema);
  const out = new Set<string>();
  for (const e of merged.entries) {
    const n = getAttribute(e.element, 'name')?.value;
    if (n) out.add(n.trim().toUpperCase());
  }
  return out;
}

export function checkServerVariables(section: SectionInstance, ctx: RuleContext, rc: RewriteContext, cache: Map<string, Set<string>>): void {
  if (section.path !== REWRITE_SECTIONS.rules) return;
  if (!rc.known) return;
  const at = rc.targetOf(section);
  const key = at.join('/').toLowerCase();
  let allowed = cache.get(key);
  if (!allowed) cache.set(key, (allowed = allowedAt(rc, at, ctx)));
  for (const el of childElements(section.element)) {
    if (el.name !== 'rule') continue;
    for (const sv of readInboundRule(el).serverVariables) {
      if (!sv.name || !sv.nameAttribute || allowed.has(sv.name.toUpperCase())) continue;
      const a = sv.nameAttribute;
      const header = sv.name.toUpperCase().startsWith('HTTP_') ? ` It sets the request header ${sv.name.slice(5).toLowerCase().replace(/_/g, '-')}.` : '';
      ctx.report({
        code: 'rewrite-server-variable-not-allowed', start: a.valueStart, end: Math.max(a.valueStart + 1, a.valueEnd),
        ...(rc.assumedDefault ? { severity: 'information' as const } : {}),
        data: { name: sv.name } satisfies Data,
        message: `A distributed rule may not set ${shown(sv.name)}: it is not in <allowedServerVariables> (500.50)${rc.assumedDefault ? assumedClause(rc.h) : ''}.`,
        detail: `Rules in <rules> may set only the server variables and request headers that <allowedServerVariables> of applicationHost.config lists; any other makes IIS answer 500.50 (URL Rewrite Module 2.0 Configuration Reference, "Allowed Server Variables List"). Global rules may set any.${header}${rc.assumedDefault ? ` ${assumptionNote(rc.h)} It is information only: the real server's list may allow it.` : ''}`,
      });
    }
  }
}

/** The edit that adds `<add name="…" />` to the server-level allowedServerVariables of an applicationHost.config. */
export function allowVariableEdit(text: string, file: ConfigFile, name: string): TextEdit | undefined {
  const add = `<add name="${encodeAttributeValue(name)}" />`;
  const existing = file.sections.find((s) => s.path === REWRITE_SECTIONS.allowedServerVariables && !s.location);
  if (existing) return insertIntoContainer(text, file, existing.element, { path: 'add', render: () => add });
  if (!file.configuration) return undefined;
  return insertIntoContainer(text, file, file.configuration, {
    path: REWRITE_SECTIONS.allowedServerVariables,
    render: (indent, { eol, unit }) => `<allowedServerVariables>${eol}${indent}${unit}${add}${eol}${indent}</allowedServerVariables>`,
  });
}

export const rewriteServerVariablesRule: Rule = {
  id: 'rewrite-server-variables',
  codes: ['rewrite-server-variable-not-allowed'],
  check(ctx) {
    // XML Document Transform files hold fragments merged into another file: only their patterns are checked.
    if (!hasRewrite(ctx) || ctx.file.kind === 'transform') return;
    const rc = rewriteContext(ctx);
    const cache = new Map<string, Set<string>>();
    for (const s of ctx.file.sections) checkServerVariables(s, ctx, rc, cache);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data) return [];
    const title = `Allow ${data.name} in applicationHost.config (<allowedServerVariables>)`;
    if (analysis.file.kind === 'applicationHost') {
      const edit = allowVariableEdit(analysis.text, analysis.file, data.name);
      return edit ? [{ title, kind: 'quickfix', diagnostic, isPreferred: true, edits: [edit] }] : [];
    }
    const h = analysis.context.hierarchy;
    if (!h || h.appHost.builtIn || !h.choice.inWorkspace) return [];
    const edit = allowVariableEdit(h.appHost.text, h.appHost.file, data.name);
    return edit ? [{ title, kind: 'quickfix', diagnostic, isPreferred: true, edits: [], fileEdits: [{ file: h.appHost.fileName, text: h.appHost.text, edits: [edit] }] }] : [];
  },
};
