/**
 * What Proxmox's two config kinds share: `cpuunits` (a CPU weight), the
 * labels (the guest's name or hostname, tags, description) and the
 * sections after the current configuration, which are not imported.
 */
import { CgroupSpec } from '../container';
import { ImportError } from '../types';
import { NotImported } from '../tree';
import { Noted } from './libvirt-vm';
import { PveConfig, PveEntry } from './proxmox-config';

/**
 * `cpuunits`: cgroup v2 `cpu.weight` on PVE 7 and later (1–10000, default 100);
 * on PVE 6's cgroup v1 it was `cpu.shares` (2–262144, default 1024), which a
 * value above 10000 can only be.
 */
export function pveWeight(e: PveEntry | undefined, name: string, cgroup: CgroupSpec): Noted<number> | undefined {
  if (!e) return undefined;
  const n = Number(e.value);
  if (!/^\d+$/.test(e.value) || n < 1 || n > 262144) throw new ImportError(`${name}:${e.line}: cpuunits: '${e.value.slice(0, 40)}' is not a weight from 1 to 262144`);
  if (n <= 10000) return { value: n, note: 'cpuunits: the cgroup v2 cpu.weight Proxmox 7+ writes (default 100)' };
  cgroup.cpuShares = n;
  return undefined;
}

export function pveLabels(v: Map<string, PveEntry>, description: string, nameKey: 'name' | 'hostname', more: string[] = []): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const key of [nameKey, 'tags', ...more]) {
    const e = v.get(key);
    if (e && e.value !== '') labels[`proxmox.${key}`] = e.value;
  }
  const text = description || v.get('description')?.value;
  if (text) labels['proxmox.description'] = text;
  return Object.keys(labels).length ? labels : undefined;
}

export function sectionsSkipped(config: PveConfig): NotImported[] {
  return config.sections.map((s) => {
    if (s.name === 'PENDING') return { field: `[PENDING] (${s.entries.length} options)`, why: 'changes not yet applied (they take effect at the next start); the current configuration is imported' };
    if (s.name.startsWith('special:')) return { field: `[${s.name}]`, why: 'state PVE keeps for itself (cloud-init); no place in a topology' };
    const time = s.entries.find((e) => e.key === 'snaptime')?.value;
    return { field: `[${s.name}] snapshot`, why: `a saved state${time ? ` (snaptime ${time})` : ''}, not the current configuration` };
  });
}
