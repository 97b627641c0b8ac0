/**
 * Entry point of the language server in the browser (`dist/web/server.js`): a Web Worker that the VS Code web
 * extension starts (vscode.dev, github.dev), speaking LSP through the worker's messages.
 *
 * Where the extension host cannot start a worker (code-server's web-worker extension host refuses a nested
 * `new Worker()`), the extension evaluates this same file in its own host with `iisConfigEndpoint` bound to one end
 * of a `MessageChannel`; the server then speaks LSP through that port instead.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server';
import { browserPlatform } from './platform';

/** A worker's global scope or a MessagePort (the DOM types are not part of this build's libraries). */
type Endpoint = ConstructorParameters<typeof BrowserMessageReader>[0];
declare const iisConfigEndpoint: Endpoint | undefined;
declare const self: Endpoint;

const endpoint = typeof iisConfigEndpoint !== 'undefined' ? iisConfigEndpoint : self;
const connection = createConnection(new BrowserMessageReader(endpoint), new BrowserMessageWriter(endpoint));
startServer(connection, browserPlatform());
