/** textDocument/inlayHint: after each <location path="…">, the level the path resolves to ("application /api of Shop"). */
import { InlayHint, MarkupKind } from 'vscode-languageserver';
import { locationLevelHints } from '../analysis/locationLevels';
import type { ServerFeature } from './feature';

export const inlayHintFeature: ServerFeature = {
  name: 'inlayHints',
  capabilities: () => ({ inlayHintProvider: true }),
  register(ctx) {
    ctx.connection.languages.inlayHint.on(async (params, token): Promise<InlayHint[]> => {
      try {
        const c = await ctx.current(params.textDocument.uri, token);
        if (!c) return [];
        const from = c.index.offsetAt(params.range.start), to = c.index.offsetAt(params.range.end);
        return locationLevelHints(c.analysis)
          .filter((h) => h.offset >= from && h.offset <= to)
          .map((h) => ({
            position: c.index.positionAt(h.offset),
            label: h.label,
            paddingLeft: true,
            tooltip: { kind: MarkupKind.Markdown, value: h.tooltip },
          }));
      } catch (error) {
        ctx.logFailure('inlayHint', error);
        return [];
      }
    });
  },
};
