#!/usr/bin/env node
/**
 * Entry point of `vmx-language-server` (--stdio, --node-ipc, --socket=N or
 * --pipe=NAME; stdio without a flag). The transport is set up here, not by
 * vscode-languageserver, so that every message passes the lifecycle gate
 * (gate.ts) before the connection queues it; and a request cancelled while
 * it still waits in the queue is answered RequestCancelled at once.
 */
import { inspect } from 'node:util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  RequestMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { GatedReader, Lifecycle } from './gate';
import { startServer } from './server';

const REQUEST_CANCELLED = -32800;

function transport(argv: string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (a === '--stdio') break;
    const [flag, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, argv[i + 1]];
    if (flag === '--socket' && value) {
      const [reader, writer] = createServerSocketTransport(parseInt(value, 10));
      return { reader, writer, stdio: false };
    }
    if (flag === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
}

const lifecycle = new Lifecycle();
const { reader, writer, stdio } = transport(process.argv.slice(2));
const connection = createConnection(ProposedFeatures.all, new GatedReader(reader, writer, lifecycle), writer, {
  connectionStrategy: {
    // Cancelled before its handler started (it came in the same chunk as the request, or while another ran).
    cancelUndispatched: (message) => {
      const m = message as RequestMessage;
      return { jsonrpc: '2.0', id: m.id, error: { code: REQUEST_CANCELLED, message: `${m.method} cancelled before it started` } };
    },
  },
});
if (stdio) {
  // The client closed our input: exit as `exit` would (LSP: 0 after shutdown, else 1).
  const gone = (): void => process.exit(lifecycle.shutdownReceived ? 0 : 1);
  process.stdin.on('end', gone);
  process.stdin.on('close', gone);
  // Standard output is the protocol: console output goes to the client's log instead.
  const text = (args: unknown[]): string => args.map((x) => (typeof x === 'string' ? x : inspect(x))).join(' ');
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
}
startServer(connection);
