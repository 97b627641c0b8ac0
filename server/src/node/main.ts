/** Entry point of the desktop language server process: `iis-config-language-server --stdio` (also IPC from VS Code). */
import { PassThrough } from 'stream';
import { Connection, createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createFramer } from '../lsp/framing';
import { startServer } from '../lsp/server';
import { nodePlatform } from './platform';

// Default to stdio when no transport is named, so `iis-config-language-server` alone works in any client.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.argv.push('--stdio');
}
let connection: Connection;
if (process.argv.includes('--stdio')) {
  // stdin through the resynchronising framer (lsp/framing.ts): a wrong Content-Length costs no message, and says so.
  const input = new PassThrough();
  const framer = createFramer({
    frame: (bytes) => { input.write(bytes); },
    onResync: (line) => { connection.console.warn(line); },
  });
  process.stdin.on('data', (chunk: Buffer) => framer.push(chunk));
  process.stdin.on('end', () => input.end());
  process.stdin.on('close', () => input.end());
  connection = createConnection(ProposedFeatures.all, input, process.stdout);
  // As the library does for --stdio: nothing may write to stdout but the connection.
  console.log = (...a: unknown[]) => connection.console.log(a.join(' '));
  console.info = (...a: unknown[]) => connection.console.info(a.join(' '));
  console.warn = (...a: unknown[]) => connection.console.warn(a.join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.join(' '));
} else {
  connection = createConnection(ProposedFeatures.all);
}
const debounce = Number(process.env.IIS_CONFIG_DEBOUNCE_MS);
startServer(connection, nodePlatform(), {
  debounceMs: Number.isFinite(debounce) && debounce >= 0 ? debounce : undefined,
  traceAnalyses: process.env.IIS_CONFIG_TRACE_ANALYSES === '1',
});
