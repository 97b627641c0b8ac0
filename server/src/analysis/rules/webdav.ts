/**
 * `webdav-intercepts-verbs`: the WebDAV module is in the effective `<modules>`
 * of an application that serves PUT or DELETE itself — a handler of this file
 * for those verbs: the ASP.NET Core Module, ExtensionlessUrlHandler, or a
 * managed handler. WebDAV takes PUT and DELETE first and answers 405, which
 * users often take for a CORS failure.
 *
 * Needs the modules the server registers (a real applicationHost.config in
 * the hierarchy); silent when WebDAV is not installed, removed, or unknown.
 * One finding per `<handlers>` section of a site or below (the server-level
 * list is the stock one, not an application's): at its first API handler. Quick fix:
 * `<remove name="WebDAVModule" />` (and the WebDAV handler) for that scope.
 *
 * Facts: RUNTIME_FAILURES.webdav, WEBDAV_VERBS; ADD_ONS webdav (module name).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import { ANCM_V1, ANCM_V2 } from '../../iis/serverFacts';
import { GlobalModule, handlersAt, modulesAt } from '../../model';
import { relatedIn, serverView, targetPath } from '../serverView';
import { scopeEdits } from '../fixes/elementEdits';
import { shown } from '../../util/strings';

const HANDLERS = 'system.webServer/handlers';
const WEBDAV_MODULE = 'WebDAVModule';
const WEBDAV_HANDLER = 'WebDAV';

interface Data { readonly sectionStart: number; readonly removeHandler: boolean }

function servesApiVerbs(add: XmlElement): boolean {
  const verbs = (getAttribute(add, 'verb')?.value ?? '').split(',').map((v) => v.trim().toUpperCase());
  if (!verbs.some((v) => v === '*' || v === 'PUT' || v === 'DELETE')) return false;
  const name = getAttribute(add, 'name')?.value ?? '';
  const modules = (getAttribute(add, 'modules')?.value ?? '').split(',').map((s) => s.trim());
  return name.startsWith('ExtensionlessUrlHandler') || modules.includes(ANCM_V1) || modules.includes(ANCM_V2) || getAttribute(add, 'type') !== undefined;
}

/** Does <globalModules> register WebDAV (asked once per part of the model)? */
const webdavRegistered = new WeakMap<readonly GlobalModule[], boolean>();
function registersWebdav(modules: readonly GlobalModule[]): boolean {
  let r = webdavRegistered.get(modules);
  if (r === undefined) webdavRegistered.set(modules, (r = modules.some((g) => g.name === WEBDAV_MODULE)));
  return r;
}

function checkInstance(section: SectionInstance, ctx: RuleContext): void {
  const view = serverView(ctx);
  if (!view.hierarchy || view.assumed || !view.model) return;
  // A native module is in a pipeline only where the server registers it: most servers have no WebDAV at all.
  if (view.model.globalModules && !registersWebdav(view.model.globalModules)) return;
  const api = childElements(section.element).find((e) => e.name === 'add' && servesApiVerbs(e));
  if (!api) return;
  const target = targetPath(view, section);
  // Server-level handlers are the server's stock list, not an application's API (they are found where a site uses them).
  if (!target || !target.length) return;
  const webdav = modulesAt(view.hierarchy, view.chain, target).entries.find((m) => m.name === WEBDAV_MODULE);
  if (!webdav) return;
  const removeHandler = handlersAt(view.hierarchy, view.chain, target).entries.some((h) => h.name === WEBDAV_HANDLER);
  const nameAttr = getAttribute(api, 'name');
  const related = relatedIn(webdav.chainFile, webdav.element.start, webdav.element.end, 'WebDAVModule is added to the pipeline here');
  ctx.report({
    code: 'webdav-intercepts-verbs', ...(nameAttr ? { start: nameAttr.valueStart, end: nameAttr.valueEnd } : { start: api.nameStart, end: api.nameEnd }),
    related: related ? [related] : [],
    data: { sectionStart: section.element.start, removeHandler } satisfies Data,
    message: `WebDAV is in this application's pipeline and answers PUT and DELETE with 405 before handler "${shown(nameAttr?.value ?? '')}" sees them.`,
    detail: `The handler serves PUT and DELETE (an API), but the WebDAV module takes those verbs first and answers 405 Method Not Allowed, which is easily mistaken for a CORS failure. Remove the WebDAV module${removeHandler ? ' and its handler' : ''} for this application.`,
  });
}

export const webdavRule: Rule = {
  id: 'webdav-intercepts-verbs',
  codes: ['webdav-intercepts-verbs'],
  // Per <handlers> section: with the server's native modules and the modules and handlers in effect at its path.
  dependsOn: ['system.webServer/globalModules', 'system.webServer/modules', HANDLERS],
  checkSection(section, ctx) {
    if (section.path === HANDLERS) checkInstance(section, ctx);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    const section = data && analysis.file.sections.find((s) => s.element.start === data.sectionStart);
    if (!data || !section) return [];
    const changes = [{ sectionPath: 'system.webServer/modules', firstEntries: [`<remove name="${WEBDAV_MODULE}" />`] }];
    if (data.removeHandler) changes.push({ sectionPath: HANDLERS, firstEntries: [`<remove name="${WEBDAV_HANDLER}" />`] });
    return [{
      title: `Remove WebDAV for this application (<remove name="${WEBDAV_MODULE}" />${data.removeHandler ? ` and <remove name="${WEBDAV_HANDLER}" />` : ''})`,
      kind: 'quickfix', diagnostic, isPreferred: true, edits: scopeEdits(analysis.text, analysis.file, section.location, changes),
    }];
  },
};
