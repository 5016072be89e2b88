/**
 * CPU sets as libvirt and Proxmox write them: `0-3,8`, and libvirt's
 * exclusions `1-4,^3,6` (https://libvirt.org/formatdomain.html#cpu-allocation).
 * Proxmox's `affinity` (`0,5,8-11`) is the same syntax without `^`, so both
 * importers read it here. The result becomes a `pin` or `cpuset.cpus` value
 * written as our own CPU list (`0..3`, `[0..3, 8]`).
 */
import { cpuRuns } from '../../diagnostics/figures';
import { raw, TreeValue } from '../tree';

/** The language's bound on a CPU number (core/src/model/values.ts): nothing beyond it is a machine. */
const MAX_CPU = 65535;

/** The CPUs of `text`, sorted and unique; undefined when it is not a CPU set (or names a CPU beyond any machine). */
export function parseCpuSet(text: string): number[] | undefined {
  const cpus = new Set<number>();
  const excluded = new Set<number>();
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) return undefined;
  for (const part of parts) {
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    if (to < from || to > MAX_CPU) return undefined;
    for (let c = from; c <= to; c++) (m[1] ? excluded : cpus).add(c);
  }
  const result = [...cpus].filter((c) => !excluded.has(c)).sort((a, b) => a - b);
  return result.length ? result : undefined;
}

/** A CPU set as our syntax writes it: `3`, `0..3`, or `[0..3, 8]`. */
export function cpuSetValue(cpus: number[]): TreeValue {
  const runs = cpuRuns(cpus);
  return raw(runs.length === 1 ? runs[0] : `[${runs.join(', ')}]`);
}
