/**
 * `unknown-section`: an element at section level that no declaration in
 * effect knows. IIS cannot read such a section and answers 500.19 ("cannot be
 * read because it is missing a section declaration"; for an element of a
 * module that is not installed, such as `<rewrite>` without URL Rewrite, the
 * page shows 0x8007000d).
 *
 * - A misspelled section or group (`<system.webserver>`, `<defaultDocuments>`)
 *   gets a did-you-mean fix among the names declared at that level.
 * - A section that an optional module declares (URL Rewrite, ARR, the
 *   ASP.NET Core Module, iisnode, …) names the module and links it.
 * - In an applicationHost.config that declares the IIS section groups itself
 *   (every real one does), an IIS section it uses but does not declare is
 *   reported even though the bundled declarations know it: IIS reads IIS
 *   section declarations only from that file.
 *
 * Left alone: XML Document Transform files (the sections they touch are
 * declared by the file they transform); a web.config read on its own using a
 * section of an add-on outside the bundled set (iisnode, HttpPlatformHandler,
 * CORS) gets an information diagnostic only, since the server may have it.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { XmlElement } from '../../syntax/xml';
import { childElements, getAttribute } from '../../syntax/xml';
import type { ModuleInfo } from '../../iis/schemaLoader';
import { optionalSection } from '../../iis/optionalModules';
import { closestMatches } from '../../util/strings';
import { renameElementEdits } from './unknownName';
import { profileInstalls } from '../../iis/serverProfiles';
import { isXmlName } from '../../syntax/names';
import { elementStartingAt } from '../../syntax/nodeIndex';
import { unknownSectionOf } from '../../hierarchy/lookup';

interface Data {
  readonly elementStart: number;
  readonly suggestions: readonly string[];
}

/** IIS's own section groups: in applicationHost.config, their sections are declared by that file. */
const IIS_GROUPS = new Set(['system.applicationHost', 'system.webServer', 'system.ftpServer']);

/** The module (bundled schema or known add-on) that provides a section or a group of sections. */
function moduleFor(ctx: RuleContext, path: string): ModuleInfo | undefined {
  const own = ctx.schema.module(path);
  if (own) return own;
  for (const s of ctx.schema.sections()) {
    if (s.name.startsWith(path + '/')) {
      const m = ctx.schema.module(s.name);
      if (m) return m;
    }
  }
  return optionalSection(path)?.module;
}

function moduleText(m: ModuleInfo): string {
  const alternatives = m.alternatives?.length ? ` (or ${m.alternatives.map((a) => `${a.name}, ${a.url}`).join('; ')})` : '';
  return `${m.name} (${m.url})${alternatives}`;
}

/** Names declared directly below a group ('' = top level): sections and section groups. */
function declaredNamesAt(ctx: RuleContext, group: string): string[] {
  const prefix = group ? group + '/' : '';
  const names = new Set<string>();
  for (const d of ctx.file.declarations.all()) {
    if (!d.path.startsWith(prefix)) continue;
    const rest = d.path.slice(prefix.length);
    names.add(rest.split('/')[0]);
  }
  if (!group) { names.add('location'); names.add('configSections'); }
  return [...names];
}

const declaredGroupsCache = new WeakMap<object, Set<string>>();

/**
 * fileDeclaredGroups, once per set of declarations in effect (a new set is made whenever <configSections> changes;
 * an edit elsewhere keeps it).
 */
function declaredGroupsOf(file: RuleContext['file']): Set<string> {
  let g = declaredGroupsCache.get(file.declarations);
  if (!g) declaredGroupsCache.set(file.declarations, (g = fileDeclaredGroups(file.configSections)));
  return g;
}

/** Top-level section groups the file's own <configSections> declares. */
function fileDeclaredGroups(configSections: XmlElement | undefined): Set<string> {
  const out = new Set<string>();
  if (!configSections) return out;
  for (const c of childElements(configSections)) {
    const name = getAttribute(c, 'name')?.value;
    if (c.name === 'sectionGroup' && name) out.add(name);
  }
  return out;
}

/**
 * The rename targets among the closest declared names, and the closest one left out because it is already a
 * sibling (renaming into it would define that section twice). Only valid XML names are offered: a declaration's
 * name is any string (`<section name="my settings">`), an element name is not. Caches live for one check, so
 * thousands of unknown elements cost linear time.
 */
class RenameTargets {
  private readonly namesAt = new Map<string, string[]>();
  private readonly childrenByName = new Map<XmlElement, Map<string, XmlElement[]>>();
  private readonly sectionsUnder = new Map<XmlElement, Set<string>>();

  constructor(private readonly ctx: RuleContext) {}

  /** Declared names directly below a group ('' = top level), valid XML names only. */
  candidates(group: string): string[] {
    let names = this.namesAt.get(group);
    if (!names) this.namesAt.set(group, (names = declaredNamesAt(this.ctx, group).filter(isXmlName)));
    return names;
  }

  suggestions(u: { element: XmlElement; path: string }, group: string): { offered: string[]; present?: string } {
    const closest = closestMatches(u.element.name, this.candidates(group), 3, true);
    const offered: string[] = [];
    let present: string | undefined;
    for (const name of closest) {
      if (this.wouldDuplicate(u.element, group, name)) present ??= name;
      else offered.push(name);
    }
    return { offered, ...(present !== undefined && !offered.length ? { present } : {}) };
  }

  /** Renaming `el` to `name` would define a section twice in its container (a sibling section, or a sibling group holding the same sections). */
  private wouldDuplicate(el: XmlElement, group: string, name: string): boolean {
    const container = el.parent;
    if (!container) return false;
    const siblings = this.siblingsNamed(container, name).filter((x) => x !== el);
    if (!siblings.length) return false;
    const path = group ? `${group}/${name}` : name;
    if (this.ctx.file.declarations.isSection(path)) return true;
    // A repeated group is legal; it breaks only when both hold the same section.
    const mine = sectionPathsUnder(this.ctx, el, path);
    return siblings.some((s) => {
      let theirs = this.sectionsUnder.get(s);
      if (!theirs) this.sectionsUnder.set(s, (theirs = sectionPathsUnder(this.ctx, s, path)));
      for (const p of mine) if (theirs.has(p)) return true;
      return false;
    });
  }

  private siblingsNamed(container: XmlElement, name: string): XmlElement[] {
    let byName = this.childrenByName.get(container);
    if (!byName) {
      byName = new Map();
      for (const c of childElements(container)) {
        const list = byName.get(c.name);
        if (list) list.push(c); else byName.set(c.name, [c]);
      }
      this.childrenByName.set(container, byName);
    }
    return byName.get(name) ?? [];
  }
}

/** The declared section paths inside `el` read as the group `path` (iterative). */
function sectionPathsUnder(ctx: RuleContext, el: XmlElement, path: string): Set<string> {
  const out = new Set<string>();
  const stack: Array<{ el: XmlElement; path: string }> = [{ el, path }];
  while (stack.length) {
    const { el: e, path: p } = stack.pop()!;
    for (const c of childElements(e)) {
      const cp = `${p}/${c.name}`;
      if (ctx.file.declarations.isSection(cp)) out.add(cp);
      else if (ctx.file.declarations.isGroup(cp)) stack.push({ el: c, path: cp });
    }
  }
  return out;
}

export const unknownSectionRule: Rule = {
  id: 'unknown-section',
  codes: ['unknown-section'],
  check(ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    // The declarations of a real server are known (an applicationHost.config, or the one in effect) — not when the
    // hierarchy only assumes the built-in default IIS 10 model, which cannot tell which optional modules are installed.
    const assumedDefault = ctx.context.hierarchy?.appHost.builtIn === true;
    const serverKnown = ctx.file.kind === 'applicationHost' || (ctx.context.declarations !== undefined && !assumedDefault);
    let targets: RenameTargets | undefined;
    const modules = new Map<string, ModuleInfo | undefined>();
    for (const u of ctx.file.unknownSections) {
      const el = u.element;
      const slash = u.path.lastIndexOf('/');
      const group = slash < 0 ? '' : u.path.slice(0, slash);
      const name = el.name;
      if (!modules.has(u.path)) modules.set(u.path, moduleFor(ctx, u.path));
      const module = modules.get(u.path);
      // The assumed server has the module installed (Azure App Service runs iisnode and HttpPlatformHandler): it declares it.
      const profile = assumedDefault ? ctx.context.hierarchy!.choice.profile : undefined;
      if (module && profile && profileInstalls(profile, u.path)) continue;
      if (module) {
        const bundled = !optionalSection(u.path);
        ctx.report({
          code: 'unknown-section', start: el.nameStart, end: el.nameEnd,
          severity: serverKnown || bundled ? 'error' : 'information',
          data: { elementStart: el.start, suggestions: [] } satisfies Data,
          message: serverKnown || bundled
            ? `<${name}> belongs to ${module.name}, which is not declared here, so IIS answers 500.19 where that module is not installed.`
            : `<${name}> needs ${module.name} on the server, which declares it when installed (500.19 without it).`,
          detail: `${u.path} is a section of ${moduleText(module)}. ${serverKnown || bundled
            ? 'No declaration of it is in effect: on a server without the module, IIS answers 500.19 (0x8007000d).'
            : 'Nothing here says whether the server has the module; without it IIS answers 500.19 (0x8007000d).'}`,
        });
        continue;
      }
      const { offered: suggestions, present } = (targets ??= new RenameTargets(ctx)).suggestions(u, group);
      const where = group ? `in <${group.slice(group.lastIndexOf('/') + 1)}>` : 'at the top level';
      const best = suggestions[0] ?? present;
      const hint = suggestions.length ? `; did you mean <${suggestions[0]}>?`
        : present !== undefined ? `; did you mean <${present}>? There is one here already: move this content into it.`
          : '; declare it in <configSections> if it is a custom section.';
      const caseOnly = best !== undefined && best.toLowerCase() === name.toLowerCase() ? ' Section names are case-sensitive.' : '';
      ctx.report({
        code: 'unknown-section', start: el.nameStart, end: el.nameEnd,
        data: { elementStart: el.start, suggestions } satisfies Data,
        message: `<${name}> is not a declared section ${where}${hint}`,
        detail: `No section or section group of that name is declared ${where}, so IIS cannot read it and answers 500.19 ("missing a section declaration").${caseOnly}`,
      });
    }
  },
  checkSection(s: SectionInstance, ctx: RuleContext) {
    if (ctx.file.kind === 'applicationHost') {
      const groups = declaredGroupsOf(ctx.file);
      if (!groups.size) return;
      {
        if (s.declaration.source === 'file') return;
        const top = s.path.split('/')[0];
        const iisSection = IIS_GROUPS.has(top) ? groups.has(top) : !s.path.includes('/') && ctx.schema.module(s.path) !== undefined;
        if (!iisSection) return;
        const module = ctx.schema.module(s.path);
        const el = s.element;
        ctx.report({
          code: 'unknown-section', start: el.nameStart, end: el.nameEnd,
          data: { elementStart: el.start, suggestions: [] } satisfies Data,
          message: `${s.path} is not declared in this file's <configSections>, so IIS answers 500.19.`,
          detail: `IIS reads the declarations of its own sections from applicationHost.config's <configSections>, and this file declares the IIS section groups itself: a section used without a declaration there fails with 500.19 ("missing a section declaration").${module ? ` It belongs to ${moduleText(module)}: installing the module adds the declaration.` : ' Add a <section> for it to the matching <sectionGroup>.'}`,
        });
      }
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.suggestions.length) return [];
    const start = elementStartingAt(analysis.doc, data.elementStart);
    const el = start && unknownSectionOf(analysis.file, start)?.element;
    if (!el) return [];
    return data.suggestions.map((s, i) => ({
      title: `Rename to <${s}>`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: renameElementEdits(analysis.text, el, s),
    }));
  },
};
