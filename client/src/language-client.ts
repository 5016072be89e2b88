/**
 * Owns the LanguageClient: starts the bundled server (dist/server.js) over
 * IPC, restarts it on demand, and hands the running client to whoever needs
 * to send a request. `vmx.trace.server` is read by vscode-languageclient
 * itself because the client id is `vmx`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

/**
 * The server advertises `vmx.runSimulation` as an executeCommand (its code
 * lens calls it). The extension registers that command itself — with the
 * progress notification and the results view — so the client must not
 * register the server's copy as well (VS Code refuses a second registration
 * and the client would fail to start).
 */
class VmxClient extends LanguageClient {
  override registerFeature(feature: Parameters<LanguageClient['registerFeature']>[0]): void {
    const method = (feature as { registrationType?: { method?: string } }).registrationType?.method;
    if (method === 'workspace/executeCommand') return;
    super.registerFeature(feature);
  }
}

export class VmxLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly starting: Array<(c: LanguageClient) => void> = [];
  private readonly onReadyHandlers: Array<(c: LanguageClient) => void> = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
    private readonly trace: vscode.OutputChannel,
  ) {}

  /** Runs `handler` each time a (re)started client is ready: notifications are registered per client. */
  onReady(handler: (c: LanguageClient) => void): void {
    this.onReadyHandlers.push(handler);
    if (this.client?.state === State.Running) handler(this.client);
  }

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'vmx' },
        { scheme: 'untitled', language: 'vmx' },
      ],
      synchronize: { configurationSection: 'vmx' },
      outputChannel: this.output,
      traceOutputChannel: this.trace,
    };
    const client = new VmxClient('vmx', 'VMX Host Topology', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    for (const h of this.onReadyHandlers) h(client);
    for (const waiter of this.starting.splice(0)) waiter(client);
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) {
      try {
        await old.stop(5000);
      } catch (e) {
        this.output.appendLine(`stopping the language server: ${String(e)}`);
      }
      await old.dispose().catch(() => undefined);
    }
    await this.start();
  }

  /** The running client; waits (bounded) while it is starting or restarting. */
  async ready(timeoutMs = 20000): Promise<LanguageClient> {
    if (this.client && this.client.state === State.Running) return this.client;
    return new Promise<LanguageClient>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the VMX language server is not running')), timeoutMs);
      this.starting.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
  }
}
