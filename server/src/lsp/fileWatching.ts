/**
 * File watching through the client: `workspace/didChangeWatchedFiles` for `**\/*.config`, registered dynamically when
 * the client supports it. The desktop server uses it (the client watches the disk; the server reads the files itself).
 */
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import type { FileAccess, FileChange, FileWatcher } from './platform';

const TYPES: Record<number, FileChange['type']> = {
  [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted',
};

export function lspFileWatcher(files: Pick<FileAccess, 'fileName'>): FileWatcher {
  return {
    register(ctx, onChange) {
      ctx.connection.onDidChangeWatchedFiles((params) => {
        const changes: FileChange[] = [];
        for (const change of params.changes) {
          const file = files.fileName(change.uri);
          if (file) changes.push({ file, type: TYPES[change.type] ?? 'changed' });
        }
        if (changes.length) onChange(changes);
      });
    },
    initialized(ctx) {
      if (!ctx.clientCapabilities().workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
      void ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.config' }] }).catch(() => undefined);
    },
  };
}
