/**
 * Which site of an applicationHost.config serves a request URL: the site
 * whose binding has the URL's scheme and port and either the URL's host name
 * or no host name (a binding with a host name wins over one without), as
 * HTTP.sys and IIS choose. The IP part of a binding is not compared: a file
 * does not say which address the request arrived on.
 *
 * This is the one function the rule-test engine needs from a server model;
 * it reads the sites with hierarchy/levels.ts.
 */
import { childElements, getAttribute } from '../syntax/xml';
import type { SiteInfo, SitesModel } from '../hierarchy/levels';

export interface RequestTarget {
  readonly site: SiteInfo;
  /** The binding that matched ("*:80:www.example.com"). */
  readonly binding: string;
  /** The URL's configuration path: the site name, then the URL's segments. */
  readonly configPath: readonly string[];
}

interface BindingEntry { readonly site: SiteInfo; readonly binding: string }

/**
 * The sites' bindings by "scheme:port": for each, the first binding (in document order) with each host name, and the
 * first without one. Built once per sites model, so that resolving many URLs (every rule set a redirect-loop check
 * follows) does not read every site's bindings again.
 */
interface BindingIndex { readonly byHost: Map<string, BindingEntry>; wildcard?: BindingEntry }
const bindingIndexes = new WeakMap<SitesModel, Map<string, BindingIndex>>();

function bindingIndexOf(sites: SitesModel): Map<string, BindingIndex> {
  const hit = bindingIndexes.get(sites);
  if (hit) return hit;
  const index = new Map<string, BindingIndex>();
  for (const site of sites.sites) {
    const bindings = childElements(site.element).find((c) => c.name === 'bindings');
    if (!bindings) continue;
    for (const b of childElements(bindings)) {
      if (b.name !== 'binding') continue;
      const scheme = (getAttribute(b, 'protocol')?.value ?? '').trim().toLowerCase();
      const info = getAttribute(b, 'bindingInformation')?.value ?? '';
      // ip:port:host; an IPv6 address is in brackets.
      const m = /^(\[[^\]]*\]|[^:]*):(\d+):(.*)$/.exec(info.trim());
      if (!m) continue;
      const key = `${scheme}:${m[2]}`;
      let entry = index.get(key);
      if (!entry) index.set(key, (entry = { byHost: new Map() }));
      const host = m[3].trim().toLowerCase();
      if (!host) entry.wildcard ??= { site, binding: info };
      else if (!entry.byHost.has(host)) entry.byHost.set(host, { site, binding: info });
    }
  }
  bindingIndexes.set(sites, index);
  return index;
}

/** The site serving `url`, or undefined when no binding of `sites` accepts it: a binding with its host name wins over one without. */
export function resolveRequest(url: URL, sites: SitesModel | undefined): RequestTarget | undefined {
  if (!sites) return undefined;
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const port = url.port || (scheme === 'https' ? '443' : '80');
  const entry = bindingIndexOf(sites).get(`${scheme}:${port}`);
  const best = entry && (entry.byHost.get(url.hostname.toLowerCase()) ?? entry.wildcard);
  if (!best) return undefined;
  const segments = decodeSegments(url.pathname);
  return { site: best.site, binding: best.binding, configPath: [best.site.name, ...segments] };
}

/** The decoded, non-empty segments of a URL path. */
export function decodeSegments(pathname: string): string[] {
  return pathname.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
}
