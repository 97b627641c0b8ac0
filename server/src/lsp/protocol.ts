/**
 * The server's own LSP messages besides the standard ones, shared by the server and the VS Code client (no imports:
 * the client bundles this file as is).
 */

/**
 * `iisConfig/workspaceFiles` (client → server notification): the client's copy of the workspace's configuration files,
 * for a server that cannot read them itself (the browser). The first notification, with `initial: true`, holds every
 * file found; later ones hold what was created, changed or deleted. The client says it will send them with
 * `initializationOptions.workspaceFiles: true`.
 */
export const WORKSPACE_FILES_NOTIFICATION = 'iisConfig/workspaceFiles';

export interface WorkspaceFilesParams {
  /** Files created or changed: their URI and text. */
  readonly changed?: ReadonlyArray<{ readonly uri: string; readonly text: string }>;
  /** URIs of deleted files (or folders: every file below them goes too). */
  readonly deleted?: readonly string[];
  /** This is the first, complete set. */
  readonly initial?: boolean;
}

export interface IisConfigInitializationOptions {
  /** The client sends the workspace's configuration files (`iisConfig/workspaceFiles`). */
  readonly workspaceFiles?: boolean;
}
