/**
 * What each `<location path>` of a file resolves to, in a few words ("site Shop", "application /api of
 * Shop"): shown as an inlay hint after the path, and as the detail of the location in the outline.
 * Pure: reads the levels the hierarchy layer resolved.
 */
import type { ResolvedLevel } from '../hierarchy/levels';
import type { DocumentAnalysis } from './types';
import { trimEndChars } from '../util/strings';

export interface LocationLevelHint {
  /** Offset the hint is shown at: after the path attribute (after its closing quote), or after `location`. */
  readonly offset: number;
  /** Short label, e.g. "application /api of Shop". */
  readonly label: string;
  /** The full description (Markdown), for a tooltip. */
  readonly tooltip: string;
}

/** Short, plain-words label of a resolved level. */
export function levelLabel(level: ResolvedLevel, path: string): string {
  const c = level.candidates;
  if (c.length === 1 && c[0] === 'server') return 'server';
  const site = level.site;
  if (level.unknownSite) return `unknown site ${site}`;
  if (!site) {
    // A web.config read alone: relative to its own folder.
    const rel = trimEndChars(path.replace(/\\/g, '/').replace(/^\.?\/*/, ''), '/');
    if (c.length === 1 && c[0] === 'site') return 'this site';
    if (rel === '' || rel === '.') return 'this web.config\'s level';
    return `${rel} below this web.config`;
  }
  const app = level.application;
  const inApp = app && app !== '/' ? `application ${app} of ${site}` : site;
  if (c.length === 1) {
    switch (c[0]) {
      case 'site': return `site ${site}`;
      case 'application': return `application ${app} of ${site}`;
      case 'virtualDirectory': return `virtual directory ${level.virtualDirectory} of ${inApp}`;
      case 'directory': return app ? `folder ${level.rest} of ${inApp}` : `folder ${level.rest} of ${site}`;
    }
  }
  // Without <sites> the kind below a site is unknown.
  return `${level.rest ?? ''} below site ${site}`.trim();
}

export function locationLevelHints(analysis: DocumentAnalysis): LocationLevelHint[] {
  const out: LocationLevelHint[] = [];
  for (const loc of analysis.file.locations) {
    const attr = loc.pathAttribute;
    const offset = attr ? attr.end : loc.element.nameEnd;
    out.push({ offset, label: levelLabel(loc.level, loc.path), tooltip: `\`<location path="${loc.path}">\` applies to ${loc.level.description}.` });
  }
  return out;
}
