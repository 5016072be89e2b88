/** Test helpers: run the real pipeline on in-memory files. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze, AnalysisResult } from '../core/src/analyze';
import { CheckConfig } from '../core/src/config';
import { Diagnostic } from '../core/src/diagnostics/types';
import { SourceProvider } from '../core/src/model/imports';
import { SourceFile } from '../core/src/model/types';
import { createSourceFile } from '../core/src/source';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = `${ROOT}dist/cli.js`;

/** Files by name under a fake folder `file:///t/`. */
export class MemorySources implements SourceProvider {
  private readonly files = new Map<string, SourceFile>();
  constructor(texts: Record<string, string> = {}) {
    for (const [name, text] of Object.entries(texts)) this.set(name, text);
  }
  set(name: string, text: string): SourceFile {
    const f = createSourceFile(`file:///t/${name}`, text);
    this.files.set(f.uri, f);
    return f;
  }
  get(uri: string): SourceFile | undefined {
    return this.files.get(uri);
  }
}

/** Analyse `text` as file:///t/main.vmx (plus other files it may import). */
export function check(text: string, others: Record<string, string> = {}, config?: CheckConfig): AnalysisResult {
  const sources = new MemorySources(others);
  const root = sources.set('main.vmx', text);
  return analyze(root, sources, { config });
}

export function codes(result: AnalysisResult | Diagnostic[]): string[] {
  const ds = Array.isArray(result) ? result : result.diagnostics;
  return ds.map((d) => d.code);
}

/** The text a diagnostic's range covers in `text`. */
export function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  if (d.range.start.line === d.range.end.line) return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
  return [lines[d.range.start.line].slice(d.range.start.character), ...lines.slice(d.range.start.line + 1, d.range.end.line), lines[d.range.end.line].slice(0, d.range.end.character)].join('\n');
}

/** A minimal valid topology around `body` (placed inside the host). */
export function inHost(body: string, hostExtra = ''): string {
  return `topology t {
  host h1 {
    memory = 64GiB
    cpu { cores = 8; features = [vmx] }
${hostExtra}${body}
  }
}
`;
}

/** Run the built CLI as a real process. */
export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): { status: number; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A test that needs this machine's kernel (root, cgroup v1 hierarchies,
 * perl): a missing prerequisite is a failure that names it, never a skip —
 * a skipped comparison is one that silently stopped running. The project's
 * machine (and CI, on it) is root on cgroup v1; elsewhere these tests fail
 * and say why.
 */
export function requireKernel(reason: string | undefined): void {
  if (reason !== undefined) throw new Error(`this machine cannot run the kernel test: ${reason}`);
}
