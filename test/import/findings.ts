// What `vmx check` says about an imported topology, finding by finding, with
// the block each finding sits in: the one reader the import tests share.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers';

const tmp = mkdtempSync(join(tmpdir(), 'vmx-import-check-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

export interface Finding {
  code: string;
  severity: string;
  /** The label of the container whose block holds the diagnosed line. */
  container?: string;
  /** The label of the nearest vm, partition or container around the diagnosed line. */
  entity?: string;
  /** The diagnosed line, trimmed. */
  line: string;
}

function enclosing(lines: string[], from: number, kinds: string): string | undefined {
  const header = new RegExp(`^\\s*(?:${kinds}) ("[^"]+"|[\\w-]+) \\{`);
  for (let i = from; i >= 0; i--) {
    const label = header.exec(lines[i])?.[1];
    if (label !== undefined) return label.replace(/"/g, '');
  }
  return undefined;
}

/** `vmx check --format json --no-simulate` on `text` (the built CLI), each finding with its container, entity and line. */
export function findings(text: string): Finding[] {
  const file = join(tmp, `check-${n++}.vmx`);
  writeFileSync(file, text);
  const r = runCli(['check', '--format', 'json', '--no-simulate', file]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const lines = text.split('\n');
  const json = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; severity: string; range: { start: { line: number } } }[] }[] };
  return json.files[0].diagnostics.map((d) => {
    const at = d.range.start.line;
    return { code: d.code, severity: d.severity, container: enclosing(lines, at, 'container'), entity: enclosing(lines, at, 'vm|partition|container'), line: lines[at].trim() };
  });
}
