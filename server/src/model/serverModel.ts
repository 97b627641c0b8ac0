/**
 * The server model: what an applicationHost.config says about the server it
 * configures — its application pools (with `<applicationPoolDefaults>`
 * applied), sites (with `<siteDefaults>`), bindings, applications (with the
 * server's and the site's `<applicationDefaults>`), the native modules of
 * `<globalModules>`, and which add-ons are installed (URL Rewrite, ARR, the
 * ASP.NET Core Module, iisnode, WebDAV, …).
 *
 * Missing facts stay missing: without `<applicationPools>` the pools are
 * `undefined` (unknown), not empty, and rules that need them stay silent. The
 * built-in default model (no applicationHost.config found) is marked
 * `builtIn`: what it says is assumed, and the add-ons are unknown.
 *
 * Pure: built from the parsed applicationHost.config (a ConfigFile), which the
 * caller read. Built once per ConfigFile (memoized), in one pass over its
 * sites and pools; lookups by name are map lookups (a hosting server has
 * thousands of sites).
 */
import type { ConfigFile } from '../hierarchy/configFile';
import { normalizeUrlPath } from '../hierarchy/levels';
import { XmlAttribute, XmlElement, childElements, getAttribute } from '../syntax/xml';
import { ADD_ONS, AddOn, AddOnId, isManagedEngineImage } from '../iis/addOns';
import { IIS_EXPRESS_IMAGE_MARKER } from '../iis/serverFacts';
import { bundledSchema } from '../iis/schemaLoader';
import type { AttributeSchema, ElementSchema } from '../iis/schema';
import { Binding, parseBinding } from './bindings';

/** Where a value in effect comes from. */
export type SettingSource = 'own' | 'siteApplicationDefaults' | 'applicationDefaults' | 'siteDefaults' | 'applicationPoolDefaults' | 'schema';

export interface Setting {
  readonly value: string;
  readonly from: SettingSource;
  /** The attribute that sets it (undefined for a schema default). */
  readonly attribute?: XmlAttribute;
}

export interface AppPool {
  readonly name: string;
  /** The pool's `<add>` element. */
  readonly element: XmlElement;
  readonly nameAttribute: XmlAttribute | undefined;
  readonly managedPipelineMode: Setting;
  readonly managedRuntimeVersion: Setting;
  readonly enable32BitAppOnWin64: Setting;
  readonly autoStart: Setting;
  readonly startMode: Setting;
  readonly identityType: Setting;
  /** processModel userName / password (the password's value is never shown). */
  readonly userName: Setting;
  readonly password: Setting;
  /** The pool's `<processModel>` element, when written. */
  readonly processModel: XmlElement | undefined;
}

export interface VirtualDirectoryModel {
  readonly path: string;
  readonly physicalPath: string | undefined;
  readonly element: XmlElement;
}

export interface ApplicationModel {
  readonly site: SiteModel;
  /** Normalised application path ('/' for the root application). */
  readonly path: string;
  readonly element: XmlElement;
  readonly applicationPool: Setting;
  readonly enabledProtocols: Setting;
  readonly preloadEnabled: Setting;
  readonly virtualDirectories: readonly VirtualDirectoryModel[];
  /** The configuration path: ['Site'] for the root application, ['Site', 'api'] below. */
  readonly configPath: readonly string[];
}

export interface SiteModel {
  readonly name: string;
  readonly id: string | undefined;
  readonly element: XmlElement;
  readonly nameAttribute: XmlAttribute | undefined;
  readonly serverAutoStart: Setting;
  readonly bindings: readonly Binding[];
  /** Where the bindings come from: the site's own `<bindings>`, `<siteDefaults>`, or none anywhere. */
  readonly bindingsFrom: 'own' | 'siteDefaults' | 'none';
  readonly applications: readonly ApplicationModel[];
  /** The site's own `<applicationDefaults>`, when written. */
  readonly applicationDefaults: XmlElement | undefined;
}

export interface GlobalModule {
  readonly name: string;
  readonly image: string | undefined;
  readonly preCondition: string | undefined;
  readonly element: XmlElement;
}

export interface AddOnState {
  readonly addOn: AddOn;
  /** true / false when the applicationHost.config tells; undefined when it cannot (built-in model, no declarations). */
  readonly installed: boolean | undefined;
  /** The elements that show it installed (section declarations, globalModules entries). */
  readonly evidence: readonly XmlElement[];
}

export type ServerKind = 'iis' | 'iisExpress' | 'unknown';

export interface ServerModel {
  /** The applicationHost.config the model was read from. */
  readonly file: ConfigFile;
  readonly fileName: string;
  /** The built-in default IIS 10 model: every fact is an assumption, add-ons are unknown. */
  readonly builtIn: boolean;
  readonly kind: ServerKind;
  /** Pools by lower-case name; undefined when no `<applicationPools>` is in reach. */
  readonly pools: ReadonlyMap<string, AppPool> | undefined;
  /** Every pool `<add>` in document order (a duplicate name is reported elsewhere; the first wins here). */
  readonly poolList: readonly AppPool[];
  readonly applicationPoolsElement: XmlElement | undefined;
  readonly applicationPoolDefaults: XmlElement | undefined;
  /** undefined when no `<sites>` is in reach. */
  readonly sites: readonly SiteModel[] | undefined;
  readonly sitesElement: XmlElement | undefined;
  /** `<sites><applicationDefaults>`. */
  readonly applicationDefaults: XmlElement | undefined;
  readonly siteDefaults: XmlElement | undefined;
  /** undefined when no `<globalModules>` is in reach. */
  readonly globalModules: readonly GlobalModule[] | undefined;
  readonly globalModulesElement: XmlElement | undefined;
  /** The section paths the file's own `<configSections>` declares, with their `<section>` elements. */
  readonly declaredSections: ReadonlyMap<string, XmlElement>;
  /** The `<sectionGroup>` elements of the file's own `<configSections>`, by group path. */
  readonly declaredGroups: ReadonlyMap<string, XmlElement>;
  readonly addOns: readonly AddOnState[];
}

const models = new WeakMap<ConfigFile, ServerModel>();

/** The server model of an applicationHost.config (memoized per parsed file). */
export function serverModel(file: ConfigFile, options: { builtIn?: boolean } = {}): ServerModel {
  let m = models.get(file);
  if (!m) {
    m = buildServerModel(file, options.builtIn === true);
    models.set(file, m);
  }
  return m;
}

// ---------------------------------------------------------------------------
// Schema defaults (IIS_schema.xml, through the bundled schema)

function findElement(elements: readonly ElementSchema[] | undefined, name: string): ElementSchema | undefined {
  return elements?.find((e) => e.name === name);
}

function attrDefault(attrs: readonly AttributeSchema[] | undefined, name: string): string {
  return attrs?.find((a) => a.name === name)?.defaultValue ?? '';
}

interface Defaults {
  readonly pool: (name: string) => string;
  readonly processModel: (name: string) => string;
  readonly site: (name: string) => string;
  readonly application: (name: string) => string;
}

let defaults: Defaults | undefined;
function schemaDefaults(): Defaults {
  if (defaults) return defaults;
  const schema = bundledSchema();
  const pools = schema.get('system.applicationHost/applicationPools')?.collection;
  const sites = schema.get('system.applicationHost/sites')?.collection;
  const apps = sites?.collection;
  const processModel = findElement(pools?.elements, 'processModel');
  defaults = {
    pool: (n) => attrDefault(pools?.attributes, n),
    processModel: (n) => attrDefault(processModel?.attributes, n),
    site: (n) => attrDefault(sites?.attributes, n),
    application: (n) => attrDefault(apps?.attributes, n),
  };
  return defaults;
}

// ---------------------------------------------------------------------------
// Building

/** The first instance of a section at server level (outside any `<location>`, or in one whose path is the server), or undefined. */
function serverSection(file: ConfigFile, path: string): XmlElement | undefined {
  let found: XmlElement | undefined;
  const consider = (sections: readonly { readonly path: string; readonly element: XmlElement }[]) => {
    for (const s of sections) if (s.path === path && (!found || s.element.start < found.start)) { found = s.element; break; }
  };
  for (const part of file.ownParts) consider(part.sections);
  for (const loc of file.locations) {
    if (loc.level.candidates.length !== 1 || loc.level.candidates[0] !== 'server') continue;
    const part = file.parts.get(loc.element);
    if (part) consider(part.sections);
  }
  return found;
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of childElements(el)) if (c.name === name) return c;
  return undefined;
}

/** The first of `elements` that writes `name`, else the schema default. */
function setting(name: string, sources: ReadonlyArray<readonly [XmlElement | undefined, SettingSource]>, schemaDefault: string): Setting {
  for (const [el, from] of sources) {
    const a = el && getAttribute(el, name);
    if (a) return { value: a.value, from, attribute: a };
  }
  return { value: schemaDefault, from: 'schema' };
}

/**
 * What a section contributes to the model, kept per section element from one version of the file to the next: while
 * no instance of its section path changed (the file's version token of the path is the same), the part is reused as
 * it is; when the previous version's part is at hand, only the children whose subtrees changed (the file's
 * `delta.elements`, or new elements) are read again, so an edit of one site of a hosting server's applicationHost.config
 * reads that site, not its thousands of siblings. A new parse has new elements, so nothing stale survives it.
 */
interface CachedPart { readonly token: object; stamp: object; readonly value: unknown }
const parts = new WeakMap<XmlElement, CachedPart>();

/** Counts of what the model reads (a complexity test asks). */
export const modelCounters = { partsBuilt: 0, childrenRead: 0 };

function cachedPart<T>(file: ConfigFile, el: XmlElement, path: string, build: (prev: T | undefined, changed: ReadonlySet<XmlElement> | undefined) => T): T {
  const token = file.versions.of(path);
  const hit = parts.get(el);
  if (hit && hit.token === token) { hit.stamp = file.stamp; return hit.value as T; }
  // Built for the version just before this one: its children outside the changed elements are unchanged.
  const basis = hit && file.delta && hit.stamp === file.delta.from ? hit.value as T : undefined;
  modelCounters.partsBuilt++;
  const value = build(basis, basis === undefined ? undefined : file.delta!.elements);
  parts.set(el, { token, stamp: file.stamp, value });
  return value;
}

/** Is `el` (a child of a part's element) unchanged since the part `prev` was built? */
function unchanged(el: XmlElement | undefined, prevEl: XmlElement | undefined, changed: ReadonlySet<XmlElement> | undefined): boolean {
  return !!changed && el === prevEl && (!el || !changed.has(el));
}

interface PoolsPart {
  readonly pools: Map<string, AppPool>;
  readonly poolList: AppPool[];
  readonly poolDefaults: XmlElement | undefined;
  readonly byElement: ReadonlyMap<XmlElement, AppPool>;
}
interface SitesPart {
  readonly sites: SiteModel[];
  readonly siteDefaults: XmlElement | undefined;
  readonly appDefaults: XmlElement | undefined;
  readonly byElement: ReadonlyMap<XmlElement, SiteModel>;
}
interface DeclaredPart { readonly declaredSections: Map<string, XmlElement>; readonly declaredGroups: Map<string, XmlElement> }

const POOLS = 'system.applicationHost/applicationPools';
const SITES = 'system.applicationHost/sites';
const GLOBAL_MODULES = 'system.webServer/globalModules';

/** The declarations a file writes itself, kept per `<configSections>` element while the file's declarations are the same. */
const declaredParts = new WeakMap<XmlElement, { readonly declarations: object; readonly value: DeclaredPart }>();
const NO_DECLARATIONS: DeclaredPart = { declaredSections: new Map(), declaredGroups: new Map() };

function buildServerModel(file: ConfigFile, builtIn: boolean): ServerModel {
  const poolsEl = serverSection(file, POOLS);
  const sitesEl = serverSection(file, SITES);
  const globalEl = serverSection(file, GLOBAL_MODULES);
  const poolsPart = poolsEl ? cachedPart(file, poolsEl, POOLS, (prev: PoolsPart | undefined, changed) => readPools(poolsEl, prev, changed)) : undefined;
  const sitesPart = sitesEl ? cachedPart(file, sitesEl, SITES, (prev: SitesPart | undefined, changed) => readSitesPart(sitesEl, prev, changed)) : undefined;
  const globalModules = globalEl ? cachedPart(file, globalEl, GLOBAL_MODULES, () => readGlobalModules(globalEl)) : undefined;
  let declared = NO_DECLARATIONS;
  if (file.configSections) {
    const hit = declaredParts.get(file.configSections);
    if (hit && hit.declarations === file.declarations) declared = hit.value;
    else {
      declared = readDeclared(file.configSections);
      declaredParts.set(file.configSections, { declarations: file.declarations, value: declared });
    }
  }
  return assemble(file, builtIn, poolsEl, poolsPart, sitesEl, sitesPart, globalEl, globalModules, declared.declaredSections, declared.declaredGroups);
}

function readPools(poolsEl: XmlElement, prev: PoolsPart | undefined, changed: ReadonlySet<XmlElement> | undefined): PoolsPart {
  const d = schemaDefaults();
  const poolList: AppPool[] = [];
  const poolDefaults = child(poolsEl, 'applicationPoolDefaults');
  // A pool is read again when it changed, or when the defaults it inherits did.
  const reuse = prev && unchanged(poolDefaults, prev.poolDefaults, changed) ? prev.byElement : undefined;
  const pools = new Map<string, AppPool>();
  const byElement = new Map<XmlElement, AppPool>();
  {
    const defaultsPm = child(poolDefaults, 'processModel');
    for (const add of childElements(poolsEl)) {
      if (add.name === 'clear') { pools.clear(); poolList.length = 0; continue; }
      if (add.name === 'remove') {
        const n = getAttribute(add, 'name')?.value.toLowerCase();
        if (n !== undefined) pools.delete(n);
        continue;
      }
      if (add.name !== 'add') continue;
      let pool = reuse && !changed!.has(add) ? reuse.get(add) : undefined;
      if (!pool) {
        modelCounters.childrenRead++;
        const nameAttribute = getAttribute(add, 'name');
        const name = nameAttribute?.value ?? '';
        const pm = child(add, 'processModel');
        const poolSources = [[add, 'own'], [poolDefaults, 'applicationPoolDefaults']] as const;
        const pmSources = [[pm, 'own'], [defaultsPm, 'applicationPoolDefaults']] as const;
        pool = {
          name, element: add, nameAttribute, processModel: pm,
          managedPipelineMode: setting('managedPipelineMode', poolSources, d.pool('managedPipelineMode')),
          managedRuntimeVersion: setting('managedRuntimeVersion', poolSources, d.pool('managedRuntimeVersion')),
          enable32BitAppOnWin64: setting('enable32BitAppOnWin64', poolSources, d.pool('enable32BitAppOnWin64')),
          autoStart: setting('autoStart', poolSources, d.pool('autoStart')),
          startMode: setting('startMode', poolSources, d.pool('startMode')),
          identityType: setting('identityType', pmSources, d.processModel('identityType')),
          userName: setting('userName', pmSources, ''),
          password: setting('password', pmSources, ''),
        };
      }
      byElement.set(add, pool);
      poolList.push(pool);
      const key = pool.name.toLowerCase();
      if (!pools.has(key)) pools.set(key, pool);
    }
  }
  return { pools, poolList, poolDefaults, byElement };
}

function readSitesPart(sitesEl: XmlElement, prev: SitesPart | undefined, changed: ReadonlySet<XmlElement> | undefined): SitesPart {
  const d = schemaDefaults();
  const siteDefaults = child(sitesEl, 'siteDefaults');
  const appDefaults = child(sitesEl, 'applicationDefaults');
  // A site is read again when it changed, or when the defaults it inherits did.
  const reuse = prev && unchanged(siteDefaults, prev.siteDefaults, changed) && unchanged(appDefaults, prev.appDefaults, changed) ? prev.byElement : undefined;
  const sites: SiteModel[] = [];
  const byElement = new Map<XmlElement, SiteModel>();
  {
    const defaultBindings = child(siteDefaults, 'bindings');
    for (const siteEl of childElements(sitesEl)) {
      if (siteEl.name !== 'site') continue;
      const kept = reuse && !changed!.has(siteEl) ? reuse.get(siteEl) : undefined;
      if (kept) { sites.push(kept); byElement.set(siteEl, kept); continue; }
      modelCounters.childrenRead++;
      const nameAttribute = getAttribute(siteEl, 'name');
      const ownBindings = child(siteEl, 'bindings');
      const bindingsEl = ownBindings ?? defaultBindings;
      const bindings: Binding[] = [];
      if (bindingsEl) {
        for (const b of childElements(bindingsEl)) {
          if (b.name === 'clear') { bindings.length = 0; continue; }
          if (b.name === 'binding') bindings.push(parseBinding(b));
        }
      }
      const siteAppDefaults = child(siteEl, 'applicationDefaults');
      const applications: ApplicationModel[] = [];
      const site: SiteModel = {
        name: nameAttribute?.value ?? '', id: getAttribute(siteEl, 'id')?.value, element: siteEl, nameAttribute,
        serverAutoStart: setting('serverAutoStart', [[siteEl, 'own'], [siteDefaults, 'siteDefaults']], d.site('serverAutoStart')),
        bindings, bindingsFrom: ownBindings ? 'own' : defaultBindings ? 'siteDefaults' : 'none',
        applications, applicationDefaults: siteAppDefaults,
      };
      for (const appEl of childElements(siteEl)) {
        if (appEl.name !== 'application') continue;
        const path = normalizeUrlPath(getAttribute(appEl, 'path')?.value ?? '/');
        const sources = [[appEl, 'own'], [siteAppDefaults, 'siteApplicationDefaults'], [appDefaults, 'applicationDefaults']] as const;
        const vdirs: VirtualDirectoryModel[] = [];
        for (const v of childElements(appEl)) {
          if (v.name !== 'virtualDirectory') continue;
          vdirs.push({ path: normalizeUrlPath(getAttribute(v, 'path')?.value ?? '/'), physicalPath: getAttribute(v, 'physicalPath')?.value, element: v });
        }
        applications.push({
          site, path, element: appEl, virtualDirectories: vdirs,
          configPath: [site.name, ...path.split('/').filter(Boolean)],
          applicationPool: setting('applicationPool', sources, d.application('applicationPool')),
          enabledProtocols: setting('enabledProtocols', sources, d.application('enabledProtocols')),
          preloadEnabled: setting('preloadEnabled', sources, d.application('preloadEnabled')),
        });
      }
      sites.push(site);
      byElement.set(siteEl, site);
    }
  }
  return { sites, siteDefaults, appDefaults, byElement };
}

function readGlobalModules(globalEl: XmlElement): GlobalModule[] {
  let globalModules: GlobalModule[] = [];
  {
    for (const e of childElements(globalEl)) {
      if (e.name === 'clear') { globalModules.length = 0; continue; }
      if (e.name === 'remove') {
        const n = getAttribute(e, 'name')?.value;
        globalModules = globalModules.filter((g) => g.name !== n);
        continue;
      }
      if (e.name !== 'add') continue;
      globalModules.push({ name: getAttribute(e, 'name')?.value ?? '', image: getAttribute(e, 'image')?.value, preCondition: getAttribute(e, 'preCondition')?.value, element: e });
    }
  }
  return globalModules;
}

/** The section paths and groups a `<configSections>` declares itself (not the bundled ones). */
function readDeclared(configSections: XmlElement): { declaredSections: Map<string, XmlElement>; declaredGroups: Map<string, XmlElement> } {
  const declaredSections = new Map<string, XmlElement>();
  const declaredGroups = new Map<string, XmlElement>();
  {
    const stack: Array<{ el: XmlElement; prefix: string }> = [{ el: configSections, prefix: '' }];
    while (stack.length) {
      const { el, prefix } = stack.pop()!;
      for (const c of childElements(el)) {
        const name = getAttribute(c, 'name')?.value;
        if (!name) continue;
        const path = prefix ? `${prefix}/${name}` : name;
        if (c.name === 'sectionGroup') { declaredGroups.set(path, c); stack.push({ el: c, prefix: path }); }
        else if (c.name === 'section') declaredSections.set(path, c);
      }
    }
  }

  return { declaredSections, declaredGroups };
}

function assemble(
  file: ConfigFile, builtIn: boolean, poolsEl: XmlElement | undefined, poolsPart: PoolsPart | undefined, sitesEl: XmlElement | undefined,
  sitesPart: SitesPart | undefined, globalEl: XmlElement | undefined, globalModules: GlobalModule[] | undefined,
  declaredSections: ReadonlyMap<string, XmlElement>, declaredGroups: ReadonlyMap<string, XmlElement>,
): ServerModel {
  const pools = poolsPart?.pools;
  const poolList = poolsPart?.poolList ?? [];
  const poolDefaults = poolsPart?.poolDefaults;
  const sites = sitesPart?.sites;
  const siteDefaults = sitesPart?.siteDefaults;
  const appDefaults = sitesPart?.appDefaults;
  let kind: ServerKind = builtIn ? 'iis' : 'unknown';
  if (!builtIn && globalModules?.length) {
    kind = globalModules.some((g) => g.image?.includes(IIS_EXPRESS_IMAGE_MARKER)) ? 'iisExpress' : 'iis';
  }

  // Add-ons: declared by the file itself, or registered as native modules. A file that declares the IIS section
  // groups itself (every real applicationHost.config does) tells which add-ons it lacks; the built-in model cannot.
  const addOns = addOnStates(builtIn, declaredSections, declaredGroups, globalModules);

  return {
    file, fileName: file.fileName, builtIn, kind, pools, poolList, applicationPoolsElement: poolsEl, applicationPoolDefaults: poolDefaults,
    sites, sitesElement: sitesEl, applicationDefaults: appDefaults, siteDefaults,
    globalModules, globalModulesElement: globalEl, declaredSections, declaredGroups, addOns,
  };
}

/** The add-on states, kept while the declarations and the global modules they are read from are the same parts. */
const addOnCache = new WeakMap<object, { readonly builtIn: boolean; readonly globalModules: object | undefined; readonly value: AddOnState[] }>();
function addOnStates(builtIn: boolean, declaredSections: ReadonlyMap<string, XmlElement>, declaredGroups: ReadonlyMap<string, XmlElement>, globalModules: readonly GlobalModule[] | undefined): AddOnState[] {
  const hit = addOnCache.get(declaredSections);
  if (hit && hit.builtIn === builtIn && hit.globalModules === globalModules) return hit.value;
  const declaresIisGroups = declaredGroups.has('system.webServer');
  const addOns: AddOnState[] = ADD_ONS.map((addOn) => {
    if (builtIn) return { addOn, installed: undefined, evidence: [] };
    const evidence: XmlElement[] = [];
    for (const [path, el] of declaredSections) {
      if (addOn.sections.some((s) => path === s || path.startsWith(s + '/'))) evidence.push(el);
    }
    for (const g of globalModules ?? []) {
      if (addOn.globalModules.some((n) => n.toLowerCase() === g.name.toLowerCase())) evidence.push(g.element);
    }
    const installed = evidence.length ? true : declaresIisGroups || globalModules !== undefined ? false : undefined;
    return { addOn, installed, evidence };
  });

  addOnCache.set(declaredSections, { builtIn, globalModules, value: addOns });
  return addOns;
}

// ---------------------------------------------------------------------------
// Questions

/** Does the file declare IIS's own section groups (so that its declarations, not the bundled ones, decide what exists)? */
export function declaresIisSectionGroups(m: ServerModel): boolean {
  return !m.builtIn && m.declaredGroups.has('system.webServer');
}

export function addOnState(m: ServerModel, id: AddOnId): AddOnState {
  return m.addOns.find((a) => a.addOn.id === id)!;
}

/** Is add-on X installed? true / false, or undefined when the files cannot tell. */
export function isInstalled(m: ServerModel, id: AddOnId): boolean | undefined {
  return addOnState(m, id).installed;
}

/** The pool of this name (case-insensitive), or undefined. */
export function poolNamed(m: ServerModel, name: string): AppPool | undefined {
  return m.pools?.get(name.toLowerCase());
}

/** The application's pool; undefined when pools are unknown or the name is not defined. */
export function poolOf(m: ServerModel, app: ApplicationModel): AppPool | undefined {
  return poolNamed(m, app.applicationPool.value);
}

const NO_SITES: readonly SiteModel[] = [];
/** Keyed by the sites array, which is kept while the <sites> text is (cachedPart). */
const siteIndexes = new WeakMap<readonly SiteModel[], Map<string, SiteModel>>();
/** The site of this name (case-insensitive, the first of a name wins). */
export function siteNamed(m: ServerModel, name: string): SiteModel | undefined {
  if (!m.sites) return undefined;
  let index = siteIndexes.get(m.sites);
  if (!index) {
    index = new Map();
    for (const s of m.sites) if (!index.has(s.name.toLowerCase())) index.set(s.name.toLowerCase(), s);
    siteIndexes.set(m.sites, index);
  }
  return index.get(name.toLowerCase());
}

function isSegmentPrefix(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  const p = prefix.toLowerCase(), q = path.toLowerCase();
  return q === p || q.startsWith(p + '/');
}

/** The application that serves a URL path of a site: the longest application path that is a segment prefix. */
export function applicationAt(site: SiteModel, urlPath: string): ApplicationModel | undefined {
  const url = normalizeUrlPath(urlPath);
  let best: ApplicationModel | undefined;
  for (const a of site.applications) if (isSegmentPrefix(a.path, url) && (!best || a.path.length > best.path.length)) best = a;
  return best;
}

export interface ResolvedPath {
  readonly site: SiteModel | undefined;
  readonly application: ApplicationModel | undefined;
  /** The URL path inside the site ('/' for the site root). */
  readonly urlPath: string;
  /** The path below the application ('/' when the path is the application itself). */
  readonly rest: string;
}

/** Resolve a configuration path (['Site', 'app', 'dir', 'file.ext']) to its site and application. */
export function resolveConfigPath(m: ServerModel, configPath: readonly string[]): ResolvedPath {
  const [siteName, ...segs] = configPath;
  const urlPath = '/' + segs.join('/');
  const site = siteName === undefined ? undefined : siteNamed(m, siteName);
  const application = site && applicationAt(site, urlPath);
  const rest = application ? normalizeUrlPath(urlPath.slice(application.path === '/' ? 0 : application.path.length)) : urlPath;
  return { site, application, urlPath, rest };
}

/** Applications per pool (lower-case name), built once per model. */
const appsByPool = new WeakMap<readonly SiteModel[], Map<string, ApplicationModel[]>>();
export function applicationsInPool(m: ServerModel, poolName: string): readonly ApplicationModel[] {
  const sitesKey = m.sites ?? NO_SITES;
  let index = appsByPool.get(sitesKey);
  if (!index) {
    index = new Map();
    for (const s of m.sites ?? []) for (const a of s.applications) {
      const k = a.applicationPool.value.toLowerCase();
      const list = index.get(k);
      if (list) list.push(a); else index.set(k, [a]);
    }
    appsByPool.set(sitesKey, index);
  }
  return index.get(poolName.toLowerCase()) ?? [];
}

/** The pipeline mode of a pool: 'Integrated' or 'Classic' (compared case-insensitively, as IIS parses enums). */
export function pipelineMode(pool: AppPool): 'Integrated' | 'Classic' | undefined {
  const v = pool.managedPipelineMode.value.trim().toLowerCase();
  return v === 'integrated' || v === '0' ? 'Integrated' : v === 'classic' || v === '1' ? 'Classic' : undefined;
}

/** The CLR a pool loads: '' (none), 'v2.0', 'v4.0', … as written. */
export function runtimeVersion(pool: AppPool): string {
  return pool.managedRuntimeVersion.value.trim();
}

/** The pool's bitness on a 64-bit Windows (enable32BitAppOnWin64). */
export function bitness(pool: AppPool): 32 | 64 {
  return pool.enable32BitAppOnWin64.value.trim().toLowerCase() === 'true' ? 32 : 64;
}

/** The ASP.NET managed engine is registered (a webengine*.dll global module): managed handlers have their module. */
export function hasManagedEngine(m: ServerModel): boolean | undefined {
  if (!m.globalModules) return undefined;
  return m.globalModules.some((g) => isManagedEngineImage(g.image));
}

/** Does this site have a binding of `protocol` (case-insensitive)? undefined when its bindings are unknown. */
export function hasBindingProtocol(site: SiteModel, protocol: string): boolean {
  return site.bindings.some((b) => b.protocol.toLowerCase() === protocol.toLowerCase());
}

/** Where an IIS setting comes from, in words ("applicationDefaults", "the schema default"). */
export function describeSource(s: Setting): string {
  switch (s.from) {
    case 'own': return 'set here';
    case 'siteApplicationDefaults': return "from the site's <applicationDefaults>";
    case 'applicationDefaults': return 'from <sites><applicationDefaults>';
    case 'siteDefaults': return 'from <siteDefaults>';
    case 'applicationPoolDefaults': return 'from <applicationPoolDefaults>';
    case 'schema': return 'the schema default';
  }
}
