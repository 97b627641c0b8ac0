/**
 * `ignored-at-level`: a section (or, for some sections, its attributes or one
 * child element) placed at a level where the configuration system accepts it
 * but the IIS runtime never reads it. Data: iis/runtimeLevels.ts.
 */
import type { Rule, RuleContext } from './rule';
import { sectionStartingAt } from '../../hierarchy/lookup';
import type { Diagnostic, CodeAction, DocumentAnalysis } from '../types';
import { RuntimeLevelRow, ignoredAt, runtimeLevelRows, RUNTIME_LEVELS } from '../../iis/runtimeLevels';
import { describeLevels, ResolvedLevel } from '../../hierarchy/levels';
import { SectionInstance } from '../../hierarchy/configFile';
import { getAttribute } from '../../syntax/xml';
import { moveSectionAction } from '../fixes/moveSection';
import { isMetaAttribute } from '../../iis/meta';
import { shortName } from '../messages';

export interface IgnoredAtLevelData {
  readonly rule: number;
  readonly sectionStart: number;
  /** Where the fix moves the section: a site's location path, or '' for server level. */
  readonly target?: { readonly kind: 'site'; readonly site: string } | { readonly kind: 'server' };
}

type Verdict = { ignored: false } | { ignored: true; why: 'level' | 'webConfig' };

function verdict(row: RuntimeLevelRow, level: ResolvedLevel, inAppHost: boolean): Verdict {
  const why = ignoredAt(row, level.candidates, inAppHost);
  return why ? { ignored: true, why } : { ignored: false };
}

function placeDescription(section: SectionInstance, inAppHost: boolean): string {
  // Details are plain text: quote names instead of markdown code spans.
  const level = section.level.description.replace(/`/g, '"');
  if (section.location) return `This <location path="${section.location.path}"> resolves to ${level}.`;
  return inAppHost ? 'This is server level.' : `This web.config is ${level}.`;
}

export const ignoredAtLevelRule: Rule = {
  id: 'ignored-at-level',
  codes: ['ignored-at-level'],
  checkSection(section: SectionInstance, ctx: RuleContext) {
    const inAppHost = ctx.file.kind === 'applicationHost';
    const rows = runtimeLevelRows(section.path);
    for (const row of rows) {
      if (row.onlyWhen) {
        const v = getAttribute(section.element, row.onlyWhen.attribute)?.value;
        if (!v || v.toLowerCase() !== row.onlyWhen.value.toLowerCase()) continue;
      }
      const v = verdict(row, section.level, inAppHost);
      if (!v.ignored) continue;
      const severity = row.evidence === 'strong' ? 'warning' : 'information';
      const levels = describeLevels(row.levels, 'or');
      const target = inAppHost && v.why === 'level' ? fixTarget(row, section) : undefined;
      // Where it belongs, in the message: the location the fix moves it to, or the levels IIS reads.
      const belongs = v.why === 'webConfig'
        ? 'IIS reads it only from applicationHost.config'
        : target?.kind === 'site'
          ? `IIS reads it only at ${levels} level (<location path="${target.site}">)`
          : !inAppHost && row.levels.includes('site') && section.level.site && row.levels.length < 5
            ? `IIS reads it only at ${levels} level (the root of site "${section.level.site}")`
            : `IIS reads it only at ${levels} level`;
      const advice = target?.kind === 'site'
        ? ` Move it to <location path="${target.site}">.`
        : target?.kind === 'server'
          ? ' Move it to server level (outside any <location>).'
          : v.why === 'webConfig'
            ? ' Put it in applicationHost.config instead.'
            : !inAppHost && row.levels.includes('site')
              ? ` Set it in the site's root web.config or in applicationHost.config (<location path="${section.level.site ?? 'SiteName'}">) instead.`
              : ` Set it at ${describeLevels(row.levels, 'or')} level instead${inAppHost ? '' : ' (in applicationHost.config)'}.`;
      const detail = `The configuration system accepts it here, but the IIS runtime never reads it at this level, so it has no effect. ${placeDescription(section, inAppHost)}${advice} ${row.summary} (Source: ${row.source}.)${row.evidence === 'strong' ? '' : ' The documented levels are the evidence; IIS itself may not say so.'}`;
      const data: IgnoredAtLevelData = { rule: RUNTIME_LEVELS.indexOf(row), sectionStart: section.element.start, target };
      const name = shortName(section.path);
      if (row.scope === 'section') {
        ctx.report({
          code: 'ignored-at-level', severity, start: section.element.nameStart, end: section.element.nameEnd, data, detail,
          message: `<${name}> is ignored here: ${belongs}.`,
        });
      } else if (row.scope === 'attributes') {
        // One finding for all of the section's attributes IIS ignores here (one root cause), each one related.
        const sectionSchema = ctx.schema.get(section.path);
        const attrs = section.element.attributes.filter((a) => !isMetaAttribute(a.name) && (!sectionSchema || sectionSchema.attributes.some((x) => x.name === a.name)));
        if (!attrs.length) continue;
        const first = attrs[0];
        const more = attrs.length - 1;
        ctx.report({
          code: 'ignored-at-level', severity, start: first.nameStart, end: first.nameEnd, data, detail,
          related: attrs.map((a) => ({ message: `'${a.name}' is ignored here`, start: a.start, end: a.end })),
          message: more
            ? `'${first.name}' and ${more} more attribute${more > 1 ? 's' : ''} of <${name}> are ignored here: ${belongs.replace('reads it', 'reads them')}.`
            : `'${first.name}' of <${name}> is ignored here: ${belongs}.`,
        });
      } else {
        for (const child of section.element.children) {
          if (child.type !== 'element' || child.name !== row.element) continue;
          ctx.report({
            code: 'ignored-at-level', severity, start: child.nameStart, end: child.nameEnd, data, detail,
            message: `<${child.name}> of <${name}> is ignored here: ${belongs}.`,
          });
        }
      }
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as IgnoredAtLevelData | undefined;
    if (!data?.target) return [];
    const row = RUNTIME_LEVELS[data.rule];
    if (!row || row.scope !== 'section') return [];
    const section = sectionStartingAt(analysis.file, data.sectionStart);
    if (!section) return [];
    return [moveSectionAction(analysis, section, data.target, diagnostic)];
  },
};

/** Where a misplaced section should go: its site's location when IIS reads the site level, else the server level. */
function fixTarget(row: RuntimeLevelRow, section: SectionInstance): IgnoredAtLevelData['target'] {
  if (row.scope !== 'section' || !section.location) return undefined;
  if (row.levels.includes('site') && section.level.site && !section.level.unknownSite) return { kind: 'site', site: section.level.site };
  if (row.levels.includes('server')) return { kind: 'server' };
  return undefined;
}
