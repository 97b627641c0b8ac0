/**
 * `ssl-required-without-https`: access/@sslFlags contains Ssl at a site or
 * below it, and the site has no https binding: every request arrives over
 * plain HTTP and IIS answers 403.4 ("SSL required").
 *
 * Needs the site's bindings (an applicationHost.config in reach whose site the
 * path belongs to); silent otherwise. Per section: the verdict depends on the
 * section and the server model only. Facts: RUNTIME_FAILURES.sslWithoutHttps;
 * the Ssl flag is 8 in IIS_schema.xml (system.webServer/security/access).
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { getAttribute } from '../../syntax/xml';
import { relatedIn, serverView, targetPath } from '../serverView';
import { hasBindingProtocol, siteNamed } from '../../model';
import { shown } from '../../util/strings';
import { FindingsMemo } from './memo';

const SECTION = 'system.webServer/security/access';
const SSL_FLAG = 8;

/** Does an sslFlags value require SSL (the Ssl flag, by name or in a number)? */
export function requiresSsl(value: string): boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return (Number(v) & SSL_FLAG) !== 0;
  return v.split(',').some((t) => t.trim().toLowerCase() === 'ssl');
}

const memo = new FindingsMemo();

function checkAccess(section: SectionInstance, ctx: RuleContext): void {
  const a = getAttribute(section.element, 'sslFlags');
  if (!a || !requiresSsl(a.value)) return;
  const view = serverView(ctx);
  // The verdict rests on the section and the site of its path (a site model is kept while its element and the
  // defaults it inherits are unchanged): an edit of another site does not compute it again.
  const target = targetPath(view, section);
  const site = view.model?.sites && target?.length ? siteNamed(view.model, target[0]) : undefined;
  memo.report(ctx, section, [site], () => {
    if (!site || site.bindingsFrom === 'none' || hasBindingProtocol(site, 'https')) return [];
    const list = site.bindings.map((b) => `${b.protocol} ${b.information}`).join(', ');
    return [(ctx) => {
      const related = relatedIn(serverView(ctx).chain[0], site.element.start, site.element.startTagEnd, `site "${site.name}" (bindings: ${list})`);
      ctx.report({
        code: 'ssl-required-without-https', start: a.valueStart, end: a.valueEnd, related: related ? [related] : [],
        message: `sslFlags requires SSL, but site "${shown(site.name)}" has no https binding, so every request gets 403.4.`,
        detail: `Site "${site.name}" listens on ${list}. With Ssl in access/@sslFlags IIS refuses plain HTTP requests with 403.4 ("SSL required"), and the site has no https binding to take them over HTTPS. Add an https binding to the site, or remove Ssl.`,
      });
    }];
  });
}
export const sslRequiredRule: Rule = {
  id: 'ssl-required-without-https',
  codes: ['ssl-required-without-https'],
  // Per section; the site's bindings come from the hierarchy's applicationHost.config (a fixed fact) or from this
  // file's <sites>, whose changes make this check run again for every section.
  dependsOn: ['system.applicationHost/sites'],
  checkSection(section, ctx) {
    if (section.path === SECTION) checkAccess(section, ctx);
  },
};
