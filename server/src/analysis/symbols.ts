/**
 * The outline of an IIS configuration file (document symbols; VS Code also builds breadcrumbs from it):
 *
 *   location "Site/Sub-App"      application /Sub-App of Site
 *     iisClientCertificateMappingAuthentication     system.webServer/security/authentication
 *   applicationPools             system.applicationHost
 *     application pool "Shop"    Integrated, v4.0
 *   sites                        system.applicationHost
 *     site "Shop"                id 1
 *       application "/api"       D:\sites\api
 *         virtual directory "/media"
 *
 * Sections appear in document order, inside their `<location>` when they have one; the sites,
 * applications and virtual directories of a `<sites>` section are its children. Pure: reads the model
 * the hierarchy layer built; offsets only.
 */
import type { XmlElement, XmlAttribute } from '../syntax/xml';
import { getAttribute, childElements } from '../syntax/xml';
import type { DocumentAnalysis } from './types';
import { levelLabel } from './locationLevels';
import { serverView } from './serverView';
import { bitness, pipelineMode } from '../model';

export type OutlineKind = 'location' | 'section' | 'unknownSection' | 'configSections' | 'site' | 'application' | 'virtualDirectory' | 'applicationPool';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  /** The whole element. */
  readonly start: number;
  readonly end: number;
  /** What to select and reveal: the path or name value, else the element name. */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: OutlineSymbol[];
}

function selection(el: XmlElement, attr: XmlAttribute | undefined): { selectionStart: number; selectionEnd: number } {
  if (attr && attr.valueEnd > attr.valueStart) return { selectionStart: attr.valueStart, selectionEnd: attr.valueEnd };
  return { selectionStart: el.nameStart, selectionEnd: el.nameEnd };
}

function symbol(el: XmlElement, name: string, detail: string, kind: OutlineKind, attr?: XmlAttribute, children: OutlineSymbol[] = []): OutlineSymbol {
  const end = Math.max(el.end, el.startTagEnd, el.nameEnd);
  return { name, detail, kind, start: el.start, end, ...selection(el, attr), children };
}

/** Sites, applications and virtual directories under a <sites> element. */
function siteSymbols(sites: XmlElement): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const site of childElements(sites)) {
    if (site.name !== 'site') continue;
    const nameAttr = getAttribute(site, 'name');
    const apps: OutlineSymbol[] = [];
    for (const app of childElements(site)) {
      if (app.name !== 'application') continue;
      const pathAttr = getAttribute(app, 'path');
      const vdirs: OutlineSymbol[] = [];
      let rootPhysical = '';
      for (const v of childElements(app)) {
        if (v.name !== 'virtualDirectory') continue;
        const vPath = getAttribute(v, 'path');
        const physical = getAttribute(v, 'physicalPath')?.value ?? '';
        if ((vPath?.value ?? '/') === '/') rootPhysical = physical;
        vdirs.push(symbol(v, `virtual directory "${vPath?.value ?? '/'}"`, physical, 'virtualDirectory', vPath));
      }
      apps.push(symbol(app, `application "${pathAttr?.value ?? '/'}"`, rootPhysical, 'application', pathAttr, vdirs));
    }
    const id = getAttribute(site, 'id')?.value;
    out.push(symbol(site, `site "${nameAttr?.value ?? ''}"`, id ? `id ${id}` : '', 'site', nameAttr, apps));
  }
  return out;
}

/** The application pools of an applicationHost.config: name, then pipeline and CLR as WAS applies them (defaults included). */
function poolSymbols(analysis: DocumentAnalysis): OutlineSymbol[] {
  const model = serverView(analysis).model;
  return (model?.poolList ?? []).map((p) => {
    const runtime = p.managedRuntimeVersion.value === '' ? 'no managed code' : p.managedRuntimeVersion.value;
    const detail = `${pipelineMode(p) ?? p.managedPipelineMode.value}, ${runtime}${bitness(p) === 32 ? ', 32-bit' : ''}${p.autoStart.value.trim().toLowerCase() === 'false' ? ', autoStart off' : ''}`;
    return symbol(p.element, `application pool "${p.name}"`, detail, 'applicationPool', p.nameAttribute);
  });
}

export function documentSymbols(analysis: DocumentAnalysis): OutlineSymbol[] {
  const file = analysis.file;
  const top: OutlineSymbol[] = [];
  if (!file.configuration) return top;
  if (file.configSections) top.push(symbol(file.configSections, 'configSections', 'section declarations', 'configSections'));

  // Sections and unknown section-level elements, each with the location it sits in.
  type Entry = { el: XmlElement; location: XmlElement | undefined; sym: OutlineSymbol };
  const entries: Entry[] = [];
  for (const s of file.sections) {
    const group = s.path.split('/').slice(0, -1).join('/');
    const children = s.path === 'system.applicationHost/sites' ? siteSymbols(s.element)
      : s.path === 'system.applicationHost/applicationPools' && !s.location ? poolSymbols(analysis) : [];
    entries.push({ el: s.element, location: s.location?.element, sym: symbol(s.element, s.element.name, group, 'section', undefined, children) });
  }
  for (const u of file.unknownSections) {
    entries.push({ el: u.element, location: u.location?.element, sym: symbol(u.element, u.element.name, `${u.path} (unknown section)`, 'unknownSection') });
  }
  entries.sort((a, b) => a.el.start - b.el.start);

  const byLocation = new Map<XmlElement, OutlineSymbol[]>();
  for (const loc of file.locations) byLocation.set(loc.element, []);
  const outside: Array<{ start: number; sym: OutlineSymbol }> = [];
  for (const e of entries) {
    const list = e.location ? byLocation.get(e.location) : undefined;
    if (list) list.push(e.sym);
    else outside.push({ start: e.el.start, sym: e.sym });
  }
  for (const loc of file.locations) {
    const name = `location "${loc.path}"`;
    outside.push({ start: loc.element.start, sym: symbol(loc.element, name, levelLabel(loc.level, loc.path), 'location', loc.pathAttribute, byLocation.get(loc.element)) });
  }
  outside.sort((a, b) => a.start - b.start);
  top.push(...outside.map((o) => o.sym));
  return top;
}
