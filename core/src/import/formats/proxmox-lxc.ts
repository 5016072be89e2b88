/**
 * A Proxmox container config (pct.conf(5)) → a `container` on the host:
 * LXC containers share the Proxmox host's kernel. Written through
 * containerBlock, the one container writer. The mapping is docs/import/proxmox.md.
 */
import { CAPABILITY_NAMES, KERNEL_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES } from '../../isolation/capabilities';
import { capabilityName, ContainerSpec, containerBlock, MountSpec } from '../container';
import { ImportError, ImportOutput } from '../types';
import { attr, block, exactBytes, NotImported, TreeBlock } from '../tree';
import { lastValues, MAX_MIB, PveConfig, PveEntry, propertyString, pveBytes } from './proxmox-config';
import { isLxcKey, unmappedWhy } from './proxmox-keys';
import { pveLabels, pveWeight, sectionsSkipped } from './proxmox-common';

const MIB = 1024 ** 2;

/** What Proxmox's LXC config drops from every container (/usr/share/lxc/config/common.conf); an empty `lxc.cap.drop:` clears it. */
const PVE_DEFAULT_DROPS = ['MAC_ADMIN', 'MAC_OVERRIDE', 'SYS_TIME', 'SYS_MODULE', 'SYS_RAWIO'];

const MAPPED = new Set(['hostname', 'tags', 'description', 'vmid', 'cores', 'cpulimit', 'cpuunits', 'memory', 'swap', 'unprivileged', 'features', 'rootfs', 'ostype', 'arch']);
const MAPPED_INDEXED = /^(mp|dev)\d+$/;

/** What each `features:` flag allows, for the ones no attribute models. */
const FEATURE_WHY: Record<string, string> = {
  nesting: 'lets the container mount /proc and /sys of its own (for containers or systemd inside it) under AppArmor’s nesting profile; no attribute models it',
  keyctl: 'allows the keyctl() system call (Docker inside an unprivileged container needs it); no attribute models it',
  mount: 'lets the container mount those filesystem types itself; no attribute models it',
  mknod: 'lets the container create device nodes (the kernel still checks the device cgroup); no attribute models it',
  force_rw_sys: 'mounts /sys writable instead of mixed; no attribute models it',
};

/** A size in MiB (pct.conf's `memory` from 16, `swap` from 0). */
function mib(e: PveEntry | undefined, name: string, fallback: number, min: number): number {
  if (!e) return fallback;
  if (!/^\d+$/.test(e.value) || Number(e.value) < min || Number(e.value) > MAX_MIB) throw new ImportError(`${name}:${e.line}: ${e.key}: '${e.value.slice(0, 40)}' is not a size in MiB (${min} to ${MAX_MIB})`);
  return Number(e.value);
}

interface Volumes {
  mounts: MountSpec[];
  volumes: TreeBlock[];
}

/** `mp0: /mnt/data,mp=/data` is a bind mount of a host path; `mp0: local-lvm:vm-200-disk-1,mp=/srv,size=8G` a storage volume. */
function mountPoints(entries: PveEntry[], v: Map<string, PveEntry>, name: string): Volumes {
  const out: Volumes = { mounts: [], volumes: [] };
  for (const e of entries) {
    if (!/^mp\d+$/.test(e.key) || v.get(e.key) !== e) continue;
    const props = propertyString(e.value, 'volume');
    const source = props.get('volume');
    const target = props.get('mp');
    if (!source || !target?.startsWith('/')) throw new ImportError(`${name}:${e.line}: ${e.key}: '${e.value.slice(0, 60)}' needs a volume and mp=/ABSOLUTE/PATH`);
    const readOnly = props.get('ro') === '1';
    if (source.startsWith('/')) {
      out.mounts.push({ name: e.key, type: 'bind', source, target, readOnly, note: `${e.key}: a host path bind-mounted into the container` });
      continue;
    }
    const sizeText = props.get('size');
    const size = sizeText !== undefined ? pveBytes(sizeText, 1024 ** 3) : undefined;
    if (sizeText !== undefined && size === undefined) throw new ImportError(`${name}:${e.line}: ${e.key}: size '${sizeText.slice(0, 40)}' is not a size (8G, 512M)`);
    out.mounts.push({ name: e.key, type: 'volume', source, target, readOnly, note: `${e.key}: a Proxmox storage volume` });
    const vol = block('volume', source, size !== undefined ? [attr('size', exactBytes(size))] : []);
    vol.comments = [`Proxmox storage volume of ${e.key}`];
    out.volumes.push(vol);
  }
  return out;
}

/** `lxc.mount.entry: /dev/dri dev/dri none bind,optional,create=dir` (fstab fields; the target is relative to the rootfs). */
function mountEntry(e: PveEntry, index: number): MountSpec | NotImported {
  const [source, target, , options = ''] = e.value.split(/\s+/);
  const opts = options.split(',');
  if (source?.startsWith('/') && target && (opts.includes('bind') || opts.includes('rbind'))) {
    return { name: `lxc-mount${index}`, type: 'bind', source, target: `/${target.replace(/^\/+/, '')}`, readOnly: opts.includes('ro'), note: `lxc.mount.entry: ${e.value}` };
  }
  return { field: `lxc.mount.entry: ${e.value}`, why: 'a mount that is not a bind mount of a host path; not modelled' };
}

/** The capability drops the config asks for; `cleared` after an empty `lxc.cap.drop:` (Proxmox's own drops undone). */
interface LxcDrops {
  cleared: boolean;
}

function rawLxc(entries: PveEntry[], spec: ContainerSpec, skipped: NotImported[], lxcDrops: LxcDrops): void {
  let mounts = 0;
  for (const e of entries) {
    if (!e.key.startsWith('lxc.')) continue;
    if (e.key === 'lxc.apparmor.profile') spec.apparmor = e.value === 'unconfined' ? 'unconfined' : e.value;
    else if (e.key === 'lxc.cap.drop') {
      if (e.value === '') lxcDrops.cleared = true;
      else {
        const names = e.value.split(/\s+/).map(capabilityName);
        const unknown = names.filter((n) => !CAPABILITY_NAMES.includes(n));
        spec.capDrop = [...(spec.capDrop ?? []), ...names.filter((n) => CAPABILITY_NAMES.includes(n))];
        if (unknown.length) skipped.push({ field: `lxc.cap.drop: ${unknown.join(' ')}`, why: 'not capability names of the kernel; LXC would refuse to start the container' });
      }
    } else if (e.key === 'lxc.mount.entry') {
      const m = mountEntry(e, mounts++);
      if ('field' in m) skipped.push(m);
      else spec.mounts = [...(spec.mounts ?? []), m];
    } else if (/^lxc\.cgroup2?\.devices\.allow$/.test(e.key)) {
      skipped.push({ field: `${e.key}: ${e.value}`, why: 'a device cgroup rule: the container may open those device nodes; list the nodes in devices to have them checked' });
    } else skipped.push({ field: `${e.key}: ${e.value}`, why: 'a raw LXC setting vmx import does not read' });
  }
}

function features(e: PveEntry | undefined, spec: ContainerSpec, skipped: NotImported[]): void {
  if (!e) return;
  for (const [flag, value] of propertyString(e.value)) {
    if (value === '0') continue;
    if (flag === 'fuse') spec.devices = [...(spec.devices ?? []), '/dev/fuse'];
    else skipped.push({ field: `features: ${flag}=${value}`, why: FEATURE_WHY[flag] ?? 'a Proxmox container feature vmx import does not read' });
  }
}

function devices(entries: PveEntry[], v: Map<string, PveEntry>): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (!/^dev\d+$/.test(e.key) || v.get(e.key) !== e) continue;
    const path = propertyString(e.value, 'path').get('path');
    if (path) out.push(path);
  }
  return out;
}

function cpuLimits(v: Map<string, PveEntry>, name: string, spec: ContainerSpec, comments: string[]): void {
  const cores = v.get('cores');
  const limit = v.get('cpulimit');
  const coreCount = cores ? Number(cores.value) : undefined;
  if (cores && (!/^\d+$/.test(cores.value) || coreCount === 0)) throw new ImportError(`${name}:${cores.line}: cores: '${cores.value.slice(0, 40)}' is not a CPU count`);
  const cpulimit = limit ? Number(limit.value) : 0;
  if (limit && !/^\d+(\.\d+)?$/.test(limit.value)) throw new ImportError(`${name}:${limit.line}: cpulimit: '${limit.value.slice(0, 40)}' is not a CPU count`);
  const caps = [coreCount, cpulimit > 0 ? cpulimit : undefined].filter((c): c is number => c !== undefined);
  if (caps.length === 0) return;
  spec.cgroup = { ...spec.cgroup, cpuMax: Math.min(...caps) };
  if (coreCount !== undefined) comments.push(`cores: ${coreCount}: Proxmox gives the container ${coreCount} CPUs of its choosing (a cpuset), so it never runs on more: cpu.max = ${Math.min(...caps)}${cpulimit > 0 ? ` with cpulimit ${cpulimit}` : ''}`);
  else comments.push(`cpulimit: ${cpulimit}: Proxmox writes it to the container’s cpu.max`);
}

function skippedKeys(entries: PveEntry[], v: Map<string, PveEntry>): NotImported[] {
  const out: NotImported[] = [];
  for (const e of entries) {
    if (e.key.startsWith('lxc.') || v.get(e.key) !== e || MAPPED.has(e.key) || MAPPED_INDEXED.test(e.key)) continue;
    out.push({ field: `${e.key}: ${e.value.length > 60 ? `${e.value.slice(0, 60)}…` : e.value}`, why: isLxcKey(e.key) ? unmappedWhy(e.key) : 'not an option of pct.conf(5); left as it is' });
  }
  return out;
}

/**
 * LXC keeps every capability but the ones dropped (Proxmox's five, unless an
 * empty `lxc.cap.drop:` clears them, and the config's own drops). A
 * privileged container holds them in the host's user namespace, so the ones
 * beyond the runtime default set a topology starts from are written as
 * `capabilities` (SYS_ADMIN among them: VMX215). An unprivileged container
 * holds them only inside its own user namespace: not written, said in a comment.
 */
function heldCapabilities(spec: ContainerSpec, unprivileged: boolean, lxcDrops: LxcDrops, comments: string[]): void {
  const dropped = new Set([...(lxcDrops.cleared ? [] : PVE_DEFAULT_DROPS), ...(spec.capDrop ?? [])]);
  const beyond = KERNEL_CAPABILITIES.filter((c) => !RUNTIME_DEFAULT_CAPABILITIES.includes(c) && !dropped.has(c));
  const drops = lxcDrops.cleared ? 'an empty lxc.cap.drop: clears Proxmox’s drops' : 'Proxmox drops mac_admin, mac_override, sys_time, sys_module, sys_rawio';
  if (unprivileged) {
    comments.push(`LXC keeps every capability it does not drop (${drops}); in a private user namespace they hold only there, so none is listed`);
    return;
  }
  spec.capAdd = beyond;
  comments.push(`capabilities: what LXC keeps beyond the runtime default set (${drops}), held in the host’s user namespace`);
}

export function lxcBlocks(config: PveConfig, label: number | string, name: string): ImportOutput {
  const v = lastValues(config.entries);
  const skipped: NotImported[] = [];
  const comments: string[] = [];
  const unprivileged = v.get('unprivileged')?.value === '1';
  comments.push(
    unprivileged
      ? 'unprivileged: 1: root inside is mapped to an unprivileged host UID (100000 by default) by a private user namespace'
      : 'a privileged container (unprivileged is 0 or absent): root inside is root of the host, in the host’s user namespace',
  );
  const volumes = mountPoints(config.entries, v, name);
  const spec: ContainerSpec = {
    name: String(label),
    user: 'root',
    namespaces: { user: unprivileged ? 'private' : 'host' },
    mounts: volumes.mounts,
    notImported: skipped,
  };
  cpuLimits(v, name, spec, comments);
  const cgroupWeight = pveWeight(v.get('cpuunits'), name, (spec.cgroup ??= {}));
  if (cgroupWeight) spec.cgroup.cpuWeight = cgroupWeight.value;
  spec.cgroup.memoryMax = mib(v.get('memory'), name, 512, 16) * MIB;
  spec.cgroup.memorySwapMax = mib(v.get('swap'), name, 512, 0) * MIB;
  if (!v.has('memory') || !v.has('swap')) comments.push('memory and swap default to 512 MiB each in pct.conf(5)');
  const devs = devices(config.entries, v);
  if (devs.length) spec.devices = devs;
  features(v.get('features'), spec, skipped);
  const lxcDrops: LxcDrops = { cleared: false };
  rawLxc(config.entries, spec, skipped, lxcDrops);
  heldCapabilities(spec, unprivileged, lxcDrops, comments);
  spec.labels = pveLabels(v, config.description, 'hostname', ['ostype', 'arch', 'rootfs']);
  skipped.push(...skippedKeys(config.entries, v), ...sectionsSkipped(config));
  spec.comments = comments;
  const b = containerBlock(spec);
  b.label = label;
  return { blocks: [...volumes.volumes, b], notImported: [] };
}
