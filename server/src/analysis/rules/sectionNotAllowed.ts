/**
 * `section-not-allowed`: a section placed where its declaration's
 * allowDefinition or allowLocation forbids it. The configuration system
 * refuses the file (IIS: 500.19; ASP.NET: a configuration error such as the
 * well-known "…allowDefinition='MachineToApplication' beyond application
 * level").
 *
 * - AppHostOnly in a web.config.
 * - MachineOnly outside machine level: in a web.config, or in an
 *   applicationHost.config `<location>` whose path names a site.
 * - MachineToWebRoot in a web.config (every site, application or folder
 *   web.config is below the root web.config), or in an applicationHost.config
 *   `<location>` whose path names a site.
 * - MachineToApplication below an application root: when every level the
 *   place may be is a virtual directory or a folder (e.g.
 *   system.web/authentication in an MVC project's Views/web.config).
 * - allowLocation="false" inside a `<location>` that names a path ("" and "."
 *   mean the file's own level and are accepted).
 *
 * Left alone: places whose level is not known (a web.config read on its own
 * is a site or application root; a location path below it may be an
 * application), AppHostOnly sections in applicationHost.config locations (the
 * sources do not say they are refused), the framework's root web.config,
 * XML Document Transform files.
 */
import type { Rule, RuleContext } from './rule';
import type { RelatedInformation, Severity } from '../types';
import type { ConfigFile, SectionInstance } from '../../hierarchy/configFile';
import type { SectionDeclaration } from '../../iis/declarations';
import type { LevelKind } from '../../hierarchy/levels';
import { assumedClause, assumptionNote, declarationRelated } from '../inheritance';
import { shortName, shown } from '../messages';

export type DefinitionViolation =
  | { readonly kind: 'allowLocation' }
  | { readonly kind: 'AppHostOnly' | 'MachineOnly' | 'MachineToWebRoot' | 'MachineToApplication' };

/** The framework's root web.config (…\Microsoft.NET\Framework64\v4.0.30319\Config\web.config): MACHINE/WEBROOT. */
export function isRootWebConfig(fileName: string): boolean {
  return /[\\/]Microsoft\.NET[\\/]Framework(64)?[\\/][^\\/]+[\\/]Config[\\/]web\.config$/i.test(decodeURIComponentSafe(fileName));
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function namesPath(path: string): boolean {
  const p = path.trim();
  return p !== '' && p !== '.';
}

const BELOW_APPLICATION: readonly LevelKind[] = ['virtualDirectory', 'directory'];

/** What, if anything, the section's declaration forbids at this place. */
export function definitionViolation(section: SectionInstance, file: ConfigFile): DefinitionViolation | undefined {
  if (file.kind === 'transform') return undefined;
  const d = section.declaration;
  const inAppHost = file.kind === 'applicationHost';
  const rootWeb = !inAppHost && isRootWebConfig(file.fileName);
  const inNamedLocation = !!section.location && namesPath(section.location.path);
  if (!d.allowLocation && inNamedLocation) return { kind: 'allowLocation' };
  switch (d.allowDefinition) {
    case 'AppHostOnly':
      return inAppHost ? undefined : { kind: 'AppHostOnly' };
    case 'MachineOnly':
      return !inAppHost || inNamedLocation ? { kind: 'MachineOnly' } : undefined;
    case 'MachineToWebRoot':
      if (rootWeb) return inNamedLocation ? { kind: 'MachineToWebRoot' } : undefined;
      return !inAppHost || inNamedLocation ? { kind: 'MachineToWebRoot' } : undefined;
    case 'MachineToApplication': {
      const c = section.level.candidates;
      return c.length > 0 && c.every((k) => BELOW_APPLICATION.includes(k)) ? { kind: 'MachineToApplication' } : undefined;
    }
    default:
      return undefined;
  }
}

/** Does the bundled declaration have variants that allow the section elsewhere (e.g. httpCompression on some IIS 10 servers)? */
function uncertain(d: SectionDeclaration, v: DefinitionViolation): boolean {
  if (d.source === 'file' || !d.variants) return false;
  return d.variants.split(';').some((part) => {
    const [, values] = part.split(':');
    const [, allowDef, allowLoc] = (values ?? '').split(',');
    return v.kind === 'allowLocation' ? allowLoc === 'true' : allowDef !== undefined && allowDef !== v.kind;
  });
}

export const sectionNotAllowedRule: Rule = {
  id: 'section-not-allowed',
  codes: ['section-not-allowed'],
  checkSection(section: SectionInstance, ctx: RuleContext) {
    const h = ctx.context.hierarchy;
    const v = definitionViolation(section, ctx.file);
    if (!v) return;
    const d = section.declaration;
    const name = shortName(section.path);
    const declared = d.source === 'file' ? 'Its <section> declaration' : 'Its stock declaration';
    const place = section.location
      ? `This <location path="${section.location.path}"> resolves to ${section.level.description.replace(/`/g, '"')}.`
      : ctx.file.kind === 'applicationHost' ? 'This is applicationHost.config.' : `This web.config is ${section.level.description.replace(/`/g, '"')}.`;
    // The assumption the verdict rests on, in one short clause.
    const unmapped = v.kind === 'MachineToApplication' && !section.location && h && !h.mapped;
    // A declaration that differs between IIS versions (httpCompression) rests on the assumed server profile.
    const assumed = unmapped ? ' (assuming this folder is not an application)' : d.profile ? assumedClause(h) : '';
    let message: string;
    let detail: string;
    switch (v.kind) {
      case 'allowLocation':
        message = `<${name}> may not be inside a <location> that names a path; move it out of <location path="${shown(section.location!.path)}">.`;
        detail = `${declared} sets allowLocation="false", so the configuration system refuses it in a <location> with a path; set it at the top of the file.`;
        break;
      case 'AppHostOnly':
        message = `<${name}> may be set only in applicationHost.config, so IIS refuses this web.config${assumed}.`;
        detail = `${declared} says allowDefinition="AppHostOnly": in a web.config IIS answers 500.19. Set it in applicationHost.config, in a <location path> for the site if it should apply to one site only.`;
        break;
      case 'MachineOnly':
        message = `<${name}> may be set only in machine.config or at server level of applicationHost.config, not here${assumed}.`;
        detail = `${declared} says allowDefinition="MachineOnly". ${place}`;
        break;
      case 'MachineToWebRoot':
        message = `<${name}> may be set only in machine.config, applicationHost.config or the root web.config, not here${assumed}.`;
        detail = `${declared} says allowDefinition="MachineToWebRoot". ${place}`;
        break;
      case 'MachineToApplication':
        message = `<${name}> may be set only down to application level, but this is below an application root${assumed}.`;
        detail = `${declared} says allowDefinition="MachineToApplication". ${place} That is beyond application level, which the configuration system refuses: a folder or virtual directory that is not an application in IIS. Move it to the application's root web.config, or make the folder an application.${unmapped ? ' No site maps this folder, so it is taken as a folder of the application above it; if IIS runs it as an application of its own, map it with an applicationHost.config.' : ''}`;
        break;
    }
    let severity: Severity | undefined;
    if (uncertain(d, v)) {
      severity = 'warning';
      detail += d.profile
        ? ` Other servers declare it with ${describeVariants(d.variants!)}, so check the server's own applicationHost.config.`
        : ` Other stock files declare it with ${describeVariants(d.variants!)}, so check the server's own applicationHost.config.`;
    }
    if (h?.choice.source === 'default' && d.source !== 'file') detail += ` ${assumptionNote(h)}`;
    const related: RelatedInformation[] = [];
    const decl = declarationRelated(h, { fileName: ctx.context.fileName, text: ctx.text, file: ctx.file }, d, 'The section declaration');
    if (decl) related.push(decl);
    ctx.report({
      code: 'section-not-allowed', start: section.element.nameStart, end: section.element.nameEnd, message, detail,
      ...(severity ? { severity } : {}), ...(related.length ? { related } : {}),
    });
  },
};

/** "allowDefinition="Everywhere" overrideModeDefault="Allow" (IIS 10, IIS Express)": the other declarations and, for a profile's, who has them. */
function describeVariants(variants: string): string {
  const seen = new Map<string, string[]>();
  for (const p of variants.split(';')) {
    const [who, values] = p.split(':');
    const [omd, allowDef, allowLoc] = (values ?? '').split(',');
    const text = `allowDefinition="${allowDef}" overrideModeDefault="${omd}"${allowLoc === 'false' ? ' allowLocation="false"' : ''}`;
    // Source keys of declarations.json are single letters; a profile's variants name the server.
    seen.set(text, [...(seen.get(text) ?? []), ...(who && who.length > 1 ? [who] : [])]);
  }
  return [...seen].map(([text, who]) => who.length ? `${text} (${who.join(', ')})` : text).join(' or ');
}
