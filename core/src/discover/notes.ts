/**
 * What discovery could not read, said where it matters: each unreadable path
 * becomes a `# not readable: PATH — reason` comment in the block it would
 * have filled, and a line of the notes `discoverTopology` returns. Reads go
 * through these helpers so no caller forgets to say why something is missing.
 */
import { SystemReader } from '../host/system';

export class Notes {
  /** Every note, in the order made (the CLI prints their count; the editor shows them). */
  readonly all: string[] = [];

  /** Record a note and put it in `here` (a block's inner comments). */
  add(here: string[], text: string): void {
    here.push(text);
    this.all.push(text);
  }

  unreadable(here: string[], path: string, reason: string): void {
    this.add(here, `not readable: ${path} — ${reason}`);
  }
}

/** A file's text, or undefined with a note in `here`. A missing file is noted only when `required`. */
export function readText(reader: SystemReader, notes: Notes, here: string[], path: string, required = true): string | undefined {
  const r = reader.readFile(path);
  if (r.ok) return r.text;
  if (required || r.reason !== 'no such file') notes.unreadable(here, path, r.reason);
  return undefined;
}

/** A file's first line, trimmed (the one value of a cgroup or sysctl file). */
export function readValue(reader: SystemReader, notes: Notes, here: string[], path: string, required = true): string | undefined {
  const text = readText(reader, notes, here, path, required);
  return text === undefined ? undefined : text.split('\n')[0].trim();
}
