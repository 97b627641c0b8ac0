/**
 * Section declarations: which element paths are configuration sections, and
 * the rules their `<section>` declaration sets (overrideModeDefault,
 * allowDefinition, allowLocation).
 *
 * The bundled defaults (server/data/declarations.json, generated from
 * reference data) describe a stock IIS 10 server plus the .NET 4 machine.config.
 * A file's own `<configSections>` adds to them (see `withConfigSections`).
 */
import bundled from '../../data/declarations.json';
import { XmlElement, getAttribute } from '../syntax/xml';
import { DEFAULT_PROFILE, SERVER_PROFILES, ServerProfile, profileInfo } from './serverProfiles';

export type AllowDefinition = 'Everywhere' | 'MachineToApplication' | 'MachineOnly' | 'MachineToWebRoot' | 'AppHostOnly';
export type OverrideMode = 'Allow' | 'Deny';

export interface SectionDeclaration {
  readonly path: string;
  readonly overrideModeDefault: OverrideMode;
  readonly allowDefinition: AllowDefinition;
  readonly allowLocation: boolean;
  /** Where the declaration comes from: a key of the bundled sources, or 'file' for a <configSections> entry. */
  readonly source: string;
  /** The element that declares it, when it comes from a file's <configSections>. */
  readonly element?: XmlElement;
  /** Declared with a type whose content IIS never validates (custom .NET sections, IgnoreSection). */
  readonly contentUnchecked?: boolean;
  readonly variants?: string;
  /**
   * The declaration comes from a server profile's model and differs between IIS versions (httpCompression: Everywhere
   * on IIS 10, AppHostOnly on IIS 7.0-8.5): a verdict that rests on it rests on the assumed profile.
   */
  readonly profile?: ServerProfile;
}

/**
 * What a `<section>` declaration means when it omits an attribute. Sources (Microsoft): "If you do not explicitly set
 * the value of this property, the default is "Allow"" (IAppHostSectionDefinition::OverrideModeDefault); AllowDefinition
 * defaults to "Everywhere" (IAppHostSectionDefinition::AllowDefinition; "Deep dive into IIS configuration",
 * "Additional Schema Information in <configSections>"); allowLocation defaults to true (the comment of every stock
 * applicationHost.config's <configSections>: `allowLocation="true" [true|false]`). Holds for IIS 7.0 to 10.0 and
 * IIS Express; .NET's System.Configuration uses the same defaults for machine.config and web.config declarations.
 */
export const DECLARATION_DEFAULTS: { readonly overrideModeDefault: OverrideMode; readonly allowDefinition: AllowDefinition; readonly allowLocation: boolean } = {
  overrideModeDefault: 'Allow', allowDefinition: 'Everywhere', allowLocation: true,
};

/** Sections whose content the IIS configuration system never interprets (their declared type ignores it). */
const CONTENT_UNCHECKED = new Set(['runtime', 'assemblyBinding', 'mscorlib', 'satelliteassemblies', 'startup', 'windows', 'system.runtime.remoting']);

export class DeclarationSet {
  private readonly sections = new Map<string, SectionDeclaration>();
  private readonly groups = new Set<string>();

  constructor(decls: Iterable<SectionDeclaration>, readonly sourceNames: Record<string, string> = {}) {
    for (const d of decls) this.add(d);
  }

  add(d: SectionDeclaration): void {
    this.sections.set(d.path, d);
    const parts = d.path.split('/');
    for (let i = 1; i < parts.length; i++) this.groups.add(parts.slice(0, i).join('/'));
  }

  get(path: string): SectionDeclaration | undefined { return this.sections.get(path); }
  isSection(path: string): boolean { return this.sections.has(path); }
  /** A section group: a path prefix of at least one declared section. */
  isGroup(path: string): boolean { return this.groups.has(path); }
  all(): IterableIterator<SectionDeclaration> { return this.sections.values(); }

  /** A copy with the `<section>`/`<sectionGroup>` entries of a `<configSections>` element added. */
  withConfigSections(configSections: XmlElement | undefined): DeclarationSet {
    if (!configSections) return this;
    const copy = new DeclarationSet(this.sections.values(), this.sourceNames);
    for (const g of this.groups) copy.groups.add(g);
    const stack: Array<{ el: XmlElement; prefix: string }> = [{ el: configSections, prefix: '' }];
    while (stack.length) {
      const { el, prefix } = stack.pop()!;
      for (const child of el.children) {
        if (child.type !== 'element') continue;
        const name = getAttribute(child, 'name')?.value;
        if (!name) continue;
        const path = prefix ? `${prefix}/${name}` : name;
        if (child.name === 'sectionGroup') {
          copy.groups.add(path);
          stack.push({ el: child, prefix: path });
        } else if (child.name === 'section') {
          const existing = copy.get(path);
          const omd = getAttribute(child, 'overrideModeDefault')?.value;
          const allowDef = getAttribute(child, 'allowDefinition')?.value;
          const allowLoc = getAttribute(child, 'allowLocation')?.value;
          const type = getAttribute(child, 'type')?.value;
          // An attribute the <section> element omits means the configuration system's default, not what another file
          // (or the bundled set) says: `<section name="httpCompression" overrideModeDefault="Allow" />` is Everywhere.
          copy.add({
            path,
            overrideModeDefault: omd === 'Deny' || omd === 'Allow' ? omd : DECLARATION_DEFAULTS.overrideModeDefault,
            allowDefinition: isAllowDefinition(allowDef) ? allowDef : DECLARATION_DEFAULTS.allowDefinition,
            allowLocation: allowLoc !== undefined ? allowLoc.toLowerCase() !== 'false' : DECLARATION_DEFAULTS.allowLocation,
            source: 'file',
            element: child,
            // A section the file declares itself with a .NET type is a custom section: IIS has no schema for its content.
            contentUnchecked: existing ? existing.contentUnchecked : (type !== undefined || CONTENT_UNCHECKED.has(path)),
          });
        }
      }
    }
    return copy;
  }
}

function isAllowDefinition(v: string | undefined): v is AllowDefinition {
  return v === 'Everywhere' || v === 'MachineToApplication' || v === 'MachineOnly' || v === 'MachineToWebRoot' || v === 'AppHostOnly';
}

const defaults = new Map<ServerProfile, DeclarationSet>();

/**
 * Sections the configuration system declares itself, without a <section>
 * element anywhere: `configProtectedData` (System.Configuration adds it at the
 * root, allowDefinition Everywhere; BaseConfigurationRecord.AddImplicitSections),
 * which every applicationHost.config carries.
 */
const IMPLICIT_SECTIONS: readonly SectionDeclaration[] = [
  { path: 'configProtectedData', overrideModeDefault: 'Allow', allowDefinition: 'Everywhere', allowLocation: true, source: 'implicit' },
];

/**
 * The bundled declarations (stock IIS, IIS Express and .NET 4 machine.config; declarations.json) with the
 * declarations of a server profile's model on top (default: IIS 10). A profile's declaration is marked with the
 * profile, and lists how the other profiles declare the section (`variants`).
 */
export function defaultDeclarations(profile: ServerProfile = DEFAULT_PROFILE): DeclarationSet {
  let set = defaults.get(profile);
  if (!set) {
    set = new DeclarationSet(
      (bundled.sections as Array<Omit<SectionDeclaration, 'contentUnchecked'>>).map((d) => ({ ...d, contentUnchecked: CONTENT_UNCHECKED.has(d.path) })),
      bundled.sources as Record<string, string>,
    );
    for (const d of IMPLICIT_SECTIONS) if (!set.get(d.path)) set.add(d);
    for (const d of profileInfo(profile).declarations) {
      const base = set.get(d.path);
      const others = SERVER_PROFILES.filter((p) => p !== profile).flatMap((p) => {
        const o = profileInfo(p).declarations.find((x) => x.path === d.path);
        return o && (o.overrideModeDefault !== d.overrideModeDefault || o.allowDefinition !== d.allowDefinition || o.allowLocation !== d.allowLocation)
          ? [`${profileInfo(p).label}:${o.overrideModeDefault},${o.allowDefinition},${o.allowLocation}`] : [];
      });
      set.add({
        path: d.path, overrideModeDefault: d.overrideModeDefault, allowDefinition: d.allowDefinition, allowLocation: d.allowLocation,
        source: `profile:${profile}`, profile, contentUnchecked: base?.contentUnchecked ?? CONTENT_UNCHECKED.has(d.path),
        ...(others.length ? { variants: others.join(';') } : {}),
      });
    }
    defaults.set(profile, set);
  }
  return set;
}
