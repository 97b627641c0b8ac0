/**
 * Run-time schema: the bundled IIS 10 schema, merged with the schema folders
 * of the machine the server runs on and the folders of the
 * `iisConfig.schemaPaths` setting (later folders win conflicts, so a server's
 * own files describe it best):
 *
 * 1. `%windir%\System32\inetsrv\config\schema` (full IIS), when it exists;
 * 2. `%ProgramFiles%\IIS Express\config\schema` (and the x86 Program Files), when it exists;
 * 3. each entry of `iisConfig.schemaPaths`, in order: a folder (every `*.xml`
 *    in it) or a single schema file.
 *
 * Folders are read with node's fs through loadSchemaFolder's injected I/O,
 * once per distinct list of folders (the registry is cached; change the
 * setting to reload). Problems with a folder or file are logged once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SchemaDiagnostic, SchemaRegistry, bundledSchema, loadSchemaFolder, parseSchemaFiles } from '../iis/schemaLoader';
import type { ServerFeature, Settings } from './server';

export interface SchemaPathsEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exists: (dir: string) => boolean;
}

const nodeEnvironment: SchemaPathsEnvironment = {
  env: process.env,
  exists: (dir) => { try { return fs.statSync(dir).isDirectory(); } catch { return false; } },
};

/** The machine's own schema folders that exist (full IIS, IIS Express). */
export function machineSchemaFolders(environment: SchemaPathsEnvironment = nodeEnvironment): string[] {
  const { env } = environment;
  const candidates: string[] = [];
  const windir = env.windir ?? env.WINDIR ?? env.SystemRoot ?? env.SYSTEMROOT;
  if (windir) candidates.push(path.win32.join(windir, 'System32', 'inetsrv', 'config', 'schema'));
  for (const pf of [env.ProgramFiles, env.PROGRAMFILES, env['ProgramFiles(x86)'], env['PROGRAMFILES(X86)']]) {
    if (pf) candidates.push(path.win32.join(pf, 'IIS Express', 'config', 'schema'));
  }
  return [...new Set(candidates)].filter((d) => environment.exists(d));
}

/** The folders and files of the `schemaPaths` setting (strings only; empty entries dropped). */
export function settingSchemaFolders(settings: Settings): string[] {
  const raw = settings.raw.schemaPaths;
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
}

function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

const cache = new Map<string, SchemaRegistry>();
let log: ((message: string) => void) | undefined;
const logged = new Set<string>();

/** The registry for a list of folders (bundled schema first, then each folder), cached per list. */
export function schemaForFolders(folders: readonly string[]): SchemaRegistry {
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
      if (isFile(entry)) {
        // A single schema file: merged like a folder's files (its definitions win).
        let text: string | undefined;
        try { text = fs.readFileSync(entry, 'utf8'); } catch (e) { onError({ file: entry, message: `cannot read schema file: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, severity: 'error' }); }
        if (text !== undefined) registry = registry.clone().addSections(parseSchemaFiles([{ name: path.basename(entry), text }], onError), 'added');
        continue;
      }
      registry = loadSchemaFolder(entry, (d) => fs.readdirSync(d), (p) => fs.readFileSync(p, 'utf8'), { base: registry, onError });
    }
    cache.set(key, registry);
  }
  return registry;
}

export const schemaPathsFeature: ServerFeature = {
  name: 'schemaPaths',
  register(ctx) {
    log = (m) => ctx.connection.console.warn(m);
  },
  analysisContext(_uri, settings) {
    const folders = [...machineSchemaFolders(), ...settingSchemaFolders(settings)];
    return folders.length ? { schema: schemaForFolders(folders) } : {};
  },
};
