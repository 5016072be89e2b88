/**
 * `vmx/import` (docs/protocol.md): the editor's "VMX: Import Configuration…".
 * The client reads the files (they may live where the server cannot see
 * them, as in a remote workspace) and sends their text; the core's
 * importTopology turns them into one formatted topology, as `vmx import`
 * does. Input it cannot read (malformed, unknown format, too large, binary)
 * is answered RequestFailed with the importer's one-line message.
 */
import { ResponseError } from 'vscode-languageserver';
import type { ImportFormat } from '../../../core/src/import';
import { ImportParams, ImportResult, Methods } from '../../../core/src/protocol';
import { ServerContext } from '../context';

/**
 * The importers (yaml, fast-xml-parser and every format's reader) load on the first
 * vmx/import: most sessions never import, and loaded at start they are part of the idle
 * server's memory. esbuild keeps the module in the bundle, evaluated on first use.
 */
const importers = () => import('../../../core/src/import');

const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;

export function registerImport(ctx: ServerContext): void {
  ctx.connection.onRequest(Methods.import, async (params: ImportParams): Promise<ImportResult | ResponseError<void>> => {
    const { importTopology, ImportError, IMPORT_FORMATS } = await importers();
    const problem = paramsProblem(params, IMPORT_FORMATS);
    if (problem) return new ResponseError(INVALID_PARAMS, problem);
    const binary = params.files.find((f) => f.text.includes('\0'));
    if (binary) return new ResponseError(REQUEST_FAILED, `${binary.name}: binary data, not a configuration file`);
    try {
      const inputs = params.files.map((f) => ({ name: f.name, text: f.text, dir: typeof f.dir === 'string' && f.dir.startsWith('/') ? f.dir : undefined }));
      const r = importTopology(inputs, { from: params.from as ImportFormat | undefined, host: params.host });
      return { text: r.text, notImported: r.notImported, formats: r.formats };
    } catch (e) {
      if (e instanceof ImportError) return new ResponseError(REQUEST_FAILED, e.message);
      // An importer's bug is not the user's input: still one line, and the server keeps serving.
      ctx.connection.console.error(`vmx: import failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return new ResponseError(REQUEST_FAILED, `import failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

function paramsProblem(p: ImportParams, formats: readonly ImportFormat[]): string | undefined {
  const usage = 'vmx/import needs { files: [{ name, text }, …], from?, host? }';
  if (!p || typeof p !== 'object' || !Array.isArray(p.files) || p.files.length === 0) return usage;
  if (!p.files.every((f) => typeof f === 'object' && f !== null && typeof f.name === 'string' && typeof f.text === 'string' && (f.dir === undefined || typeof f.dir === 'string'))) return usage;
  if (p.from !== undefined && !(formats as readonly string[]).includes(p.from)) return `from ${String(p.from)}: not a format; one of ${formats.join(', ')}`;
  if (p.host !== undefined && (typeof p.host !== 'string' || p.host.trim() === '')) return 'host needs a name';
  return undefined;
}
