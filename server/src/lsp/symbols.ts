/** textDocument/documentSymbol: the outline and breadcrumbs (sites, applications, locations, sections). */
import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { documentSymbols, OutlineKind, OutlineSymbol } from '../analysis/symbols';
import type { LineIndex } from '../syntax/lineIndex';
import { toRange } from './convert';
import type { ServerFeature } from './feature';

const KIND: Record<OutlineKind, SymbolKind> = {
  location: SymbolKind.Namespace,
  section: SymbolKind.Object,
  unknownSection: SymbolKind.Object,
  configSections: SymbolKind.Array,
  site: SymbolKind.Package,
  application: SymbolKind.Module,
  virtualDirectory: SymbolKind.File,
  applicationPool: SymbolKind.Class,
};

function toDocumentSymbol(s: OutlineSymbol, index: LineIndex): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail || undefined,
    kind: KIND[s.kind],
    range: toRange(index, s.start, s.end),
    selectionRange: toRange(index, s.selectionStart, s.selectionEnd),
    children: s.children.map((c) => toDocumentSymbol(c, index)),
  };
}

/** For clients without hierarchical symbols: a flat list with container names. */
function flatten(symbols: readonly OutlineSymbol[], index: LineIndex, uri: string, container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
  for (const s of symbols) {
    out.push({ name: s.name, kind: KIND[s.kind], location: { uri, range: toRange(index, s.start, s.end) }, containerName: container });
    flatten(s.children, index, uri, s.name, out);
  }
  return out;
}

export const documentSymbolFeature: ServerFeature = {
  name: 'documentSymbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'IIS Config' } }),
  register(ctx) {
    ctx.connection.onDocumentSymbol(async (params, token): Promise<DocumentSymbol[] | SymbolInformation[]> => {
      try {
        const c = await ctx.current(params.textDocument.uri, token);
        if (!c) return [];
        const symbols = documentSymbols(c.analysis);
        if (ctx.clientCapabilities().textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport) {
          return symbols.map((s) => toDocumentSymbol(s, c.index));
        }
        return flatten(symbols, c.index, params.textDocument.uri);
      } catch (error) {
        ctx.logFailure('documentSymbol', error);
        return [];
      }
    });
  },
};
