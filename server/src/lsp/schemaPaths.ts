/**
 * Run-time schema: the bundled IIS 10 schema, merged with the schema folders
 * of the machine the server runs on and the folders of the
 * `iisConfig.schemaPaths` setting (later folders win conflicts, so a server's
 * own files describe it best):
 *
 * 1. the machine's IIS and IIS Express schema folders that exist (the
 *    platform's `machine.schemaFolders()`; none in the browser);
 * 2. each entry of `iisConfig.schemaPaths`, in order: a folder (every `*.xml`
 *    in it) or a single schema file.
 *
 * Folders are read through the platform's `machine.schemaFiles` (node's fs on
 * the desktop), once per distinct list of folders (the registry is cached;
 * change the setting to reload). Problems with a folder or file are logged
 * once. Where the platform cannot read them (the browser), the setting is
 * ignored and the server says so once.
 */
import { SchemaDiagnostic, SchemaRegistry, bundledSchema, loadSchemaFolder, parseSchemaFiles } from '../iis/schemaLoader';
import type { ServerContext, ServerFeature, Settings } from './feature';
import type { SchemaFileAccess } from './platform';
import { baseName } from '../hierarchy/configFile';

/** The folders and files of the `schemaPaths` setting (strings only; empty entries dropped). */
export function settingSchemaFolders(settings: Settings): string[] {
  const raw = settings.raw.schemaPaths;
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
}

const cache = new Map<string, SchemaRegistry>();
let log: ((message: string) => void) | undefined;
const logged = new Set<string>();

/** The registry for a list of folders (bundled schema first, then each folder), cached per list. */
export function schemaForFolders(folders: readonly string[], access: SchemaFileAccess): SchemaRegistry {
  if (!folders.length) return bundledSchema();
  const key = JSON.stringify(folders);
  let registry = cache.get(key);
  if (!registry) {
    registry = bundledSchema();
    const onError = (e: SchemaDiagnostic) => {
      const k = `${e.file}:${e.line ?? ''}:${e.message}`;
      if (logged.has(k) || e.severity !== 'error') return;
      logged.add(k);
      log?.(`[iis-config] schema ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`);
    };
    for (const entry of folders) {
      if (access.isFile(entry)) {
        // A single schema file: merged like a folder's files (its definitions win).
        let text: string | undefined;
        try { text = access.readFile(entry); } catch (e) { onError({ file: entry, message: `cannot read schema file: ${(e as { code?: string }).code ?? 'error'}`, severity: 'error' }); }
        if (text !== undefined) registry = registry.clone().addSections(parseSchemaFiles([{ name: baseName(entry), text }], onError), 'added');
        continue;
      }
      registry = loadSchemaFolder(entry, (d) => access.readDirectory(d), (p) => access.readFile(p), { base: registry, onError });
    }
    cache.set(key, registry);
  }
  return registry;
}

export function createSchemaPathsFeature(): ServerFeature {
  let ctx: ServerContext | undefined;
  let toldUnsupported = false;
  return {
    name: 'schemaPaths',
    register(c) {
      ctx = c;
      log = (m) => c.connection.console.warn(m);
    },
    analysisContext(_uri, settings) {
      const machine = ctx?.platform.machine;
      if (!machine) return {};
      const configured = settingSchemaFolders(settings);
      if (!machine.schemaFiles) {
        if (configured.length && !toldUnsupported) {
          toldUnsupported = true;
          const message = `IIS Config: iisConfig.schemaPaths is ignored here (${ctx!.platform.name}): schema folders are read on the desktop only; the bundled IIS 10 schema is used.`;
          ctx!.connection.console.warn(`[iis-config] ${message}`);
          void ctx!.connection.window.showWarningMessage(message);
        }
        return {};
      }
      const folders = [...machine.schemaFolders(), ...configured];
      return folders.length ? { schema: schemaForFolders(folders, machine.schemaFiles) } : {};
    },
  };
}
