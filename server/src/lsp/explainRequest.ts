/**
 * Explain Request over LSP: `workspace/executeCommand` `iisConfig.server.explainRequest`
 * with `{ uri, request?, verb? }`.
 *
 * - Without `request`: `{ suggestion, sites }` — the configuration path of the
 *   document (what to pre-fill) and the sites of the applicationHost.config in
 *   effect (for a picker).
 * - With `request` ("Site/app/page.aspx" or a URL): `{ title, content,
 *   explanation }` — the text of analysis/explain.ts (every fact with its file
 *   and line) and the same as data.
 *
 * The hierarchy is read as for the document (the hierarchy feature's reader:
 * open documents first); an applicationHost.config document explains requests
 * against itself.
 */
import type { ServerFeature } from './feature';
import type { HierarchyFeature } from './hierarchy';
import { ConfigHierarchy, buildFolderPathHierarchy, buildPathHierarchy } from '../hierarchy/hierarchy';
import { explainRequest, explanationText, resolveExplainTarget } from '../analysis/explain';
import { dirName, rootOf } from '../hierarchy/hierarchy';

/** A file inside a workspace folder, relative to it ("sites/shop/web.config"); others as they are. */
function relativeTo(roots: readonly string[], file: string): string {
  const root = rootOf(file, roots);
  return root ? file.slice(root.length).replace(/^[\\/]+/, '') : file;
}

export const EXPLAIN_COMMAND = 'iisConfig.server.explainRequest';

export function createExplainRequestFeature(hierarchy: HierarchyFeature): ServerFeature {
  return {
    name: 'explainRequest',
    capabilities: () => ({ executeCommandProvider: { commands: [EXPLAIN_COMMAND] } }),
    register(ctx) {
      ctx.connection.onExecuteCommand(async (params) => {
        if (params.command !== EXPLAIN_COMMAND) return undefined;
        const args = (params.arguments?.[0] ?? {}) as { uri?: unknown; request?: unknown; verb?: unknown };
        if (typeof args.uri !== 'string') return { error: `${EXPLAIN_COMMAND} expects { uri, request? }` };
        try {
          const file = ctx.platform.files.fileName(args.uri);
          const cached = await ctx.current(args.uri);
          if (!file || !cached) return { error: 'Open an IIS configuration file (web.config or applicationHost.config) first.' };
          const settings = await ctx.getSettings(args.uri);
          const isAppHost = cached.analysis.file.kind === 'applicationHost';
          const base = { ...hierarchy.optionsFor(file, settings), ...(isAppHost ? { explicit: { path: file, source: 'setting' as const } } : {}) };
          const server: ConfigHierarchy = buildPathHierarchy([], base);
          if (typeof args.request !== 'string' || !args.request.trim()) {
            const own = cached.analysis.context.hierarchy;
            const suggestion = own ? own.configPath.join('/') + '/' : server.sites?.sites[0]?.name ? `${server.sites.sites[0].name}/` : '';
            return { suggestion, sites: (server.sites?.sites ?? []).map((s) => s.name).filter(Boolean) };
          }
          const verb = typeof args.verb === 'string' && /^[A-Za-z-]+$/.test(args.verb) ? args.verb : undefined;
          const target = resolveExplainTarget(server, args.request);
          if ('error' in target) return { error: target.error };
          const siteRoot = cached.analysis.context.hierarchy?.parents[0] ? dirName(cached.analysis.context.hierarchy.parents[0].fileName) : dirName(file);
          const h = target.site && server.sites ? buildPathHierarchy(target.configPath, base) : buildFolderPathHierarchy(target.configPath, siteRoot, base);
          const explanation = explainRequest(h, target, args.request, { verb, schema: cached.analysis.schema, context: { readRelatedFile: hierarchy.readRelatedFile } });
          return {
            title: `${explanation.request.verb} ${explanation.request.configPath}`,
            content: explanationText(explanation, (f) => relativeTo(base.workspaceRoots, f)),
            explanation,
          };
        } catch (error) {
          ctx.logFailure(EXPLAIN_COMMAND, error);
          return { error: 'Explaining the request failed; see the IIS Config output.' };
        }
      });
    },
  };
}
