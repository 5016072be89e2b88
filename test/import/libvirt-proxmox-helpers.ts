/**
 * What the libvirt and Proxmox import tests share: the real CLI on fixtures
 * (with --like, the 8-CPU host of libvirt-host.vmx), `vmx check --format
 * json` on the output with each finding placed on its vm or container, the
 * model of an output, and the count of `# not imported:` comments.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, ROOT, runCli } from '../helpers';
import { Container, Model, Vm } from '../../core/src/model/types';
import { findings, Finding } from './findings';
export { findings };
export type { Finding };

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
/** 1 socket × 8 cores × 1 thread = logical CPUs 0..7, 64 GiB, vmx. */
export const LIKE = join(FIXTURES, 'libvirt-host.vmx');

export const fixture = (name: string): string => join(FIXTURES, name);

const tmp = mkdtempSync(join(tmpdir(), 'vmx-import-vm-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

export function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** `vmx import --like libvirt-host.vmx FILE…`, exit 0 asserted. */
export function importCli(files: string[], extra: string[] = [], input?: string): { text: string; stderr: string } {
  const r = runCli(['import', '--like', LIKE, ...extra, ...files], { input });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, 'one summary line on stderr');
  return { text: r.stdout, stderr: r.stderr };
}

/** A refused input: exit 2, one line on stderr, nothing on stdout; the line. */
export function refused(args: string[], input?: string): string {
  const r = runCli(['import', ...args], { input });
  assert.equal(r.status, 2, `exit 2 expected, got ${r.status}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return lines[0];
}



/** No syntax, schema or reference diagnostic (VMX100–VMX108) in the output. */
export function noSchemaErrors(fs: Finding[]): void {
  assert.deepEqual(fs.filter((f) => /^VMX10[0-8]$/.test(f.code)), [], 'no syntax, schema or reference diagnostics');
}

export function codesOn(fs: Finding[], entity: string): string[] {
  return [...new Set(fs.filter((f) => f.entity === entity).map((f) => f.code))].sort();
}

/** The model of an imported text (no errors asserted). */
export function modelOf(text: string): Model {
  const r = check(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), []);
  assert.ok(r.model);
  return r.model;
}

export function vmNamed(model: Model, name: string): Vm {
  const vm = model.vms.find((v) => v.name === name);
  assert.ok(vm, `vm ${name} in ${model.vms.map((v) => v.name).join(', ')}`);
  return vm;
}

export function containerNamed(model: Model, name: string): Container {
  const c = model.containers.find((v) => v.name === name);
  assert.ok(c, `container ${name}`);
  return c;
}

export const devicesOf = (vm: Vm): [string, string][] => vm.devices.map((d) => [d.name, d.access]);

/** The `# not imported: FIELD — why` fields of a text, in order. */
export function notImportedFields(text: string): string[] {
  return [...text.matchAll(/# not imported: (.*?) — /g)].map((m) => m[1]);
}

/** The count `vmx import` printed on stderr. */
export function stderrCount(stderr: string): number {
  const m = /; (\d+) fields? not imported/.exec(stderr);
  assert.ok(m, stderr);
  return Number(m[1]);
}

/**
 * `count` deterministic mutations of `text` (characters deleted, inserted
 * from a set that breaks XML and PVE lines, spans duplicated): each one the
 * importer must refuse with an ImportError (one line) or turn into a
 * topology without syntax, schema or reference errors.
 */
export function mutations(text: string, count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const junk = ['<', '>', "'", '"', '&', '\n', '=', ',', ':', '0', '-1', '99999999999999999999', 'é', '[x]', '#', ' '];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = text;
    for (let k = 0; k < 1 + next(4); k++) {
      const p = next(t.length);
      const j = junk[next(junk.length)];
      const op = next(4);
      if (op === 0) t = t.slice(0, p) + t.slice(p + 1 + next(20));
      else if (op === 1) t = t.slice(0, p) + j + t.slice(p);
      else if (op === 2) t = t.slice(0, p) + t.slice(p, p + 30) + t.slice(p);
      else t = t.slice(0, p) + j + t.slice(p + 1);
    }
    out.push(t);
  }
  return out;
}

/** `text` with one number at a time (every `step`-th) replaced by each of `0`, `-1`, a number beyond exact bytes, and a word. */
export function numberSubstitutions(text: string, step: number): string[] {
  const out: string[] = [];
  const numbers = [...text.matchAll(/\d+/g)];
  for (let i = 0; i < numbers.length; i += step) {
    const m = numbers[i];
    for (const sub of ['0', '-1', '99999999999', 'max']) out.push(text.slice(0, m.index) + sub + text.slice((m.index ?? 0) + m[0].length));
  }
  return out;
}
