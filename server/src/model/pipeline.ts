/**
 * The request pipeline at a configuration path: the `<modules>` and
 * `<handlers>` in effect there, merged down the hierarchy the way IIS merges
 * them (`<clear>` drops what came before, `<remove>` drops one entry; modules
 * append, handlers put the deeper level's entries first: mergeAppend="false"),
 * with each entry's preCondition kept; and which handler serves a file name
 * and verb: the first entry, in that order, whose path and verb match and
 * whose preconditions the pool satisfies.
 *
 * Pure: works on the chain of parsed files (hierarchy/chain.ts).
 */
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import { ChainFile, contributionsAt } from '../hierarchy/chain';
import { XmlElement, childElements, getAttribute } from '../syntax/xml';
import { MANAGED_PIPELINE_HANDLER } from '../iis/addOns';
import { PRECONDITIONS } from '../iis/serverFacts';
import { AppPool, bitness, pipelineMode, runtimeVersion } from './serverModel';

export interface PipelineEntry {
  readonly name: string;
  readonly element: XmlElement;
  readonly chainFile: ChainFile;
  readonly preCondition: string | undefined;
}

export interface ModuleEntry extends PipelineEntry {
  /** The .NET type of a managed module; undefined for a native module (registered in `<globalModules>`). */
  readonly type: string | undefined;
}

export interface HandlerEntry extends PipelineEntry {
  readonly path: string;
  readonly verb: string;
  readonly type: string | undefined;
  /** The modules attribute, with the schema default (ManagedPipelineHandler) when absent. */
  readonly modules: string;
  readonly modulesWritten: boolean;
  readonly scriptProcessor: string | undefined;
  readonly resourceType: string | undefined;
}

export interface EffectiveList<T> {
  readonly entries: readonly T[];
  /** The list starts at a real applicationHost.config (false: the built-in default model is assumed). */
  readonly fromRealServer: boolean;
}

const SECTION_MODULES = 'system.webServer/modules';
const SECTION_HANDLERS = 'system.webServer/handlers';

/**
 * The entries of a collection section (entries as direct children: modules,
 * handlers, httpModules, httpHandlers) in effect at `at`. `key` names an
 * entry for `<remove>`; `append` false puts each deeper level's entries first.
 */
export function effectiveCollection<T extends { readonly element: XmlElement }>(
  h: ConfigHierarchy, chain: readonly ChainFile[], sectionPath: string, at: readonly string[],
  read: (el: XmlElement, chainFile: ChainFile) => T | undefined, key: (el: XmlElement) => string | undefined, append: boolean,
): T[] {
  let entries: Array<{ key: string | undefined; value: T }> = [];
  for (const c of contributionsAt(h, chain, sectionPath, at)) {
    if (getAttribute(c.section.element, 'configSource')) continue;
    const locals: Array<{ key: string | undefined; value: T }> = [];
    let kept = entries;
    for (const e of childElements(c.section.element)) {
      if (e.name === 'clear') { kept = []; locals.length = 0; continue; }
      if (e.name === 'remove') {
        const k = key(e);
        kept = kept.filter((x) => x.key !== k);
        for (let i = locals.length - 1; i >= 0; i--) if (locals[i].key === k) locals.splice(i, 1);
        continue;
      }
      if (e.name !== 'add') continue;
      const value = read(e, c.chainFile);
      if (value) locals.push({ key: key(e), value });
    }
    entries = append ? [...kept, ...locals] : [...locals, ...kept];
  }
  return entries.map((e) => e.value);
}

/** The `<modules>` in effect at a configuration path. */
export function modulesAt(h: ConfigHierarchy, chain: readonly ChainFile[], at: readonly string[]): EffectiveList<ModuleEntry> {
  const entries = effectiveCollection(h, chain, SECTION_MODULES, at, (el, chainFile) => ({
    name: getAttribute(el, 'name')?.value ?? '', element: el, chainFile,
    preCondition: getAttribute(el, 'preCondition')?.value, type: getAttribute(el, 'type')?.value,
  }), (el) => getAttribute(el, 'name')?.value, true);
  return { entries, fromRealServer: !h.appHost.builtIn };
}

/** The `<handlers>` in effect at a configuration path, in the order IIS tries them. */
export function handlersAt(h: ConfigHierarchy, chain: readonly ChainFile[], at: readonly string[]): EffectiveList<HandlerEntry> {
  const entries = effectiveCollection(h, chain, SECTION_HANDLERS, at, readHandler, (el) => getAttribute(el, 'name')?.value, false);
  return { entries, fromRealServer: !h.appHost.builtIn };
}

export function readHandler(el: XmlElement, chainFile: ChainFile): HandlerEntry {
  const modules = getAttribute(el, 'modules');
  return {
    name: getAttribute(el, 'name')?.value ?? '', element: el, chainFile,
    preCondition: getAttribute(el, 'preCondition')?.value,
    path: getAttribute(el, 'path')?.value ?? '', verb: getAttribute(el, 'verb')?.value ?? '',
    type: getAttribute(el, 'type')?.value, modules: modules?.value ?? MANAGED_PIPELINE_HANDLER, modulesWritten: !!modules,
    scriptProcessor: getAttribute(el, 'scriptProcessor')?.value, resourceType: getAttribute(el, 'resourceType')?.value,
  };
}

/** The module names a handler lists ("StaticFileModule,DefaultDocumentModule"). */
export function handlerModules(h: HandlerEntry): string[] {
  return h.modules.split(',').map((s) => s.trim()).filter(Boolean);
}

// ---------------------------------------------------------------------------
// Preconditions

export interface PreconditionResult {
  /** true: all met; false: one is not; undefined: the pool is unknown, so it cannot be told. */
  readonly met: boolean | undefined;
  /** The conditions the pool does not meet. */
  readonly unmet: readonly string[];
}

/** Does `pool` satisfy a preCondition list ("integratedMode,runtimeVersionv4.0,bitness64")? Unknown tokens are ignored. */
export function preconditionsMet(preCondition: string | undefined, pool: AppPool | undefined): PreconditionResult {
  const tokens = (preCondition ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!tokens.length) return { met: true, unmet: [] };
  if (!pool) return { met: undefined, unmet: [] };
  const unmet: string[] = [];
  const mode = pipelineMode(pool);
  const runtime = runtimeVersion(pool);
  for (const t of tokens) {
    const fact = (PRECONDITIONS as Record<string, { pipeline?: string; runtime?: string; bitness?: number }>)[t];
    if (!fact) continue;
    if (fact.pipeline && mode && fact.pipeline !== mode) unmet.push(t);
    if (fact.runtime && fact.runtime !== runtime) unmet.push(t);
    if (fact.bitness && fact.bitness !== bitness(pool)) unmet.push(t);
  }
  return { met: unmet.length === 0, unmet };
}

// ---------------------------------------------------------------------------
// Which handler serves a request

/** Does a handler's path pattern match a request (IIS: `*` wildcards; `*.` is "no extension"; no '/' matches the file name)? */
export function handlerPathMatches(pattern: string, fileName: string, urlPath: string): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  const target = p.includes('/') ? urlPath.replace(/^\/+/, '') : fileName;
  if (p === '*.') return !target.includes('.');
  const re = new RegExp('^' + p.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*') + '$', 'i');
  return re.test(target);
}

export function handlerVerbMatches(verbs: string, verb: string): boolean {
  return verbs.split(',').map((v) => v.trim()).some((v) => v === '*' || v.toUpperCase() === verb.toUpperCase());
}

export interface HandlerChoice {
  readonly handler: HandlerEntry | undefined;
  /** Entries before it whose path and verb matched but whose preconditions the pool does not meet. */
  readonly skipped: ReadonlyArray<{ readonly handler: HandlerEntry; readonly unmet: readonly string[] }>;
  /** The choice depends on preconditions that cannot be checked (the pool is unknown). */
  readonly uncertain: boolean;
}

/** The handler IIS picks for a file name and verb, given the pool (undefined: unknown; preconditions are then not applied). */
export function selectHandler(handlers: readonly HandlerEntry[], request: { fileName: string; urlPath: string; verb: string }, pool: AppPool | undefined): HandlerChoice {
  const skipped: Array<{ handler: HandlerEntry; unmet: readonly string[] }> = [];
  let uncertain = false;
  for (const h of handlers) {
    if (!handlerPathMatches(h.path, request.fileName, request.urlPath) || !handlerVerbMatches(h.verb, request.verb)) continue;
    const pre = preconditionsMet(h.preCondition, pool);
    if (pre.met === false) { skipped.push({ handler: h, unmet: pre.unmet }); continue; }
    if (pre.met === undefined) uncertain = true;
    return { handler: h, skipped, uncertain };
  }
  return { handler: undefined, skipped, uncertain };
}

/** The modules of the pipeline that run for a pool (preconditions applied; `managedHandler` modules run only for managed handlers). */
export function modulesForRequest(modules: readonly ModuleEntry[], pool: AppPool | undefined, handler: HandlerEntry | undefined, runAllManaged: boolean): Array<{ module: ModuleEntry; runs: boolean | undefined; why?: string }> {
  const managedHandler = !!handler && (handler.type !== undefined || handlerModules(handler).includes(MANAGED_PIPELINE_HANDLER));
  return modules.map((module) => {
    const tokens = (module.preCondition ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (tokens.includes('managedHandler') && !managedHandler && !runAllManaged) return { module, runs: false, why: 'managedHandler: runs only for requests a managed handler serves' };
    const pre = preconditionsMet(module.preCondition, pool);
    if (pre.met === false) return { module, runs: false, why: `precondition ${pre.unmet.join(', ')} not met by the pool` };
    return { module, runs: pre.met };
  });
}
