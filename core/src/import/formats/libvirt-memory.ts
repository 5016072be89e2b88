/**
 * A domain's memory side (https://libvirt.org/formatdomain.html#memory-allocation,
 * #memory-backing, #memory-tuning): the memory and its balloon, hugepage-backed
 * or locked memory, and the memory limits of the VM's cgroup.
 */
import { CgroupSpec } from '../container';
import { ImportError } from '../types';
import { exactBytes, NotImported } from '../tree';
import { valueText } from '../print';
import { libvirtBytes } from './libvirt-units';
import { Noted, VmSpec } from './libvirt-vm';
import { child, XmlElement } from './libvirt-xml';

export function bytesOf(el: XmlElement, what: string, name: string): number {
  const bytes = libvirtBytes(el.text, el.attrs.unit);
  if (bytes === undefined || bytes <= 0) throw new ImportError(`${name}: <${what}> '${el.text.slice(0, 40)} ${el.attrs.unit ?? ''}' is not a size in libvirt's units (b, KB, KiB, MB, MiB, GB, GiB, TB, TiB)`);
  return bytes;
}

export function sizeText(bytes: number): string {
  return valueText(exactBytes(bytes));
}

export interface Memory {
  memory: Noted<number>;
  balloon?: VmSpec['balloon'];
}

export function memory(domain: XmlElement, balloon: { model: string; written: boolean }, name: string, skipped: NotImported[]): Memory {
  const balloonModel = balloon.model;
  const el = child(domain, 'memory');
  if (!el) throw new ImportError(`${name}: <domain> without <memory>; libvirt requires one`);
  const max = bytesOf(el, 'memory', name);
  const currentEl = child(domain, 'currentMemory');
  const current = currentEl ? bytesOf(currentEl, 'currentMemory', name) : max;
  if (current >= max) {
    if (balloon.written && balloonModel !== 'none') skipped.push({ field: `devices/memballoon (${balloonModel})`, why: 'a balloon device, but <currentMemory> is <memory>: nothing is ballooned (the host can inflate it later with virsh setmem; write balloon = true and memory_min to model that)' });
    return { memory: { value: max } };
  }
  if (balloonModel === 'none') {
    skipped.push({ field: `currentMemory ${sizeText(current)}`, why: `below <memory> ${sizeText(max)}, but there is no balloon (<memballoon model='none'>): the guest has all of <memory>` });
    return { memory: { value: max } };
  }
  return {
    memory: { value: current, note: '<currentMemory>: what the balloon leaves the guest at boot' },
    balloon: { max, note: `${balloonModel} balloon: <memory> ${sizeText(max)} is the most it gives back` },
  };
}

export function memoryLocked(domain: XmlElement, skipped: NotImported[]): string | undefined {
  const backing = child(domain, 'memoryBacking');
  if (!backing) return undefined;
  const reasons: string[] = [];
  const rest: string[] = [];
  for (const c of backing.children) {
    if (c.name === 'hugepages') reasons.push('<memoryBacking><hugepages>: huge pages are never swapped');
    else if (c.name === 'locked') reasons.push('<memoryBacking><locked>: mlock()ed, never swapped');
    else rest.push(c.name);
  }
  if (rest.length) skipped.push({ field: `memoryBacking/${rest.join(', ')}`, why: 'how guest memory is allocated and shared (KSM, memfd, discard); only locking is modelled' });
  return reasons.length ? reasons.join('; ') : undefined;
}

export function memtune(domain: XmlElement, name: string, cgroup: CgroupSpec, skipped: NotImported[]): void {
  const el = child(domain, 'memtune');
  if (!el) return;
  for (const c of el.children) {
    if (c.name === 'hard_limit') cgroup.memoryMax = bytesOf(c, 'memtune><hard_limit', name);
    else if (c.name === 'soft_limit') cgroup.memoryHigh = bytesOf(c, 'memtune><soft_limit', name);
    else if (c.name === 'swap_hard_limit') skipped.push({ field: 'memtune/swap_hard_limit', why: 'memory plus swap on cgroup v1, swap alone on v2: which one the host has is unknown to an import' });
    else skipped.push({ field: `memtune/${c.name}`, why: 'not a cgroup setting of the VM' });
  }
}
