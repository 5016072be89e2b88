/** Running `vmx simulate` / `vmx check` as a process on a topology written to a temporary file. */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vmx-sim-'));
// The CLI bundled from the current sources once per test file (as scripts/build.mjs does), then run as a process: far faster than tsx per run.
const BIN = join(dir, 'cli.cjs');
buildSync({ entryPoints: [join(ROOT, 'cli/src/bin.ts')], outfile: BIN, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
let counter = 0;

export function writeTopology(text: string): string {
  const path = join(dir, `t${counter++}.vmx`);
  writeFileSync(path, text);
  return path;
}

export function vmx(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonEntity {
  id: string;
  kind: string;
  cpu: { demand: S; granted: S; steal: number | null; throttled: number | null; limit?: number | null };
  memory: { used: S; limit: number | null; swapped: S };
  pids: { failedForks: number; firstFailure?: number | null };
  io?: { iops: { demand: number; granted: number }; bandwidth: { demand: number; granted: number }; network: { demand: number; granted: number } };
  events: { t: number; type: string; detail?: string }[];
}
interface S {
  mean: number;
  p95: number;
  max: number;
}
export interface JsonFinding {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  related?: { uri: string; range: { start: { line: number; character: number } }; message: string }[];
}

/** `vmx simulate --format json` of a topology; throws with stderr when the run fails to produce JSON. */
export function simulateJson(text: string, extra: string[] = []): { duration: number; step: number; seed: number; entities: JsonEntity[]; findings: JsonFinding[]; status: number; raw: string } {
  const r = vmx(['simulate', '--format', 'json', ...extra, writeTopology(text)]);
  if (!r.stdout.trim()) throw new Error(`vmx simulate failed (${r.status}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), status: r.status, raw: r.stdout };
}

export function entity(result: { entities: JsonEntity[] }, id: string): JsonEntity {
  const e = result.entities.find((x) => x.id === id);
  if (!e) throw new Error(`no entity ${id} in ${result.entities.map((x) => x.id).join(', ')}`);
  return e;
}

/** A host with `cores` CPUs and no hypervisor, holding `body`. */
export function hostWith(body: string, cores = 1, extra = ''): string {
  return `topology t {\n  host h {\n    memory = 64GiB\n    ${extra}\n    cpu { cores = ${cores} }\n${body}\n  }\n}\n`;
}

/** Line (0-based) of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  return text.slice(0, at).split('\n').length - 1;
}
