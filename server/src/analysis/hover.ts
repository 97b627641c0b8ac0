/**
 * Hover documentation: for a section element, what it does, its attributes
 * (type, default), where it may be defined, where IIS reads it, what level the
 * position resolves to, and a link to Microsoft's reference; for a
 * `<location path>`, the level the path resolves to.
 */
import type { DocumentAnalysis, Hover } from './types';
import type { SectionInstance, LocationInfo } from '../hierarchy/configFile';
import type { AttributeSchema, SchemaSet } from '../iis/schema';
import { elementAt, XmlElement } from '../syntax/xml';
import { describe } from '../iis/sectionDocs';
import { runtimeLevelRows } from '../iis/runtimeLevels';
import { describeLevels } from '../hierarchy/levels';
import { locationOf, sectionOf } from '../hierarchy/lookup';
import { certificateHover } from './certificateHover';
import { schemaHover } from './schemaHover';
import { serverHover } from './serverHover';
import { hierarchyHoverLines } from './hierarchyHover';
import docLinks from '../../data/doc-links.json';

const DOC_BASE = docLinks.base;
const PAGES = docLinks.pages as Record<string, string>;

export function docUrl(configPath: string): string | undefined {
  const p = PAGES[configPath];
  return p === undefined ? undefined : DOC_BASE + p;
}

function nameRangeHit(el: XmlElement, offset: number, text: string): { start: number; end: number } | undefined {
  if (offset >= el.nameStart && offset <= el.nameEnd) return { start: el.nameStart, end: el.nameEnd };
  if (el.endTagStart >= 0) {
    const s = el.endTagStart + 2;
    if (offset >= s && offset <= s + el.name.length && text.startsWith(el.name, s)) return { start: s, end: s + el.name.length };
  }
  return undefined;
}

/**
 * Markdown renderers treat `<name>` as an HTML tag and drop it (VS Code), or
 * show entities literally (Neovim). Outside code spans, a tag-like `<…>` in
 * prose becomes a code span, which every client renders as written; any other
 * '<' becomes an entity.
 */
export function escapeAngleBrackets(markdown: string): string {
  return markdown.split(/(`+[^`]*`+)/).map((part, i) => (i % 2 ? part : part.replace(/<[^<>`\n]*>/g, (m) => `\`${m}\``).replace(/<(?![^<>`\n]*>`)/g, '&lt;'))).join('');
}

export function getHover(analysis: DocumentAnalysis, offset: number): Hover | undefined {
  const h = findHover(analysis, offset);
  const details = diagnosticDetails(analysis, offset);
  if (!details.lines.length) return h && { ...h, contents: escapeAngleBrackets(h.contents) };
  // The diagnostics' explanations come first (the editor shows their one-line messages above the hover).
  const contents = [...details.lines, ...(h ? ['---', '', h.contents] : [])].join('\n');
  return { start: h?.start ?? details.start, end: h?.end ?? details.end, contents: escapeAngleBrackets(contents) };
}

/** The `detail` of every diagnostic whose range holds `offset`, as hover lines. */
function diagnosticDetails(analysis: DocumentAnalysis, offset: number): { lines: string[]; start: number; end: number } {
  const lines: string[] = [];
  let start = offset, end = offset;
  for (const d of analysis.diagnostics) {
    if (d.start > offset) break; // sorted by start
    if (!d.detail || offset > d.end) continue;
    if (!lines.length) { start = d.start; end = d.end; }
    lines.push(`\`${d.code}\` — ${d.detail}`, '');
  }
  return { lines, start, end };
}

function findHover(analysis: DocumentAnalysis, offset: number): Hover | undefined {
  // Client certificate values of one-to-one mappings (analysis/certificateHover.ts) come first.
  const certificate = certificateHover(analysis, offset);
  if (certificate) return certificate;
  const el = elementAt(analysis.doc, offset);
  if (!el) return undefined;
  const hit = nameRangeHit(el, offset, analysis.text);
  const location = locationOf(analysis.file, el);
  if (location) {
    const attr = location.pathAttribute;
    if (hit || (attr && offset >= attr.start && offset <= attr.end)) {
      const range = hit ?? { start: attr!.start, end: attr!.end };
      return { ...range, contents: locationHover(location, analysis) };
    }
    return undefined;
  }
  // Pools and sites as the server model reads them (analysis/serverHover.ts).
  const server = serverHover(analysis, el, offset);
  if (server) return server;
  // Attributes and values everywhere, elements below section level (analysis/schemaHover.ts).
  const schemaHit = schemaHover(analysis, el, offset);
  if (schemaHit) return schemaHit;
  if (!hit) return undefined;
  const section = sectionOf(analysis.file, el);
  if (section) return { ...hit, contents: sectionHover(section, analysis, analysis.schema) };
  return undefined;
}

function locationHover(location: LocationInfo, analysis: DocumentAnalysis): string {
  const lines = [`**<location path="${location.path}">**`, '', `Applies its sections to ${location.level.description}.`];
  if (location.level.unknownSite) lines.push('', 'No site of that name is defined in <sites>.');
  if (analysis.file.kind === 'applicationHost') {
    lines.push('', 'A <location> counts as a setting of the file it is in (here applicationHost.config, server level) for locking: sections locked by default can be set in it without unlocking.');
  }
  return lines.join('\n');
}

function typeText(a: AttributeSchema): string {
  if ((a.type === 'enum' || a.type === 'flags') && a.values?.length) {
    const names = a.values.map((v) => v.name);
    return `${a.type}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
  }
  return a.type;
}

function cell(s: string): string { return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '); }

export function attributeTable(attributes: readonly AttributeSchema[]): string[] {
  const rows = attributes.filter((a) => !a.extension);
  if (!rows.length) return [];
  const out = ['| Attribute | Type | Default |', '| --- | --- | --- |'];
  for (const a of rows) {
    const flags = [a.required ? 'required' : '', a.isUniqueKey ? 'key' : '', a.isCombinedKey ? 'part of key' : '', a.encrypted ? 'encrypted' : ''].filter(Boolean).join(', ');
    const def = a.encrypted ? '(encrypted)' : a.defaultValue !== undefined && a.defaultValue !== '' ? `\`${cell(a.defaultValue)}\`` : '';
    out.push(`| \`${a.name}\`${flags ? ` (${flags})` : ''} | ${cell(typeText(a))} | ${def} |`);
  }
  return out;
}

/** Where a section may be set, in a few words (the declaration's allowDefinition, lock and allowLocation). */
function placementText(section: SectionInstance): string {
  const d = section.declaration;
  const where: Record<string, string> = {
    Everywhere: 'in any configuration file',
    MachineToApplication: 'down to an application\'s root web.config, not in folders below it',
    MachineOnly: 'only in machine.config or at server level of applicationHost.config',
    MachineToWebRoot: 'only in machine.config, applicationHost.config or the root web.config',
    AppHostOnly: 'only in applicationHost.config',
  };
  let s = where[d.allowDefinition] ?? d.allowDefinition;
  if (d.overrideModeDefault === 'Deny') s += ', locked by default';
  if (!d.allowLocation) s += ', not inside <location>';
  return s;
}

/** The declaration's attributes, spelled out (the detail behind placementText). */
function declarationText(section: SectionInstance): string {
  const d = section.declaration;
  const from = d.source === 'file' ? 'its <section> declaration' : d.profile ? `the declaration of the ${d.profile} model` : 'its stock declaration';
  return `_Declared (${from}) with allowDefinition="${d.allowDefinition}" overrideModeDefault="${d.overrideModeDefault}"${d.allowLocation ? '' : ' allowLocation="false"'}${d.overrideModeDefault === 'Deny' ? ': a web.config may set it only where applicationHost.config unlocks it' : ''}._`;
}

function sectionHover(section: SectionInstance, analysis: DocumentAnalysis, schema?: SchemaSet): string {
  const name = section.path.slice(section.path.lastIndexOf('/') + 1);
  const lines: string[] = [`**<${name}>** — section \`${section.path}\``];
  const description = describe(section.path);
  if (description) lines.push('', description);
  // Placement and runtime facts first: where it may be set, where IIS reads it, where this one is.
  const rows = runtimeLevelRows(section.path);
  const sectionRow = rows.find((r) => r.scope === 'section');
  const reads = sectionRow
    ? `at ${describeLevels(sectionRow.levels)} level${sectionRow.appHostOnly ? ', from applicationHost.config only' : ''}`
    : 'wherever it may be set';
  lines.push('', `**May be set:** ${placementText(section)} · **IIS reads it:** ${reads}`);
  for (const row of rows) {
    const what = row.scope === 'section' ? '' : row.scope === 'attributes' ? `Its attributes: at ${describeLevels(row.levels)} level. ` : `<${row.element}>: at ${describeLevels(row.levels)} level. `;
    lines.push('', `${what}${row.summary} _(Source: ${row.source}.)_`);
  }
  const here = section.location
    ? `\`<location path="${section.location.path}">\` resolves to ${section.level.description}.`
    : analysis.file.kind === 'applicationHost' ? 'server level (global configuration).' : `${section.level.description}.`;
  lines.push('', `**Here:** ${here}`);
  lines.push(...hierarchyHoverLines(analysis, section));
  lines.push('', declarationText(section));
  // Then the schema: attributes and child elements.
  const sectionSchema = schema?.get(section.path);
  if (sectionSchema) {
    const table = attributeTable(sectionSchema.attributes);
    if (table.length) lines.push('', ...table);
    const children = sectionSchema.elements.map((e) => `\`<${e.name}>\``);
    if (sectionSchema.collection) children.push(...sectionSchema.collection.addElement.map((a) => `\`<${a}>\``));
    if (children.length) lines.push('', `Child elements: ${children.join(', ')}`);
  }
  const url = docUrl(section.path);
  if (url) lines.push('', `[IIS configuration reference: ${name}](${url})`);
  const module = analysis.schema.module(section.path);
  if (module) lines.push('', `Provided by [${module.name}](${module.url}), an optional IIS module.`);
  return lines.join('\n');
}
