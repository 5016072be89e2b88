/**
 * Malformed parameters (`null`, a position without numbers, a URI that is
 * not a string) answer JSON-RPC's InvalidParams instead of failing inside a
 * handler with a TypeError. The guard wraps every handler registered on the
 * connection, so no provider has to repeat the checks; notifications with
 * malformed parameters are dropped (there is nobody to answer).
 *
 * The positions of a request about an open document are clamped into it
 * as the LSP says (a character past a line's end is the line's end, a line
 * past the last is the document's end), also in one place: every provider
 * indexes text with them, and echoes them back in ranges it returns. And
 * the places in every answer about an open document are clamped into it.
 */
import { CancellationToken, Connection, ErrorCodes, LSPErrorCodes, Position, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clampPlaces, clampPosition } from './places';

/** The open document a request is about, when there is one. */
export type DocumentOf = (uri: string) => TextDocument | undefined;

const NOTIFICATIONS = /^(onDid|onInitialized$|onExit$|onNotification$|onWillSaveTextDocument$|onProgress$)/;
const NO_PARAMS = /^(onShutdown|onExit|onInitialized)$/;
/** Objects whose `on…` methods register handlers too: `connection.languages.semanticTokens.on(…)`. */
const REGISTRIES = new Set(['languages', 'semanticTokens', 'inlayHint', 'inlineValue', 'callHierarchy', 'typeHierarchy', 'foldingRange', 'diagnostics', 'moniker']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What is wrong with a request's params, or undefined when their shape is usable. */
export function paramsProblem(params: unknown): string | undefined {
  if (!isObject(params)) return 'params must be an object';
  if ('textDocument' in params) {
    const d = params.textDocument;
    if (!isObject(d) || typeof d.uri !== 'string') return 'textDocument.uri must be a string';
  }
  if ('uri' in params && typeof params.uri !== 'string') return 'uri must be a string';
  for (const key of ['position', 'range'] as const) {
    if (!(key in params)) continue;
    const v = params[key];
    const ok = key === 'position' ? isPosition(v) : isObject(v) && isPosition(v.start) && isPosition(v.end);
    if (!ok) return `${key} must be ${key === 'position' ? '{ line, character }' : '{ start, end }'} with whole numbers`;
  }
  if ('positions' in params && !(Array.isArray(params.positions) && params.positions.every(isPosition))) return 'positions must be an array of { line, character } with whole numbers';
  return undefined;
}

/** The uri a request is about: `textDocument.uri`, or `uri` for the custom requests. */
function uriOf(params: Record<string, unknown>): string | undefined {
  const uri = isObject(params.textDocument) ? params.textDocument.uri : params.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** Request params (already checked by paramsProblem) with their positions clamped into the open document. */
export function clampedParams(params: Record<string, unknown>, doc: TextDocument): Record<string, unknown> {
  if (!('position' in params || 'range' in params || 'positions' in params)) return params;
  const out = { ...params };
  if (isPosition(params.position)) out.position = clampPosition(doc, params.position as Position);
  const range = params.range as { start: Position; end: Position } | undefined;
  if (isObject(range)) out.range = { ...range, start: clampPosition(doc, range.start), end: clampPosition(doc, range.end) };
  if (Array.isArray(params.positions)) out.positions = (params.positions as Position[]).map((p) => clampPosition(doc, p));
  return out;
}

function isPosition(v: unknown): boolean {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

/**
 * The answer with its places clamped into the document (places.ts). An
 * answer that comes after the document changed is about the text it was
 * asked for, and is left as it is.
 */
function withPlacesClamped(result: unknown, doc: TextDocument, uri: string): unknown {
  const version = doc.version;
  const clamp = (r: unknown): unknown => {
    if (doc.version === version) clampPlaces(r, doc, uri);
    return r;
  };
  return result instanceof Promise ? result.then(clamp) : clamp(result);
}

/**
 * The client's position encoding (encoding.ts) at the edge: request
 * positions into UTF-16 before they are clamped, answers into the client's
 * encoding after.
 */
export interface Edge {
  decode(uri: string, params: Record<string, unknown>): Record<string, unknown>;
  encode(result: unknown, uri: string): unknown;
}

function isCancelled(token: unknown): boolean {
  return typeof token === 'object' && token !== null && (token as CancellationToken).isCancellationRequested === true;
}

function guardHandler(name: string, handler: (...args: unknown[]) => unknown, documentOf?: DocumentOf, edge?: Edge): (...args: unknown[]) => unknown {
  if (NO_PARAMS.test(name)) return handler;
  const notification = NOTIFICATIONS.test(name);
  return (params: unknown, ...rest: unknown[]) => {
    const problem = paramsProblem(params);
    if (problem === undefined) {
      if (notification) return handler(params, ...rest);
      // Cancelled before it started (LSP: answer RequestCancelled): nothing is computed.
      if (isCancelled(rest[0])) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      const uri = documentOf ? uriOf(params as Record<string, unknown>) : undefined;
      const encode = (r: unknown): unknown => (edge ? (r instanceof Promise ? r.then((x) => edge.encode(x, uri ?? '')) : edge.encode(r, uri ?? '')) : r);
      const decoded = edge && uri !== undefined ? edge.decode(uri, params as Record<string, unknown>) : (params as Record<string, unknown>);
      const doc = uri === undefined ? undefined : documentOf!(uri);
      if (!doc) return encode(handler(decoded, ...rest));
      return encode(withPlacesClamped(handler(clampedParams(decoded, doc), ...rest), doc, uri!));
    }
    if (notification) return undefined;
    throw new ResponseError(ErrorCodes.InvalidParams, `invalid params: ${problem}`);
  };
}

/** The connection, with every `on…` registration (also under `languages.*`) guarded. */
export function guardParams<T extends object = Connection>(target: T, documentOf?: DocumentOf, edge?: Edge): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof prop !== 'string') return value;
      if (cache.has(prop)) return cache.get(prop);
      let out: unknown = value;
      if (typeof value === 'function') {
        const fn = value as (...args: unknown[]) => unknown;
        out = prop.startsWith('on')
          ? (...args: unknown[]) => fn.apply(obj, args.map((a) => (typeof a === 'function' ? guardHandler(prop, a as (...x: unknown[]) => unknown, documentOf, edge) : a)))
          : fn.bind(obj);
      } else if (REGISTRIES.has(prop) && isObject(value)) {
        out = guardParams(value, documentOf, edge);
      }
      cache.set(prop, out);
      return out;
    },
  });
}
