/**
 * What the import and discovery commands tell the user, and the shape checks
 * of the server's answers they open: pure (no vscode), so test/client tests
 * them without an editor.
 */
import type { DiscoverResult, ImportResult } from '../protocol';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Imported 2 files (compose, k8s); 3 fields not imported (see the # not imported comments)". */
export function importSummary(files: number, r: ImportResult): string {
  const formats = [...new Set(r.formats)].join(', ');
  const rest = r.notImported > 0 ? `${plural(r.notImported, 'field')} not imported (see the # not imported comments)` : 'every field imported';
  return `Imported ${plural(files, 'file')} (${formats}); ${rest}`;
}

/** "Discovered this machine; 8 parts not read (see the comments …)", or undefined when everything was read. */
export function discoverSummary(where: string, r: DiscoverResult): string | undefined {
  const n = r.notes.length;
  return n === 0 ? undefined : `Discovered ${where}; ${plural(n, 'part')} not read or not mapped (see the comments, and the “VMX Host Topology” output)`;
}

export function isImportResult(v: unknown): v is ImportResult {
  const r = v as Partial<ImportResult> | null;
  return typeof r === 'object' && r !== null && typeof r.text === 'string' && typeof r.notImported === 'number' && Array.isArray(r.formats) && r.formats.every((f) => typeof f === 'string');
}

export function isDiscoverResult(v: unknown): v is DiscoverResult {
  const r = v as Partial<DiscoverResult> | null;
  return typeof r === 'object' && r !== null && typeof r.text === 'string' && Array.isArray(r.notes) && r.notes.every((n) => typeof n === 'string');
}
