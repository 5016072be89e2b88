/**
 * Pathological import graphs, written to a real folder, and a bounded run
 * of the built CLI on them (test/fuzz/imports.test.ts). Each case is a
 * root file plus what it imports: fan-out, diamonds, all-to-all cycles,
 * many spellings of one file (`?`, `#`, `%xx`, `./`, `..`, `//`,
 * symlinks), FIFOs, symlink loops and random graphs mixing all of them.
 * Every topology file declares hosts named after the file, so a file
 * loaded twice shows as a duplicate id (VMX105).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from '../../helpers';

export interface ImportCase {
  name: string;
  root: string;
  /** Files of the case (topologies, FIFOs, links), for the report bound. */
  files: number;
  /** The most VMX109 the case may give: bounded by its size, never by its number of paths or cycles. */
  maxVmx109: number;
  /** Extra expectations on the diagnostics, beyond the bounds every case has. */
  expect?: (ds: Diagnostic[]) => void;
}

export interface Diagnostic {
  code: string;
  message: string;
  path: string;
}

/** A small valid topology whose host ids come from the file's name (a second load is VMX105). */
export function topology(id: string, imports: string[] = [], padding = 0): string {
  const safe = id.replace(/[^A-Za-z0-9_]/g, '_');
  const body = `topology ${safe} {\n  host ${safe}-h { memory = 1GiB; cpu { cores = 1 } }\n}\n`;
  return imports.map((p) => `import ${JSON.stringify(p)}\n`).join('') + body + (padding > 0 ? `# ${'x'.repeat(78)}\n`.repeat(Math.ceil(padding / 81)) : '');
}

/** A deterministic PRNG (mulberry32): the same seed gives the same graphs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** `mkfifo`, through the system tool (the shipped code never starts a process); false where there is none. */
export function mkfifo(path: string): boolean {
  return spawnSync('mkfifo', [path]).status === 0;
}

/** One root importing `n` distinct files. */
export function fanOut(dir: string, n: number): ImportCase {
  const names = Array.from({ length: n }, (_, i) => `leaf${i}.vmx`);
  for (const f of names) write(join(dir, f), topology(f));
  write(join(dir, 'root.vmx'), topology('root', names));
  return { name: `fan-out ${n}`, root: join(dir, 'root.vmx'), files: n + 1, maxVmx109: 0, expect: noDuplicates };
}

/**
 * Layers of two files, each importing both files of the layer below under
 * changing spellings (`x`, `./x`, `.//x`, `sub/../x`): 2^depth paths, to be
 * loaded as 2 × depth files.
 */
export function diamond(dir: string, depth: number): ImportCase {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  const name = (layer: number, i: number) => `d${layer}_${i}.vmx`;
  const spell = ['', './', './/', 'sub/../'];
  for (let layer = 0; layer < depth; layer++) {
    for (const i of [0, 1]) {
      const below = layer + 1 < depth ? [0, 1].map((j) => spell[(layer + i + j) % spell.length] + name(layer + 1, j)) : [];
      write(join(dir, name(layer, i)), topology(name(layer, i), below));
    }
  }
  write(join(dir, 'root.vmx'), topology('root', [name(0, 0), `./${name(0, 1)}`]));
  return { name: `diamond depth ${depth}`, root: join(dir, 'root.vmx'), files: 2 * depth + 1, maxVmx109: 0, expect: noDuplicates };
}

/** N files each importing all N (themselves included); the root is one of them. */
export function allToAll(dir: string, n: number): ImportCase {
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'root.vmx' : `c${i}.vmx`));
  for (const f of names) write(join(dir, f), topology(f, names));
  return {
    name: `all-to-all ${n}`,
    root: join(dir, 'root.vmx'),
    files: n,
    // At most 10 cycle reports and one summary per file.
    maxVmx109: 11 * n,
    expect: (ds) => {
      noDuplicates(ds);
      const files = new Set(ds.filter((d) => d.code === 'VMX109').map((d) => d.path));
      if (files.size !== n) throw new Error(`cycles shown in ${files.size} of ${n} files`);
    },
  };
}

/** One file imported under every spelling: the URL-looking ones name no file, the path ones are the same file. */
export function spellings(dir: string, copies: number): ImportCase {
  mkdirSync(join(dir, 'a'), { recursive: true });
  write(join(dir, 'big.vmx'), topology('big.vmx', [], 200_000));
  symlinkSync(join(dir, 'big.vmx'), join(dir, 'big-link.vmx'));
  symlinkSync(dir, join(dir, 'a', 'up'));
  const missing: string[] = [];
  for (let i = 0; i < copies; i++) missing.push(`big.vmx?${i}`, `big.vmx#${i}`, `%62ig.vmx`, `big.vmx%3F${i}`);
  const same = ['big.vmx', './big.vmx', './/big.vmx', 'a/../big.vmx', `${dir}//big.vmx`, 'big-link.vmx', 'a/up/big.vmx', 'a/up/a/up/big-link.vmx'];
  write(join(dir, 'root.vmx'), topology('root', [...missing, ...same]));
  return {
    name: `spellings ×${copies}`,
    root: join(dir, 'root.vmx'),
    files: 4,
    maxVmx109: missing.length,
    expect: (ds) => {
      noDuplicates(ds);
      const notFound = ds.filter((d) => d.code === 'VMX109' && /import not found/.test(d.message)).length;
      if (notFound !== missing.length) throw new Error(`${notFound} of ${missing.length} URL-looking spellings reported as not found`);
    },
  };
}

/** FIFOs imported directly, through a symlink, among ordinary imports; undefined without mkfifo. */
export function fifos(dir: string): ImportCase | undefined {
  mkdirSync(dir, { recursive: true });
  if (!mkfifo(join(dir, 'pipe.vmx'))) return undefined;
  symlinkSync(join(dir, 'pipe.vmx'), join(dir, 'pipe-link.vmx'));
  symlinkSync(join(dir, 'pipe-link.vmx'), join(dir, 'pipe-link2.vmx'));
  write(join(dir, 'mid.vmx'), topology('mid.vmx', ['pipe-link2.vmx']));
  write(join(dir, 'root.vmx'), topology('root', ['pipe.vmx', 'pipe-link.vmx', 'mid.vmx', './pipe.vmx']));
  return {
    name: 'FIFOs',
    root: join(dir, 'root.vmx'),
    files: 5,
    maxVmx109: 4,
    expect: (ds) => {
      const fifo = ds.filter((d) => /FIFO/.test(d.message)).length;
      if (fifo !== 4) throw new Error(`${fifo} of 4 FIFO imports reported`);
    },
  };
}

/** Symlink loops: two links to each other, a link to itself, and a folder link to its parent. */
export function symlinkLoops(dir: string): ImportCase {
  mkdirSync(join(dir, 'd'), { recursive: true });
  symlinkSync(join(dir, 'loop2.vmx'), join(dir, 'loop1.vmx'));
  symlinkSync(join(dir, 'loop1.vmx'), join(dir, 'loop2.vmx'));
  symlinkSync(join(dir, 'self.vmx'), join(dir, 'self.vmx'));
  symlinkSync('..', join(dir, 'd', 'parent'));
  write(join(dir, 'x.vmx'), topology('x.vmx', ['d/parent/d/parent/x.vmx']));
  const deep = `${'d/parent/'.repeat(30)}x.vmx`;
  write(join(dir, 'root.vmx'), topology('root', ['loop1.vmx', 'loop2.vmx', 'self.vmx', 'x.vmx', deep]));
  return { name: 'symlink loops', root: join(dir, 'root.vmx'), files: 6, maxVmx109: 4, expect: noDuplicates };
}

/**
 * A random graph of `n` files in a few folders, each importing a few
 * others under random spellings — plain, `./`, `.//`, through `..`, through
 * a symlink, with `?`/`#`/`%xx` (no such file) — some imports missing, some
 * cycles.
 */
export function randomGraph(dir: string, n: number, rnd: () => number): ImportCase {
  const folders = ['', 'p/', 'p/q/'];
  const files = Array.from({ length: n }, (_, i) => `${folders[i % folders.length]}g${i}.vmx`);
  for (const f of folders) mkdirSync(join(dir, f), { recursive: true });
  const relative = (from: string, to: string): string => {
    const up = from.split('/').length - 1;
    return '../'.repeat(up) + to;
  };
  const spellings = [
    (p: string) => p,
    (p: string) => `./${p}`,
    (p: string) => p.replace(/\//g, '//'),
    (p: string) => `p/../${p}`,
    (p: string) => `${p}?${Math.floor(rnd() * 9)}`,
    (p: string) => `${p}#x`,
    (p: string) => p.replace(/g/, '%67'),
    (p: string) => `missing-${p}`,
  ];
  let imports = 0;
  for (const [i, f] of files.entries()) {
    const targets = Array.from({ length: Math.floor(rnd() * 6) }, () => files[Math.floor(rnd() * n)]);
    const paths = targets.map((t) => spellings[Math.floor(rnd() * spellings.length)](relative(f, t)));
    imports += paths.length;
    if (i === 0 || rnd() < 0.8) write(join(dir, f), topology(f, paths));
    else symlinkSync(join(dir, files[0]), join(dir, f)); // this name is the root under another name
  }
  return { name: `random graph of ${n}`, root: join(dir, files[0]), files: n, maxVmx109: imports, expect: noDuplicates };
}

/** Every file loaded once: no host id declared twice. */
function noDuplicates(ds: Diagnostic[]): void {
  const dup = ds.find((d) => d.code === 'VMX105');
  if (dup) throw new Error(`a file was loaded twice: ${dup.path}: ${dup.message}`);
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  /** Peak resident set size of the CLI process, in bytes (reported by a preloaded exit hook). */
  maxRss: number;
  stdout: string;
  stderr: string;
}

const RSS_HOOK = fileURLToPath(new URL('./max-rss.cjs', import.meta.url));

/**
 * `vmx check --format json ROOT` with a 512 MB heap (a blow-up crashes it
 * instead of swapping), killed after `timeoutMs` (a hang is a failure).
 */
export function runCheck(root: string, timeoutMs: number): CliRun {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--require', RSS_HOOK, CLI, 'check', '--format', 'json', root], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  const rss = /^vmx-max-rss (\d+)$/m.exec(r.stderr ?? '');
  return { status: r.status, signal: r.signal, ms, maxRss: rss ? Number(rss[1]) : NaN, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').replace(/^vmx-max-rss \d+\n?/m, '') };
}
