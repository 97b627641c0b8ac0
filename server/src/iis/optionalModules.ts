/**
 * Sections that optional IIS add-ons declare when they are installed and whose
 * schema is not bundled (the bundled schema knows URL Rewrite, ARR, the
 * ASP.NET Core Module, WebDAV, FTP and Web Deploy through
 * SchemaRegistry.module()). Used to name the add-on when such a section is
 * not declared.
 */
import type { ModuleInfo } from './schemaLoader';

export interface OptionalSection {
  /** Section path (or section-group path: every section below it). */
  readonly path: string;
  readonly module: ModuleInfo;
}

export const OPTIONAL_SECTIONS: readonly OptionalSection[] = [
  // iisnode registers system.webServer/iisnode (its installer adds the schema file and the declaration).
  { path: 'system.webServer/iisnode', module: { name: 'iisnode', url: 'https://github.com/Azure/iisnode' } },
  // HttpPlatformHandler: <httpPlatform processPath=…> (Azure App Service has it installed).
  { path: 'system.webServer/httpPlatform', module: { name: 'HttpPlatformHandler', url: 'https://www.iis.net/downloads/microsoft/httpplatformhandler' } },
  // IIS CORS Module: <cors enabled=…>.
  { path: 'system.webServer/cors', module: { name: 'IIS CORS Module', url: 'https://www.iis.net/downloads/microsoft/iis-cors-module' } },
];

/** The add-on (not in the bundled schema) that declares this section or group, if known. */
export function optionalSection(path: string): OptionalSection | undefined {
  return OPTIONAL_SECTIONS.find((s) => s.path === path || s.path.startsWith(path + '/') || path.startsWith(s.path + '/'));
}
