/**
 * A container's first process, as /proc shows it: its namespaces against
 * PID 1's (the same inode is the host's namespace), its user (the
 * effective uid of /proc/PID/status), its effective capabilities (CapEff)
 * against the runtime's default set, NoNewPrivs, Seccomp, and its bind
 * mounts from /proc/PID/mountinfo.
 */
import { ContainerSpec, NamespaceName } from '../import/container';
import { KERNEL_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES } from '../isolation/capabilities';
import { joinPath, SystemReader } from '../host/system';
import { Notes, readText } from './notes';
import { HostMounts, mountsOf } from './mounts';

export const NAMESPACES: NamespaceName[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup', 'time'];

/** `net:[4026531992]` → `4026531992`. */
function nsInode(link: string): string | undefined {
  return /^[a-z_]+:\[(\d+)\]$/.exec(link.trim())?.[1];
}

/** Unreadable namespace links of one process, one note per reason: `/proc/1/ns/{mnt,pid,net} — permission denied`. */
function namespaceNotes(notes: Notes, here: string[], pid: number, failed: [NamespaceName, string][]): void {
  const byReason = new Map<string, NamespaceName[]>();
  for (const [ns, reason] of failed) byReason.set(reason, [...(byReason.get(reason) ?? []), ns]);
  for (const [reason, names] of byReason) notes.unreadable(here, names.length === 1 ? `/proc/${pid}/ns/${names[0]}` : `/proc/${pid}/ns/{${names.join(',')}}`, reason);
}

/** PID 1's namespace inodes: the host's. */
export function hostNamespaces(reader: SystemReader, notes: Notes, here: string[]): Map<NamespaceName, string> {
  const out = new Map<NamespaceName, string>();
  const failed: [NamespaceName, string][] = [];
  for (const ns of NAMESPACES) {
    const r = reader.readLink(joinPath('/proc/1/ns', ns));
    if (r.ok && nsInode(r.text)) out.set(ns, nsInode(r.text)!);
    else if (!r.ok && r.reason !== 'no such file') failed.push([ns, r.reason]);
  }
  namespaceNotes(notes, here, 1, failed);
  return out;
}

/** `ffffffffff` → capability names by bit number (bits the kernel list does not name are ignored). */
export function capabilitiesOf(hex: string): string[] {
  let bits = BigInt(`0x${hex}`);
  const out: string[] = [];
  for (let i = 0; bits > 0n; i++, bits >>= 1n) if (bits & 1n && i < KERNEL_CAPABILITIES.length) out.push(KERNEL_CAPABILITIES[i]);
  return out;
}

function statusField(status: string, key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(status)?.[1].trim();
}

export interface ProcessFacts {
  spec: Partial<ContainerSpec>;
  /** Every capability is effective: privileged, or ALL added (said in a comment). */
  allCapabilities: boolean;
  /** Namespace inodes, to find containers that join each other's. */
  inodes: Map<NamespaceName, string>;
  notes: string[];
  comments: string[];
}

/** Capabilities against the runtime default: what was added, what was dropped. */
function capabilitySettings(eff: string[], facts: ProcessFacts): void {
  const have = new Set(eff);
  if (KERNEL_CAPABILITIES.every((c) => have.has(c))) {
    facts.allCapabilities = true;
    facts.spec.capAdd = ['ALL'];
    return;
  }
  const added = eff.filter((c) => !RUNTIME_DEFAULT_CAPABILITIES.includes(c)).sort();
  const kept = RUNTIME_DEFAULT_CAPABILITIES.filter((c) => have.has(c));
  const dropped = RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !have.has(c));
  if (added.length) facts.spec.capAdd = added;
  // Nothing of the default set kept: the runtime was told to drop ALL (and add back what was added).
  if (kept.length === 0) facts.spec.capDrop = ['ALL'];
  else if (dropped.length) facts.spec.capDrop = [...dropped].sort();
}

function statusSettings(status: string, pid: number, facts: ProcessFacts, notes: Notes): void {
  const uid = statusField(status, 'Uid')?.split(/\s+/)[1];
  if (uid !== undefined && /^\d+$/.test(uid)) facts.spec.user = uid === '0' ? 'root' : Number(uid);
  const capEff = statusField(status, 'CapEff');
  if (capEff !== undefined && /^[0-9a-fA-F]{1,32}$/.test(capEff)) capabilitySettings(capabilitiesOf(capEff), facts);
  else notes.add(facts.notes, `/proc/${pid}/status: no CapEff line; capabilities unknown`);
  if (statusField(status, 'NoNewPrivs') === '1') facts.spec.noNewPrivileges = true;
  const seccomp = statusField(status, 'Seccomp');
  if (seccomp === '0') facts.spec.seccomp = 'unconfined';
  else if (seccomp === '1') facts.comments.push('seccomp strict mode (Seccomp: 1)');
}

/**
 * The process's LSM label (/proc/PID/attr/apparmor/current, else
 * attr/current): AppArmor's `PROFILE (MODE)` or `unconfined`, SELinux's
 * `user:role:TYPE:level`. The runtimes' own profiles (docker-default,
 * cri-containerd.apparmor.d, containers-default-…) are the default; the
 * SELinux type is written unless it is container_t, the runtimes' default.
 * No LSM (the file says EINVAL, or is missing): nothing.
 */
function lsmSettings(reader: SystemReader, pid: number, facts: ProcessFacts): void {
  const r = reader.readFile(`/proc/${pid}/attr/apparmor/current`);
  const text = (r.ok ? r.text : (() => {
    const c = reader.readFile(`/proc/${pid}/attr/current`);
    return c.ok ? c.text : '';
  })()).replace(/\0/g, '').trim();
  if (text === '') return;
  const selinux = /^[^:\s]+:[^:\s]+:([^:\s]+)(?::.*)?$/.exec(text);
  if (selinux) {
    if (selinux[1] !== 'container_t') facts.spec.selinux = selinux[1];
    return;
  }
  if (text === 'unconfined') facts.spec.apparmor = 'unconfined';
  else {
    const profile = /^(.+?)(?: \((enforce|complain|kill|unconfined)\))?$/.exec(text)![1];
    if (!/^(docker-default|cri-containerd\.apparmor\.d|containers-default-.*|crio-default.*)$/.test(profile)) facts.spec.apparmor = profile;
  }
}

export function readProcess(reader: SystemReader, notes: Notes, pid: number, host: Map<NamespaceName, string>, hostMounts: HostMounts | undefined): ProcessFacts {
  const facts: ProcessFacts = { spec: {}, allCapabilities: false, inodes: new Map(), notes: [], comments: [] };
  const status = readText(reader, notes, facts.notes, `/proc/${pid}/status`);
  if (status !== undefined) statusSettings(status, pid, facts, notes);
  lsmSettings(reader, pid, facts);
  const namespaces: ContainerSpec['namespaces'] = {};
  const failed: [NamespaceName, string][] = [];
  for (const ns of NAMESPACES) {
    const r = reader.readLink(`/proc/${pid}/ns/${ns}`);
    if (!r.ok) {
      if (r.reason !== 'no such file' || host.has(ns)) failed.push([ns, r.reason]);
      continue;
    }
    const inode = nsInode(r.text);
    if (!inode) continue;
    facts.inodes.set(ns, inode);
    const hostInode = host.get(ns);
    if (hostInode === undefined) continue;
    // Only what differs from the language's default is written: host for all but user, private for user.
    if (ns === 'user') {
      if (inode !== hostInode) namespaces.user = 'private';
    } else if (inode === hostInode) namespaces[ns] = 'host';
  }
  namespaceNotes(notes, facts.notes, pid, failed);
  if (Object.keys(namespaces).length) facts.spec.namespaces = namespaces;
  // In the host's mount namespace every mount is the host's own: there is nothing bound in.
  const hostMnt = host.get('mnt') !== undefined && facts.inodes.get('mnt') === host.get('mnt');
  const mountinfo = hostMnt ? undefined : readText(reader, notes, facts.notes, `/proc/${pid}/mountinfo`);
  if (mountinfo !== undefined) {
    const { mounts, omitted } = mountsOf(mountinfo, hostMounts);
    if (mounts.length) facts.spec.mounts = mounts;
    if (omitted) facts.notes.push(`${omitted} runtime-managed mount${omitted === 1 ? '' : 's'} not shown (hosts, hostname, resolv.conf, kubelet and runtime volumes)`);
  }
  return facts;
}

/** The process's command line, NUL-separated arguments. */
export function readCmdline(reader: SystemReader, pid: number): string[] | undefined {
  const r = reader.readFile(`/proc/${pid}/cmdline`);
  if (!r.ok) return undefined;
  return r.text.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}
