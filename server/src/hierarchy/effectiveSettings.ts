/**
 * Effective settings inside one configuration file: for a path the file
 * configures (its own level, and every `<location path>`), which value of an
 * attribute IIS ends up with, and from where — the deepest setting on the
 * path's chain wins, as in IIS's merge.
 *
 * - In an applicationHost.config the chain is complete: what no level sets is
 *   the schema default (machine.config carries no system.webServer).
 * - In a web.config what the file does not set is inherited from files that
 *   are not in view: the value is `unknown`, and callers must not guess.
 *
 * Paths are compared by segment, case-insensitively (as IIS compares them).
 * A `<location inheritInChildApplications="false">` stops at child
 * applications when the sites model says the path is in another application.
 *
 * Pure: built from a ConfigFile and a schema.
 */
import type { ConfigFile, LocationInfo, SectionInstance } from './configFile';
import type { ResolvedLevel } from './levels';
import { XmlAttribute, XmlElement, getAttribute, childElements } from '../syntax/xml';
import { SchemaRegistry, attributeSchema, effectiveDefault } from '../iis/schemaLoader';
import { trimEndChars, trimStartChars } from '../util/strings';

/** A path the file configures: '' (the file's own level) or a location path. */
export interface Scope {
  /** Normalised path: no leading/trailing slashes or dots, lower case; '' for the file's own level. */
  readonly key: string;
  /** The location path as first written ('' for the file's own level). */
  readonly path: string;
  readonly level: ResolvedLevel;
  /** The first `<location>` for the path (undefined for the file's own level). */
  readonly location?: LocationInfo;
}

export type SettingValue =
  /** Set by `instance` (attribute `attribute`), or the schema default when `instance` is undefined. */
  | { readonly known: true; readonly value: string; readonly instance?: SectionInstance; readonly attribute?: XmlAttribute }
  /** Inherited from a file that is not in view. */
  | { readonly known: false };

export interface EffectiveEntries {
  /** The `<add>` elements in effect, outermost level first. */
  readonly entries: readonly XmlElement[];
  /** False when entries inherited from files not in view may add to the list. */
  readonly complete: boolean;
}

export type InstanceFilter = (section: SectionInstance) => boolean;

export function normalizeScopeKey(path: string): string {
  return trimEndChars(trimStartChars(path.replace(/\\/g, '/'), '/.'), '/').replace(/\/+/g, '/').toLowerCase();
}

/** A segment of scope keys: the scope whose key ends here, the scopes at or below it, the next segments. */
interface KeyNode {
  scope?: Scope;
  readonly below: Scope[];
  readonly children: Map<string, KeyNode>;
}

function newKeyNode(): KeyNode {
  return { below: [], children: new Map() };
}

export class EffectiveSettings {
  /** Every scope of the file, the file's own level first, then in document order. */
  readonly scopes: readonly Scope[];
  /** The file is the root of the chain (applicationHost.config): unset means schema default. */
  readonly complete: boolean;
  private byScope = new Map<string, SectionInstance[]>();
  private chains = new Map<string, Scope[]>();
  /**
   * Scopes by key, and a tree of the keys' segments holding the scope of each key and the scopes at or below it (in
   * scope order): lookups without scanning all scopes, and without a string per prefix (a key of a million segments
   * costs linear time).
   */
  private byKey = new Map<string, Scope>();
  private keyTree: KeyNode = newKeyNode();
  /** Section instances by scope key and section path; scope keys by <location> (each normalised once). */
  private byScopePath = new Map<string, Map<string, SectionInstance[]>>();
  private locationKeys = new Map<LocationInfo, string>();

  /**
   * `basis`: the settings of the previous version of the same file (incremental analysis). When the file has the
   * same locations (the same objects, in the same order: nothing changed outside their content), the scopes and
   * what is derived from them alone are taken over, and only the sections are indexed again.
   */
  constructor(readonly file: ConfigFile, private readonly schema: SchemaRegistry, basis?: EffectiveSettings) {
    this.complete = file.kind === 'applicationHost';
    if (basis && basis.schema === schema && basis.file.fileLevel === file.fileLevel && basis.file.kind === file.kind && sameItems(basis.file.locations, file.locations)) {
      this.scopes = basis.scopes;
      this.byKey = basis.byKey;
      this.keyTree = basis.keyTree;
      this.chains = basis.chains;
      this.locationKeys = basis.locationKeys;
      this.locationsByKey = basis.locationsByKey;
      const delta = file.delta;
      if (delta && basis.file === file.basis) {
        // The same locations; only the sections of the scopes whose top-level elements changed are indexed again.
        const keys = new Set<string>();
        if (delta.structural) keys.add(''); // elements outside any <location> came or went
        for (const el of delta.changed) {
          const loc = file.parts.get(el)?.location;
          keys.add(loc ? this.keyOfLocation(loc) : '');
        }
        this.byScope = basis.byScope;
        this.byScopePath = basis.byScopePath;
        for (const key of keys) this.indexScope(file, key);
        this.changedKeys = keys;
        return;
      }
    } else {
      this.scopes = this.buildScopes(file);
    }
    this.indexSections(file);
  }

  /**
   * The scope keys whose sections (or whose scopes' content) may differ from the `basis` this was derived from;
   * 'all' when it was built from scratch. Rules that cache per scope recompute the scopes at, above and below these.
   */
  readonly changedKeys: ReadonlySet<string> | 'all' = 'all';
  /** The locations of each scope key, in document order. */
  private locationsByKey = new Map<string, LocationInfo[]>();

  private keyOfLocation(l: LocationInfo): string {
    return this.locationKeys.get(l) ?? normalizeScopeKey(l.path);
  }

  /** Index the sections of one scope again, in document order (its top-level parts, and the file's own for ''). */
  private indexScope(file: ConfigFile, key: string): void {
    const parts: Array<{ start: number; sections: readonly SectionInstance[] }> = [];
    if (key === '') for (const p of file.ownParts) parts.push({ start: p.sections[0]?.element.start ?? 0, sections: p.sections });
    for (const l of this.locationsByKey.get(key) ?? []) {
      const p = file.parts.get(l.element);
      if (p) parts.push({ start: l.element.start, sections: p.sections });
    }
    parts.sort((a, b) => a.start - b.start);
    const list: SectionInstance[] = [];
    const byPath = new Map<string, SectionInstance[]>();
    for (const p of parts) {
      for (const x of p.sections) {
        list.push(x);
        const same = byPath.get(x.path);
        if (same) same.push(x); else byPath.set(x.path, [x]);
      }
    }
    if (list.length) { this.byScope.set(key, list); this.byScopePath.set(key, byPath); }
    else { this.byScope.delete(key); this.byScopePath.delete(key); }
  }

  private buildScopes(file: ConfigFile): Scope[] {
    const scopes: Scope[] = [{ key: '', path: '', level: file.fileLevel }];
    const seen = new Set(['']);
    for (const l of file.locations) {
      const key = normalizeScopeKey(l.path);
      this.locationKeys.set(l, key);
      const same = this.locationsByKey.get(key);
      if (same) same.push(l); else this.locationsByKey.set(key, [l]);
      if (seen.has(key)) continue;
      seen.add(key);
      scopes.push({ key, path: l.path, level: l.level, location: l });
    }
    for (const s of scopes) {
      this.byKey.set(s.key, s);
      if (s.key === '') continue;
      let node = this.keyTree;
      for (const part of s.key.split('/')) {
        let next = node.children.get(part);
        if (!next) node.children.set(part, (next = newKeyNode()));
        node = next;
        node.below.push(s);
      }
      node.scope ??= s;
    }
    return scopes;
  }

  private indexSections(file: ConfigFile): void {
    for (const s of file.sections) {
      const key = this.keyOf(s);
      const list = this.byScope.get(key) ?? [];
      list.push(s);
      this.byScope.set(key, list);
      let byPath = this.byScopePath.get(key);
      if (!byPath) this.byScopePath.set(key, (byPath = new Map()));
      const same = byPath.get(s.path);
      if (same) same.push(s); else byPath.set(s.path, [s]);
    }
  }

  scope(key: string): Scope | undefined {
    return this.byKey.get(key);
  }

  /** Key of the scope a section instance belongs to. */
  keyOf(section: SectionInstance): string {
    if (!section.location) return '';
    return this.locationKeys.get(section.location) ?? normalizeScopeKey(section.location.path);
  }

  /** Instances of a section set exactly at `key`, in document order. */
  instancesAt(sectionPath: string, key: string): SectionInstance[] {
    const list = this.byScopePath.get(key)?.get(sectionPath);
    return list ? list.slice() : [];
  }

  /** Every section instance at `key`. */
  allAt(key: string): readonly SectionInstance[] {
    return this.byScope.get(key) ?? [];
  }

  /** The scopes whose settings reach `key`, outermost first (ending with `key` itself when it is a scope). */
  chain(key: string): Scope[] {
    const cached = this.chains.get(key);
    if (cached) return cached;
    const target = this.scope(key);
    // The scopes whose key is `key` or a segment prefix of it, outermost first (one per depth): found by key, not by
    // comparing with every scope (a hosting server's file has thousands).
    const candidates: Scope[] = [];
    const own = this.byKey.get('');
    if (own) candidates.push(own);
    if (key !== '') candidates.push(...this.scopesOnPath(key));
    const chain = candidates
      .filter((s) => isUnder(key, s.key) && (s.key === key || !target || inheritsInto(s, target)))
      .sort((a, b) => depth(a.key) - depth(b.key));
    this.chains.set(key, chain);
    return chain;
  }

  /** Scopes whose key is a segment prefix of `key` (the file's own level '' included), outermost first. */
  above(key: string): Scope[] {
    const out: Scope[] = [];
    const own = this.byKey.get('');
    if (own) out.push(own);
    if (key === '') return out;
    out.push(...this.scopesOnPath(key));
    return out;
  }

  /** The scopes whose key is `key` or a segment prefix of it (not ''), outermost first: one walk down the key tree. */
  private scopesOnPath(key: string): Scope[] {
    const out: Scope[] = [];
    let node: KeyNode | undefined = this.keyTree;
    for (const part of key.split('/')) {
      node = node.children.get(part);
      if (!node) break;
      if (node.scope) out.push(node.scope);
    }
    return out;
  }

  /** The node of `key` in the key tree, if a scope key starts with it. */
  private keyNode(key: string): KeyNode | undefined {
    let node: KeyNode | undefined = this.keyTree;
    for (const part of key.split('/')) {
      node = node.children.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  /** Scopes at `key` or below it (for '' every scope of the file). */
  subtree(key: string): Scope[] {
    if (key === '') return this.scopes.slice();
    return this.keyNode(key)?.below.slice() ?? [];
  }

  /**
   * The value of `attribute` on the section element of `sectionPath` in effect at `key`:
   * the deepest instance on the chain that writes it (instances for which `skip` is true are
   * passed over), else the schema default (applicationHost.config) or unknown (web.config).
   */
  attribute(sectionPath: string, attribute: string, key: string, skip?: InstanceFilter): SettingValue {
    const chain = this.chain(key);
    for (let i = chain.length - 1; i >= 0; i--) {
      const list = this.instancesAt(sectionPath, chain[i].key);
      for (let j = list.length - 1; j >= 0; j--) {
        if (skip?.(list[j])) continue;
        const a = getAttribute(list[j].element, attribute);
        if (a) return { known: true, value: a.value, instance: list[j], attribute: a };
      }
    }
    return this.defaultOf(sectionPath, attribute);
  }

  /** The schema default of a section attribute (unknown in a web.config, where a parent may set it). */
  defaultOf(sectionPath: string, attribute: string): SettingValue {
    if (!this.complete) return { known: false };
    const node = this.schema.node(sectionPath);
    const attr = node && attributeSchema(node, attribute);
    const value = attr ? effectiveDefault(attr) : undefined;
    return value === undefined ? { known: false } : { known: true, value };
  }

  /**
   * The `<add>` entries of the collection in child element `collection` of the section,
   * in effect at `key`: entries of every level on the chain, `<clear>` dropping what came before.
   */
  entries(sectionPath: string, collection: string, key: string, skip?: InstanceFilter): EffectiveEntries {
    let entries: XmlElement[] = [];
    let complete = this.complete;
    for (const scope of this.chain(key)) {
      for (const inst of this.instancesAt(sectionPath, scope.key)) {
        if (skip?.(inst)) continue;
        for (const c of childElements(inst.element)) {
          if (c.name !== collection) continue;
          for (const d of childElements(c)) {
            if (d.name === 'clear') { entries = []; complete = true; }
            else if (d.name === 'add') entries.push(d);
          }
        }
      }
    }
    return { entries, complete };
  }

  /** Instances of a section anywhere on the chain of `key` (outermost first). */
  instancesOnChain(sectionPath: string, key: string): SectionInstance[] {
    return this.chain(key).flatMap((s) => this.instancesAt(sectionPath, s.key));
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function depth(key: string): number {
  return key === '' ? 0 : key.split('/').length;
}

/** Is `key` equal to or below `ancestor` (segment-wise)? */
export function isUnder(key: string, ancestor: string): boolean {
  return ancestor === '' || key === ancestor || key.startsWith(ancestor + '/');
}

/**
 * Do the settings of `from` reach `to`? Not when `from` is a location with
 * inheritInChildApplications="false" and `to` is known to be in another application.
 */
function inheritsInto(from: Scope, to: Scope): boolean {
  const attr = from.location && getAttribute(from.location.element, 'inheritInChildApplications');
  if (!attr || attr.value.trim().toLowerCase() !== 'false') return true;
  const toApp = to.level.application;
  if (toApp === undefined) return true; // not known: assume it inherits
  return toApp.toLowerCase() === (from.level.application ?? '/').toLowerCase();
}
