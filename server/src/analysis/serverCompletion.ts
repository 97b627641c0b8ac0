/**
 * Completion of names that exist on the server, from the server model:
 * - `applicationPool="…"` of an application or `<applicationDefaults>`: the
 *   pools of `<applicationPools>`, with their pipeline and CLR;
 * - `<handlers><add modules="…">`: the native modules the server registers
 *   (`<globalModules>`) and the managed modules in effect, after the last comma;
 * - `<modules><add name="…">` in applicationHost.config: the native modules not
 *   yet enabled there;
 * - `<remove name="…">` in `<modules>` or `<handlers>`: the entries inherited
 *   from the files above (what there is to remove).
 *
 * Returns undefined where it has nothing to say, so the schema's completion
 * goes on. Pure.
 */
import type { DocumentAnalysis } from './types';
import type { XmlElement } from '../syntax/xml';
import { childElements, getAttribute } from '../syntax/xml';
import type { CompletionItem } from './completion';
import { bitness, handlersAt, modulesAt, pipelineMode } from '../model';
import { sectionOf } from '../hierarchy/lookup';
import { serverView, targetPath } from './serverView';
import { commaListItemAt } from '../util/strings';

function items(values: ReadonlyArray<{ label: string; detail?: string }>, start: number, end: number, prefix: string): CompletionItem[] {
  const p = prefix.toLowerCase();
  return values.filter((v) => v.label.toLowerCase().startsWith(p)).map((v, i) => ({
    label: v.label, kind: 'value' as const, ...(v.detail ? { detail: v.detail } : {}), insertText: v.label, replaceStart: start, replaceEnd: end,
    sortText: `0${String(i).padStart(4, '0')}`,
  }));
}

/** The collection section element an entry belongs to (`<handlers>` for its `<add>`). */
function sectionElementOf(el: XmlElement, analysis: DocumentAnalysis): { path: string; section: ReturnType<typeof sectionOf> } | undefined {
  const parent = el.parent;
  const section = parent && sectionOf(analysis.file, parent);
  return section ? { path: section.path, section } : undefined;
}

export function serverValueCompletions(analysis: DocumentAnalysis, el: XmlElement, name: string, valueStart: number, valueEnd: number, offset: number): CompletionItem[] | undefined {
  const text = analysis.text;
  const view = serverView(analysis);
  const model = view.model;
  const parentName = el.parent?.name;
  if (name === 'applicationPool' && ((el.name === 'application' && parentName === 'site') || (el.name === 'applicationDefaults' && (parentName === 'site' || parentName === 'sites')))) {
    if (!model?.pools) return undefined;
    const pools = model.poolList.filter((p) => p.name).map((p) => ({
      label: p.name, detail: `application pool: ${pipelineMode(p) ?? p.managedPipelineMode.value}, ${p.managedRuntimeVersion.value || 'no managed code'}${bitness(p) === 32 ? ', 32-bit' : ''}`,
    }));
    return items(pools, valueStart, valueEnd, text.slice(valueStart, offset));
  }
  const owner = sectionElementOf(el, analysis);
  if (!owner?.section) return undefined;
  const at = targetPath(view, owner.section) ?? (analysis.file.kind === 'applicationHost' ? [] : undefined);
  if (owner.path === 'system.webServer/handlers' && el.name === 'add' && name === 'modules') {
    if (!model) return undefined;
    const names = new Map<string, string>();
    for (const g of model.globalModules ?? []) if (g.name) names.set(g.name, 'native module (globalModules)');
    if (view.hierarchy && at) for (const m of modulesAt(view.hierarchy, view.chain, at).entries) if (m.type && !names.has(m.name)) names.set(m.name, `managed module: ${m.type}`);
    if (!names.size) return undefined;
    // The name after the last comma, as flags complete.
    const { start: tokenStart, end: tokenEnd } = commaListItemAt(text, valueStart, valueEnd, offset);
    const written = new Set(text.slice(valueStart, valueEnd).split(',').map((s) => s.trim()));
    return items([...names].filter(([n]) => !written.has(n) || text.slice(tokenStart, tokenEnd).trim() === n).map(([label, detail]) => ({ label, detail })), tokenStart, tokenEnd, text.slice(tokenStart, offset));
  }
  if (owner.path === 'system.webServer/modules' && el.name === 'add' && name === 'name' && analysis.file.kind === 'applicationHost' && model?.globalModules) {
    const enabled = new Set(childElements(el.parent!).filter((c) => c.name === 'add').map((c) => getAttribute(c, 'name')?.value));
    return items(model.globalModules.filter((g) => g.name && (!enabled.has(g.name) || g.name === getAttribute(el, 'name')?.value)).map((g) => ({ label: g.name, detail: 'native module (globalModules)' })),
      valueStart, valueEnd, text.slice(valueStart, offset));
  }
  if ((owner.path === 'system.webServer/modules' || owner.path === 'system.webServer/handlers') && el.name === 'remove' && name === 'name' && view.hierarchy && at) {
    // What the files above put in the collection (this file's own entries are not there to remove).
    const list = owner.path === 'system.webServer/modules' ? modulesAt(view.hierarchy, view.chain, at).entries : handlersAt(view.hierarchy, view.chain, at).entries;
    const inherited = list.filter((e) => !e.chainFile.current);
    if (!inherited.length) return undefined;
    const seen = new Set<string>();
    const values = inherited.filter((e) => e.name && !seen.has(e.name) && seen.add(e.name)).map((e) => ({ label: e.name, detail: `inherited from ${e.chainFile.builtIn ? 'the default IIS 10 settings' : e.chainFile.fileName.slice(Math.max(e.chainFile.fileName.lastIndexOf('/'), e.chainFile.fileName.lastIndexOf('\\')) + 1)}` }));
    return items(values, valueStart, valueEnd, text.slice(valueStart, offset));
  }
  return undefined;
}
