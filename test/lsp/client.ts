/**
 * A minimal LSP client for tests: starts the real server over stdio
 * (bin/iis-config-language-server --stdio) and speaks JSON-RPC to it.
 */
import { spawn, ChildProcess } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, ProtocolConnection, PublishDiagnosticsParams,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification,
  ShutdownRequest, ExitNotification, ConfigurationRequest,
} from 'vscode-languageserver-protocol/node';
import { REPO } from '../helpers';

export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly proc: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  /** Settings answered to workspace/configuration requests. */
  settings: Record<string, unknown> = {};
  /** Called with every publishDiagnostics as it arrives (the benchmark logs them all; the client keeps the last). */
  onDiagnostics: ((p: PublishDiagnosticsParams) => void) | undefined;
  stderr = '';

  /** `script`: the server's entry point (default: the real one; tests may start a server with test-only features). */
  constructor(env: Record<string, string> = {}, script = path.join(REPO, 'bin', 'iis-config-language-server')) {
    this.proc = spawn(process.execPath, [script, '--stdio'], {
      env: { ...process.env, IIS_CONFIG_DEBOUNCE_MS: '20', ...env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr!.on('data', (d) => { this.stderr += String(d); });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.onDiagnostics?.(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.connection.listen();
  }

  async initialize(capabilities: Record<string, unknown> = defaultCapabilities(), workspaceFolders: Array<{ uri: string; name: string }> | null = null): Promise<unknown> {
    const r = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: workspaceFolders?.[0]?.uri ?? null, capabilities, workspaceFolders });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return r;
  }

  async open(uri: string, text: string, languageId = 'xml', version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Wait (polling on notifications, with a deadline) until diagnostics for `uri` satisfy `pred`. */
  async waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.diagnostics.get(uri);
      if (p && pred(p)) return p;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(p)}; server stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch { /* already gone */ }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => { this.proc.kill(); resolve(); }, 2000);
      this.proc.on('exit', () => { clearTimeout(t); resolve(); });
    });
  }
}

export function defaultCapabilities(): Record<string, unknown> {
  return {
    workspace: { configuration: true },
    textDocument: {
      publishDiagnostics: { relatedInformation: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { disabledSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      synchronization: { didSave: true },
    },
  };
}
