/**
 * The server model as the rules of one analysed document see it: the model of
 * the applicationHost.config in effect (the document itself, or the
 * hierarchy's), the chain of files down to the document, the configuration
 * path each of its sections applies to, and the site, application and pool of
 * a path. Built once per analysed file.
 *
 * "Unknown" is a first-class answer: a web.config read without its hierarchy
 * has no model (rules that need pools, bindings or modules stay silent), and
 * an unmapped web.config has no site or application.
 */
import type { ConfigFile, LocationInfo, SectionInstance } from '../hierarchy/configFile';
import type { ConfigHierarchy, HierarchyFile } from '../hierarchy/hierarchy';
import { ChainFile, appHostHierarchy, chainOf, contributionsAt, targetOf } from '../hierarchy/chain';
import {
  AppPool, ApplicationModel, ServerModel, SiteModel, poolOf, resolveConfigPath, serverModel,
} from '../model';
import type { AnalysisContext } from './types';
import { assumptionNote as hierarchyAssumption } from './inheritance';

export interface ServerView {
  /** undefined: no applicationHost.config in reach (a web.config read on its own). */
  readonly model: ServerModel | undefined;
  readonly hierarchy: ConfigHierarchy | undefined;
  /** The chain of files, the analysed document last. */
  readonly chain: readonly ChainFile[];
  readonly current: ChainFile;
  /** The model is the built-in default one: verdicts are assumptions (say so, and warn rather than fail). */
  readonly assumed: boolean;
}

export interface PathFacts {
  readonly configPath: readonly string[];
  readonly site: SiteModel | undefined;
  readonly application: ApplicationModel | undefined;
  readonly pool: AppPool | undefined;
}

const views = new WeakMap<ConfigFile, ServerView>();

export function serverView(doc: { readonly text: string; readonly file: ConfigFile; readonly context: AnalysisContext }): ServerView {
  let v = views.get(doc.file);
  if (v) return v;
  const { file, text, context } = doc;
  if (file.kind === 'applicationHost') {
    const hf: HierarchyFile = { fileName: context.fileName, text, file, configPath: [], builtIn: false };
    const h = appHostHierarchy(hf);
    const current: ChainFile = { ...hf, index: 0, current: true };
    v = { model: serverModel(file), hierarchy: h, chain: [current], current, assumed: false };
  } else if (context.hierarchy) {
    const h = context.hierarchy;
    const chain = chainOf(h, { fileName: context.fileName, text, file });
    v = { model: serverModel(h.appHost.file, { builtIn: h.appHost.builtIn }), hierarchy: h, chain, current: chain[chain.length - 1], assumed: h.appHost.builtIn };
  } else {
    const current: ChainFile = { fileName: context.fileName, text, file, configPath: [], builtIn: false, index: 0, current: true };
    v = { model: undefined, hierarchy: undefined, chain: [current], current, assumed: false };
  }
  views.set(file, v);
  return v;
}

/** The configuration path a section (or location) of the analysed file applies to; undefined when it is not known. */
export function targetPath(view: ServerView, at: SectionInstance | LocationInfo | undefined): readonly string[] | undefined {
  if (!view.hierarchy) return undefined;
  const location = at && 'declaration' in at ? at.location : at;
  if (view.current.file.kind !== 'applicationHost' && !view.hierarchy.mapped) return undefined;
  return targetOf(view.hierarchy, view.current, location);
}

/** Site, application and pool of a configuration path (each undefined when not known). */
export function factsAt(view: ServerView, configPath: readonly string[] | undefined): PathFacts | undefined {
  if (!configPath || !view.model?.sites || !configPath.length) return undefined;
  const r = resolveConfigPath(view.model, configPath);
  return { configPath, site: r.site, application: r.application, pool: r.application && poolOf(view.model, r.application) };
}

/** Related information that points at an element of a chain file (none for the built-in model). */
export function relatedIn(chainFile: { readonly builtIn: boolean; readonly current: boolean; readonly fileName: string }, start: number, end: number, message: string):
  { message: string; start: number; end: number; file?: string } | undefined {
  if (chainFile.builtIn) return undefined;
  return { message, start, end, ...(chainFile.current ? {} : { file: chainFile.fileName }) };
}

/** The chain file that holds the model's applicationHost.config (the analysed document, or the hierarchy's first file). */
export function appHostChainFile(view: ServerView): ChainFile {
  return view.chain[0];
}

/** Suffix for messages whose verdict rests on the built-in default model. */
export function assumptionNote(view: ServerView): string {
  return view.assumed ? ` ${hierarchyAssumption(view.hierarchy)}` : '';
}

export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** "line 12 of applicationHost.config" / "line 12 of this file". */
export function whereIn(chainFile: { readonly current: boolean; readonly fileName: string; readonly text: string; readonly builtIn: boolean }, offset: number): string {
  if (chainFile.builtIn) return 'the default IIS 10 configuration (assumed)';
  return `line ${lineOfOffset(chainFile.text, offset)} of ${chainFile.current ? 'this file' : chainFile.fileName}`;
}

/**
 * The value of a section attribute in effect where `at` applies: the last
 * writer of the chain's contributions (with a hierarchy), else of the analysed
 * file's own instances at the file's level or in the same `<location>`.
 * undefined: nothing in view sets it (the schema default, or a file not in view, decides).
 */
export function attributeInEffect(view: ServerView, sectionPath: string, attribute: string, at: SectionInstance, childPath: readonly string[] = []):
  { readonly value: string; readonly attribute: import('../syntax/xml').XmlAttribute; readonly chainFile: ChainFile } | undefined {
  const target = targetPath(view, at);
  const holder = (el: import('../syntax/xml').XmlElement): import('../syntax/xml').XmlElement | undefined => {
    let e: import('../syntax/xml').XmlElement | undefined = el;
    for (const name of childPath) e = e && e.children.find((c): c is import('../syntax/xml').XmlElement => c.type === 'element' && c.name === name);
    return e;
  };
  let found: { value: string; attribute: import('../syntax/xml').XmlAttribute; chainFile: ChainFile } | undefined;
  if (view.hierarchy && target) {
    for (const c of contributionsAt(view.hierarchy, view.chain, sectionPath, target)) {
      if (c.section.element.attributes.some((x) => x.name === 'configSource')) continue;
      const a = holder(c.section.element)?.attributes.find((x) => x.name === attribute);
      if (a) found = { value: a.value, attribute: a, chainFile: c.chainFile };
    }
    return found;
  }
  for (const s of view.current.file.sections) {
    if (s.path !== sectionPath || (s.location && s.location !== at.location)) continue;
    const a = holder(s.element)?.attributes.find((x) => x.name === attribute);
    if (a) found = { value: a.value, attribute: a, chainFile: view.current };
  }
  return found;
}
