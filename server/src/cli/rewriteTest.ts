/**
 * `iis-config-lint --rewrite-test URL [--app-host FILE] [--format json]
 * [--exists P] [--missing P] [--server-variable NAME=VALUE] PATH…`: runs a URL
 * through the URL Rewrite rules in effect for the site whose root folder (or
 * root web.config) is PATH and prints the trace (analysis/rewriteTest.ts).
 *
 * Exit status: 0 the trace was printed; 1 the rules answer 500.52 for the URL
 * (a pattern does not compile) or redirect in a loop; 2 bad usage or an
 * unreadable PATH.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runRewriteTest, renderTrace, traceJson, RewriteTestResult } from '../analysis/rewriteTest';
import { fsReader, machineAppHostPath, scanWorkspace } from '../node/hierarchyIo';
import { workspaceRootFor } from './hierarchy';

export interface RewriteTestCliOptions {
  readonly url: string;
  readonly paths: readonly string[];
  readonly appHost?: string;
  readonly format: 'text' | 'json' | 'sarif';
  readonly exists: readonly string[];
  readonly missing: readonly string[];
  readonly variables: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface Io { stdout(s: string): void; stderr(s: string): void }

/** The site folder a PATH names: the folder itself, or the folder of a web.config. */
function siteFolderOf(p: string): string {
  const st = fs.statSync(p);
  return st.isDirectory() ? p : path.dirname(p);
}

export function runRewriteTestCli(o: RewriteTestCliOptions, io: Io): number {
  const cwd = o.cwd ?? process.cwd();
  if (o.format === 'sarif') { io.stderr('iis-config-lint: --rewrite-test prints text or json, not sarif\n'); return 2; }
  try { new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(o.url) ? o.url : `http://localhost/${o.url.replace(/^\/+/, '')}`); } catch {
    io.stderr(`iis-config-lint: --rewrite-test needs a URL such as http://localhost/path, not '${o.url}'\n`);
    return 2;
  }
  const display = (f: string) => (!f ? '(this file)' : path.isAbsolute(f) && (f === cwd || f.startsWith(cwd + path.sep)) ? path.relative(cwd, f) : f);
  const results: RewriteTestResult[] = [];
  for (const p of o.paths) {
    const abs = path.resolve(cwd, p);
    let siteFolder: string;
    try { siteFolder = siteFolderOf(abs); } catch (e) {
      io.stderr(`iis-config-lint: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    // The workspace, as for linting the site's web.config: its repository, else the folder given, else its own folder.
    const roots = [workspaceRootFor(path.join(siteFolder, 'web.config'), [abs]).root];
    const scan = scanWorkspace(roots);
    results.push(runRewriteTest({
      url: o.url, siteFolder, workspaceRoots: roots, reader: fsReader({ cache: new Map() }),
      workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, machineAppHost: machineAppHostPath(),
      ...(o.appHost ? { explicit: { path: path.resolve(cwd, o.appHost), source: 'cli' as const } } : {}),
      exists: o.exists, missing: o.missing, variables: o.variables,
    }));
  }
  if (o.format === 'json') {
    const json = results.map((r) => traceJson(r, { displayFile: display }));
    io.stdout(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n');
  } else {
    io.stdout(results.map((r) => renderTrace(r, { displayFile: display })).join('\n'));
  }
  const bad = results.some((r) => r.trace.loop || [r.trace, ...r.trace.redirects].some((t) => t.result.action === 'Error'));
  return bad ? 1 : 0;
}
