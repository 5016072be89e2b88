/**
 * Baselines (`vmx check --baseline FILE`, `--write-baseline FILE`): the
 * findings a project has accepted for now, so that a pipeline fails only on
 * new ones. docs/cli.md documents the format:
 *
 *   { "version": 1,
 *     "findings": [ { "path": "hosts/rack.vmx", "code": "VMX208",
 *                     "entity": "topology t > host h1 > container web",
 *                     "message": "…", "fingerprint": "3f0c…" } ] }
 *
 * A finding matches a recorded one with the same path (relative to the
 * baseline's folder, `/`-separated), code and fingerprint. The fingerprint
 * hashes the code, the chain of blocks around the finding (kind and label
 * of each) and the message with its figures replaced by `#` — no line or
 * column — so inserting lines above a finding, or a figure that changes
 * (4.5× overcommitted becoming 4.6×), keeps it matched; renaming its
 * container or changing what it says makes it new. Matching counts: two
 * identical findings in the baseline excuse two, not three.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { Diagnostic } from '../../core/src/diagnostics/types';
import { BlockNode, ItemNode } from '../../core/src/syntax/ast';
import { SourceFile } from '../../core/src/model/types';
import { CliError } from './files';
import { STDIN_NAME } from './inputs';

export interface BaselineFinding {
  path: string;
  code: string;
  entity: string;
  message: string;
  fingerprint: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineFinding[];
}

/** The blocks around a position, outermost first: `host h1 > container web`. */
export function entityPath(file: SourceFile | undefined, d: Diagnostic): string {
  if (!file) return '';
  const offset = file.lines.offset(d.range.start);
  const names: string[] = [];
  let items: ItemNode[] = file.ast.items;
  for (;;) {
    const block = items.find((i): i is BlockNode => i.type === 'block' && i.start <= offset && offset < Math.max(i.end, i.start + 1));
    if (!block) break;
    names.push(block.label ? `${block.kind} ${block.label.text}` : block.kind);
    items = block.items;
  }
  return names.join(' > ');
}

/** The message without its figures: `4.5× overcommitted` and `4.6× overcommitted` are one finding. */
export function withoutFigures(message: string): string {
  return message.replace(/\d+(?:[.,]\d+)*/g, '#');
}

export function fingerprint(code: string, entity: string, message: string): string {
  return createHash('sha256').update(`${code}\u0000${entity}\u0000${withoutFigures(message)}`).digest('hex').slice(0, 32);
}

/** How a finding's file is named in a baseline: relative to the baseline's folder, with `/`. */
function baselinePath(path: string, baselineFile: string): string {
  if (path === STDIN_NAME) return path;
  const rel = relative(dirname(resolve(baselineFile)), resolve(path));
  return rel.split('\\').join('/');
}

export interface Finding {
  path: string;
  diagnostic: Diagnostic;
  entity: string;
}

export function toBaselineFinding(f: Finding, baselineFile: string): BaselineFinding {
  const { code, message } = f.diagnostic;
  return { path: baselinePath(f.path, baselineFile), code, entity: f.entity, message, fingerprint: fingerprint(code, f.entity, message) };
}

export function writeBaseline(file: string, findings: Finding[]): number {
  const baseline: Baseline = { version: 1, findings: findings.map((f) => toBaselineFinding(f, file)) };
  baseline.findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  try {
    writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (e) {
    throw new CliError(`cannot write baseline '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return baseline.findings.length;
}

/** A baseline file, checked: one line naming the problem when it is not one. */
export function readBaseline(file: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(err.code ? `cannot read baseline '${file}': ${err.code === 'ENOENT' ? 'no such file (write one with --write-baseline)' : err.code}` : `invalid JSON in baseline '${file}': ${err.message.split('\n')[0]}`);
  }
  const p = parsed as Partial<Baseline> | null;
  if (!p || typeof p !== 'object' || Array.isArray(p) || p.version !== 1 || !Array.isArray(p.findings)) {
    throw new CliError(`${file}: not a vmx baseline (expected {"version": 1, "findings": […]}, as --write-baseline writes)`);
  }
  p.findings.forEach((f, i) => {
    if (!f || typeof f !== 'object' || typeof f.path !== 'string' || typeof f.code !== 'string' || typeof f.fingerprint !== 'string') {
      throw new CliError(`${file}: findings[${i}] needs string "path", "code" and "fingerprint"`);
    }
  });
  return p as Baseline;
}

/** Splits findings into those the baseline excuses and the new ones. */
export function matchBaseline(baseline: Baseline, baselineFile: string, findings: Finding[]): { known: Set<Finding>; newCount: number } {
  const budget = new Map<string, number>();
  const key = (f: { path: string; code: string; fingerprint: string }) => `${f.path}\u0000${f.code}\u0000${f.fingerprint}`;
  for (const f of baseline.findings) budget.set(key(f), (budget.get(key(f)) ?? 0) + 1);
  const known = new Set<Finding>();
  for (const f of findings) {
    const k = key(toBaselineFinding(f, baselineFile));
    const left = budget.get(k) ?? 0;
    if (left > 0) {
      budget.set(k, left - 1);
      known.add(f);
    }
  }
  return { known, newCount: findings.length - known.size };
}
