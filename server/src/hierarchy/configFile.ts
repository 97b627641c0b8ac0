/**
 * An XML document read as an IIS configuration file: which elements are
 * sections (and under which `<location>`), which are section groups, what the
 * file declares in `<configSections>`, and the sites it defines.
 *
 * Pure: built from a parsed document and the declarations in effect.
 */
import { XmlDocument, XmlElement, XmlAttribute, getAttribute, childElements } from '../syntax/xml';
import { DeclarationSet, SectionDeclaration, defaultDeclarations } from '../iis/declarations';
import {
  ResolvedLevel, SiteInfo, SitesModel, SERVER_LEVEL, STANDALONE_WEB_CONFIG_LEVEL, readSites, resolveLocationPath, resolveRelativeLocation,
} from './levels';

export type FileKind = 'applicationHost' | 'web' | 'transform';

export interface LocationInfo {
  readonly element: XmlElement;
  readonly pathAttribute: XmlAttribute | undefined;
  /** The path as written ('' when absent). */
  readonly path: string;
  readonly level: ResolvedLevel;
}

export interface SectionInstance {
  readonly path: string;
  readonly element: XmlElement;
  readonly location: LocationInfo | undefined;
  readonly declaration: SectionDeclaration;
  /** The configuration level this section applies to. */
  readonly level: ResolvedLevel;
}

/** An element at section level that no declaration knows. */
export interface UnknownSectionElement {
  readonly path: string;
  readonly element: XmlElement;
  readonly location: LocationInfo | undefined;
}

export interface ConfigFile {
  readonly doc: XmlDocument;
  readonly fileName: string;
  readonly kind: FileKind;
  /** The <configuration> element, when the root is one. */
  readonly configuration: XmlElement | undefined;
  readonly configSections: XmlElement | undefined;
  /** Declarations in effect: the defaults (or the parent's) plus this file's <configSections>. */
  readonly declarations: DeclarationSet;
  /** The declarations given by the options (the parent's), which `declarations` extends. */
  readonly declarationsBase?: DeclarationSet;
  readonly locations: LocationInfo[];
  readonly sections: SectionInstance[];
  readonly unknownSections: UnknownSectionElement[];
  /** Sites used to resolve location paths (from this file, or from the applicationHost.config in effect). */
  readonly sites: SitesModel | undefined;
  /** The level of the file itself (server for applicationHost.config). */
  readonly fileLevel: ResolvedLevel;
  /** What each top-level element (a <location>, a section or group outside any) contributes; see buildConfigFile. */
  readonly parts: WeakMap<XmlElement, ConfigFilePart>;
  /**
   * The previous version this model was built from (incremental analysis), until what is derived from models
   * (effective settings) has taken what it can reuse from it; never more than one version back.
   */
  readonly basis?: ConfigFile;
  /**
   * What changed since `basis` (incremental analysis): the top-level elements whose content changed (the same
   * elements), and whether top-level elements came or went. Undefined for a model built from scratch.
   */
  readonly delta?: {
    readonly changed: readonly XmlElement[];
    readonly structural: boolean;
    /** Locations made for this version (new elements, or levels resolved again). */
    readonly newLocations: readonly LocationInfo[];
    /**
     * The section paths with an instance that is new, whose content changed, or that is gone (undefined: every
     * path, as when top-level elements came or went or the declarations or levels changed).
     */
    readonly paths: ReadonlySet<string> | undefined;
    /** The elements whose subtrees changed since `basis` (they kept their identity; elements outside are unchanged). */
    readonly elements: ReadonlySet<XmlElement>;
    /** The `stamp` of `basis` (kept after `basis` itself is let go). */
    readonly from: object;
    /**
     * Per element of `changed` (same order): its part in `basis` (undefined when it had none), so that what is
     * derived per section in file order can splice the new part's sections in place of the old ones.
     */
    readonly replaced: readonly (ConfigFilePart | undefined)[];
  };
  /**
   * A token per section path that stays the same object from one version of the file to the next while no instance
   * of that path is added, removed or changed: caches of what is derived from the sections of one path key on it.
   */
  readonly versions: SectionVersions;
  /** Unique to this model. */
  readonly stamp: object;
  /**
   * The parts of this model carry it (see ConfigFilePart.stamp). Kept from the previous version when only one
   * top-level element changed (the part it replaces gets another), so that unchanged parts need no visit.
   */
  readonly partsStamp: object;
  /** The server-level <sites> element the sites were read from, when there is one. */
  readonly sitesElement?: XmlElement;
  /** The parts of the top-level elements outside any <location> (sections and groups at the file's own level), in order. */
  readonly ownParts: readonly ConfigFilePart[];
}

/** What one top-level element of a file contributes to its model. */
export interface ConfigFilePart {
  readonly location: LocationInfo | undefined;
  readonly sections: SectionInstance[];
  readonly unknown: UnknownSectionElement[];
  /** The `partsStamp` of the latest model this part belongs to (a part of an element that was removed or changed gets another). */
  stamp?: object;
}

/** See ConfigFile.versions. */
export class SectionVersions {
  private readonly tokens: Map<string, object>;
  constructor(prev?: SectionVersions, changed?: ReadonlySet<string>) {
    this.tokens = prev ? new Map(prev.tokens) : new Map();
    if (changed) for (const p of changed) this.tokens.delete(p);
  }
  /** The token of a section path (new whenever an instance of the path came, went or changed). */
  of(path: string): object {
    let t = this.tokens.get(path);
    if (!t) this.tokens.set(path, (t = {}));
    return t;
  }
}

export interface ConfigFileOptions {
  readonly fileName: string;
  readonly kind?: FileKind;
  /** Declarations from the parent chain; defaults to the bundled stock IIS 10 set. */
  readonly declarations?: DeclarationSet;
  /** Sites of the applicationHost.config in effect (for a web.config). */
  readonly sites?: SitesModel;
  /** Level of a web.config; defaults to a standalone application root. */
  readonly fileLevel?: ResolvedLevel;
}

export function baseName(fileName: string): string {
  const i = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return fileName.slice(i + 1);
}

/** Decide what kind of configuration file a document is, from its name and content. */
export function detectFileKind(fileName: string, doc: XmlDocument): FileKind {
  const name = baseName(fileName).toLowerCase();
  if (name === 'applicationhost.config') return 'applicationHost';
  // A file named web.config is what IIS reads as a web.config, whatever it holds (<system.applicationHost> in it is
  // section-not-allowed); the content decides only for other names (renamed copies, transforms).
  if (name === 'web.config') return 'web';
  const root = doc.root;
  if (root) {
    if (root.attributes.some((a) => a.name.startsWith('xmlns:') && /XML-Document-Transform/i.test(a.value))) return 'transform';
    if (root.name === 'configuration' && root.children.some((c) => c.type === 'element' && c.name === 'system.applicationHost')) return 'applicationHost';
  }
  return 'web';
}

/**
 * What an incremental rebuild may reuse (see analysis/analyze.ts `updateAnalysis`): the previous model of the same
 * file, and which elements' subtrees changed since (`changed`: the ancestors of the re-parsed region, which keep
 * their identity; nodes of the region itself are new objects). Objects of the previous model (locations, section
 * instances, the sites, the declarations) are reused when every input they were built from is the same, so caches
 * keyed by them stay valid.
 */
export interface ConfigFileReuse {
  readonly prev: ConfigFile;
  readonly changed: ReadonlySet<XmlElement>;
  /** The re-parsed nodes are children of the root (top-level elements may have come or gone). */
  readonly topLevel?: boolean;
}

export function buildConfigFile(doc: XmlDocument, options: ConfigFileOptions, reuse?: ConfigFileReuse): ConfigFile {
  const kind = options.kind ?? detectFileKind(options.fileName, doc);
  const configuration = doc.root && doc.root.name === 'configuration' ? doc.root : undefined;
  const prev = reuse && reuse.prev.kind === kind && reuse.prev.doc.root === doc.root ? reuse.prev : undefined;
  // The root's children are the same elements unless the re-parsed nodes are among them.
  const sameChildren = !!prev && !reuse!.topLevel && prev.configuration === configuration;
  let configSections: XmlElement | undefined;
  if (sameChildren) configSections = prev!.configSections;
  else if (configuration) {
    for (const c of childElements(configuration)) if (c.name === 'configSections') { configSections = c; break; }
  }
  const changed = reuse?.changed;
  // The declarations: the previous set when neither the parent's declarations nor <configSections> changed.
  const declarations = prev && prev.configSections === configSections && !(configSections && changed!.has(configSections))
    && prev.declarationsBase === options.declarations
    ? prev.declarations
    : (options.declarations ?? defaultDeclarations()).withConfigSections(configSections);

  let sites = options.sites;
  let sitesElement: XmlElement | undefined;
  if (kind === 'applicationHost' && configuration) {
    const sitesEl = sitesElement = sameChildren && !sitesMoved(prev!, reuse!.changed) ? prev!.sitesElement : findServerLevelSites(configuration);
    if (sitesEl) {
      const same = prev?.sites?.element === sitesEl;
      sites = same && !changed!.has(sitesEl) ? prev!.sites : readSites(sitesEl, undefined, same ? { prev: prev!.sites!, changed: changed! } : undefined);
    }
  }
  const fileLevel = kind === 'applicationHost' ? SERVER_LEVEL : options.fileLevel ?? STANDALONE_WEB_CONFIG_LEVEL;
  // Location levels can be reused when the sites resolve every path as before.
  const sameLevels = !!prev && prev.fileLevel === fileLevel && (prev.sites === sites || (!!prev.sites && !!sites && sameResolution(prev.sites, sites)));
  const sameSections = !!prev && sameLevels && declarations === prev.declarations;
  // What each top-level element contributes. Shared along a chain of versions of an applicationHost.config (an
  // unchanged element's part is the previous one); a web.config, small, gets its own (see the same-path rule below).
  const parts: WeakMap<XmlElement, ConfigFilePart> = sameSections && kind !== 'web' ? prev!.parts : new WeakMap();
  const oldParts = sameLevels ? prev!.parts : undefined;

  const changedTop: XmlElement[] = [];
  const replaced: (ConfigFilePart | undefined)[] = [];
  const newLocations: LocationInfo[] = [];
  const stamp = {};
  /** Paths of the sections whose content changed or that are new (see the web.config rule below). */
  const touchedPaths = new Set<string>();

  /** Walk section groups down from `roots` (elements at section level), without recursion. */
  const walk = (roots: XmlElement[], location: LocationInfo | undefined, level: ResolvedLevel, old: ConfigFilePart | undefined, out: ConfigFilePart) => {
    const stack: Array<{ el: XmlElement; path: string }> = [];
    for (let i = roots.length - 1; i >= 0; i--) stack.push({ el: roots[i], path: roots[i].name });
    while (stack.length) {
      const { el, path } = stack.pop()!;
      const decl = declarations.get(path);
      if (decl) {
        const was = sameSections ? old?.sections.find((x) => x.element === el) : undefined;
        if (was && was.path === path && was.location === location && was.level === level && was.declaration === decl) {
          out.sections.push(was);
          if (changed!.has(el)) touchedPaths.add(path);
        } else {
          out.sections.push({ path, element: el, location, declaration: decl, level });
          touchedPaths.add(path);
        }
      } else if (declarations.isGroup(path)) {
        const children = childElements(el);
        for (let i = children.length - 1; i >= 0; i--) stack.push({ el: children[i], path: `${path}/${children[i].name}` });
      } else {
        out.unknown.push({ path, element: el, location });
      }
    }
  };

  const partOf = (child: XmlElement): ConfigFilePart => {
    const old = oldParts?.get(child);
    let part = old && parts === oldParts && !changed!.has(child) ? old : undefined;
    if (!part) {
      const built: ConfigFilePart = { location: undefined, sections: [], unknown: [] };
      if (child.name === 'location') {
        let info = old?.location?.element === child ? old.location : undefined;
        if (!info) {
          const pathAttribute = getAttribute(child, 'path');
          const path = pathAttribute?.value ?? '';
          const level = kind === 'applicationHost' ? resolveLocationPath(path, sites) : resolveRelativeLocation(fileLevel, path, sites);
          info = { element: child, pathAttribute, path, level };
          newLocations.push(info);
        }
        (built as { location: LocationInfo }).location = info;
        walk(childElements(child), info, info.level, old, built);
      } else {
        walk([child], undefined, fileLevel, old, built);
      }
      // Sections of the element's previous part that are not in the new one are gone.
      if (old && reuse) for (const x of old.sections) if (!built.sections.includes(x)) touchedPaths.add(x.path);
      parts.set(child, built);
      part = built;
    }
    if (changed?.has(child)) { changedTop.push(child); replaced.push(old); }
    return part;
  };

  let locations: LocationInfo[] = [];
  let sections: SectionInstance[] = [];
  let unknownSections: UnknownSectionElement[] = [];
  let ownParts: ConfigFilePart[] = [];
  let partsStamp: object = stamp;
  const spliced = configuration && sameChildren && parts === oldParts && kind !== 'web'
    ? splicedParts(prev!, configuration, changed!, partOf) : undefined;
  if (spliced) ({ locations, sections, unknownSections, ownParts, partsStamp } = spliced);
  else if (configuration) {
    for (const child of configuration.children) {
      if (child.type !== 'element' || child.name === 'configSections') continue;
      const part = partOf(child);
      part.stamp = stamp;
      if (part.location) locations.push(part.location); else ownParts.push(part);
      for (const x of part.sections) sections.push(x);
      for (const u of part.unknown) unknownSections.push(u);
    }
  }
  // In a web.config a section inherits from this file's sections of the same path for shorter paths (a
  // <location path="sub"> below the file's own settings): instances of a path whose content changed anywhere in the
  // file are not reused, so what is cached per instance (inherited entries) is computed again.
  if (prev && kind === 'web' && touchedPaths.size && configuration) {
    const fresh = new Map<SectionInstance, SectionInstance>();
    for (let i = 0; i < sections.length; i++) {
      const x = sections[i];
      if (touchedPaths.has(x.path) && oldParts?.get(topLevelOf(x.element, configuration))?.sections.includes(x)) fresh.set(x, (sections[i] = { ...x }));
    }
    if (fresh.size) {
      for (const child of configuration.children) {
        const part = child.type === 'element' ? parts.get(child) : undefined;
        if (part) (part as { sections: SectionInstance[] }).sections = part.sections.map((x) => fresh.get(x) ?? x);
      }
    }
  }

  if (prev) (prev as { basis?: ConfigFile }).basis = undefined;
  // Every path changed when top-level elements came or went, or when no section instance could be reused.
  const paths = prev && sameSections && !reuse?.topLevel ? touchedPaths : undefined;
  const versions = new SectionVersions(prev && paths ? prev.versions : undefined, paths);
  return {
    doc, fileName: options.fileName, kind, configuration, configSections, declarations, declarationsBase: options.declarations,
    locations, sections, unknownSections, sites, sitesElement, fileLevel, parts, ownParts, stamp, partsStamp, versions,
    ...(prev ? { basis: prev, delta: { changed: changedTop, structural: !!reuse?.topLevel, newLocations, paths, elements: changed!, from: prev.stamp, replaced } } : {}),
  };
}

/** Did the re-parsed nodes replace or remove the server-level <sites> element (its group changed)? */
function sitesMoved(prev: ConfigFile, changed: ReadonlySet<XmlElement>): boolean {
  // The one found is the first <sites> of the first top-level group that has one: it stays while the edit is inside
  // it, or outside every top-level <system.applicationHost> (whose children could otherwise have come or gone).
  const el = prev.sitesElement;
  if (el && changed.has(el)) return false;
  for (const e of changed) if (e.name === 'system.applicationHost' && e.parent === prev.configuration) return true;
  return false;
}

/**
 * The lists of the next version of `prev` when exactly one top-level element changed (its subtree, not which
 * top-level elements there are): the previous lists with that element's entries replaced by those of its new part,
 * without visiting the other elements. The previous parts stamp is kept and the replaced part gets another.
 * Undefined when that cannot be checked to hold (the caller then visits every top-level element).
 */
function splicedParts(prev: ConfigFile, configuration: XmlElement, changed: ReadonlySet<XmlElement>, partOf: (child: XmlElement) => ConfigFilePart) {
  let top: XmlElement | undefined;
  for (const e of changed) if (e.parent === configuration) { if (top) return undefined; top = e; }
  if (!top || top.name === 'configSections') return undefined;
  const old = prev.parts.get(top);
  if (!old || old.stamp !== prev.partsStamp) return undefined;
  const spliceAt = <T extends { readonly element: XmlElement }>(list: readonly T[], olds: readonly T[]): number => {
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid].element.start < top!.start) lo = mid + 1; else hi = mid; }
    if (lo + olds.length > list.length) return -1;
    for (let k = 0; k < olds.length; k++) if (list[lo + k] !== olds[k]) return -1;
    const end = lo + olds.length;
    if (lo > 0 && list[lo - 1].element.end > top!.start) return -1;
    if (end < list.length && list[end].element.start < top!.end) return -1;
    return lo;
  };
  const at = spliceAt(prev.sections, old.sections), atUnknown = spliceAt(prev.unknownSections, old.unknown);
  let atLocation = -1, atOwn = -1;
  if (old.location) {
    atLocation = spliceAt(prev.locations, [old.location]);
    if (atLocation < 0) return undefined;
  } else if ((atOwn = prev.ownParts.indexOf(old)) < 0) return undefined;
  if (at < 0 || atUnknown < 0 || (top.name === 'location') !== !!old.location) return undefined;
  const part = partOf(top);
  const partsStamp = prev.partsStamp;
  if (part !== old) old.stamp = {};
  part.stamp = partsStamp;
  const splice = <T>(list: readonly T[], lo: number, count: number, items: readonly T[]): T[] => list.slice(0, lo).concat(items, list.slice(lo + count));
  return {
    partsStamp,
    sections: splice(prev.sections, at, old.sections.length, part.sections),
    unknownSections: splice(prev.unknownSections, atUnknown, old.unknown.length, part.unknown),
    locations: old.location ? splice(prev.locations, atLocation, 1, [part.location!]) : prev.locations.slice(),
    ownParts: old.location ? prev.ownParts.slice() : splice(prev.ownParts, atOwn, 1, [part]),
  };
}

/** The child of `configuration` that contains `el`. */
function topLevelOf(el: XmlElement, configuration: XmlElement): XmlElement {
  let e = el;
  while (e.parent && e.parent !== configuration) e = e.parent;
  return e;
}

/** What location-path resolution reads of one site: its name, application and virtual directory paths. */
const signatures = new WeakMap<SiteInfo, string>();
function siteSignature(site: SiteInfo): string {
  let signature = signatures.get(site);
  if (signature === undefined) {
    const parts: string[] = [site.name];
    for (const app of site.applications) {
      parts.push('\u0002', app.path);
      for (const v of app.virtualDirectories) parts.push('\u0003', v.path);
    }
    signatures.set(site, (signature = parts.join('')));
  }
  return signature;
}

/** Do two sites models resolve every location path alike (the same sites, names and paths, in the same order)? */
function sameResolution(a: SitesModel, b: SitesModel): boolean {
  if (a.sites.length !== b.sites.length) return false;
  for (let i = 0; i < a.sites.length; i++) {
    const x = a.sites[i], y = b.sites[i];
    if (x !== y && siteSignature(x) !== siteSignature(y)) return false;
  }
  return true;
}

/** The <system.applicationHost><sites> element outside any <location>. */
function findServerLevelSites(configuration: XmlElement): XmlElement | undefined {
  for (const group of childElements(configuration)) {
    if (group.name !== 'system.applicationHost') continue;
    for (const s of childElements(group)) if (s.name === 'sites') return s;
  }
  return undefined;
}

/** Section-group path from the section-level container (configuration or location) down to `el`'s parent. */
export function groupChain(section: SectionInstance): string[] {
  const parts = section.path.split('/');
  return parts.slice(0, -1);
}
