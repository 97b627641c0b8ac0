/**
 * Site bindings, as W3SVC reads them when it starts the sites (in an
 * applicationHost.config):
 *
 * - `binding-information-invalid`: an http/https/ftp bindingInformation that is
 *   not "IP:port:host" ("*:80", port 0 or 70000, an IPv6 address without
 *   brackets): the site does not start.
 * - `binding-conflict`: a second site listening on the same protocol, address,
 *   port and host name as an earlier one. `*` and a specific address do not
 *   conflict (HTTP.sys gives the specific one its traffic). When one of the two
 *   sites has serverAutoStart="false" only one of them runs at a time: a warning.
 *   The same binding twice in one site is a duplicate collection entry (500.19),
 *   reported by duplicate-collection-entry.
 *
 * One pass over the sites, a map by binding key: linear in the number of
 * bindings. Per section (<sites>), with the server model's kind (from
 * <globalModules>); the findings are kept while the sites and the kind are the
 * same. Facts: model/bindings.ts; RUNTIME_FAILURES.bindingConflict / bindingInvalid.
 */
import type { Rule } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { Finding, FindingsMemo } from './memo';
import { serverView } from '../serverView';
import { Binding, ServerKind, SiteModel, bindingKey } from '../../model';
import { IIS_EXPRESS_ONE_SITE_PER_PROCESS } from '../../iis/serverFacts';
import { shown } from '../../util/strings';

function reportAt(b: Binding, site: SiteModel): { start: number; end: number } {
  if (site.bindingsFrom === 'siteDefaults') {
    const a = site.nameAttribute;
    return a ? { start: a.valueStart, end: a.valueEnd } : { start: site.element.nameStart, end: site.element.nameEnd };
  }
  const a = b.informationAttribute;
  return a && a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: b.element.nameStart, end: b.element.nameEnd };
}

const EXPRESS_NOTE = ' IIS Express runs one site per process, so the two only clash when both are started.';
const AUTOSTART_NOTE = ' One of them has serverAutoStart="false", so they only clash when both are started.';

function autoStarts(site: SiteModel): boolean {
  return site.serverAutoStart.value.trim().toLowerCase() !== 'false';
}

const memo = new FindingsMemo();

export const bindingsRule: Rule = {
  id: 'bindings',
  codes: ['binding-conflict', 'binding-information-invalid'],
  dependsOn: (file) => (file.kind === 'applicationHost' ? ['system.webServer/globalModules'] : []),
  checkSection(section, ctx) {
    if (ctx.file.kind !== 'applicationHost' || section.path !== 'system.applicationHost/sites') return;
    const model = serverView(ctx).model;
    const sites = model?.sites;
    if (!sites || section.element !== model.sitesElement) return;
    memo.report(ctx, section, [sites, model.kind], () => checkSites(sites, model.kind));
  },
};

function checkSites(sites: readonly SiteModel[], kind: ServerKind): Finding[] {
    const out: Finding[] = [];
    const first = new Map<string, { site: SiteModel; binding: Binding }>();
    const reportedDefaults = new Set<SiteModel>();
    for (const site of sites) {
      const own = new Set<string>();
      for (const b of site.bindings) {
        if (b.problem) {
          // A malformed binding inherited from <siteDefaults> is reported once, there.
          if (site.bindingsFrom === 'siteDefaults') continue;
          out.push((ctx) => ctx.report({
            code: 'binding-information-invalid', ...reportAt(b, site),
            message: `bindingInformation "${shown(b.information)}" cannot be read: ${b.problem}.`,
            detail: `W3SVC reads a ${b.protocol} binding as "IP:port:host header" (IP * for every unassigned address, IPv6 in brackets, port 1-65535, the host name possibly empty); it does not start site "${site.name}" with a binding it cannot read (event 1003).`,
          }));
          continue;
        }
        const key = bindingKey(b);
        if (!key || own.has(key)) continue;
        own.add(key);
        const earlier = first.get(key);
        if (!earlier) { first.set(key, { site, binding: b }); continue; }
        if (site.bindingsFrom === 'siteDefaults') {
          if (reportedDefaults.has(site)) continue;
          reportedDefaults.add(site);
        }
        // IIS Express runs one site per process (Visual Studio starts iisexpress /site:Name): the two only clash when run together.
        const express = kind === 'iisExpress' && IIS_EXPRESS_ONE_SITE_PER_PROCESS;
        const both = autoStarts(site) && autoStarts(earlier.site) && !express;
        const inherited = site.bindingsFrom === 'siteDefaults' ? ' (inherited from <siteDefaults>, as the site has no <bindings>)' : '';
        out.push((ctx) => ctx.report({
          code: 'binding-conflict', ...reportAt(b, site), ...(both ? {} : { severity: express ? 'information' as const : 'warning' as const }),
          related: [{ message: `site "${earlier.site.name}" already listens on ${b.protocol} ${earlier.binding.information}`, start: earlier.binding.element.start, end: earlier.binding.element.end }],
          message: both
            ? `Site "${shown(site.name)}" listens on ${b.protocol} ${shown(b.information, 50)} like site "${shown(earlier.site.name)}", so W3SVC does not start it.`
            : `Site "${shown(site.name)}" listens on ${b.protocol} ${shown(b.information, 50)} like site "${shown(earlier.site.name)}"; only one of them can run at a time.`,
          detail: `Two sites may not take the same protocol, address, port and host name${inherited}: the site started second fails (W3SVC events 1004 / 1007, the binding is in use). A specific address and * do not conflict: the specific one gets its traffic.${both ? '' : express ? EXPRESS_NOTE : AUTOSTART_NOTE}`,
        }));
      }
    }
    // Malformed bindings of <siteDefaults> itself, once.
    const defaults = sites.find((s) => s.bindingsFrom === 'siteDefaults');
    for (const b of defaults?.bindings ?? []) {
      const a = b.informationAttribute;
      if (!b.problem || !a) continue;
      out.push((ctx) => ctx.report({
        code: 'binding-information-invalid', start: a.valueStart, end: a.valueEnd,
        message: `bindingInformation "${shown(b.information)}" of <siteDefaults> cannot be read: ${b.problem}.`,
        detail: 'Every site without its own <bindings> inherits the bindings of <siteDefaults>, and W3SVC does not start a site with a binding it cannot read (event 1003).',
      }));
    }
    return out;
}
