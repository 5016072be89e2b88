/**
 * The LSP lifecycle, enforced on the raw messages before the connection
 * queues them (so the order is the order the client sent them, and no
 * handler — ours or vscode-languageserver's — ever sees a message the
 * protocol forbids at that point):
 *
 * - before `initialize`: every request is answered -32002
 *   ServerNotInitialized; every notification except `exit` is dropped;
 * - a second `initialize` is answered -32600 InvalidRequest (the LSP says
 *   initialize is sent once; it names no code, JSON-RPC's InvalidRequest is
 *   the closest);
 * - after `shutdown`: every request is answered -32600 InvalidRequest;
 *   every notification except `exit` is dropped;
 * - a request of the LSP whose params are `null`, absent or not an object
 *   is answered -32602 InvalidParams (vscode-languageserver reads
 *   `params.workDoneToken` before any handler runs, which was a TypeError,
 *   -32603); a `$/cancelRequest` without an id is dropped.
 *
 * `exit` itself is vscode-languageserver's: exit code 0 after shutdown, 1
 * without.
 */
import { AbstractMessageReader, DataCallback, Disposable, Message, MessageReader, MessageWriter, NotificationMessage, RequestMessage, ResponseMessage } from 'vscode-languageserver/node';

export const SERVER_NOT_INITIALIZED = -32002;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;

type State = 'new' | 'initialized' | 'shutdown';

/** LSP 3.17 client → server requests that take no params. Every other request of the LSP (below) needs an object. */
const NO_PARAMS = new Set(['shutdown']);
/** Requests of the LSP 3.17 (client → server) and ours: their params must be an object. */
const NEEDS_PARAMS = /^(initialize|textDocument\/.+|workspace\/(symbol|executeCommand|diagnostic|willCreateFiles|willRenameFiles|willDeleteFiles|textDocumentContent)|workspaceSymbol\/resolve|completionItem\/resolve|codeAction\/resolve|codeLens\/resolve|documentLink\/resolve|inlayHint\/resolve|callHierarchy\/.+|typeHierarchy\/.+|vmx\/.+)$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Lifecycle {
  state: State = 'new';

  get shutdownReceived(): boolean {
    return this.state === 'shutdown';
  }

  /** The message to pass on, or an error answer to send instead (undefined: drop it). */
  inspect(message: Message): { forward: true } | { forward: false; answer?: ResponseMessage } {
    if (Message.isResponse(message)) return { forward: true };
    if (Message.isRequest(message)) return this.request(message);
    if (Message.isNotification(message)) return this.notification(message);
    return { forward: true };
  }

  private request(m: RequestMessage): { forward: true } | { forward: false; answer: ResponseMessage } {
    const fail = (code: number, message: string) => ({ forward: false as const, answer: { jsonrpc: '2.0', id: m.id, error: { code, message } } });
    if (this.state === 'shutdown') return fail(INVALID_REQUEST, `${m.method}: the server is shut down (only exit is accepted)`);
    if (this.state === 'new' && m.method !== 'initialize') return fail(SERVER_NOT_INITIALIZED, `${m.method}: the server is not initialized (send initialize first)`);
    if (this.state === 'initialized' && m.method === 'initialize') return fail(INVALID_REQUEST, 'initialize: the server is already initialized (initialize may be sent once)');
    if (!NO_PARAMS.has(m.method) && NEEDS_PARAMS.test(m.method) && !isObject(m.params)) return fail(INVALID_PARAMS, `invalid params: ${m.method} needs params, an object`);
    if (m.method === 'initialize') this.state = 'initialized';
    else if (m.method === 'shutdown') this.state = 'shutdown';
    return { forward: true };
  }

  private notification(m: NotificationMessage): { forward: boolean } {
    if (m.method === 'exit') return { forward: true };
    if (this.state !== 'initialized') return { forward: false };
    if (m.method === '$/cancelRequest') {
      const id = isObject(m.params) ? m.params.id : undefined;
      return { forward: typeof id === 'number' || typeof id === 'string' };
    }
    return { forward: true };
  }
}

/** A reader that lets only what the lifecycle allows through, answering the rest on `writer`. */
export class GatedReader extends AbstractMessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    readonly lifecycle: Lifecycle,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((p) => this.firePartialMessage(p));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      const verdict = this.lifecycle.inspect(message);
      if (verdict.forward) callback(message);
      else if (verdict.answer) void this.writer.write(verdict.answer).catch(() => undefined);
    });
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }
}
