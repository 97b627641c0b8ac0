/**
 * `location-conflict`: `<location>` elements that IIS treats as invalid
 * configuration.
 * - A `<location>` with both `overrideMode` and the legacy `allowOverride`
 *   (IIS docs, "Deep dive into IIS configuration": a location tag cannot
 *   specify both; it fails at run time). Fix: remove allowOverride.
 * - A section set both outside any `<location>` and in `<location path=".">`
 *   (or `path=""`) of the same file: both are the file's own level ("How to
 *   use locking in IIS configuration", Task 1). The ASP.NET Core template's
 *   `<location path="." inheritInChildApplications="false">` next to a second
 *   `<system.webServer><handlers>` is the usual way to get there.
 *
 * Two `<location>` elements with the same path and the same section are
 * reported by duplicate-section (one code per problem).
 *
 * Left alone: a section in `<location path=".">` when the file does not also
 * set it outside; the same section in locations with different paths;
 * overrideMode or allowOverride alone; XML Document Transform files.
 */
import type { Rule, RuleContext } from './rule';
import type { LocationInfo } from '../../hierarchy/configFile';
import type { Scope } from '../../hierarchy/effectiveSettings';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import { getAttribute } from '../../syntax/xml';

interface Data {
  readonly removeStart: number;
  readonly removeEnd: number;
}

import { shortName, shown } from '../messages';

function isOwnLevel(path: string): boolean {
  const p = path.trim();
  return p === '' || p === '.';
}

export const locationConflictRule: Rule = {
  id: 'location-conflict',
  codes: ['location-conflict'],
  // Its per-path check reads the file's own level only (outside any <location>, and <location path=".">).
  scopeReads: 'own path',
  checkLocation(loc: LocationInfo, ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    {
      const om = getAttribute(loc.element, 'overrideMode');
      const ao = getAttribute(loc.element, 'allowOverride');
      if (om && ao) {
        // Remove the attribute together with the whitespace before it.
        let start = ao.start;
        while (start > 0 && /\s/.test(ctx.text[start - 1])) start--;
        ctx.report({
          code: 'location-conflict', start: ao.nameStart, end: ao.nameEnd,
          related: [{ message: 'overrideMode on the same <location>', start: om.start, end: om.end }],
          data: { removeStart: start, removeEnd: ao.end } satisfies Data,
          message: `This <location> sets both overrideMode and allowOverride, which IIS refuses; keep overrideMode="${shown(om.value, 10)}" and remove allowOverride.`,
          detail: 'allowOverride is the legacy form of overrideMode (allowOverride="true" is overrideMode="Allow", "false" is "Deny"), and a <location> may use only one of them.',
        });
      }
    }
  },
  checkScope(scope: Scope, ctx: RuleContext) {
    if (ctx.file.kind === 'transform' || scope.key !== '') return;
    // Sections of <location> elements that name the file's own level ('' or '.'), against those outside any (all
    // of them belong to the file's own path, '').
    const ownLocations = ctx.file.locations.filter((l) => isOwnLevel(l.path));
    if (!ownLocations.length) return;
    const outside = new Map<string, (typeof ctx.file.sections)[number]>();
    for (const p of ctx.file.ownParts) for (const s of p.sections) if (!outside.has(s.path)) outside.set(s.path, s);
    for (const s of ownLocations.flatMap((l) => ctx.file.parts.get(l.element)?.sections ?? [])) {
      const first = outside.get(s.path);
      if (!first) continue;
      const name = shortName(s.path);
      ctx.report({
        code: 'location-conflict', start: s.element.nameStart, end: s.element.nameEnd,
        related: [{ message: `<${name}> outside any <location>`, start: first.element.start, end: first.element.startTagEnd }],
        message: `<${name}> is set both outside any <location> and in <location path="${s.location!.path}">, the same level; keep one of them.`,
        detail: 'Both are the file\'s own level, so the section is defined twice and IIS answers 500.19. Merge their settings into the <location> (to keep inheritInChildApplications or overrideMode) or into the outer one.',
      });
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data) return [];
    return [{ title: 'Remove allowOverride (keep overrideMode)', kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: data.removeStart, end: data.removeEnd, newText: '' }] }];
  },
};

