import { Hover as LspHover, MarkupKind } from 'vscode-languageserver';
import { getHover } from '../analysis/hover';
import { toRange } from './convert';
import type { ServerFeature } from './feature';

export const hoverFeature: ServerFeature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover(async (params, token): Promise<LspHover | null> => {
      try {
        // The latest analysis (mapped through edits since): a hover never waits for a re-analysis of a large file.
        const c = await ctx.latest(params.textDocument.uri, params.position, token);
        if (!c) return null;
        const h = getHover(c.analysis, c.index.offsetAt(params.position));
        if (!h) return null;
        return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(c.index, h.start, h.end) };
      } catch (error) {
        ctx.logFailure('hover', error);
        return null;
      }
    });
  },
};
