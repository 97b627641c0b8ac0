/**
 * `duplicate-section`: the same section twice in one file for the same
 * location path — twice at the top of the file, or in two `<location>`
 * elements with the same path ("" and "." are the same). IIS answers 500.19
 * (0x800700b7) "Config section '…' already defined. Sections must only appear
 * once per config file" (e.g. elmah/Elmah#259: two `<modules>` in one
 * `<system.webServer>`). The section may also hide in a second sibling
 * `<system.webServer>` group.
 *
 * `repeated-section-group` (information): a repeated section group (two
 * sibling `<system.webServer>` elements) is legal by itself; it is reported
 * because it is how the
 * duplicate above usually starts, with a fix that merges the second group
 * into the first.
 *
 * Left alone: a section outside any `<location>` and again in
 * `<location path=".">` (the hierarchy's "location conflicts" check), and XML
 * Document Transform files.
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { LocationInfo, SectionInstance } from '../../hierarchy/configFile';
import type { Scope } from '../../hierarchy/effectiveSettings';
import { effectiveSettings } from '../clientCertificates';
import { XmlElement, childElements } from '../../syntax/xml';
import { removalRange } from '../../syntax/format';
import { shortName, shown } from '../messages';
import { elementStartingAt } from '../../syntax/nodeIndex';
import { trimChars, trimEndChars } from '../../util/strings';

interface Data {
  readonly kind: 'section' | 'group';
  readonly firstStart: number;
  readonly secondStart: number;
}

/** The normalised path of a section's <location>, once per location object (a hosting server has thousands). */
const locationKeys = new WeakMap<LocationInfo, string>();

function locationKey(section: SectionInstance): string {
  const loc = section.location;
  if (!loc) return '\0file';
  let key = locationKeys.get(loc);
  if (key === undefined) {
    const path = loc.path.trim().replace(/\\/g, '/');
    locationKeys.set(loc, (key = trimChars(path === '.' ? '' : path, '/').toLowerCase()));
  }
  return key;
}

/** Section groups repeated under the same parent: the configuration, a location, or a group below them. */
function repeatedGroups(ctx: RuleContext, container: XmlElement): void {
  const containers: Array<{ el: XmlElement; prefix: string }> = [{ el: container, prefix: '' }];
  while (containers.length) {
    const { el, prefix } = containers.pop()!;
    let byName: Map<string, XmlElement> | undefined;
    for (const c of el.children) {
      if (c.type !== 'element' || c.name === 'location' || c.name === 'configSections') continue;
      const path = prefix + c.name;
      if (!ctx.file.declarations.isGroup(path) || ctx.file.declarations.isSection(path)) continue;
      containers.push({ el: c, prefix: path + '/' });
      byName ??= new Map();
      const first = byName.get(c.name);
      if (!first) { byName.set(c.name, c); continue; }
      ctx.report({
        code: 'repeated-section-group', start: c.nameStart, end: c.nameEnd,
        related: [{ message: `The first <${c.name}>`, start: first.start, end: first.startTagEnd }],
        data: { kind: 'group', firstStart: first.start, secondStart: c.start } satisfies Data,
        message: `A second <${c.name}> at this level is accepted; merging it into the first keeps its sections from repeating.`,
        detail: `IIS reads both groups, but a section that appears in both is a duplicate-section (500.19), which is how that mistake usually starts.`,
      });
    }
  }
}


export const duplicateSectionRule: Rule = {
  id: 'duplicate-section',
  codes: ['duplicate-section', 'repeated-section-group'],
  // A path's instances can repeat only at that path.
  scopeReads: 'own path',
  checkScope(scope: Scope, ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    // The sections at one path of the file (a path's instances can only repeat there), by location key and section
    // path: the first instance of each.
    const here = effectiveSettings(ctx.file, ctx.schema).allAt(scope.key);
    if (here.length < 2) return;
    const seen = new Map<string, Map<string, SectionInstance>>();
    for (const s of here) {
      const key = locationKey(s);
      let byPath = seen.get(key);
      if (!byPath) seen.set(key, (byPath = new Map()));
      const first = byPath.get(s.path);
      if (!first) { byPath.set(s.path, s); continue; }
      const where = s.location ? `<location path="${shown(s.location.path)}">` : 'this file';
      ctx.report({
        code: 'duplicate-section', start: s.element.nameStart, end: s.element.nameEnd,
        related: [{ message: `The first <${shortName(s.path)}>`, start: first.element.start, end: first.element.startTagEnd }],
        data: { kind: 'section', firstStart: first.element.start, secondStart: s.element.start } satisfies Data,
        message: `<${shortName(s.path)}> is already defined in ${where}; merge the two into one.`,
        detail: `A section (here ${s.path}) may appear only once per file and location path, so IIS answers 500.19 (0x800700b7, "Config section already defined").`,
      });
    }
  },
  check(ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    // Repeated section groups at the top level of the file (those inside a <location>: checkLocation).
    if (ctx.file.configuration) repeatedGroups(ctx, ctx.file.configuration);
  },
  checkLocation(location: LocationInfo, ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    repeatedGroups(ctx, location.element);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (data?.kind !== 'group') return [];
    const first = elementStartingAt(analysis.doc, data.firstStart), second = elementStartingAt(analysis.doc, data.secondStart);
    if (!first || !second || first.selfClosing || first.endTagStart < 0) return [];
    const inner = second.selfClosing || second.endTagStart < 0 ? '' : analysis.text.slice(second.startTagEnd, second.endTagStart);
    // Keep the first group's closing tag on its own line: insert the second's content before the indentation of </first>.
    let at = first.endTagStart;
    while (at > first.startTagEnd && (analysis.text[at - 1] === ' ' || analysis.text[at - 1] === '\t')) at--;
    const body = trimEndChars(inner.replace(/^[ \t]*(\r?\n)/, ''), ' \t');
    const range = removalRange(analysis.text, second);
    return [{
      title: `Merge into the first <${first.name}>`, kind: 'quickfix', diagnostic,
      edits: [{ start: at, end: at, newText: body }, { start: range.start, end: range.end, newText: '' }],
    }];
  },
};
