/**
 * Malformed parameters (`null`, a position without numbers, a URI that is
 * not a string) answer JSON-RPC's InvalidParams instead of failing inside a
 * handler with a TypeError. The guard wraps every handler registered on the
 * connection, so no provider has to repeat the checks; notifications with
 * malformed parameters are dropped (there is nobody to answer).
 */
import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';

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
  return undefined;
}

function isPosition(v: unknown): boolean {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

function guardHandler(name: string, handler: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  if (NO_PARAMS.test(name)) return handler;
  const notification = NOTIFICATIONS.test(name);
  return (params: unknown, ...rest: unknown[]) => {
    const problem = paramsProblem(params);
    if (problem === undefined) return handler(params, ...rest);
    if (notification) return undefined;
    throw new ResponseError(ErrorCodes.InvalidParams, `invalid params: ${problem}`);
  };
}

/** The connection, with every `on…` registration (also under `languages.*`) guarded. */
export function guardParams<T extends object = Connection>(target: T): T {
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
          ? (...args: unknown[]) => fn.apply(obj, args.map((a) => (typeof a === 'function' ? guardHandler(prop, a as (...x: unknown[]) => unknown) : a)))
          : fn.bind(obj);
      } else if (REGISTRIES.has(prop) && isObject(value)) {
        out = guardParams(value);
      }
      cache.set(prop, out);
      return out;
    },
  });
}
