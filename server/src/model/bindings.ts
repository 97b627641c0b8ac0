/**
 * Site bindings: `bindingInformation` read the way W3SVC reads it for the
 * protocols whose format is "IP:port:host header" (http, https, ftp): IP `*`
 * (or empty) for every address not bound elsewhere, an IPv4 address, or an
 * IPv6 address in brackets; a port from 1 to 65535; a host header, possibly
 * empty. Other protocols (net.tcp "808:*", net.pipe "*", …) are kept as they
 * are written.
 *
 * Which site serves a request follows HTTP.sys's order: a binding with the
 * request's host name beats one without a host name, and a binding on the
 * request's IP address beats one on `*`. So `*:80:` and `10.0.0.5:80:` on two
 * sites do not conflict: the specific address wins for its traffic. Two sites
 * conflict only with the same protocol, address, port and host name.
 * Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding.
 */
import { XmlAttribute, XmlElement, getAttribute } from '../syntax/xml';
import { IP_PORT_HOST_PROTOCOLS } from '../iis/serverFacts';

export interface Binding {
  readonly element: XmlElement;
  readonly protocol: string;
  readonly information: string;
  readonly informationAttribute: XmlAttribute | undefined;
  readonly sslFlags: string | undefined;
  /** Parsed for IP:port:host protocols; undefined for other protocols. */
  readonly endpoint?: Endpoint;
  /** Why the bindingInformation cannot be read (IP:port:host protocols only). */
  readonly problem?: string;
}

export interface Endpoint {
  /** '*' for all unassigned addresses; an IPv4 address; an IPv6 address without brackets, lower case. */
  readonly ip: string;
  readonly port: number;
  /** Lower case; '' for no host name. */
  readonly host: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+(%\w+)?$/;

/** Parse "IP:port:host" (IPv6 as "[addr]:port:host"). */
export function parseBindingInformation(info: string): { endpoint?: Endpoint; problem?: string } {
  let ip: string;
  let rest: string;
  if (info.startsWith('[')) {
    const close = info.indexOf(']');
    if (close < 0) return { problem: 'an IPv6 address needs its closing bracket' };
    ip = info.slice(1, close).toLowerCase();
    if (!IPV6.test(ip) || !ip.includes(':')) return { problem: `"${info.slice(0, close + 1)}" is not an IPv6 address` };
    if (info[close + 1] !== ':') return { problem: 'the port must follow the address ("[::1]:80:")' };
    rest = info.slice(close + 2);
  } else {
    const first = info.indexOf(':');
    if (first < 0) return { problem: 'it is not "IP:port:host" ("*:80:", "*:443:www.example.com")' };
    ip = info.slice(0, first);
    rest = info.slice(first + 1);
    const colons = info.split(':').length - 1;
    if (colons > 2 && !ip.includes('[')) return { problem: 'an IPv6 address needs brackets ("[::1]:80:")' };
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return { problem: `the host part is missing (write "${info}:" for no host name)` };
  const portText = rest.slice(0, colon);
  const host = rest.slice(colon + 1);
  if (!/^\d+$/.test(portText)) return { problem: `"${portText}" is not a port number` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { problem: `port ${portText} is out of range (1-65535)` };
  if (ip === '' || ip === '*') ip = '*';
  else if (!info.startsWith('[') && !IPV4.test(ip)) return { problem: `"${ip}" is not an IP address or *` };
  if (/[\s/\\]/.test(host)) return { problem: `"${host}" is not a host name` };
  return { endpoint: { ip, port, host: host.toLowerCase() } };
}

export function parseBinding(element: XmlElement): Binding {
  const protocol = getAttribute(element, 'protocol')?.value ?? '';
  const informationAttribute = getAttribute(element, 'bindingInformation');
  const information = informationAttribute?.value ?? '';
  const base = { element, protocol, information, informationAttribute, sslFlags: getAttribute(element, 'sslFlags')?.value };
  if (!IP_PORT_HOST_PROTOCOLS.includes(protocol.toLowerCase()) || !informationAttribute) return base;
  const r = parseBindingInformation(information);
  return { ...base, ...r };
}

/** The key two bindings conflict on: protocol, address, port and host. */
export function bindingKey(b: Binding): string | undefined {
  if (!b.endpoint) return undefined;
  return `${b.protocol.toLowerCase()}|${b.endpoint.ip}|${b.endpoint.port}|${b.endpoint.host}`;
}

export function describeEndpoint(b: Binding): string {
  return `${b.protocol} ${b.information}`;
}

/**
 * The binding among `candidates` that HTTP.sys gives a request to: host-name
 * match over no host name, specific address over `*`. `ip` undefined: the
 * request's address is unknown, so only `*` bindings (and those whose address
 * equals it) can be told apart from each other.
 */
export function bestBinding<T extends { readonly binding: Binding }>(candidates: readonly T[], request: { protocol: string; host: string; port: number; ip?: string }): T | undefined {
  const host = request.host.toLowerCase();
  const ip = request.ip?.toLowerCase();
  let best: { c: T; score: number } | undefined;
  for (const c of candidates) {
    const e = c.binding.endpoint;
    if (!e || c.binding.protocol.toLowerCase() !== request.protocol.toLowerCase() || e.port !== request.port) continue;
    if (e.host !== '' && e.host !== host) continue;
    if (e.ip !== '*' && ip !== undefined && e.ip !== ip) continue;
    const score = (e.host !== '' ? 2 : 0) + (e.ip !== '*' ? 1 : 0);
    if (!best || score > best.score) best = { c, score };
  }
  return best?.c;
}
