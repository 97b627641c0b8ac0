/**
 * What the language server needs from the platform it runs on, injected into `startServer(connection, platform)`:
 * the node entry (server/src/node/) gives the disk, the machine's IIS folders and LSP file watching; the browser entry
 * (server/src/browser/) gives the copy of the workspace's configuration files that the VS Code client sends. The
 * protocol layer itself imports no platform module.
 */
import type { ClientCapabilities, Connection, InitializeParams } from 'vscode-languageserver';
import type { HierarchyReader } from '../hierarchy/hierarchy';

/** What a watcher gets from the server core (a part of the features' ServerContext). */
export interface WatcherContext {
  /** The connection; `onDidChangeWatchedFiles` and `onExecuteCommand` may be registered on it by several parties. */
  readonly connection: Connection;
  clientCapabilities(): ClientCapabilities;
  logFailure(where: string, error: unknown): void;
}

/** A configuration file that was created, changed or deleted outside the open editors. */
export interface FileChange {
  readonly file: string;
  readonly type: 'created' | 'changed' | 'deleted';
}

/** The files around the open documents (parent web.config files, applicationHost.config), in the platform's terms. */
export interface FileAccess {
  /** The file name (a path) a document URI has for the configuration hierarchy; undefined when it cannot be read here. */
  fileName(uri: string): string | undefined;
  /** The URI of a file name (the inverse of `fileName`). */
  uri(fileName: string): string;
  /** Two file names name the same file when their keys are equal (paths are case-insensitive on Windows). */
  key(fileName: string): string;
  /** Reads files and lists folders, synchronously (the engine is synchronous; the browser's files are in memory). */
  readonly reader: HierarchyReader;
  /** Resolves once the files can be read (in the browser: when the client has sent the workspace's files). */
  ready(): Promise<void>;
}

/** Where changes of configuration files come from (LSP file watching, or the client sending the files). */
export interface FileWatcher {
  /** Called once when the server starts: report changes through `onChange` from now on. */
  register(ctx: WatcherContext, onChange: (changes: readonly FileChange[]) => void): void;
  /** Called once the client sent `initialized` (dynamic registration goes here). */
  initialized?(ctx: WatcherContext): void;
}

/** Reading IIS schema files (`*_schema.xml`) outside the workspace; the functions throw on failure. */
export interface SchemaFileAccess {
  isFile(path: string): boolean;
  readDirectory(path: string): string[];
  readFile(path: string): string;
}

/** The settings that come from the machine rather than from the client. */
export interface MachineSources {
  /** The machine's own IIS and IIS Express schema folders that exist. */
  schemaFolders(): string[];
  /** The machine's applicationHost.config (Windows), when it can be read. */
  appHostPath(): string | undefined;
  /** The home directory, for `~` in path settings. */
  homeDir(): string | undefined;
  /** Reads the folders of `iisConfig.schemaPaths`; undefined where the platform cannot (the browser). */
  readonly schemaFiles?: SchemaFileAccess;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  readonly files: FileAccess;
  readonly watcher: FileWatcher;
  readonly machine: MachineSources;
  /** Parts of the product this platform does not have, in words (logged once at start, shown where they matter). */
  readonly limitations: readonly string[];
  /** Called with the initialize request, before any feature sees it. */
  initialize?(params: InitializeParams): void;
  /** Let other queued work (messages, timers) run: between the steps of a long analysis. */
  yieldNow(): Promise<void>;
}
