/**
 * The structure .NET's configuration system (and IIS's) requires of a file,
 * whatever its sections say — a violation rejects the whole file:
 *
 * - `config-sections-not-first`: `<configSections>` must be the first child
 *   element of `<configuration>` (comments may come before it), and there may
 *   be only one. Quick fix: move it to the top.
 * - `config-sections-in-location`: section declarations are read only at the
 *   top of a file, never inside a `<location>`.
 * - `location-path-invalid`: a web.config `<location path>` with a character
 *   .NET rejects in location paths (\ ? : * " < > |).
 *
 * Facts: RUNTIME_FAILURES.configSectionsNotFirst / configSectionsInLocation /
 * locationPathChars, LOCATION_PATH_INVALID_CHARS (iis/serverFacts.ts).
 */
import type { Rule, RuleContext } from './rule';
import type { LocationInfo } from '../../hierarchy/configFile';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import { XmlDocument, XmlElement, childElements } from '../../syntax/xml';
import { LOCATION_PATH_INVALID_CHARS } from '../../iis/serverFacts';
import { shown, trimWhere } from '../../util/strings';
import { indentBefore, lineIndent, removalRange, restyle, protectedRanges, styleOf } from '../../syntax/format';

interface Data { readonly elementStart: number }

/**
 * The findings about <configuration>'s children, kept per version of the file while no top-level element came or went
 * (an edit inside one keeps their names and order): reported again without reading the thousands of top-level
 * elements of a hosting server's file.
 */
const orderFindings = new WeakMap<XmlElement, { stamp: object; readonly findings: ReadonlyArray<(ctx: RuleContext) => void> }>();

function checkConfigSections(ctx: RuleContext): void {
  const config = ctx.file.configuration;
  if (!config) return;
  const delta = ctx.file.delta;
  let hit = orderFindings.get(config);
  if (!hit || !delta || delta.structural || hit.stamp !== delta.from) orderFindings.set(config, (hit = { stamp: ctx.file.stamp, findings: configSectionsFindings(config) }));
  else hit.stamp = ctx.file.stamp;
  for (const f of hit.findings) f(ctx);
}

function configSectionsFindings(config: XmlElement): Array<(ctx: RuleContext) => void> {
  const kids = childElements(config);
  const all = kids.filter((k) => k.name === 'configSections');
  const out: Array<(ctx: RuleContext) => void> = [];
  all.forEach((el, i) => {
    if (i === 0 && kids[0] === el) return;
    const first = kids[0];
    out.push((ctx) => ctx.report({
      code: 'config-sections-not-first', start: el.nameStart, end: el.nameEnd,
      data: { elementStart: el.start } satisfies Data,
      related: i > 0 ? [{ message: 'the first <configSections> of the file', start: all[0].start, end: all[0].startTagEnd }] : [{ message: `<${first.name}> comes before it`, start: first.start, end: first.startTagEnd }],
      message: i > 0
        ? 'A file may have only one <configSections>; merge these declarations into the first one.'
        : '<configSections> must be the first element of <configuration>, or .NET and IIS reject the whole file.',
      detail: '.NET and IIS accept one <configSections> per file, as the first child element of <configuration> (comments may come before it); otherwise the file is rejected: 500.19, "Only one <configSections> element allowed. It must be the first child element of the root <configuration> element".',
    }));
  });
  return out;
}

function checkOneLocation(loc: LocationInfo, ctx: RuleContext): void {
  {
    for (const c of childElements(loc.element)) {
      if (c.name !== 'configSections') continue;
      ctx.report({
        code: 'config-sections-in-location', start: c.nameStart, end: c.nameEnd,
        related: [{ message: `the <location path="${loc.path}"> it is in`, start: loc.element.start, end: loc.element.startTagEnd }],
        message: '<configSections> cannot be inside a <location>; move the declarations to the top of the file.',
        detail: 'Section declarations are read only from the <configSections> that is the first child of <configuration>; inside a <location> .NET and IIS reject the file.',
      });
    }
    if (ctx.file.kind !== 'web' || !loc.pathAttribute) return;
    const path = loc.pathAttribute.value;
    // A leading or trailing '\' is unknown-location-path's (it reports where the path starts or ends).
    const inner = trimWhere(path, (c) => c === '/' || c === '\\' || c === '.' || /\s/.test(c));
    const j = [...inner].findIndex((ch) => LOCATION_PATH_INVALID_CHARS.includes(ch));
    if (j < 0) return;
    const ch = inner[j];
    ctx.report({
      code: 'location-path-invalid', start: loc.pathAttribute.valueStart, end: loc.pathAttribute.valueEnd,
      message: /^[a-zA-Z]:[\\/]|^\\\\/.test(path.trim())
        ? `This location path is a physical path, and '${ch}' is not allowed in location paths (they are URLs below this file's folder).`
        : `The location path "${shown(path, 60)}" contains '${ch}', which .NET does not allow in location paths.`,
      detail: '.NET rejects a location path with any of \\ ? : * " < > |, and the whole application fails with a configuration error. Location paths name folders and files literally: there are no wildcards.',
    });
  }
}

export const fileStructureRule: Rule = {
  id: 'file-structure',
  codes: ['config-sections-not-first', 'config-sections-in-location', 'location-path-invalid'],
  // The order of <configuration>'s children: the whole document (its findings kept while no top-level element came
  // or went); each <location>: per location.
  check(ctx) {
    if (ctx.file.kind === 'transform') return;
    checkConfigSections(ctx);
  },
  checkLocation(loc, ctx) {
    if (ctx.file.kind === 'transform') return;
    checkOneLocation(loc, ctx);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    if (diagnostic.code !== 'config-sections-not-first') return [];
    const data = diagnostic.data as Data | undefined;
    const config = analysis.file.configuration;
    if (!data || !config) return [];
    const kids = childElements(config);
    const el = kids.find((k) => k.start === data.elementStart);
    if (!el || kids.filter((k) => k.name === 'configSections').indexOf(el) !== 0) return [];
    // Before the first element and the comments right above it (they describe that element).
    let anchor: { start: number } = kids[0];
    const nodes = config.children;
    for (let i = nodes.indexOf(kids[0]) - 1; i >= 0; i--) {
      const n = nodes[i];
      if (n.type === 'comment') anchor = n;
      else if (!(n.type === 'text' && analysis.text.slice(n.start, n.end).trim() === '')) break;
    }
    return [{ title: 'Move <configSections> to the top of <configuration>', kind: 'quickfix', diagnostic, isPreferred: true, edits: moveFirst(analysis.doc, el, anchor) }];
  },
};

/** Edits that move `el` before `first` (the first child element, or the comments above it), keeping its text (re-indented to the first child's line). */
function moveFirst(doc: XmlDocument, el: XmlElement, first: { start: number }): Array<{ start: number; end: number; newText: string }> {
  const text = doc.text;
  const style = styleOf(doc);
  const eol = style.eol;
  const from = indentBefore(text, el.start) ?? lineIndent(text, el.start);
  const to = indentBefore(text, first.start);
  const body = restyle(text, el.start, el.end, { indent: from, style }, { indent: to ?? from, style }, protectedRanges(el));
  const remove = removalRange(text, el);
  const insert = to !== undefined
    ? { start: first.start - to.length, end: first.start - to.length, newText: `${to}${body}${eol}` }
    : { start: first.start, end: first.start, newText: body };
  return [insert, { ...remove, newText: '' }].sort((a, b) => a.start - b.start);
}
