/**
 * `vmx/discover` (docs/protocol.md): the editor's "VMX: Discover This
 * Machine". The machine is the one the server runs on (in a remote
 * workspace, the remote machine, which is the one the user means); the
 * core's discoverTopology reads it through the Node SystemReader, as
 * `vmx discover` does, read-only. `root` reads a captured proc/ and sys/
 * tree instead of `/` (`vmx discover --root`, and the tests).
 *
 * Discovery reads synchronously (one file after another, each bounded), so
 * a cancellation is honoured before it starts and, when it comes while it
 * runs, by answering RequestCancelled instead of the result.
 */
import { isAbsolute } from 'node:path';
import { CancellationToken, ResponseError } from 'vscode-languageserver';
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { discoverTopology } from '../../../core/src/discover';
import { capturedTreeProblem, NodeSystemReader } from '../../../core/src/host/node-system';
import { DiscoverParams, DiscoverResult, Methods } from '../../../core/src/protocol';
import { ServerContext } from '../context';

const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;
const REQUEST_CANCELLED = -32800;

export function registerDiscover(ctx: ServerContext): void {
  ctx.connection.onRequest(Methods.discover, async (params: DiscoverParams, token?: CancellationToken): Promise<DiscoverResult | ResponseError<void>> => {
    const root = params?.root;
    if (root !== undefined && !(typeof root === 'string' && isAbsolute(root))) return new ResponseError(INVALID_PARAMS, 'vmx/discover takes { root? }: root, when given, is an absolute path of a captured tree');
    // A $/cancelRequest sent right behind the request is let in before the reading starts.
    await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) return new ResponseError(REQUEST_CANCELLED, 'discovery cancelled');
    const problem = root === undefined ? undefined : capturedTreeProblem(root);
    if (problem) return new ResponseError(REQUEST_FAILED, `${visibleText(root!)}: ${problem}`);
    try {
      const started = performance.now();
      const r = discoverTopology(new NodeSystemReader({ root }));
      ctx.connection.console.log(`vmx: discovered ${visibleText(root ?? '/')} in ${Math.round(performance.now() - started)} ms (${r.notes.length} notes)`);
      // A cancel that came while it read is queued behind this turn: let it in, then honour it.
      await new Promise((resolve) => setImmediate(resolve));
      if (token?.isCancellationRequested) return new ResponseError(REQUEST_CANCELLED, 'discovery cancelled');
      return { text: r.text, notes: r.notes };
    } catch (e) {
      // The reader never throws; anything here is a bug in discovery, still one line for the user.
      ctx.connection.console.error(`vmx: discovery failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return new ResponseError(REQUEST_FAILED, `discovery failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
