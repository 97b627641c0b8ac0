import { CodeAction as LspCodeAction, CodeActionKind } from 'vscode-languageserver';
import { codeActionSteps, getFixAllAction } from '../analysis/analyze';
import { toLspDiagnostic, toLspEdits } from './convert';
import type { ServerFeature } from './feature';
import { LineIndex } from '../syntax/lineIndex';
import { snippetActionParts, snippetSupport } from './snippets';
import { workspaceRootOf } from '../hierarchy/hierarchy';

export function createCodeActionFeature(): ServerFeature {
  /** Workspace folder URIs from the initialize request. */
  let folderUris: string[] = [];
  return {
    name: 'codeActions',
    capabilities: (params) => {
      folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] } };
    },
    register(ctx) {
      /**
       * The last guard of the trust boundary: a fix may edit another file only when that file's real path (symbolic
       * links resolved, `..` collapsed) lies in a workspace folder's real path. The rules judge this already
       * (`AppHostChoice.inWorkspace`); an action that would still reach outside is dropped here, whatever rule made it.
       */
      const inWorkspace = (file: string): boolean => {
        const name = /^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? ctx.platform.files.fileName(file) : file;
        const roots = folderUris.map((u) => ctx.platform.files.fileName(u)).filter((p): p is string => !!p);
        return name !== undefined && workspaceRootOf(name, roots, ctx.platform.files.reader) !== undefined;
      };
      /** A file named by a fix (a file name of the hierarchy, or already a URI) as a URI. */
      const fileUri = (file: string): string => (/^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? file : ctx.platform.files.uri(file));
      ctx.connection.onCodeAction(async (params, token): Promise<LspCodeAction[]> => {
        try {
          const uri = params.textDocument.uri;
          const c = await ctx.current(uri, token);
          if (!c || token.isCancellationRequested) return [];
          const caps = ctx.clientCapabilities().textDocument;
          const disabledSupport = !!caps?.codeAction?.disabledSupport;
          const relatedInformation = !!caps?.publishDiagnostics?.relatedInformation;
          const snippets = snippetSupport(ctx.clientCapabilities());
          const start = c.index.offsetAt(params.range.start);
          const end = c.index.offsetAt(params.range.end);
          const out: LspCodeAction[] = [];
          // source.fixAll (editor.codeActionsOnSave, "Fix All"): every batchable fix of the file in one edit.
          const only = params.context.only;
          if (only?.some((k) => k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
            const all = getFixAllAction(c.analysis);
            return all ? [{ title: all.title, kind: CodeActionKind.SourceFixAll, edit: { changes: { [uri]: toLspEdits(all.edits, c.index) } } }] : [];
          }
          if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
          // In steps: the fixes of many diagnostics (a large range, Fix all) never keep other requests waiting.
          const found = await ctx.runSteps(codeActionSteps(c.analysis, start, end), token);
          if (!found) return [];
          for (const a of found) {
            if (a.disabledReason && !disabledSupport) continue;
            // A fix whose plain text leaves a value the schema rejects needs a client that inserts snippets.
            if (a.snippetOnly && !snippets) continue;
            if (a.fileEdits?.some((fe) => !inWorkspace(fe.file))) continue;
            const action: LspCodeAction = { title: a.title, kind: CodeActionKind.QuickFix };
            if (a.diagnostic) action.diagnostics = [toLspDiagnostic(a.diagnostic, c.index, { uri, relatedInformation })];
            if (a.isPreferred) action.isPreferred = true;
            if (a.disabledReason) action.disabled = { reason: a.disabledReason };
            else if (a.snippet && snippets && !a.fileEdits?.length) Object.assign(action, snippetActionParts(snippets, uri, c.version, a.snippet, c.index));
            else {
              action.edit = { changes: { [uri]: toLspEdits(a.edits, c.index) } };
              // Edits to other files (e.g. the applicationHost.config in effect), against the text the analysis read.
              for (const fe of a.fileEdits ?? []) action.edit.changes![fileUri(fe.file)] = toLspEdits(fe.edits, new LineIndex(fe.text));
            }
            out.push(action);
          }
          return out;
        } catch (error) {
          ctx.logFailure('codeAction', error);
          return [];
        }
      });
    },
  };
}
