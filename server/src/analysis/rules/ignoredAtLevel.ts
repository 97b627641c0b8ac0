/**
 * `ignored-at-level`: a section (or, for some sections, its attributes or one
 * child element) placed at a level where the configuration system accepts it
 * but the IIS runtime never reads it. Data: iis/runtimeLevels.ts.
 */
import type { Rule, RuleContext } from './rule';
import { sectionStartingAt } from '../../hierarchy/lookup';
import type { Diagnostic, CodeAction, DocumentAnalysis } from '../types';
import { RuntimeLevelRow, runtimeLevelRows, RUNTIME_LEVELS } from '../../iis/runtimeLevels';
import { describeLevels, ResolvedLevel } from '../../hierarchy/levels';
import { SectionInstance } from '../../hierarchy/configFile';
import { getAttribute } from '../../syntax/xml';
import { moveSectionAction } from '../fixes/moveSection';
import { isMetaAttribute } from '../../iis/meta';

export interface IgnoredAtLevelData {
  readonly rule: number;
  readonly sectionStart: number;
  /** Where the fix moves the section: a site's location path, or '' for server level. */
  readonly target?: { readonly kind: 'site'; readonly site: string } | { readonly kind: 'server' };
}

type Verdict = { ignored: false } | { ignored: true; why: 'level' | 'webConfig' };

function verdict(row: RuntimeLevelRow, level: ResolvedLevel, inAppHost: boolean): Verdict {
  if (row.appHostOnly && !inAppHost) return { ignored: true, why: 'webConfig' };
  // Report only when every level this place may be is outside the levels IIS reads.
  if (level.candidates.some((c) => row.levels.includes(c))) return { ignored: false };
  return { ignored: true, why: 'level' };
}

function shortName(sectionPath: string): string {
  return sectionPath.slice(sectionPath.lastIndexOf('/') + 1);
}

function placeDescription(section: SectionInstance, inAppHost: boolean): string {
  // Messages are plain text: quote names instead of markdown code spans.
  const level = section.level.description.replace(/`/g, '"');
  if (section.location) return `this <location path="${section.location.path}"> resolves to ${level}`;
  return inAppHost ? 'this is server level' : `this web.config is ${level}`;
}

export const ignoredAtLevelRule: Rule = {
  id: 'ignored-at-level',
  codes: ['ignored-at-level'],
  check(ctx: RuleContext) {
    const inAppHost = ctx.file.kind === 'applicationHost';
    for (const section of ctx.file.sections) {
      const rows = runtimeLevelRows(section.path);
      for (const row of rows) {
        if (row.onlyWhen) {
          const v = getAttribute(section.element, row.onlyWhen.attribute)?.value;
          if (!v || v.toLowerCase() !== row.onlyWhen.value.toLowerCase()) continue;
        }
        const v = verdict(row, section.level, inAppHost);
        if (!v.ignored) continue;
        const severity = row.evidence === 'strong' ? 'warning' : 'information';
        const levels = describeLevels(row.levels);
        const where = v.why === 'webConfig'
          ? `IIS reads it only from applicationHost.config${row.levels.length < 5 ? ` (at ${levels} level)` : ''}, so in a web.config it is ignored`
          : `IIS reads it only at ${levels} level, but ${placeDescription(section, inAppHost)}`;
        const target = inAppHost && v.why === 'level' ? fixTarget(row, section) : undefined;
        const advice = target?.kind === 'site'
          ? ` Move it to <location path="${target.site}">.`
          : target?.kind === 'server'
            ? ' Move it to server level (outside any <location>).'
            : v.why === 'webConfig'
              ? ' Put it in applicationHost.config instead.'
              : !inAppHost && row.levels.includes('site')
                ? ` Set it in the site's root web.config or in applicationHost.config (<location path="${section.level.site ?? 'SiteName'}">) instead.`
                : ` Set it at ${describeLevels(row.levels, 'or')} level instead${inAppHost ? '' : ' (in applicationHost.config)'}.`;
        const data: IgnoredAtLevelData = { rule: RUNTIME_LEVELS.indexOf(row), sectionStart: section.element.start, target };
        const evidenceNote = row.evidence === 'strong' ? '' : ' (documented levels; IIS may not say so)';
        if (row.scope === 'section') {
          ctx.report({
            code: 'ignored-at-level', severity, start: section.element.nameStart, end: section.element.nameEnd, data,
            message: `<${shortName(section.path)}> is accepted here but never applied: ${where}.${advice}${evidenceNote}`,
          });
        } else if (row.scope === 'attributes') {
          for (const attr of section.element.attributes) {
            if (isMetaAttribute(attr.name)) continue;
            ctx.report({
              code: 'ignored-at-level', severity, start: attr.nameStart, end: attr.nameEnd, data,
              message: `Attribute '${attr.name}' of <${shortName(section.path)}> is ignored here: ${where}.${advice}${evidenceNote}`,
            });
          }
        } else {
          for (const child of section.element.children) {
            if (child.type !== 'element' || child.name !== row.element) continue;
            ctx.report({
              code: 'ignored-at-level', severity, start: child.nameStart, end: child.nameEnd, data,
              message: `<${child.name}> of <${shortName(section.path)}> is ignored here: ${where}.${advice}${evidenceNote}`,
            });
          }
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
