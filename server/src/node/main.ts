/** Entry point of the desktop language server process: `iis-config-language-server --stdio` (also IPC from VS Code). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';
import { nodePlatform } from './platform';

// Default to stdio when no transport is named, so `iis-config-language-server` alone works in any client.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.argv.push('--stdio');
}
const connection = createConnection(ProposedFeatures.all);
const debounce = Number(process.env.IIS_CONFIG_DEBOUNCE_MS);
startServer(connection, nodePlatform(), {
  debounceMs: Number.isFinite(debounce) && debounce >= 0 ? debounce : undefined,
  traceAnalyses: process.env.IIS_CONFIG_TRACE_ANALYSES === '1',
});
