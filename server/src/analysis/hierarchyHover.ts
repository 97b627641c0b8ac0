/**
 * Hover lines about the configuration hierarchy, for a section of a
 * web.config analysed with its hierarchy: how the file's level was decided,
 * which applicationHost.config is in effect, and — when the section is locked
 * there — the appcmd commands that unlock it on the server.
 */
import type { DocumentAnalysis } from './types';
import type { SectionInstance } from '../hierarchy/configFile';
import { lockedHoverLines } from './rules/sectionLocked';
import { assumedProfile } from './inheritance';

export function hierarchyHoverLines(analysis: DocumentAnalysis, section: SectionInstance): string[] {
  const h = analysis.context.hierarchy;
  if (!h || analysis.file.kind !== 'web') return [];
  const appHost = h.appHost.builtIn ? `none found — ${assumedProfile(h)?.assumption} assumed (server profile ${assumedProfile(h)?.label})` : `\`${h.choice.path}\` (${h.choice.reason})`;
  return [
    '', `**In the hierarchy:** this web.config is ${h.levelReason.replace(/`/g, '"')}. applicationHost.config: ${appHost}.`,
    ...lockedHoverLines(analysis, section),
  ];
}
