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
import { type ModuleInfo, type SchemaNode, attributeSchema, childSchema, sectionNode } from '../../iis/schemaLoader';
import { isMetaAttribute } from '../../iis/meta';
import { isNewerFrameworkAttribute, isNewerFrameworkElement } from '../../iis/frameworkAttributes';
import { isManagedSection } from '../schemaWalk';
import { optionalSection } from '../../iis/optionalModules';
import { closestMatches } from '../../util/strings';
import { renameElementEdits } from './unknownName';
import { addOnForSection } from '../../iis/addOns';
import { baseNameOf } from '../messages';
import { declaresIisSectionGroups, serverModel } from '../../model';
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
 * A web.config under a real applicationHost.config that declares IIS's section
 * groups itself: its declarations, plus the `<configSections>` of the
 * web.config files above and of this file, decide which IIS sections exist.
 * The bundled union of declarations only stands in for the built-in default
 * model. A section of an add-on the server does not declare (`<rewrite>`
 * without URL Rewrite, `<aspNetCore>` without the ASP.NET Core Module) is
 * reported once per add-on element, naming the add-on.
 */
function checkAgainstServer(ctx: RuleContext): void {
  const h = ctx.context.hierarchy;
  if (ctx.file.kind !== 'web' || !h || h.appHost.builtIn) return;
  const model = serverModel(h.appHost.file);
  if (!declaresIisSectionGroups(model)) return;
  const group = model.declaredGroups.get('system.webServer');
  const related = group ? [{ message: 'the IIS section declarations of the applicationHost.config in effect', start: group.start, end: group.startTagEnd, file: h.appHost.fileName }] : [];
  const reported = new Set<XmlElement>();
  for (const s of ctx.file.sections) {
    if (s.declaration.source === 'file' || !IIS_GROUPS.has(s.path.split('/')[0])) continue;
    const addOn = addOnForSection(s.path);
    // Report at the add-on's own element (<rewrite> for system.webServer/rewrite/rules), once.
    let el = s.element;
    if (addOn) {
      const prefix = addOn.sections.find((p) => s.path === p || s.path.startsWith(p + '/')) ?? s.path;
      for (let up = s.path.split('/').length - prefix.split('/').length; up > 0 && el.parent; up--) el = el.parent;
    }
    if (reported.has(el)) continue;
    reported.add(el);
    ctx.report({
      code: 'unknown-section', start: el.nameStart, end: el.nameEnd, related,
      data: { elementStart: el.start, suggestions: [] } satisfies Data,
      message: addOn
        ? `<${el.name}> needs ${addOn.name}, which the applicationHost.config in effect does not declare, so it is not installed there.`
        : `${s.path} is not declared by the applicationHost.config in effect, which declares IIS's sections itself.`,
      detail: addOn
        ? `${addOn.name} (${addOn.url}) declares ${addOn.sections.join(', ')} in applicationHost.config when it is installed. The applicationHost.config this web.config runs under (${baseNameOf(h.appHost.fileName)}) declares IIS's section groups itself and has no such declaration, so on that server IIS answers 500.19 (0x8007000d) on every request. Install the add-on, or remove the section.`
        : `The applicationHost.config this web.config runs under (${baseNameOf(h.appHost.fileName)}) declares IIS's section groups itself, and ${s.path} is not among its declarations: IIS answers 500.19 ("missing a section declaration") on that server.`,
    });
  }
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
      else if (contentFits(this.ctx, u.element, group ? `${group}/${name}` : name)) offered.push(name);
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

/** What <configSections> may hold. */
const CONFIG_SECTIONS_CHILDREN = new Set(['section', 'sectionGroup', 'clear', 'remove']);

/**
 * Renaming `el` to the section `path` makes nothing else wrong: everything inside is in that section's schema (every
 * element and attribute, meta attributes and what a newer .NET Framework accepts aside, as unknown-name judges them),
 * and a <configSections> only as the first element of <configuration>. A section group, or a section without a
 * schema, always fits. Walks `el` once.
 */
function contentFits(ctx: RuleContext, el: XmlElement, path: string): boolean {
  if (path === 'configSections') {
    const config = el.parent;
    return !!config && config.name === 'configuration' && config.parent === undefined && childElements(config)[0] === el &&
      childElements(el).every((c) => CONFIG_SECTIONS_CHILDREN.has(c.name));
  }
  if (!ctx.file.declarations.isSection(path)) return true;
  const schema = ctx.schema.get(path);
  if (!schema) return true;
  const managed = isManagedSection(schema);
  interface Frame { readonly el: XmlElement; readonly node: SchemaNode; readonly up?: Frame }
  // The element path below the section, built only when a newer-framework exception must be looked up.
  const relPath = (f: Frame): string[] => { const out: string[] = []; for (let x: Frame | undefined = f; x?.up; x = x.up) out.push(x.el.name); return out.reverse(); };
  const stack: Frame[] = [{ el, node: sectionNode(schema) }];
  while (stack.length) {
    const f = stack.pop()!;
    if (!f.node.allowUnrecognizedAttributes) {
      for (const a of f.el.attributes) {
        if (isMetaAttribute(a.name) || attributeSchema(f.node, a.name)) continue;
        if (managed && isNewerFrameworkAttribute(path, relPath(f), a.name)) continue;
        return false;
      }
    }
    for (const c of f.el.children) {
      if (c.type !== 'element') continue;
      const child = childSchema(f.node, c.name);
      if (child) stack.push({ el: c, node: child, up: f });
      else if (!(managed && isNewerFrameworkElement(path, relPath(f), c.name))) return false;
    }
  }
  return true;
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
      // <configSections> inside a <location> is config-sections-in-location's (rules/fileStructure.ts).
      if (u.path === 'configSections' && u.location) continue;
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

    checkAgainstServer(ctx);
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
