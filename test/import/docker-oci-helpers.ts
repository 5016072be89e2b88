/**
 * What the compose, docker-inspect and OCI import tests share: the real CLI
 * on a fixture, `vmx check --format json` on its output with each finding
 * placed on its container, the model of an output, and the bad inputs every
 * importer must refuse in one line (exit 2, nothing on stdout).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, ROOT, runCli } from '../helpers';
import { Container, Model } from '../../core/src/model/types';
import { findings, Finding } from './findings';
export { findings };
export type { Finding };

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
export const LIKE = join(FIXTURES, 'like-host.vmx');

export const tmp = mkdtempSync(join(tmpdir(), 'vmx-import-docker-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

export function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** `vmx import --like like-host.vmx FILE` (exit 0 asserted): the text and stderr's line. */
export function importCli(file: string, extra: string[] = []): { text: string; stderr: string } {
  const r = runCli(['import', file, '--like', LIKE, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return { text: r.stdout, stderr: r.stderr };
}



export function noSchemaErrors(fs: Finding[]): void {
  assert.deepEqual(fs.filter((f) => /^VMX1(00|01|02|03|04|05|06|07|08)$/.test(f.code)), [], 'no syntax, schema or reference diagnostics');
}

export function has(fs: Finding[], code: string, container: string, line?: RegExp): void {
  const hit = fs.find((f) => f.code === code && f.container === container && (line === undefined || line.test(f.line)));
  assert.ok(hit, `${code} on ${container}${line ? ` at ${line}` : ''}; found ${JSON.stringify(fs.filter((f) => f.container === container).map((f) => `${f.code} ${f.line}`))}`);
}

export function hasNot(fs: Finding[], code: string, container: string): void {
  assert.ok(!fs.some((f) => f.code === code && f.container === container), `no ${code} on ${container}`);
}

export function model(text: string): Model {
  const r = check(text);
  assert.ok(r.model);
  return r.model;
}

export function container(m: Model, name: string): Container {
  const c = m.containers.find((x) => x.name === name);
  assert.ok(c, `container ${name}`);
  return c;
}

/** The lines of the block `kind name { … }` of a formatted text (up to its closing brace at the same indentation). */
export function blockText(text: string, header: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${header} {`);
  assert.ok(start >= 0, `block ${header}`);
  const indent = lines[start].length - lines[start].trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l === `${' '.repeat(indent)}}`);
  return lines.slice(start, end + 1).join('\n');
}

/** The `# not imported:` comments of a text. */
export function notImportedLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim().startsWith('# not imported:')).map((l) => l.trim());
}

/** One line on stderr, exit 2, nothing on stdout. */
export function refused(args: string[], pattern: RegExp, input?: string): void {
  const started = Date.now();
  const r = runCli(args, { input });
  assert.equal(r.status, 2, `exit 2: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.match(r.stderr, pattern);
  assert.ok(Date.now() - started < 10000, 'refused quickly');
}

/** The billion-laughs document: 9 levels of 10 aliases (10^9 nodes if expanded). */
export function yamlBomb(prefix: string): string {
  const lines = [prefix, 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

/** Odd values a hand-edited or truncated file may hold where a well-formed one has something else. */
const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', 'host', 'container:zz', true, [], [1], ['a:b:c:d'], {}, { a: 1 }, [{ type: 5 }], [null], '1:2', -5, 1e20];

/**
 * `value` with some of its values replaced by odd ones, deterministically
 * from `seed` (a linear congruential generator: the same seed, the same
 * mutation, so a failure can be replayed).
 */
export function mutated(value: unknown, seed: number): unknown {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const walk = (v: unknown): unknown => {
    if (next() < 0.15) return ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}
