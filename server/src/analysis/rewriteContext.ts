/**
 * What the URL Rewrite rules share about the analysed file: the chain of
 * configuration files it is read with (the hierarchy's files plus the file
 * itself; an applicationHost.config is its own chain), the configuration
 * path each rewrite section applies to, the names defined anywhere in that
 * chain (rewrite maps, providers, pre-conditions, custom tags, server
 * variables that rules set), and offsets inside attribute values. Built once
 * per analysis.
 */
import type { RuleContext } from './rules/rule';
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import { builtInAppHost } from '../hierarchy/hierarchy';
import type { SectionInstance } from '../hierarchy/configFile';
import { STANDALONE_WEB_CONFIG_LEVEL } from '../hierarchy/levels';
import { XmlAttribute, childElements, getAttribute } from '../syntax/xml';
import { ChainFile, chainOf, instancesByLocation, targetOf as contributionTarget } from './inheritance';
import { REWRITE_SECTIONS, outboundCollections } from '../rewrite/model';

export interface RewriteContext {
  readonly h: ConfigHierarchy;
  readonly chain: readonly ChainFile[];
  /** The analysed file in the chain. */
  readonly current: ChainFile;
  /** A real hierarchy is in view (a web.config with its hierarchy, or an applicationHost.config). */
  readonly known: boolean;
  /** The applicationHost.config in effect is the built-in default model. */
  readonly assumedDefault: boolean;
  /** The configuration path a section of the analysed file applies to. */
  targetOf(section: SectionInstance): readonly string[];
  /** Names defined anywhere in the chain (lower case). */
  readonly maps: ReadonlySet<string>;
  readonly providers: ReadonlySet<string>;
  readonly preConditions: ReadonlySet<string>;
  readonly customTags: ReadonlySet<string>;
  /** Server variables some rule of the chain sets (upper case, '-' as '_'). */
  readonly setVariables: ReadonlySet<string>;
  /** Display names (as written) of the above, for suggestions. */
  readonly mapNames: readonly string[];
  readonly preConditionNames: readonly string[];
  readonly customTagNames: readonly string[];
}

const cache = new WeakMap<RuleContext['file'], RewriteContext>();

export const REWRITE_PATHS: ReadonlySet<string> = new Set(Object.values(REWRITE_SECTIONS));

/**
 * Whether the file has an instance of a URL Rewrite section path, by the path's version token (ConfigFile.versions: the
 * same object while no instance of the path comes, goes or changes), so an edit elsewhere does not scan the sections.
 */
const rewritePresence = new WeakMap<object, boolean>();

/** Does the file have any URL Rewrite section? */
export function hasRewrite(ctx: RuleContext): boolean {
  const file = ctx.file;
  let any = false, missing = false;
  for (const p of REWRITE_PATHS) {
    const v = rewritePresence.get(file.versions.of(p));
    if (v === undefined) { missing = true; break; }
    if (v) any = true;
  }
  if (!missing) return any;
  const present = new Set<string>();
  for (const s of file.sections) if (REWRITE_PATHS.has(s.path)) present.add(s.path);
  for (const p of REWRITE_PATHS) rewritePresence.set(file.versions.of(p), present.has(p));
  return present.size > 0;
}

export function rewriteContext(ctx: RuleContext): RewriteContext {
  const hit = cache.get(ctx.file);
  if (hit) return hit;
  const me = { fileName: ctx.context.fileName, text: ctx.text, file: ctx.file };
  let h: ConfigHierarchy;
  let chain: ChainFile[];
  let known = true;
  if (ctx.file.kind === 'applicationHost') {
    const appHost = { ...me, configPath: [] as string[], builtIn: false };
    h = {
      choice: { source: 'cli', path: ctx.context.fileName, reason: 'this file', inWorkspace: false }, appHost, parents: [], configPath: [], mapped: true,
      fileLevel: ctx.file.fileLevel, levelReason: 'applicationHost.config', sites: ctx.file.sites, declarations: ctx.file.declarations, applications: [],
    };
    chain = chainOf(h).map((f) => ({ ...f, current: true }));
  } else if (ctx.context.hierarchy) {
    h = ctx.context.hierarchy;
    chain = chainOf(h, me);
  } else {
    known = false;
    const appHost = builtInAppHost();
    h = {
      choice: { source: 'default', reason: 'no hierarchy', inWorkspace: false }, appHost, parents: [], configPath: ['Site'], mapped: false,
      fileLevel: STANDALONE_WEB_CONFIG_LEVEL, levelReason: 'read on its own', declarations: ctx.file.declarations, applications: [],
    };
    chain = chainOf(h, me);
  }
  const current = chain[chain.length - 1];
  const maps = new Set<string>(), providers = new Set<string>(), preConditions = new Set<string>(), customTags = new Set<string>(), setVariables = new Set<string>();
  const mapNames: string[] = [], preConditionNames: string[] = [], customTagNames: string[] = [];
  for (const f of chain) {
    // The file's rewrite sections from its per-path indexes (a large applicationHost.config is not scanned), in
    // document order.
    const instances: SectionInstance[] = [];
    for (const p of REWRITE_PATHS) for (const list of instancesByLocation(f.file, p).values()) instances.push(...list);
    instances.sort((a, b) => a.element.start - b.element.start);
    for (const s of instances) {
      if (s.path === REWRITE_SECTIONS.rewriteMaps || s.path === REWRITE_SECTIONS.providers) {
        for (const c of childElements(s.element)) {
          const name = getAttribute(c, 'name')?.value;
          if (!name) continue;
          if (c.name === 'rewriteMap') { maps.add(name.toLowerCase()); mapNames.push(name); }
          else if (c.name === 'provider') providers.add(name.toLowerCase());
        }
      } else if (s.path === REWRITE_SECTIONS.outboundRules) {
        const o = outboundCollections(s.element);
        for (const p of o.preConditions) if (p.name) { preConditions.add(p.name.toLowerCase()); preConditionNames.push(p.name); }
        for (const t of o.customTags) { const n = getAttribute(t, 'name')?.value; if (n) { customTags.add(n.toLowerCase()); customTagNames.push(n); } }
      } else if (s.path === REWRITE_SECTIONS.rules || s.path === REWRITE_SECTIONS.globalRules) {
        for (const r of childElements(s.element)) {
          if (r.name !== 'rule') continue;
          for (const sv of childElements(r)) {
            if (sv.name !== 'serverVariables') continue;
            for (const set of childElements(sv)) {
              const n = set.name === 'set' ? getAttribute(set, 'name')?.value : undefined;
              if (n) setVariables.add(n.trim().toUpperCase().replace(/-/g, '_'));
            }
          }
        }
      }
    }
  }
  const rc: RewriteContext = {
    h, chain, current, known, assumedDefault: h.appHost.builtIn && ctx.file.kind !== 'applicationHost',
    targetOf: (section) => contributionTarget(h, current, section.location) ?? [...current.configPath],
    maps, providers, preConditions, customTags, setVariables, mapNames, preConditionNames, customTagNames,
  };
  cache.set(ctx.file, rc);
  return rc;
}

/**
 * The offset in the document of the character at `index` of an attribute's
 * decoded value (entity references and line ends count as written);
 * `index === value.length` gives the end of the raw value.
 */
export function valueOffset(attr: XmlAttribute, index: number): number {
  const raw = attr.rawValue;
  let decoded = 0;
  let i = 0;
  while (i < raw.length && decoded < index) {
    if (raw[i] === '&') {
      const semi = raw.indexOf(';', i);
      if (semi > i && /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*)$/.test(raw.slice(i, semi))) {
        const body = raw.slice(i + 1, semi);
        let cp = 0;
        if (body[0] === '#') cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        decoded += cp > 0xffff ? 2 : 1;
        i = semi + 1;
        continue;
      }
    }
    if (raw[i] === '\r' && raw[i + 1] === '\n') { i += 2; decoded++; continue; }
    i++;
    decoded++;
  }
  return attr.valueStart + i;
}

/** A range inside an attribute value, from decoded indexes. */
export function valueRange(attr: XmlAttribute, start: number, end: number): { start: number; end: number } {
  const s = valueOffset(attr, start);
  return { start: s, end: Math.max(s + (end > start ? 1 : 0), valueOffset(attr, end)) };
}
