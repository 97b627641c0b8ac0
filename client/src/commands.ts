/**
 * Commands of the IIS Config extension that act on the language client:
 *
 *   iisConfig.restartServer   IIS Config: Restart Language Server
 *   iisConfig.showOutput      IIS Config: Show Output (the server's log; traces with iisConfig.trace.server)
 *
 * Kept out of extension.ts so other features add their own modules the same way.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

export const COMMANDS = {
  restartServer: 'iisConfig.restartServer',
  showOutput: 'iisConfig.showOutput',
} as const;

/** Registers the commands; `getClient` returns the running client (it changes on restart). */
export function registerClientCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      const client = getClient();
      if (!client) throw new Error('The IIS Config language server is not running.');
      // stop + start: the client keeps its output channel; the server is a new process (or worker).
      await client.stop();
      await client.start();
      return client.initializeResult?.serverInfo?.name;
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => {
      const client = getClient();
      if (!client) throw new Error('The IIS Config language server is not running.');
      client.outputChannel.show(true);
      return client.outputChannel.name;
    }),
  );
}
