/**
 * Hovers from the server model: on `applicationPool="…"` (an application or
 * `<applicationDefaults>`) the pool's settings as WAS applies them (each with
 * where it comes from) and the applications that run in it; on a pool's
 * `name`, the same; on a `<site>`, its bindings, applications (with their
 * pools) and serverAutoStart.
 *
 * Pure: reads the server model of the analysed document (analysis/serverView.ts).
 */
import type { DocumentAnalysis, Hover } from './types';
import type { XmlAttribute, XmlElement } from '../syntax/xml';
import { getAttribute } from '../syntax/xml';
import {
  AppPool, ApplicationModel, ServerModel, Setting, SiteModel, applicationsInPool, bitness, describeSource, pipelineMode, poolNamed, poolOf,
} from '../model';
import { serverView } from './serverView';

function inAttr(a: XmlAttribute | undefined, offset: number): boolean {
  return !!a && offset >= a.nameStart && offset <= Math.max(a.end, a.valueEnd);
}

function cell(s: string): string { return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '); }

function sourceText(s: Setting): string {
  return s.from === 'own' ? 'set on the pool' : describeSource(s);
}

function appText(a: ApplicationModel): string {
  return a.path === '/' ? `\`${a.site.name}\` (root)` : `\`${a.site.name}${a.path}\``;
}

export function poolMarkdown(model: ServerModel, pool: AppPool): string {
  const mode = pipelineMode(pool) ?? pool.managedPipelineMode.value;
  const runtime = pool.managedRuntimeVersion.value;
  const lines = [
    `**Application pool \`${pool.name}\`**`, '',
    '| Setting | Value | From |', '| --- | --- | --- |',
    `| pipeline | ${cell(mode)} | ${sourceText(pool.managedPipelineMode)} |`,
    `| CLR (managedRuntimeVersion) | ${runtime === '' ? '"" (no managed code)' : cell(runtime)} | ${sourceText(pool.managedRuntimeVersion)} |`,
    `| identity | ${cell(pool.identityType.value)}${pool.identityType.value.toLowerCase() === 'specificuser' ? ` (${cell(pool.userName.value || 'no userName')})` : ''} | ${sourceText(pool.identityType)} |`,
    `| bitness | ${bitness(pool)}-bit | ${sourceText(pool.enable32BitAppOnWin64)} |`,
    `| autoStart | ${cell(pool.autoStart.value)} | ${sourceText(pool.autoStart)} |`,
    `| startMode | ${cell(pool.startMode.value)} | ${sourceText(pool.startMode)} |`,
  ];
  const apps = applicationsInPool(model, pool.name);
  lines.push('', apps.length
    ? `**Applications in it (${apps.length}):** ${apps.slice(0, 12).map(appText).join(', ')}${apps.length > 12 ? ', …' : ''}`
    : '**Applications in it:** none.');
  return lines.join('\n');
}

export function siteMarkdown(model: ServerModel, site: SiteModel): string {
  const lines = [`**Site \`${site.name}\`**${site.id ? ` (id ${site.id})` : ''}`, ''];
  if (site.bindings.length) {
    lines.push(`**Bindings**${site.bindingsFrom === 'siteDefaults' ? ' (from `<siteDefaults>`)' : ''}:`, '');
    for (const b of site.bindings) lines.push(`- \`${b.protocol} ${b.information}\`${b.problem ? ` — cannot be read: ${b.problem}` : ''}`);
  } else {
    lines.push('**Bindings:** none, so the site takes no requests.');
  }
  lines.push('', '| Application | Pool | Physical path |', '| --- | --- | --- |');
  for (const a of site.applications) {
    const pool = poolOf(model, a);
    const poolText = a.applicationPool.value === '' ? '(none)'
      : `${cell(a.applicationPool.value)}${model.pools && !pool ? ' (not defined)' : pool ? ` (${pipelineMode(pool) ?? '?'}, ${pool.managedRuntimeVersion.value || 'no CLR'})` : ''}${a.applicationPool.from === 'own' ? '' : `, ${describeSource(a.applicationPool)}`}`;
    const root = a.virtualDirectories.find((v) => v.path === '/');
    lines.push(`| \`${cell(a.path)}\` | ${poolText} | ${root?.physicalPath ? `\`${cell(root.physicalPath)}\`` : ''} |`);
  }
  lines.push('', `**serverAutoStart:** ${site.serverAutoStart.value}${site.serverAutoStart.from === 'own' ? '' : ` (${describeSource(site.serverAutoStart)})`}.`);
  return lines.join('\n');
}

/** A hover from the server model for element `el` at `offset`, if there is one. */
export function serverHover(analysis: DocumentAnalysis, el: XmlElement, offset: number): Hover | undefined {
  if (analysis.file.kind !== 'applicationHost') return undefined;
  const model = serverView(analysis).model;
  if (!model) return undefined;
  const parentName = el.parent?.name;
  if ((el.name === 'application' && parentName === 'site') || (el.name === 'applicationDefaults' && (parentName === 'site' || parentName === 'sites'))) {
    const a = getAttribute(el, 'applicationPool');
    if (!inAttr(a, offset)) return undefined;
    const pool = poolNamed(model, a!.value);
    const contents = pool ? poolMarkdown(model, pool)
      : model.pools ? `**Application pool \`${a!.value}\`** is not defined in \`<applicationPools>\`: WAS ignores the applications that run in it, and IIS answers 503.`
        : `**Application pool \`${a!.value}\`**: this file has no \`<applicationPools>\`, so its settings are not known here.`;
    return { contents, start: a!.start, end: a!.end };
  }
  if (el.name === 'add' && parentName === 'applicationPools') {
    const a = getAttribute(el, 'name');
    if (!inAttr(a, offset) || !model.pools) return undefined;
    const pool = model.poolList.find((p) => p.element === el);
    return pool ? { contents: poolMarkdown(model, pool), start: a!.start, end: a!.end } : undefined;
  }
  if (el.name === 'site' && parentName === 'sites') {
    const onName = offset >= el.nameStart && offset <= el.nameEnd;
    const nameAttr = getAttribute(el, 'name');
    if (!onName && !inAttr(nameAttr, offset)) return undefined;
    const site = model.sites?.find((s) => s.element === el);
    if (!site) return undefined;
    const range = onName ? { start: el.nameStart, end: el.nameEnd } : { start: nameAttr!.start, end: nameAttr!.end };
    return { contents: siteMarkdown(model, site), ...range };
  }
  return undefined;
}
