/**
 * `handler-module-missing`: a `<handlers><add modules="…">` names a module that
 * is neither a native module of `<globalModules>` nor a managed module in
 * effect at that path. IIS answers 500.21 "Handler … has a bad module … in its
 * module list" for every request the handler takes. The classic case:
 * `modules="AspNetCoreModule"` on a server that has only AspNetCoreModuleV2
 * (quick fix: the nearest registered name). `ManagedPipelineHandler` (the
 * default of the attribute) exists where the ASP.NET managed engine
 * (webengine*.dll) is registered.
 *
 * With a real applicationHost.config the registered modules are known: an
 * error. With the built-in default model they are not: only a name that no
 * IIS module and no known add-on has (a typo) is reported, as a warning that
 * says what it assumes. A web.config read on its own: silent.
 *
 * Facts: iis/addOns.ts (IIS_NATIVE_MODULES, ADD_ONS, MANAGED_PIPELINE_HANDLER),
 * RUNTIME_FAILURES.handlerModuleMissing.
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlAttribute, childElements, getAttribute } from '../../syntax/xml';
import { closestMatches } from '../../util/strings';
import { ADD_ONS, IIS_NATIVE_MODULES, MANAGED_PIPELINE_HANDLER, addOnForModule } from '../../iis/addOns';
import { ServerModel, hasManagedEngine, modulesAt } from '../../model';
import { ServerView, serverView, targetPath } from '../serverView';
import { Finding, FindingsMemo } from './memo';
import { assumedClause, assumptionNote } from '../inheritance';
import { shown } from '../../util/strings';

const SECTION = 'system.webServer/handlers';
const MODULES = 'system.webServer/modules';
const GLOBAL_MODULES = 'system.webServer/globalModules';

interface Data {
  readonly start: number;
  readonly end: number;
  readonly suggestions: readonly string[];
}

/** Each name in a comma-separated attribute value, with its offsets from the value's start (for the range of one name). */
function namesIn(a: XmlAttribute): Array<{ name: string; from: number; to: number }> {
  const out: Array<{ name: string; from: number; to: number }> = [];
  const raw = a.rawValue;
  let i = 0;
  for (const part of raw.split(',')) {
    const lead = part.length - part.trimStart().length;
    const name = part.trim();
    if (name) out.push({ name, from: i + lead, to: i + lead + name.length });
    i += part.length + 1;
  }
  return out;
}

/** The module names a handler may name without looking further: the server's native modules (built once per <globalModules> part of the model), or (without them) every IIS module and add-on module. */
const nativeSets = new WeakMap<object, Set<string>>();
let everyKnownModule: Set<string> | undefined;
function nativeNames(model: ServerModel, real: boolean): Set<string> {
  if (!real || !model.globalModules) return (everyKnownModule ??= new Set([...IIS_NATIVE_MODULES, ...ADD_ONS.flatMap((x) => x.globalModules)]));
  let s = nativeSets.get(model.globalModules);
  if (!s) {
    s = new Set(model.globalModules.map((g) => g.name));
    nativeSets.set(model.globalModules, s);
  }
  return s;
}

const memo = new FindingsMemo();

function checkHandlers(section: SectionInstance, ctx: RuleContext): void {
  const view = serverView(ctx);
  const model = view.model;
  if (!model) return;
  // The findings rest on the section, the server's native modules and the managed modules in effect (this file's
  // <modules>, and the fixed files above it).
  memo.report(ctx, section, [model.globalModules, model.globalModulesElement, ctx.file.versions.of(MODULES)], () => findHandlers(section, view));
}

function findHandlers(section: SectionInstance, view: ServerView): Finding[] {
  const model = view.model!;
  const out: Finding[] = [];
  const real = !model.builtIn && model.globalModules !== undefined;
  const native = nativeNames(model, real);
  const managedEngine = real ? hasManagedEngine(model) : true;
  // Most names are native: the managed modules in effect at the section's path are looked up only when one is not.
  const written = childElements(section.element).flatMap((e) => (e.name === 'add' && getAttribute(e, 'modules') ? namesIn(getAttribute(e, 'modules')!) : []));
  if (written.every((n) => (n.name === MANAGED_PIPELINE_HANDLER ? managedEngine !== false : native.has(n.name)))) return out;
  const at = targetPath(view, section) ?? (view.current.file.kind === 'applicationHost' ? [] : undefined);
  const managed = new Set<string>();
  if (view.hierarchy && at) for (const m of modulesAt(view.hierarchy, view.chain, at).entries) if (m.type) managed.add(m.name);
  const known = new Set([...native, ...managed]);
  const globalEl = real && !view.chain[0].builtIn ? model.globalModulesElement : undefined;
  const globalFile = view.chain[0].current ? {} : { file: view.chain[0].fileName };
  const clause = real ? '' : model.builtIn ? assumedClause(view.hierarchy) : ' (this applicationHost.config lists no native modules)';
  const note = real ? '' : model.builtIn ? ` ${assumptionNote(view.hierarchy)}` : ' The applicationHost.config in effect has no <globalModules>, so only names that no IIS module has are reported.';
  for (const add of childElements(section.element)) {
    if (add.name !== 'add') continue;
    const a = getAttribute(add, 'modules');
    if (!a) continue;
    const handler = getAttribute(add, 'name')?.value ?? '';
    for (const n of namesIn(a)) {
      if (n.name === MANAGED_PIPELINE_HANDLER ? managedEngine !== false : known.has(n.name)) continue;
      // Without the server's list, a name that differs from a known one only in case is left alone.
      if (!real && [...known].some((k) => k.toLowerCase() === n.name.toLowerCase())) continue;
      const suggestions = n.name === MANAGED_PIPELINE_HANDLER ? [] : closestMatches(n.name, [...known], 3);
      const addOn = addOnForModule(n.name);
      const name = shown(n.name);
      let message: string;
      if (n.name === MANAGED_PIPELINE_HANDLER) message = `Handler "${shown(handler)}" runs managed code, but ASP.NET is not registered on this server (no webengine4.dll in <globalModules>).`;
      else if (real) message = suggestions.length ? `Module "${name}" is not registered on this server; did you mean "${shown(suggestions[0])}"?` : `Module "${name}" is not registered on this server, so handler "${shown(handler)}" answers 500.21.`;
      else message = suggestions.length ? `No IIS module is named "${name}"${clause}; did you mean "${shown(suggestions[0])}"?` : `No IIS module is named "${name}"${clause}, so handler "${shown(handler)}" answers 500.21.`;
      const why = n.name === MANAGED_PIPELINE_HANDLER
        ? 'ManagedPipelineHandler (the default of handlers/add/@modules) exists where the ASP.NET managed engine is registered; install the ASP.NET role service (or run aspnet_regiis -i).'
        : addOn ? `"${n.name}" is a module of ${addOn.name} (${addOn.globalModules.join(', ')}), which this server does not register in <globalModules>.`
          : real ? 'No native module of <globalModules> and no managed module in effect here has that name (module names are case-sensitive).'
            : 'No module IIS ships and no known add-on has that name.';
      out.push((ctx) => {
        const start = a.valueStart + n.from, end = a.valueStart + n.to;
        ctx.report({
          code: 'handler-module-missing', start, end, ...(real ? {} : { severity: 'warning' as const }),
          data: { start, end, suggestions } satisfies Data,
          related: globalEl ? [{ message: 'the native modules registered on this server', start: globalEl.start, end: globalEl.startTagEnd, ...globalFile }] : [],
          message,
          detail: `${why} IIS answers 500.21 ("Handler ${handler} has a bad module ${n.name} in its module list") for the requests the handler serves.${note}`,
        });
      });
    }
  }
  return out;
}

export const handlerModulesRule: Rule = {
  id: 'handler-module-missing',
  codes: ['handler-module-missing'],
  // Per <handlers> section: with the native modules of <globalModules> and the managed modules of <modules> in effect.
  dependsOn: [GLOBAL_MODULES, MODULES],
  checkSection(section, ctx) {
    if (section.path === SECTION) checkHandlers(section, ctx);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.suggestions.length) return [];
    return data.suggestions.map((s, i) => ({
      title: `Change to "${s}"`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: [{ start: data.start, end: data.end, newText: s }],
    })).filter((x) => analysis.text.slice(data.start, data.end) !== x.edits[0].newText);
  },
};
