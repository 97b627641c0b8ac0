/**
 * The URL Rewrite configuration in effect at a configuration path: the
 * server's global rules, the distributed rules merged down the hierarchy
 * (parents first, `<clear>` and `<remove>` applied, each rule with the URL
 * path of the level it is written for), and the rewrite maps and providers.
 * Built once per path from the files of a hierarchy (inheritance.ts), for the
 * rule engine (rewrite/engine.ts): the URL test and the redirect-loop rule.
 */
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import type { SchemaRegistry } from '../iis/schemaLoader';
import { getAttribute } from '../syntax/xml';
import { ChainFile, Contribution, contributionsAt, instancesByLocation, mergeSection } from './inheritance';
import { LineIndex } from '../syntax/lineIndex';
import type { EngineRule } from '../rewrite/engine';
import { REWRITE_SECTIONS, RewriteMapDef, readInboundRule, readRewriteMap, ruleElements } from '../rewrite/model';

export interface RewriteScope {
  readonly global: EngineRule[];
  readonly distributed: EngineRule[];
  readonly maps: Map<string, RewriteMapDef>;
  readonly providers: Set<string>;
}

/** URL path of a configuration path ([site, ...segments] → '/segments'). */
export function urlOfConfigPath(configPath: readonly string[]): string {
  return '/' + configPath.slice(1).join('/');
}

function contributionOf(contributions: readonly Contribution[], chainFile: ChainFile, offset: number): Contribution | undefined {
  return contributions.find((c) => c.chainFile === chainFile && c.section.element.start <= offset && offset < c.section.element.end);
}

/** Line indexes of the texts of the files (built once per text: a large file has thousands of rules). */
const lineIndexes = new WeakMap<object, { text: string; index: LineIndex }>();
function lineOf(f: ChainFile, offset: number): number {
  let e = lineIndexes.get(f.file);
  if (!e || e.text !== f.text) lineIndexes.set(f.file, (e = { text: f.text, index: new LineIndex(f.text) }));
  return e.index.positionAt(offset).line + 1;
}

/** The rewrite configuration in effect at `at` for the files of `chain`. */
export function rewriteScopeAt(h: ConfigHierarchy, chain: readonly ChainFile[], at: readonly string[], schema: SchemaRegistry): RewriteScope {
  const displayName = (f: ChainFile) => (f.current ? '' : f.fileName);
  const globalRules: EngineRule[] = [];
  const server = chain[0];
  if (server && server.file.kind === 'applicationHost') {
    // The server's own <globalRules> (not in a <location>), from the file's index (not a scan of all its sections).
    for (const s of instancesByLocation(server.file, REWRITE_SECTIONS.globalRules).get('') ?? []) {
      if (s.location) continue;
      for (const el of ruleElements(s.element)) {
        globalRules.push({ rule: readInboundRule(el), phase: 'global', base: '/', file: displayName(server), line: lineOf(server, el.start) });
      }
    }
  }
  const contributions = contributionsAt(h, chain, REWRITE_SECTIONS.rules, at);
  const merged = mergeSection(REWRITE_SECTIONS.rules, contributions, schema);
  const distributed: EngineRule[] = [];
  for (const e of merged.entries) {
    const c = contributionOf(contributions, e.origin.chainFile, e.element.start);
    const base = c ? urlOfConfigPath(c.target) : '/';
    distributed.push({ rule: readInboundRule(e.element), phase: 'distributed', base, file: displayName(e.origin.chainFile), line: lineOf(e.origin.chainFile, e.element.start) });
  }
  const maps = new Map<string, RewriteMapDef>();
  const mapContributions = contributionsAt(h, chain, REWRITE_SECTIONS.rewriteMaps, at);
  for (const e of mergeSection(REWRITE_SECTIONS.rewriteMaps, mapContributions, schema).entries) {
    const m = readRewriteMap(e.element);
    maps.set(m.name.toLowerCase(), m);
  }
  const providers = new Set<string>();
  for (const e of mergeSection(REWRITE_SECTIONS.providers, contributionsAt(h, chain, REWRITE_SECTIONS.providers, at), schema).entries) {
    const name = getAttribute(e.element, 'name')?.value;
    if (name) providers.add(name.toLowerCase());
  }
  return { global: globalRules, distributed, maps, providers };
}
