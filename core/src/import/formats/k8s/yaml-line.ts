/**
 * The line of a YAML syntax error. parseYamlDocuments (yaml-input.ts) reads
 * `linePos`, which the yaml library fills only with prettyErrors on, so its
 * message has no line; until it does, the error path parses once more and
 * takes the line from the error's offset. Only malformed input pays for it.
 */
import { parseAllDocuments } from 'yaml';
import { ImportError } from '../../types';

export function withYamlLine(e: unknown, text: string, name: string): unknown {
  if (!(e instanceof ImportError) || !e.message.startsWith(`${name}: not valid YAML`)) return e;
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const offset = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors)[0]?.pos[0];
  if (offset === undefined) return e;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return new ImportError(`${name}:${line}${e.message.slice(name.length)}`);
}
