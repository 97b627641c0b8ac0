/**
 * The machine's own IIS files, for the desktop server and the CLI: the IIS and IIS Express schema folders that exist,
 * the schema files named by `iisConfig.schemaPaths`, and the home directory for `~` in path settings.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { MachineSources, SchemaFileAccess } from '../lsp/platform';
import { machineAppHostPath } from './hierarchyIo';

export interface SchemaPathsEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exists: (dir: string) => boolean;
}

const nodeEnvironment: SchemaPathsEnvironment = {
  env: process.env,
  exists: (dir) => { try { return fs.statSync(dir).isDirectory(); } catch { return false; } },
};

/**
 * The machine's own schema folders that exist: `%windir%\System32\inetsrv\config\schema` (full IIS), then
 * `%ProgramFiles%\IIS Express\config\schema` (and the x86 Program Files).
 */
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

export const nodeSchemaFiles: SchemaFileAccess = {
  isFile: (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } },
  readDirectory: (d) => fs.readdirSync(d),
  readFile: (p) => fs.readFileSync(p, 'utf8'),
};

export const nodeMachine: MachineSources = {
  schemaFolders: () => machineSchemaFolders(),
  appHostPath: () => machineAppHostPath(),
  homeDir: () => os.homedir(),
  schemaFiles: nodeSchemaFiles,
};
