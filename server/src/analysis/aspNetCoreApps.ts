/**
 * Which applications run ASP.NET Core, and how: for an application of the
 * server model, the `<aspNetCore>` settings and the ASP.NET Core Module
 * handler in effect at its root, from the applicationHost.config (its
 * `<location>` elements, as Visual Studio writes them for IIS Express) and the
 * application's own web.config (the analysed file's chain, or the hierarchy's
 * `peer` reader for other applications).
 *
 * The applicationHost.config's contributions are indexed once per analysis by
 * target path, so asking for every application of a hosting server stays
 * linear in its size.
 */
import type { ConfigHierarchy, HierarchyFile } from '../hierarchy/hierarchy';
import { ChainFile, Contribution, contributionsAt, reaches, targetOf } from '../hierarchy/chain';
import { isPrefixPath } from '../hierarchy/physicalPaths';
import { XmlAttribute, childElements, getAttribute } from '../syntax/xml';
import { ApplicationModel } from '../model';
import { ANCM_V1, ANCM_V2 } from '../iis/serverFacts';
import type { ServerView } from './serverView';

const ASPNETCORE = 'system.webServer/aspNetCore';
const HANDLERS = 'system.webServer/handlers';

export interface AncmApp {
  readonly app: ApplicationModel;
  /** The ASP.NET Core Module version its handler names. */
  readonly module: 'v1' | 'v2';
  /** In process: hostingModel inprocess with the V2 module. */
  readonly inProcess: boolean;
  /** The hostingModel attribute in effect, and the file it is in. */
  readonly hostingModel?: { readonly attribute: XmlAttribute; readonly chainFile: ChainFile };
  /** The handler entry, and its file. */
  readonly handler: { readonly element: { start: number; end: number; startTagEnd: number }; readonly chainFile: ChainFile };
}

const MAX_PEERS = 64;

type Index = Map<string, Contribution[]>;
const indexes = new WeakMap<ServerView, Index>();

/** The applicationHost.config's aspNetCore and handlers sections, by lower-case target path. */
function appHostIndex(view: ServerView, h: ConfigHierarchy): Index {
  let index = indexes.get(view);
  if (index) return index;
  index = new Map();
  const chainFile = view.chain[0];
  for (const section of chainFile.file.sections) {
    if (section.path !== ASPNETCORE && section.path !== HANDLERS) continue;
    const target = targetOf(h, chainFile, section.location);
    if (!target) continue;
    const key = target.join('/').toLowerCase();
    const list = index.get(key);
    const c = { chainFile, section, target };
    if (list) list.push(c); else index.set(key, [c]);
  }
  indexes.set(view, index);
  return index;
}

function appHostContributions(view: ServerView, h: ConfigHierarchy, at: readonly string[]): Contribution[] {
  const index = appHostIndex(view, h);
  const out: Contribution[] = [];
  for (let i = 0; i <= at.length; i++) {
    for (const c of index.get(at.slice(0, i).join('/').toLowerCase()) ?? []) {
      if (reaches(h, c.section.location, c.target, at)) out.push(c);
    }
  }
  return out;
}

function isCurrentApp(view: ServerView, app: ApplicationModel): boolean {
  const h = view.hierarchy;
  if (!h || view.current.file.kind === 'applicationHost') return false;
  const cp = h.configPath;
  return isPrefixPath(app.configPath.map((s) => s.toLowerCase()), cp.map((s) => s.toLowerCase()))
    && !h.applications.some((a) => a.length > app.configPath.length && isPrefixPath(a.map((s) => s.toLowerCase()), cp.map((s) => s.toLowerCase())));
}

/** The ASP.NET Core facts of an application, or undefined when it does not run under the ASP.NET Core Module (as far as the files show). */
export function ancmApp(view: ServerView, app: ApplicationModel, budget: { peers: number } = { peers: MAX_PEERS }): AncmApp | undefined {
  const h = view.hierarchy;
  if (!h) return undefined;
  const at = app.configPath;
  let contributions: Contribution[];
  if (view.current.file.kind === 'applicationHost') {
    contributions = appHostContributions(view, h, at);
  } else if (isCurrentApp(view, app)) {
    contributions = [...contributionsAt(h, view.chain, ASPNETCORE, at), ...contributionsAt(h, view.chain, HANDLERS, at)];
  } else {
    contributions = appHostContributions(view, h, at);
    let peer: HierarchyFile | undefined;
    if (h.peer && budget.peers > 0) { budget.peers--; peer = h.peer(at); }
    if (peer) {
      const chainFile: ChainFile = { ...peer, index: 1, current: false };
      const chain = [view.chain[0], chainFile];
      contributions.push(...contributionsAt(h, chain, ASPNETCORE, at, (c) => c.chainFile === chainFile), ...contributionsAt(h, chain, HANDLERS, at, (c) => c.chainFile === chainFile));
    }
  }
  contributions.sort((a, b) => a.target.length - b.target.length || a.chainFile.index - b.chainFile.index || a.section.element.start - b.section.element.start);

  let hostingModel: AncmApp['hostingModel'];
  let processPath = false;
  // Handlers: the ANCM entries in effect (clear/remove applied by name, in merge order).
  let handlers: Array<{ name: string; module: 'v1' | 'v2'; element: { start: number; end: number; startTagEnd: number }; chainFile: ChainFile }> = [];
  for (const c of contributions) {
    if (getAttribute(c.section.element, 'configSource')) continue;
    if (c.section.path === ASPNETCORE) {
      const hm = getAttribute(c.section.element, 'hostingModel');
      if (hm) hostingModel = { attribute: hm, chainFile: c.chainFile };
      const pp = getAttribute(c.section.element, 'processPath');
      if (pp) processPath = pp.value.trim() !== '';
      continue;
    }
    for (const e of childElements(c.section.element)) {
      if (e.name === 'clear') handlers = [];
      else if (e.name === 'remove') { const n = getAttribute(e, 'name')?.value; handlers = handlers.filter((x) => x.name !== n); }
      else if (e.name === 'add') {
        const modules = (getAttribute(e, 'modules')?.value ?? '').split(',').map((s) => s.trim());
        const module = modules.includes(ANCM_V2) ? 'v2' : modules.includes(ANCM_V1) ? 'v1' : undefined;
        const name = getAttribute(e, 'name')?.value ?? '';
        handlers = handlers.filter((x) => x.name !== name);
        if (module) handlers.push({ name, module, element: e, chainFile: c.chainFile });
      }
    }
  }
  if (!processPath || !handlers.length) return undefined;
  const handler = handlers[handlers.length - 1];
  const inProcess = handler.module === 'v2' && hostingModel?.attribute.value.trim().toLowerCase() === 'inprocess';
  return { app, module: handler.module, inProcess, hostingModel, handler };
}
