/**
 * What a configuration path inherits: the sections of every file of the
 * hierarchy that apply to it, in the order IIS merges them, merged into one
 * effective element per section (attributes, child elements, collection
 * entries after `<clear>`/`<remove>`, locks), each piece remembering the file
 * and offset it comes from. Also the lock state (overrideMode) of a section at
 * a file's level.
 *
 * Order (IIS's): for a path P = Site/App, the contributions are sorted by the
 * depth of the path they target, then by file from the top down, then by
 * position in the file: applicationHost.config; its <location path="Site">;
 * Site's web.config; applicationHost.config's <location path="Site/App">;
 * Site's <location path="App">; App's web.config.
 *
 * Pure: works on the parsed files of a ConfigHierarchy.
 */
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import type { ConfigFile, LocationInfo } from '../hierarchy/configFile';
import { ChainFile, Contribution, reaches, targetOf } from '../hierarchy/chain';
import { isPrefixPath } from '../hierarchy/physicalPaths';
import { LineIndex } from '../syntax/lineIndex';
import { locationSegments } from '../hierarchy/hierarchy';
import type { SectionDeclaration } from '../iis/declarations';
import { XmlAttribute, XmlElement, getAttribute } from '../syntax/xml';
import { SchemaNode, SchemaRegistry, childSchema } from '../iis/schemaLoader';
import { isMetaAttribute } from '../iis/meta';
import { CollectionEntry, effectiveEntries } from './collections';
import type { AnalysisContext, RelatedInformation } from './types';
import { baseNameOf } from './messages';
import { ProfileInfo, profileInfo } from '../iis/serverProfiles';
import { builtInProfileOf } from '../hierarchy/defaultAppHost';

export { chainOf, contributionsAt, instancesByLocation, targetOf } from '../hierarchy/chain';
export type { ChainFile, Contribution } from '../hierarchy/chain';

/** Context fields that carry a hierarchy into analyzeDocument. */
export function hierarchyContext(h: ConfigHierarchy): Pick<AnalysisContext, 'hierarchy' | 'fileLevel' | 'sites' | 'declarations'> {
  return { hierarchy: h, fileLevel: h.fileLevel, sites: h.sites, declarations: h.declarations };
}

// ---------------------------------------------------------------------------
// Merging

export interface Origin {
  readonly chainFile: ChainFile;
  readonly start: number;
  readonly end: number;
}

export interface EffectiveAttribute {
  readonly name: string;
  readonly value: string;
  readonly origin: Origin;
}

/** A lock set by lockAttributes / lockAllAttributesExcept / lockElements / lockAllElementsExcept. */
export interface Lock {
  readonly kind: 'lockAttributes' | 'lockAllAttributesExcept' | 'lockElements' | 'lockAllElementsExcept';
  /** The names listed ('*' means all). */
  readonly names: readonly string[];
  readonly attribute: XmlAttribute;
  readonly origin: Origin;
}

export interface EffectiveEntry {
  /** The entry as collections.ts sees it (an inherited entry: key and origin, no element). */
  readonly entry: CollectionEntry;
  readonly element: XmlElement;
  readonly origin: Origin;
  /** lockItem="true": lower levels may not remove it or clear the collection. */
  readonly lockItem?: XmlAttribute;
}

export interface EffectiveNode {
  readonly name: string;
  readonly schema?: SchemaNode;
  readonly attributes: Map<string, EffectiveAttribute>;
  /** Child elements that are not collection directives, merged by name. */
  readonly children: Map<string, EffectiveNode>;
  /** Collection entries in effect (when the node has a collection). */
  entries: EffectiveEntry[];
  /** A `<clear>` applied at some level (the entries above it were dropped). */
  clearedAt?: Origin;
  readonly locks: Lock[];
  /** The elements merged into this node, in order. */
  readonly sources: Origin[];
}

function newNode(name: string, schema: SchemaNode | undefined): EffectiveNode {
  return { name, schema, attributes: new Map(), children: new Map(), entries: [], locks: [], sources: [] };
}

const LOCK_KINDS = ['lockAttributes', 'lockAllAttributesExcept', 'lockElements', 'lockAllElementsExcept'] as const;

function readLocks(el: XmlElement, origin: (s: number, e: number) => Origin): Lock[] {
  const out: Lock[] = [];
  for (const kind of LOCK_KINDS) {
    const a = getAttribute(el, kind);
    if (!a) continue;
    const names = a.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length || kind.startsWith('lockAll')) out.push({ kind, names, attribute: a, origin: origin(a.start, a.end) });
  }
  return out;
}

/**
 * Merge one element of a contribution into a node, and its child elements into the child nodes. Iterative (an
 * explicit stack, visiting in the order a recursion would): the nesting depth comes from the file.
 */
function mergeElement(rootNode: EffectiveNode, rootEl: XmlElement, chainFile: ChainFile): void {
  const origin = (start: number, end: number): Origin => ({ chainFile, start, end });
  const stack: Array<readonly [EffectiveNode, XmlElement]> = [[rootNode, rootEl]];
  while (stack.length) {
    const [node, el] = stack.pop()!;
    node.sources.push(origin(el.start, el.startTagEnd));
    for (const a of el.attributes) {
      if (isMetaAttribute(a.name)) continue;
      node.attributes.set(a.name, { name: a.name, value: a.value, origin: origin(a.start, a.end) });
    }
    node.locks.push(...readLocks(el, origin));
    const collection = node.schema?.collection;
    if (collection) {
      const inherited = node.entries.map((e) => e.entry);
      const known = new Map(node.entries.map((e) => [e.entry, e]));
      const r = effectiveEntries(el, collection, { inherited });
      const locals: EffectiveEntry[] = [];
      const kept: EffectiveEntry[] = [];
      for (const e of r.entries) {
        const mine = known.get(e);
        if (mine) { kept.push(mine); continue; }
        if (!e.element) continue;
        const entryOrigin = origin(e.element.start, e.element.end);
        const lockItem = getAttribute(e.element, 'lockItem');
        locals.push({
          // origin.file '' means the analysed document itself (related information without a file).
          entry: { key: e.key, origin: { file: chainFile.current ? '' : chainFile.fileName, start: e.element.start, end: e.element.startTagEnd } },
          element: e.element, origin: entryOrigin,
          ...(lockItem && lockItem.value.trim().toLowerCase() === 'true' ? { lockItem } : {}),
        });
      }
      node.entries = collection.mergeAppend === false ? [...locals, ...kept] : [...kept, ...locals];
      if (r.cleared) {
        const clear = el.children.find((c) => c.type === 'element' && c.name === collection.clearElement) as XmlElement | undefined;
        if (clear) node.clearedAt = origin(clear.start, clear.end);
      }
    }
    const next: Array<readonly [EffectiveNode, XmlElement]> = [];
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (collection && (collection.addElement.includes(c.name) || c.name === collection.removeElement || c.name === collection.clearElement)) continue;
      let child = node.children.get(c.name);
      if (!child) {
        child = newNode(c.name, node.schema ? childSchema(node.schema, c.name) : undefined);
        node.children.set(c.name, child);
      }
      next.push([child, c]);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
}

/** Merge contributions (in order) into the effective element of a section. */
export function mergeSection(sectionPath: string, contributions: readonly Contribution[], schema: SchemaRegistry): EffectiveNode {
  const root = newNode(sectionPath, schema.node(sectionPath));
  for (const c of contributions) {
    // Redirected or encrypted sections: their content is elsewhere.
    if (getAttribute(c.section.element, 'configSource') || getAttribute(c.section.element, 'configProtectionProvider')) continue;
    mergeElement(root, c.section.element, c.chainFile);
  }
  return root;
}

/**
 * The node of `base` that corresponds to an element at `path` (element names
 * from the section element down), or undefined when the path goes through a
 * collection entry (entries are not merged across files) or nothing inherited is there.
 */
export function nodeAt(base: EffectiveNode, path: readonly string[]): EffectiveNode | undefined {
  let node: EffectiveNode | undefined = base;
  for (const name of path) {
    if (!node) return undefined;
    const c: EffectiveNode['schema'] = node.schema?.collection ? childSchema(node.schema, name) : undefined;
    if (c && c.kind !== 'element') return undefined;
    node = node.children.get(name);
  }
  return node;
}

// ---------------------------------------------------------------------------
// overrideMode: is a section locked for a file?

export type LockSource =
  | { readonly kind: 'declaration'; readonly declaration: SectionDeclaration; readonly chainFile?: ChainFile }
  | { readonly kind: 'location'; readonly chainFile: ChainFile; readonly location: LocationInfo; readonly attribute: XmlAttribute; readonly mode: 'Allow' | 'Deny' };

export interface LockState {
  readonly locked: boolean;
  /** What decided the state in effect. */
  readonly by: LockSource;
}

/** The mode a <location> sets: overrideMode, or the legacy allowOverride (true → Allow, false → Deny). */
export function locationMode(location: LocationInfo): { mode: 'Allow' | 'Deny'; attribute: XmlAttribute } | undefined {
  const om = getAttribute(location.element, 'overrideMode');
  if (om) {
    const v = om.value.trim().toLowerCase();
    return v === 'allow' ? { mode: 'Allow', attribute: om } : v === 'deny' ? { mode: 'Deny', attribute: om } : undefined;
  }
  const ao = getAttribute(location.element, 'allowOverride');
  if (ao) {
    const v = ao.value.trim().toLowerCase();
    return v === 'true' ? { mode: 'Allow', attribute: ao } : v === 'false' ? { mode: 'Deny', attribute: ao } : undefined;
  }
  return undefined;
}

/** The chain file whose <configSections> holds a declaration element. */
function declaringFile(chain: readonly ChainFile[], declaration: SectionDeclaration): ChainFile | undefined {
  const el = declaration.element;
  if (!el) return undefined;
  let root: XmlElement = el;
  while (root.parent) root = root.parent;
  return chain.find((f) => f.file.doc.root === root);
}

/**
 * The locations of a file that set overrideMode (or allowOverride), by the section paths they hold, then by their
 * lower-case path segments joined with '/': built once per file model.
 */
const modeIndexes = new WeakMap<ConfigFile, Map<string, Map<string, LocationInfo[]>>>();
function modeLocations(file: ConfigFile): Map<string, Map<string, LocationInfo[]>> {
  let index = modeIndexes.get(file);
  if (index) return index;
  index = new Map();
  for (const location of file.locations) {
    if (!locationMode(location)) continue;
    const key = locationSegments(location.path).map((x) => x.toLowerCase()).join('/');
    for (const section of file.parts.get(location.element)?.sections ?? []) {
      let byPath = index.get(section.path);
      if (!byPath) index.set(section.path, (byPath = new Map()));
      const list = byPath.get(key);
      if (!list) byPath.set(key, [location]);
      else if (list[list.length - 1] !== location) list.push(location);
    }
  }
  modeIndexes.set(file, index);
  return index;
}

/**
 * The lock state of a section for the file at `fileIndex` of the chain: the
 * declaration's overrideModeDefault, changed by every <location> with
 * overrideMode / allowOverride in a file above that contains the section and
 * targets the file's path or one above it, in merge order. A location in a
 * file for which the section is itself locked changes nothing (a level never
 * unlocks what a parent locked).
 */
export function sectionLockState(h: ConfigHierarchy, chain: readonly ChainFile[], fileIndex: number, sectionPath: string, declaration: SectionDeclaration): LockState {
  const at = chain[fileIndex].configPath;
  // overrideModeDefault locks the levels below the declaring file, not the file itself (bundled declarations: applicationHost.config's level).
  const declaredIn = declaringFile(chain, declaration);
  let state: LockState = {
    locked: declaration.overrideModeDefault === 'Deny' && !(declaredIn && declaredIn.index >= fileIndex),
    by: { kind: 'declaration', declaration, chainFile: declaredIn },
  };
  const events: Array<{ target: readonly string[]; chainFile: ChainFile; location: LocationInfo; mode: 'Allow' | 'Deny'; attribute: XmlAttribute }> = [];
  for (let g = 0; g < fileIndex; g++) {
    const chainFile = chain[g];
    // Only the locations whose path is a prefix of `at` (below the file's own path) can reach it: looked up by path in
    // the file's index of locations with an overrideMode, built once per file model (a hosting server's
    // applicationHost.config has thousands, and every web.config section asks).
    const byPath = modeLocations(chainFile.file).get(sectionPath);
    if (!byPath) continue;
    const base = chainFile.configPath.length;
    if (!isPrefixPath(chainFile.configPath, at)) continue;
    let key = '';
    for (let i = base; i <= at.length; i++) {
      if (i > base) key = i === base + 1 ? at[base].toLowerCase() : `${key}/${at[i - 1].toLowerCase()}`;
      for (const location of byPath.get(key) ?? []) {
        const m = locationMode(location)!;
        const target = targetOf(h, chainFile, location);
        if (!target || !reaches(h, location, target, at)) continue;
        events.push({ target, chainFile, location, ...m });
      }
    }
  }
  events.sort((a, b) => a.target.length - b.target.length || a.chainFile.index - b.chainFile.index || a.location.element.start - b.location.element.start);
  for (const e of events) {
    if (e.chainFile.index > 0 && sectionLockState(h, chain, e.chainFile.index, sectionPath, declaration).locked) continue;
    state = { locked: e.mode === 'Deny', by: { kind: 'location', chainFile: e.chainFile, location: e.location, attribute: e.attribute, mode: e.mode } };
  }
  return state;
}

// ---------------------------------------------------------------------------
// Words

/** Where an origin is, in words a message may use: "applicationHost.config, line 12", "this file, line 5" (no folders: the path goes to related information). */
export function describeOrigin(o: Origin): string {
  if (o.chainFile.builtIn) return `the assumed ${profileInfo(builtInProfileOf(o.chainFile.fileName)).assumption}`;
  return `${o.chainFile.current ? 'this file' : baseNameOf(o.chainFile.fileName)}, line ${lineOf(o.chainFile.text, o.start)}`;
}

/** Line indexes of the last few texts asked about (a large parent file is named by many findings). */
const lineIndexes: Array<{ readonly text: string; readonly index: LineIndex }> = [];

/** The 1-based line of an offset (a line index per text, kept for the last few texts: never a scan per call). */
export function lineOf(text: string, offset: number): number {
  let hit = lineIndexes.find((x) => x.text === text);
  if (!hit) {
    hit = { text, index: new LineIndex(text) };
    lineIndexes.unshift(hit);
    if (lineIndexes.length > 4) lineIndexes.pop();
  }
  return hit.index.positionAt(offset).line + 1;
}

/** The server profile a hierarchy assumes (no applicationHost.config was found), or undefined when it has a real one. */
export function assumedProfile(h: ConfigHierarchy | undefined): ProfileInfo | undefined {
  return h?.choice.source === 'default' ? profileInfo(h.choice.profile) : undefined;
}

/** The detail every verdict based on the built-in model carries (the hover shows it); '' with a real applicationHost.config. */
export function assumptionNote(h: ConfigHierarchy | undefined): string {
  const p = assumedProfile(h);
  return p
    ? `No applicationHost.config was found, so this assumes ${p.assumption} (${p.title}); set iisConfig.applicationHostPath or pass --app-host to use the real one, or iisConfig.serverProfile / --server to assume another server.`
    : '';
}

/** The short clause a message adds when its verdict rests on the assumed server profile ('' otherwise). */
export function assumedClause(h: ConfigHierarchy | undefined): string {
  const p = assumedProfile(h);
  return p ? ` (assuming ${p.assumption})` : '';
}

/** Related information pointing at a declaration's `<section>` element, in whichever file of the chain holds it. */
export function declarationRelated(h: ConfigHierarchy | undefined, current: { fileName: string; text: string; file: ConfigFile }, declaration: SectionDeclaration, message: string): RelatedInformation | undefined {
  const el = declaration.element;
  if (!el) return undefined;
  let root: XmlElement = el;
  while (root.parent) root = root.parent;
  if (current.file.doc.root === root) return { message, start: el.start, end: el.startTagEnd };
  const f = h ? [h.appHost, ...h.parents].find((x) => x.file.doc.root === root) : undefined;
  return f && !f.builtIn ? { message, start: el.start, end: el.startTagEnd, file: f.fileName } : undefined;
}

/** Related information for an origin (none for the built-in model, which has no file to open). */
export function relatedAt(o: Origin, message: string): { message: string; start: number; end: number; file?: string } | undefined {
  if (o.chainFile.builtIn) return undefined;
  return { message, start: o.start, end: o.end, ...(o.chainFile.current ? {} : { file: o.chainFile.fileName }) };
}
