/**
 * docs/checks.md is executable: every code of §4 (codes.ts) has an entry,
 * and every entry's example, run through `vmx check`, reports its code —
 * and no other error or warning than the ones the entry declares with
 * `<!-- also: … -->`. Examples marked `<!-- needs-simulation -->` run with
 * the simulation (VMX4xx); the others with --no-simulate. Examples marked
 * `<!-- drift: DIR -->` are drift codes (VMX5xx): they run through `vmx drift
 * --root DIR`, against the captured machine DIR.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { main } from '../../cli/src/main';
import { CODES } from '../../core/src/diagnostics/codes';

interface Entry {
  code: string;
  title: string;
  example?: string;
  needsSimulation: boolean;
  also: string[];
  /** The captured machine a drift example is compared with. */
  driftRoot?: string;
}

function entries(markdown: string): Entry[] {
  const parts = markdown.split(/^## (VMX\d{3}) — (.*)$/m);
  const out: Entry[] = [];
  for (let i = 1; i < parts.length; i += 3) {
    const body = parts[i + 2];
    out.push({
      code: parts[i],
      title: parts[i + 1],
      example: /```vmx\n([\s\S]*?)```/.exec(body)?.[1],
      needsSimulation: body.includes('<!-- needs-simulation -->'),
      also: (/<!-- also: ([^>]*) -->/.exec(body)?.[1] ?? '').split(/[ ,]+/).filter(Boolean),
      driftRoot: /<!-- drift: ([^ >]+) -->/.exec(body)?.[1],
    });
  }
  return out;
}

const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
const all = entries(doc);
const dir = mkdtempSync(join(tmpdir(), 'vmx-docs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function checkJson(file: string, simulate: boolean, driftRoot?: string): { code: string; severity: string }[] {
  let stdout = '';
  let stderr = '';
  const args = driftRoot !== undefined
    ? ['drift', '--format', 'json', '--root', fileURLToPath(new URL(`../../${driftRoot}`, import.meta.url)), file]
    : ['check', '--format', 'json', ...(simulate ? [] : ['--no-simulate']), file];
  const status = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTty: false });
  assert.ok(status === 0 || status === 1, `vmx ${args[0]} exited ${status}: ${stderr}`);
  return JSON.parse(stdout).files.flatMap((f: { diagnostics: { code: string; severity: string }[] }) => f.diagnostics);
}

test('every code of §4 has exactly one entry in docs/checks.md, in order', () => {
  assert.deepEqual(all.map((e) => e.code), CODES.map((c) => c.code));
  for (const e of all) {
    assert.ok(e.example, `${e.code} has no vmx example`);
    assert.match(doc.split(`## ${e.code} — `)[1].split('\n## ')[0], /\*\*Why/, `${e.code} says why it matters`);
    assert.match(doc.split(`## ${e.code} — `)[1].split('\n## ')[0], /\*\*Fix/, `${e.code} says how to fix it`);
  }
});

for (const e of all) {
  test(`docs/checks.md example of ${e.code} reports ${e.code}${e.needsSimulation ? ' (simulated)' : ''}`, () => {
    const file = join(dir, `${e.code}.vmx`);
    writeFileSync(file, e.example!);
    const ds = checkJson(file, e.needsSimulation, e.driftRoot);
    assert.ok(ds.some((d) => d.code === e.code), `${e.code} missing; got ${ds.map((d) => d.code).join(', ') || 'nothing'}`);
    const unexpected = ds.filter((d) => d.code !== e.code && !e.also.includes(d.code) && (d.severity === 'error' || d.severity === 'warning'));
    assert.deepEqual(unexpected.map((d) => d.code), [], `${e.code}'s example also reports other problems`);
  });
}
