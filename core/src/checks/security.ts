/**
 * Container hardening, on par with the Pod Security Standards, the CIS
 * Docker Benchmark and kube-linter (DESIGN §4, issue 11): confinement
 * switched off (VMX217), rshared mount propagation (VMX218), host devices
 * (VMX219), host-path bind mounts (VMX220), capabilities outside the PSS
 * Baseline set (VMX221), NET_RAW kept (VMX222), privilege escalation
 * allowed (VMX223), a writable root filesystem (VMX224), unpinned images
 * (VMX225).
 *
 * Quieter: a privileged container (VMX207) already implies root, every
 * capability, every device, no seccomp/AppArmor and escalation; those
 * findings are not reported again but folded into the VMX207 as related
 * information (`foldedIntoPrivileged`). Windows containers
 * (`platform = windows`) have no Linux isolation features: none of these
 * rules but VMX225 applies to them.
 */
import { effectiveCapabilities, EffectiveCapabilities, PSS_BASELINE_CAPABILITIES } from '../isolation/capabilities';
import { isolationModel } from '../isolation';
import { Container, Mount, ResolvedBlock } from '../model/types';
import { ValueNode } from '../syntax/ast';
import type { CheckContext } from './index';
import { fix, fixes, replaceValue, setAttribute } from './fixes';
import { at, attrPlace, header, Place } from './where';
import { isSensitivePath, normalisePath } from './mounts';

/** The §4 list of VMX215, as the CIS Docker Benchmark 5.3 and kube-linter treat them. */
export const VMX215_CAPABILITIES: ReadonlySet<string> = new Set(['SYS_ADMIN', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PTRACE', 'SYS_BOOT', 'NET_ADMIN', 'NET_RAW', 'DAC_READ_SEARCH', 'BPF', 'ALL']);

/** Device nodes a container may be given without a finding (§4 VMX219). */
export const HARMLESS_DEVICES: ReadonlySet<string> = new Set(['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty', '/dev/fuse', '/dev/net/tun']);

/** Raw memory and I/O ports: VMX219 is an error for them. */
const MEMORY_DEVICES: ReadonlySet<string> = new Set(['/dev/mem', '/dev/kmem', '/dev/port']);

/**
 * Block devices, by the kernel's names (a topology carries no device
 * types): SCSI/SATA, IDE, virtio, Xen, NVMe namespaces, MMC, loop,
 * device-mapper, MD RAID, NBD, RBD, optical, and the by-id/by-uuid links.
 */
const BLOCK_DEVICE = /^\/dev\/(?:sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(?:p\d+)?|mmcblk\d+(?:p\d+)?|loop\d+|dm-\d+|md\d+|nbd\d+|rbd\d+|sr\d+|mapper\/.+|disk\/.+)$/;

export type DeviceRisk = 'harmless' | 'device' | 'block' | 'memory';

export function deviceRisk(path: string): DeviceRisk {
  const p = normalisePath(path);
  if (HARMLESS_DEVICES.has(p)) return 'harmless';
  if (MEMORY_DEVICES.has(p)) return 'memory';
  if (BLOCK_DEVICE.test(p)) return 'block';
  return 'device';
}

/** A device node: below /dev (the directory itself is VMX210's). */
export function isDeviceNode(path: string): boolean {
  return normalisePath(path).startsWith('/dev/');
}

/** Written, but its value did not validate (already VMX103/VMX104): unknown, so no conclusion is drawn from it. */
function unknown(block: ResolvedBlock, ...keys: string[]): boolean {
  for (const k of keys) {
    const a = block.attributes.get(k);
    if (a && a.value === undefined) return true;
  }
  return false;
}

export function checkSecurity(ctx: CheckContext): void {
  for (const c of ctx.model.containers) {
    image(ctx, c);
    if (c.platform === 'windows' || unknown(c.block, 'platform')) continue;
    for (const m of c.mounts) mount(ctx, c, m);
    if (c.privileged || unknown(c.block, 'privileged')) continue; // folded into VMX207
    confinement(ctx, c);
    devices(ctx, c);
    if (!unknown(c.block, 'capabilities', 'cap_drop')) {
      const caps = effectiveCapabilities({ privileged: false, add: c.capabilities, drop: c.capDrop });
      capabilities(ctx, c, caps);
      netRaw(ctx, c, caps);
    }
    if (!unknown(c.block, 'no_new_privileges')) escalation(ctx, c);
    if (!unknown(c.block, 'read_only_rootfs')) rootfs(ctx, c);
  }
}

/** What VMX207 stands for as well, each with where it was written: reported as the VMX207's related information. */
export function foldedIntoPrivileged(c: Container, runAsRootOf: string | undefined): { place: Place; message: string }[] {
  const out: { place: Place; message: string }[] = [];
  const b = c.block;
  if (runAsRootOf) out.push({ place: at(b, 'user'), message: `includes VMX209: runs as root of ${runAsRootOf} without a private user namespace` });
  for (const { item, cap } of capabilityItems(c, 'capabilities')) {
    if (c.capDrop.includes(cap) && cap !== 'ALL') continue;
    const code = VMX215_CAPABILITIES.has(cap) ? 'VMX215' : PSS_BASELINE_CAPABILITIES.includes(cap) ? undefined : 'VMX221';
    if (code) out.push({ place: { file: b.file, span: item }, message: `includes ${code}: adds ${cap} (a privileged container holds every capability)` });
  }
  for (const { item, path } of deviceItems(c)) if (deviceRisk(path) !== 'harmless') out.push({ place: { file: b.file, span: item }, message: `includes VMX219: device ${path} (a privileged container has every device)` });
  for (const m of c.mounts) {
    const path = m.type === 'bind' && m.source?.kind === 'path' ? m.source.path : undefined;
    if (path && isDeviceNode(path) && deviceRisk(path) !== 'harmless') out.push({ place: at(m.block, 'source'), message: `includes VMX219: device ${normalisePath(path)} bind-mounted (a privileged container has every device)` });
  }
  if (c.seccomp === 'unconfined') out.push({ place: at(b, 'seccomp'), message: 'includes VMX217: seccomp = unconfined (a privileged container has no seccomp filter)' });
  if (c.apparmor === 'unconfined') out.push({ place: at(b, 'apparmor'), message: 'includes VMX217: apparmor = unconfined (a privileged container has no AppArmor profile)' });
  if (c.selinux === 'spc_t') out.push({ place: at(b, 'selinux'), message: 'includes VMX217: selinux = "spc_t"' });
  const unprivileged = effectiveCapabilities({ privileged: false, add: c.capabilities, drop: c.capDrop });
  if (unprivileged.set.has('NET_RAW') && !c.capabilities.includes('NET_RAW') && !c.capabilities.includes('ALL')) out.push({ place: at(b, 'cap_drop'), message: 'includes VMX222: NET_RAW kept (a privileged container holds every capability)' });
  if (!c.noNewPrivileges) out.push({ place: at(b, 'no_new_privileges'), message: 'includes VMX223: privilege escalation allowed' });
  if (!c.readOnlyRootfs) out.push({ place: at(b, 'read_only_rootfs'), message: 'includes VMX224: writable root filesystem' });
  return out;
}

function listItems(c: Container, key: string): ValueNode[] {
  const value = c.block.attributes.get(key)?.node.value;
  if (!value) return [];
  return value.type === 'list' ? value.items : [value];
}

function capabilityItems(c: Container, key: string): { item: ValueNode; cap: string }[] {
  const out: { item: ValueNode; cap: string }[] = [];
  for (const item of listItems(c, key)) {
    const raw = item.type === 'ident' ? item.name : item.type === 'string' ? item.value : undefined;
    if (raw !== undefined) out.push({ item, cap: raw.toUpperCase().replace(/^CAP_/, '') });
  }
  return out;
}

/**
 * The host side of a `devices` entry. Docker writes `/dev/sda:/dev/xvda:rwm`
 * (host:container:permissions), but a path may hold a colon itself
 * (`/dev/char/10:232`, as discovery names a device by its numbers): a colon
 * separates only when what follows is a container path or a permission set.
 */
export function hostDevicePath(entry: string): string {
  for (let i = entry.indexOf(':'); i > 0; i = entry.indexOf(':', i + 1)) {
    const rest = entry.slice(i + 1);
    if (rest.startsWith('/') || /^[rwm]{1,3}$/.test(rest)) return entry.slice(0, i);
  }
  return entry;
}

function deviceItems(c: Container): { item: ValueNode; path: string }[] {
  const out: { item: ValueNode; path: string }[] = [];
  for (const item of listItems(c, 'devices')) {
    const raw = item.type === 'ident' ? item.name : item.type === 'string' ? item.value : undefined;
    if (raw !== undefined) out.push({ item, path: hostDevicePath(raw) });
  }
  return out;
}

/** VMX217 */
function confinement(ctx: CheckContext, c: Container): void {
  const kernel = isolationModel(ctx.model).container(c).rootOf;
  for (const key of ['seccomp', 'apparmor'] as const) {
    if (c[key] !== 'unconfined') continue;
    const place = at(c.block, key);
    const what = key === 'seccomp' ? `every system call of ${kernel} is reachable from it, the ones the runtime's profile blocks (keyctl, bpf, userfaultfd, …) included` : `no AppArmor profile limits what its processes may touch on ${kernel}`;
    const node = c.block.attributes.get(key)?.node;
    ctx.reporter.report('VMX217', place.file, place.span, `container ${c.name} runs with ${key} = unconfined: ${what}. Use runtime-default, or a profile of its own`, {
      fixes: node ? fixes(fix(`Set ${key} = runtime-default`, [replaceValue(c.block.file, node, 'runtime-default')], true)) : [],
    });
  }
  if (c.selinux === 'spc_t') {
    const place = at(c.block, 'selinux');
    ctx.reporter.report('VMX217', place.file, place.span, `container ${c.name} runs as SELinux type spc_t, the super-privileged container type: SELinux does not confine it on ${kernel}. Use container_t (the default)`);
  }
}

/** VMX219 for `devices`; bind mounts of device nodes are in mount(). */
function devices(ctx: CheckContext, c: Container): void {
  const kernel = isolationModel(ctx.model).container(c).rootOf;
  for (const { item, path } of deviceItems(c)) {
    reportDevice(ctx, c, { file: c.block.file, span: item }, normalisePath(path), kernel, 'is given device');
  }
}

function reportDevice(ctx: CheckContext, c: Container, place: Place, path: string, kernel: string, how: string): void {
  const risk = deviceRisk(path);
  if (risk === 'harmless') return;
  const why =
    risk === 'memory'
      ? `raw access to the memory or I/O ports of ${kernel}'s machine: it can read and patch the kernel`
      : risk === 'block'
        ? `a block device of ${kernel}: it can read and write the filesystem under every mount, bypassing permissions`
        : `the device's driver in ${kernel} is reachable from it (ioctls straight into ring 0)`;
  ctx.reporter.report('VMX219', place.file, place.span, `container ${c.name} ${how} ${path}: ${why}. Pass in only the devices it needs`, {
    severity: risk === 'device' ? undefined : 'error',
  });
}

/** VMX221: added capabilities outside the PSS Baseline set that VMX215 does not already report. */
function capabilities(ctx: CheckContext, c: Container, caps: EffectiveCapabilities): void {
  if (c.capabilities.includes('ALL')) return; // VMX215 on ALL says it all
  const kernel = isolationModel(ctx.model).container(c).rootOf;
  for (const { item, cap } of capabilityItems(c, 'capabilities')) {
    if (VMX215_CAPABILITIES.has(cap) || PSS_BASELINE_CAPABILITIES.includes(cap) || !caps.set.has(cap)) continue;
    ctx.reporter.report('VMX221', c.block.file, item, `container ${c.name} adds capability ${cap}, outside the Pod Security Standards Baseline set: a privilege of ${kernel} the runtime does not grant by default. Drop it unless the container cannot work without it`);
  }
}

/** VMX222: NET_RAW held from the runtime default (added explicitly, it is VMX215). */
function netRaw(ctx: CheckContext, c: Container, caps: EffectiveCapabilities): void {
  if (!caps.set.has('NET_RAW') || c.capabilities.includes('NET_RAW') || c.capabilities.includes('ALL')) return;
  const place = at(c.block, 'cap_drop');
  const written = c.block.attributes.get('cap_drop')?.node;
  const items = written?.value ? (written.value.type === 'list' ? written.value.items : [written.value]) : [];
  const file = c.block.file;
  const kept = written?.value ? `[${[...items.map((i) => file.text.slice(i.start, i.end)), 'NET_RAW'].join(', ')}]` : '[NET_RAW]';
  ctx.reporter.report('VMX222', place.file, place.span, `container ${c.name} keeps NET_RAW from the runtime's default set: raw sockets let it forge packets and sniff its network (ARP and DNS spoofing). Drop it (cap_drop = [NET_RAW], or [ALL])`, {
    fixes: fixes(
      fix(`Drop NET_RAW (cap_drop = ${kept})`, [setAttribute(c.block, 'cap_drop', kept)], true),
      c.capDrop.includes('ALL') ? undefined : fix('Drop every capability (cap_drop = [ALL]; add back only what it needs)', [setAttribute(c.block, 'cap_drop', '[ALL]')]),
    ),
  });
}

/** VMX223 */
function escalation(ctx: CheckContext, c: Container): void {
  if (c.noNewPrivileges) return;
  const place = at(c.block, 'no_new_privileges');
  ctx.reporter.report('VMX223', place.file, place.span, `container ${c.name} allows privilege escalation (no_new_privileges = false): a setuid binary or a file capability in it can raise a process's privileges`, {
    fixes: fixes(fix('Set no_new_privileges = true', [setAttribute(c.block, 'no_new_privileges', 'true')], true)),
  });
}

/** VMX224 */
function rootfs(ctx: CheckContext, c: Container): void {
  if (c.readOnlyRootfs) return;
  const place = at(c.block, 'read_only_rootfs');
  ctx.reporter.report('VMX224', place.file, place.span, `container ${c.name} has a writable root filesystem: whatever gets in can change its binaries and hide there. Mount it read-only and write to volumes or tmpfs`, {
    fixes: fixes(fix('Set read_only_rootfs = true', [setAttribute(c.block, 'read_only_rootfs', 'true')], true)),
  });
}

/** VMX225 */
function image(ctx: CheckContext, c: Container): void {
  if (c.image === undefined) return;
  const ref = c.image;
  if (ref.includes('@')) return; // pinned by digest
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const tag = colon > lastSlash ? ref.slice(colon + 1) : undefined;
  if (tag !== undefined && tag !== 'latest') return;
  const place = at(c.block, 'image');
  ctx.reporter.report('VMX225', place.file, place.span, `container ${c.name} runs image "${ref}" ${tag === undefined ? 'without a tag (so :latest)' : 'tagged latest'}: what runs changes whenever the image is pushed, and cannot be reproduced or reviewed. Pin a version tag or a digest`);
}

/** VMX218, VMX219 for device bind mounts, VMX220. */
function mount(ctx: CheckContext, c: Container, m: Mount): void {
  if (m.type !== 'tmpfs' && (m.propagation === 'rshared' || m.propagation === 'shared')) {
    const place = at(m.block, 'propagation');
    const node = m.block.attributes.get('propagation')?.node;
    ctx.reporter.report('VMX218', place.file, place.span, `mount ${m.name} of container ${c.name} has propagation = ${m.propagation}: mounts made inside the container appear in ${isolationModel(ctx.model).container(c).processes.kernelName}'s mount table, and the host's in the container`, {
      fixes: node ? fixes(fix('Set propagation = private', [replaceValue(m.block.file, node, 'private')], true)) : [],
    });
  }
  if (m.type !== 'bind' || m.source?.kind !== 'path' || unknown(m.block, 'type')) return;
  const path = normalisePath(m.source.path);
  if (isDeviceNode(path)) {
    if (!c.privileged) reportDevice(ctx, c, at(m.block, 'source'), path, isolationModel(ctx.model).container(c).rootOf, `bind-mounts (mount ${m.name}) device`);
    return;
  }
  if (isSensitivePath(path)) return; // VMX210 says more
  const place = attrPlace(m.block, 'source') ?? header(m.block);
  ctx.reporter.report('VMX220', place.file, place.span, `mount ${m.name} bind-mounts ${path} of ${isolationModel(ctx.model).container(c).processes.kernelName} into container ${c.name}: the Pod Security Standards Baseline forbids host paths. Prefer a named volume`);
}
