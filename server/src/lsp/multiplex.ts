/**
 * A connection that several features can register the same handler kinds on.
 *
 * vscode-languageserver keeps one handler per request or notification: a
 * second `onExecuteCommand` replaces the first. Features are independent
 * modules, so the server core hands them this view of the connection, on
 * which `onExecuteCommand` and `onDidChangeWatchedFiles` add a handler
 * instead:
 * - workspace/executeCommand: handlers are asked in registration order; the
 *   first that returns something other than `undefined` answers (each
 *   feature returns `undefined` for commands that are not its own);
 * - workspace/didChangeWatchedFiles: every handler is called.
 * Everything else is the connection itself.
 *
 * `mergeCapabilities` likewise joins the commands that features declare in
 * `executeCommandProvider`.
 */
import type { Connection, ServerCapabilities, ExecuteCommandParams, DidChangeWatchedFilesParams, Disposable } from 'vscode-languageserver';

type CommandHandler = (params: ExecuteCommandParams, ...rest: never[]) => unknown;
type WatchHandler = (params: DidChangeWatchedFilesParams) => void;

export function multiplexConnection(connection: Connection): Connection {
  const commandHandlers: CommandHandler[] = [];
  const watchHandlers: WatchHandler[] = [];
  let commandsListening = false, watchListening = false;
  const remove = <T>(list: T[], h: T): Disposable => ({ dispose: () => { const i = list.indexOf(h); if (i >= 0) list.splice(i, 1); } });

  const onExecuteCommand = (handler: CommandHandler): Disposable => {
    commandHandlers.push(handler);
    if (!commandsListening) {
      commandsListening = true;
      connection.onExecuteCommand(async (params, ...rest) => {
        for (const h of [...commandHandlers]) {
          const r = await (h as (...a: unknown[]) => unknown)(params, ...rest);
          if (r !== undefined) return r;
        }
        return undefined;
      });
    }
    return remove(commandHandlers, handler);
  };
  const onDidChangeWatchedFiles = (handler: WatchHandler): Disposable => {
    watchHandlers.push(handler);
    if (!watchListening) {
      watchListening = true;
      connection.onDidChangeWatchedFiles((params) => { for (const h of [...watchHandlers]) h(params); });
    }
    return remove(watchHandlers, handler);
  };
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'onExecuteCommand') return onExecuteCommand;
      if (prop === 'onDidChangeWatchedFiles') return onDidChangeWatchedFiles;
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Shallow merge of capabilities, joining `executeCommandProvider.commands`. */
export function mergeCapabilities(a: ServerCapabilities, b: ServerCapabilities): ServerCapabilities {
  const merged: ServerCapabilities = { ...a, ...b };
  if (a.executeCommandProvider && b.executeCommandProvider) {
    merged.executeCommandProvider = { ...a.executeCommandProvider, ...b.executeCommandProvider, commands: [...a.executeCommandProvider.commands, ...b.executeCommandProvider.commands] };
  }
  return merged;
}
