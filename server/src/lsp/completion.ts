/** Completion over LSP: the pure analysis/completion.ts results as CompletionItems with text edits. */
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import { getCompletions, CompletionKind } from '../analysis/completion';
import { toRange } from './convert';
import type { ServerFeature } from './feature';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  section: CompletionItemKind.Module,
  group: CompletionItemKind.Folder,
  element: CompletionItemKind.Class,
  attribute: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  location: CompletionItemKind.Reference,
};

export const completionFeature: ServerFeature = {
  name: 'completion',
  capabilities: () => ({ completionProvider: { triggerCharacters: ['<', ' ', '"', ','] } }),
  register(ctx) {
    ctx.connection.onCompletion(async (params, token): Promise<CompletionList | null> => {
      try {
        // The current text's model without the rules: completion needs no diagnostics, and a large file's full
        // re-analysis would make every keystroke's completion wait for it.
        const c = await ctx.model(params.textDocument.uri, token);
        if (!c) return null;
        const snippets = !!ctx.clientCapabilities().textDocument?.completion?.completionItem?.snippetSupport;
        const items = getCompletions(c.analysis, c.index.offsetAt(params.position));
        return {
          isIncomplete: false,
          items: items.map((i): CompletionItem => {
            const useSnippet = snippets && i.snippet !== undefined;
            const item: CompletionItem = {
              label: i.label,
              kind: KIND[i.kind],
              sortText: i.sortText,
              textEdit: { range: toRange(c.index, i.replaceStart, i.replaceEnd), newText: useSnippet ? i.snippet! : i.insertText },
              insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
            };
            if (i.detail) item.detail = i.detail;
            if (i.documentation) item.documentation = { kind: MarkupKind.Markdown, value: i.documentation };
            return item;
          }),
        };
      } catch (error) {
        ctx.logFailure('completion', error);
        return null;
      }
    });
  },
};
