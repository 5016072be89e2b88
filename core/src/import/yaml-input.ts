/**
 * Reading YAML and JSON inputs for importers, bounded: the `yaml` library
 * with an alias limit (a billion-laughs document is refused, not expanded),
 * one-line errors with the line, and JSON read as JSON (YAML 1.2 is a JSON
 * superset, but JSON.parse is faster on a 2,000-object `kubectl get -o json`).
 */
import { parseAllDocuments } from 'yaml';
import { ImportError } from './types';

/** Aliases a document may expand; the YAML library refuses more (resource exhaustion). */
const MAX_ALIAS_COUNT = 1000;

export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

export function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${name}: not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Every document of a YAML stream as plain values (empty documents dropped). */
export function parseYamlDocuments(text: string, name: string): unknown[] {
  if (looksLikeJson(text)) return [parseJson(text, name)];
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: unknown[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      // The library fills linePos only with prettyErrors (which puts a code frame in the message); the offset is always there.
      const line = error.linePos?.[0]?.line ?? lineAt(text, error.pos[0]);
      throw new ImportError(`${name}${line ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw new ImportError(`${name}: refused: ${(e as Error).message.split('\n')[0]}`);
    }
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined || offset < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
