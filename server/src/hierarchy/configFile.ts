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
  ResolvedLevel, SitesModel, SERVER_LEVEL, STANDALONE_WEB_CONFIG_LEVEL, readSites, resolveLocationPath, resolveRelativeLocation,
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
  readonly locations: LocationInfo[];
  readonly sections: SectionInstance[];
  readonly unknownSections: UnknownSectionElement[];
  /** Sites used to resolve location paths (from this file, or from the applicationHost.config in effect). */
  readonly sites: SitesModel | undefined;
  /** The level of the file itself (server for applicationHost.config). */
  readonly fileLevel: ResolvedLevel;
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

export function buildConfigFile(doc: XmlDocument, options: ConfigFileOptions): ConfigFile {
  const kind = options.kind ?? detectFileKind(options.fileName, doc);
  const configuration = doc.root && doc.root.name === 'configuration' ? doc.root : undefined;
  let configSections: XmlElement | undefined;
  if (configuration) {
    for (const c of childElements(configuration)) if (c.name === 'configSections') { configSections = c; break; }
  }
  const declarations = (options.declarations ?? defaultDeclarations()).withConfigSections(configSections);

  let sites = options.sites;
  if (kind === 'applicationHost' && configuration) {
    const sitesEl = findServerLevelSites(configuration);
    if (sitesEl) sites = readSites(sitesEl);
  }
  const fileLevel = kind === 'applicationHost' ? SERVER_LEVEL : options.fileLevel ?? STANDALONE_WEB_CONFIG_LEVEL;

  const locations: LocationInfo[] = [];
  const sections: SectionInstance[] = [];
  const unknownSections: UnknownSectionElement[] = [];

  /** Walk section groups down from `roots` (elements at section level), without recursion. */
  const walk = (roots: XmlElement[], location: LocationInfo | undefined, level: ResolvedLevel) => {
    const stack: Array<{ el: XmlElement; path: string }> = [];
    for (let i = roots.length - 1; i >= 0; i--) stack.push({ el: roots[i], path: roots[i].name });
    while (stack.length) {
      const { el, path } = stack.pop()!;
      const decl = declarations.get(path);
      if (decl) {
        sections.push({ path, element: el, location, declaration: decl, level });
      } else if (declarations.isGroup(path)) {
        const children = childElements(el);
        for (let i = children.length - 1; i >= 0; i--) stack.push({ el: children[i], path: `${path}/${children[i].name}` });
      } else {
        unknownSections.push({ path, element: el, location });
      }
    }
  };

  if (configuration) {
    for (const child of childElements(configuration)) {
      if (child.name === 'configSections') continue;
      if (child.name === 'location') {
        const pathAttribute = getAttribute(child, 'path');
        const path = pathAttribute?.value ?? '';
        const level = kind === 'applicationHost' ? resolveLocationPath(path, sites) : resolveRelativeLocation(fileLevel, path, sites);
        const info: LocationInfo = { element: child, pathAttribute, path, level };
        locations.push(info);
        walk(childElements(child), info, level);
      } else {
        walk([child], undefined, fileLevel);
      }
    }
  }

  return { doc, fileName: options.fileName, kind, configuration, configSections, declarations, locations, sections, unknownSections, sites, fileLevel };
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
