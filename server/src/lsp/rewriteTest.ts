/**
 * URL Rewrite in the language server:
 *
 * - `iisConfig.server.rewriteTest` ({ uri, url, exists?, missing?, variables? }
 *   → { title, text, links, json }): runs the URL through the rewrite rules in
 *   effect for the site of the document (its own folder when it is the site's
 *   root web.config; the site root its hierarchy maps to otherwise), and
 *   returns the trace as text, with the position of every rule's `file:line`
 *   in it (`links`) so the client can link each to its file, and as JSON.
 * - A code lens above every `<rules>` and `<globalRules>` element that runs
 *   the client command `iisConfig.testRewriteRules` for the document.
 *
 * Files are read through the platform's file access (the disk on the desktop,
 * the client's copy of the workspace in the browser), open documents first.
 */
import type { CodeLens, InitializeParams } from 'vscode-languageserver';
import type { ServerContext, ServerFeature } from './feature';
import type { Platform } from './platform';
import { runRewriteTest, renderTrace, traceJson } from '../analysis/rewriteTest';
import { layeredReader, scanFolders } from '../hierarchy/readers';
import { ancestors, dirName, folderForConfigPath, rootOf } from '../hierarchy/hierarchy';
import { physicalEntities } from '../hierarchy/physicalPaths';
import { REWRITE_SECTIONS } from '../rewrite/model';
import { resolveSettingPath } from './hierarchy';
import { trimEndChars } from '../util/strings';

export const REWRITE_TEST_COMMAND = 'iisConfig.server.rewriteTest';
/** The client command the code lens runs (it asks for the URL). */
export const CLIENT_REWRITE_COMMAND = 'iisConfig.testRewriteRules';

export interface RewriteTestArgs {
  readonly uri?: unknown;
  readonly url?: unknown;
  readonly exists?: unknown;
  readonly missing?: unknown;
  readonly variables?: unknown;
}

export interface RewriteTestResponse {
  readonly title: string;
  readonly text: string;
  /** Where each rule's file:line is in `text` (0-based line and characters), and what it points at (0-based line). */
  readonly links: ReadonlyArray<{ readonly line: number; readonly start: number; readonly end: number; readonly target: string; readonly targetLine: number }>;
  readonly json: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);

/** The path of `file` from the folder above its workspace root ("ws/site/web.config"), for the trace. */
function displayPath(file: string, roots: readonly string[]): string {
  const r = rootOf(file, roots);
  if (!r) return file;
  const up = dirName(trimEndChars(r, '\\/'));
  return file.slice(up.length).replace(/^[\\/]+/, '').replace(/\\/g, '/');
}

export function createRewriteTestFeature(): ServerFeature {
  let roots: string[] = [];
  let platform: Platform | undefined;
  const toPath = (uri: string): string | undefined => platform?.files.fileName(uri);
  return {
    name: 'rewrite-test',
    capabilities(params: InitializeParams) {
      // Called at initialize, after register (so the platform is known).
      const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      roots = folders.map((u) => toPath(u)).filter((p): p is string => !!p);
      if (!roots.length && params.rootPath) roots = [params.rootPath];
      return { codeLensProvider: { resolveProvider: false }, executeCommandProvider: { commands: [REWRITE_TEST_COMMAND] } };
    },
    register(c: ServerContext) {
      platform = c.platform;
      const workspaceFolders = () => roots;
      c.connection.onCodeLens(async (params) => {
        try {
          const cached = await c.model(params.textDocument.uri);
          if (!cached) return [];
          const lenses: CodeLens[] = [];
          for (const s of cached.analysis.file.sections) {
            if (s.path !== REWRITE_SECTIONS.rules && s.path !== REWRITE_SECTIONS.globalRules) continue;
            const at = cached.index.positionAt(s.element.start);
            lenses.push({
              range: { start: at, end: at },
              command: { title: 'Test URL against these rewrite rules…', command: CLIENT_REWRITE_COMMAND, arguments: [params.textDocument.uri] },
            });
          }
          return lenses;
        } catch (error) {
          c.logFailure('codeLens', error);
          return [];
        }
      });

      c.connection.onExecuteCommand(async (params) => {
        if (params.command !== REWRITE_TEST_COMMAND) return undefined;
        const args = (params.arguments?.[0] ?? {}) as RewriteTestArgs;
        if (typeof args.uri !== 'string' || typeof args.url !== 'string' || !args.url.trim()) return { error: `${REWRITE_TEST_COMMAND} expects { uri, url }` };
        try {
          await c.platform.files.ready();
          const file = toPath(args.uri);
          const cached = await c.current(args.uri);
          if (!file || !cached) return { error: 'Open an IIS configuration file (web.config or applicationHost.config) first.' };
          const settings = await c.getSettings(args.uri);
          const key = (f: string) => c.platform.files.key(f);
          const openText = (f: string) => {
            for (const d of c.documents.all()) { const p = toPath(d.uri); if (p && key(p) === key(f)) return d.getText(); }
            return undefined;
          };
          const reader = layeredReader(c.platform.files.reader, { overlay: openText });
          const workspaceRoots = workspaceFolders().length ? workspaceFolders() : [dirName(file)];
          const scan = scanFolders(reader, workspaceRoots);
          const root = rootOf(file, workspaceRoots);
          const configured = typeof settings.raw.applicationHostPath === 'string' && settings.raw.applicationHostPath.trim()
            ? resolveSettingPath(settings.raw.applicationHostPath, root ?? workspaceRoots[0], c.platform.machine.homeDir()) : undefined;
          // The site root: the folder the document's site maps to, else the topmost web.config folder of its hierarchy, else its own folder.
          const h = cached.analysis.context.hierarchy;
          let siteFolder = dirName(file);
          if (h?.mapped && h.sites) {
            const mapped = folderForConfigPath(h.configPath.slice(0, 1), physicalEntities(h.sites), [...ancestors(dirName(file)), ...scan.webConfigFolders], (f) => rootOf(f, workspaceRoots));
            if (mapped) siteFolder = mapped;
          } else if (h?.parents.length) siteFolder = dirName(h.parents[0].fileName);
          const variables: Record<string, string> = {};
          if (args.variables && typeof args.variables === 'object') {
            for (const [k, v] of Object.entries(args.variables as Record<string, unknown>)) if (typeof v === 'string') variables[k.toUpperCase()] = v;
          }
          const result = runRewriteTest({
            url: args.url.trim(), siteFolder, workspaceRoots, reader, workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders,
            machineAppHost: c.platform.machine.appHostPath(), ...(configured ? { explicit: { path: configured, source: 'setting' as const } } : {}),
            exists: strings(args.exists), missing: strings(args.missing), variables,
            // The browser has only the workspace's configuration files: a file it lacks may exist.
            listingsComplete: c.platform.name === 'node',
          });
          const display = (f: string) => displayPath(f, workspaceRoots);
          const links: Array<{ traceLine: number; file: string; line: number; start: number; end: number }> = [];
          const text = renderTrace(result, { displayFile: display }, links);
          return {
            title: `Rewrite test ${args.url.trim()}`,
            text,
            links: links.filter((l) => l.file).map((l) => ({ line: l.traceLine, start: l.start, end: l.end, target: c.platform.files.uri(l.file), targetLine: Math.max(0, l.line - 1) })),
            json: traceJson(result, { displayFile: display }),
          } satisfies RewriteTestResponse;
        } catch (error) {
          c.logFailure(params.command, error);
          return { error: 'Testing the URL failed; see the IIS Config output.' };
        }
      });
    },
  };
}
