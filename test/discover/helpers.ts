/** Shared by the discovery and drift tests: the captured trees, a block of the output by its header, entity ids through the real resolver. */
import { liveModel } from '../../core/src/drift';
import { ROOT } from '../helpers';

export const FIXTURES = `${ROOT}test/fixtures/discover`;
export const K8S = `${FIXTURES}/k8s-worker-v2`;
export const DOCKER_V1 = `${FIXTURES}/docker-host-v1`;

/** The lines of the block whose header line is `header` (trimmed), up to its closing brace: trimmed lines. */
export function blockLines(text: string, header: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === header);
  if (start < 0) throw new Error(`no block '${header}' in:\n${text}`);
  const indent = lines[start].length - lines[start].trimStart().length;
  const out: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].trim() === '}' && lines[i].length - lines[i].trimStart().length === indent) break;
    out.push(lines[i].trim());
  }
  return out;
}

/** The entity ids of a topology text, as the resolver gives them. */
export function entityIds(text: string): string[] {
  return [...liveModel(text).entityById.keys()].sort();
}

/** The 0-based line of the first line that is `line` once trimmed. */
export function lineOf(text: string, line: string, after = 0): number {
  const i = text.split('\n').findIndex((l, n) => n >= after && l.trim() === line);
  if (i < 0) throw new Error(`no line '${line}'`);
  return i;
}
