/**
 * From a request to the configuration that serves it: the site whose binding
 * takes a URL's host and port, the application (longest application path),
 * and the configuration path of the file asked for. Also reads the
 * "Site/app/dir/file.ext" form that `--explain` and Explain Request take.
 *
 * Pure.
 */
import { ApplicationModel, ServerModel, SiteModel, applicationAt, siteNamed } from './serverModel';
import { Binding, bestBinding } from './bindings';

export interface RequestTarget {
  /** The configuration path: ['Site', 'app', 'dir', 'file.ext']. */
  readonly configPath: readonly string[];
  readonly site: SiteModel | undefined;
  readonly application: ApplicationModel | undefined;
  /** The URL path inside the site. */
  readonly urlPath: string;
  /** The last segment: what handler mappings match ('' for the site or application root). */
  readonly fileName: string;
  /** The binding that takes the request (URL form only). */
  readonly binding?: Binding;
}

/** The site whose bindings take a request for protocol://host:port (HTTP.sys's choice). */
export function siteForRequest(m: ServerModel, request: { protocol: string; host: string; port: number; ip?: string }): { site: SiteModel; binding: Binding } | undefined {
  const candidates: Array<{ site: SiteModel; binding: Binding }> = [];
  for (const site of m.sites ?? []) for (const binding of site.bindings) candidates.push({ site, binding });
  return bestBinding(candidates, request);
}

/** Split a URL path into segments (no empty ones, '.' dropped). */
function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
}

/**
 * Resolve what a user typed: a configuration path "Site/app/dir/file.ext"
 * (the first segment names a site) or a URL "http://host:port/app/file.ext"
 * (the site is the one whose binding takes it).
 */
export function resolveRequest(m: ServerModel | undefined, input: string): RequestTarget | { error: string } {
  const text = input.trim();
  const url = /^(https?):\/\/([^/?#]+)([^?#]*)/i.exec(text);
  if (url) {
    if (!m?.sites) return { error: 'a URL can only be resolved against the <sites> of an applicationHost.config; give "Site/path" instead' };
    const protocol = url[1].toLowerCase();
    const authority = url[2];
    const m6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
    const hostPort = m6 ? { host: m6[1], port: m6[2] } : { host: authority.replace(/:\d+$/, ''), port: /:(\d+)$/.exec(authority)?.[1] };
    const port = hostPort.port ? Number(hostPort.port) : protocol === 'https' ? 443 : 80;
    const isIp = /^[\d.]+$/.test(hostPort.host) || !!m6;
    const hit = siteForRequest(m, { protocol, host: hostPort.host, port, ...(isIp ? { ip: hostPort.host } : {}) });
    if (!hit) return { error: `no site of the applicationHost.config has a binding for ${protocol}://${authority}` };
    const segs = segments(decodeURIComponentSafe(url[3]));
    const urlPath = '/' + segs.join('/');
    return {
      configPath: [hit.site.name, ...segs], site: hit.site, application: applicationAt(hit.site, urlPath), urlPath,
      fileName: segs[segs.length - 1] ?? '', binding: hit.binding,
    };
  }
  const segs = segments(text);
  if (!segs.length) return { error: 'give a path such as "Default Web Site/app/page.aspx"' };
  const [siteName, ...rest] = segs;
  const site = m ? siteNamed(m, siteName) : undefined;
  const urlPath = '/' + rest.join('/');
  return {
    configPath: [site?.name ?? siteName, ...rest], site, application: site && applicationAt(site, urlPath), urlPath,
    fileName: rest[rest.length - 1] ?? '',
  };
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
