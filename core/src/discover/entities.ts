/**
 * The cgroup tree as topology entities: slices (and any parent cgroup that
 * limits something or holds an entity) become `group`s nested as in the
 * tree, kubelet's pod cgroups `pod`s, the runtimes' container cgroups
 * `container`s (filled from their first process), libvirt's VM scopes are
 * handed to the VM mapping. Services and sessions without limits are left
 * out: they are not entities of a topology.
 */
import { CgroupSpec, containerBlock, ContainerSpec, cgroupBlock, labelsBlock, NamespaceName } from '../import/container';
import { attr, block, TreeBlock, word } from '../import/tree';
import { SystemReader } from '../host/system';
import { CgroupNode, CgroupTree } from './cgroups';
import { classifyCgroup, shortId } from './classify';
import { Notes } from './notes';
import { HostMounts } from './mounts';
import { ProcessFacts, readCmdline, readProcess } from './process';

export interface EntityContext {
  reader: SystemReader;
  notes: Notes;
  cgroups: CgroupTree;
  hostNamespaces: Map<NamespaceName, string>;
  hostMounts: HostMounts | undefined;
  /** libvirt VM scopes by cgroup path, for the VM mapping. */
  vmCgroups: Map<string, { name: string; node: CgroupNode }>;
}

/** A container is written after all are read: joined namespaces name another container. */
interface PendingContainer {
  spec: ContainerSpec;
  facts?: ProcessFacts;
  inPod: boolean;
  /** The block in its place in the tree, filled by containerBlock at the end. */
  target: TreeBlock;
  /** Unreadable parts, written inside the block after its attributes. */
  inner: string[];
}

function hasSettings(s: CgroupSpec): boolean {
  return Object.keys(s).length > 0;
}

/** A pod's or container's process is the pause (sandbox) container: the pod's namespaces, not a workload. */
function isPause(argv: string[] | undefined): boolean {
  const exe = argv?.[0]?.split('/').pop();
  return exe === 'pause';
}

export function entityBlocks(ctx: EntityContext): TreeBlock[] {
  const pending: PendingContainer[] = [];
  const blocks = childrenOf(ctx, ctx.cgroups.root, false, pending);
  uniqueNames(pending);
  settleJoins(pending);
  for (const p of pending) {
    Object.assign(p.target, containerBlock(p.spec));
    if (p.inner.length) p.target.innerComments = p.inner;
  }
  return blocks;
}

function childrenOf(ctx: EntityContext, node: CgroupNode, inPod: boolean, pending: PendingContainer[], podComments?: string[]): TreeBlock[] {
  const out: TreeBlock[] = [];
  for (const child of node.children) {
    const role = classifyCgroup(child.name, node.name, inPod);
    if (role.role === 'container') {
      const b = containerFor(ctx, child, role.engine, role.id, role.name, inPod, pending);
      if (b) out.push(b);
      else podComments?.push(`sandbox (pause) container ${shortId(role.id)} not shown: it holds the pod's namespaces`);
    } else if (role.role === 'vm') {
      ctx.vmCgroups.set(child.path, { name: role.name, node: child });
    } else if (role.role === 'pod' && !inPod) {
      out.push(podFor(ctx, child, role.uid, node.name, role.qos, pending));
    } else if (!inPod) {
      const sub = childrenOf(ctx, child, false, pending);
      if (role.role === 'slice' || sub.length || hasSettings(child.settings)) out.push(groupFor(child, sub));
    }
  }
  return out;
}

function labelled(node: CgroupNode, labels: Record<string, string>): TreeBlock[] {
  return labelsBlock({ ...labels, cgroup: node.path });
}

function groupFor(node: CgroupNode, children: TreeBlock[]): TreeBlock {
  const b = block('group', node.name, [], [...labelled(node, {}), ...cgroupBlock(node.settings), ...children]);
  if (node.notes.length) b.innerComments = [...node.notes];
  return b;
}

function podFor(ctx: EntityContext, node: CgroupNode, uid: string, parentName: string, qos: 'burstable' | 'besteffort' | undefined, pending: PendingContainer[]): TreeBlock {
  const comments: string[] = [];
  const containers = childrenOf(ctx, node, true, pending, comments);
  // kubelet puts guaranteed pods directly under kubepods(.slice), the others under their QoS class's cgroup (kubepods-burstable.slice, or burstable/ with the cgroupfs driver).
  const qosClass = qos ?? (/^kubepods(\.slice)?$/.test(parentName) ? 'guaranteed' : parentName === 'burstable' || parentName === 'besteffort' ? parentName : undefined);
  const b = block('pod', uid, qosClass ? [attr('qos', word(qosClass))] : [], [...labelled(node, { uid }), ...cgroupBlock(node.settings), ...containers]);
  const inner = [...node.notes, ...comments];
  if (inner.length) b.innerComments = inner;
  return b;
}

function containerFor(ctx: EntityContext, node: CgroupNode, engine: string, id: string, name: string, inPod: boolean, pending: PendingContainer[]): TreeBlock | undefined {
  const spec: ContainerSpec = { name, labels: { engine, id, cgroup: node.path }, cgroup: node.settings };
  const inner = [...node.notes];
  const pid = node.pids[0];
  let facts: ProcessFacts | undefined;
  if (pid === undefined) inner.push('no process in this cgroup: namespaces, user, capabilities and mounts unknown');
  else {
    if (inPod && isPause(readCmdline(ctx.reader, pid))) return undefined;
    facts = readProcess(ctx.reader, ctx.notes, pid, ctx.hostNamespaces, ctx.hostMounts);
    Object.assign(spec, facts.spec);
    inner.push(...facts.notes);
    const comments = [...facts.comments];
    if (facts.allCapabilities) {
      if (node.allDevices) {
        spec.privileged = true;
        delete spec.capAdd;
        comments.push('privileged: every capability is effective and the device cgroup allows every device');
      } else {
        comments.push(`every capability is effective (CapEff of PID ${pid}): privileged, or ALL added; ${ctx.cgroups.version === 'v2' ? 'cgroup v2 device rules are a BPF program, not readable here, so the two cannot be told apart' : 'the device cgroup does not allow every device'}`);
      }
    }
    if (comments.length) spec.comments = comments;
  }
  if (!spec.privileged && node.extraDevices) {
    const { paths, unmapped } = devicePaths(ctx.reader, node.extraDevices);
    if (paths.length) spec.devices = paths;
    for (const rule of unmapped) inner.push(`device rule '${rule}' of devices.list: a whole class of devices, not one path`);
  }
  const target: TreeBlock = block('container', name);
  pending.push({ spec, facts, inPod, target, inner });
  return target;
}

/**
 * Device rules (`c 10:232 rwm`) as host paths: the node's name from
 * /sys/dev/{char,block}/MAJ:MIN/uevent (DEVNAME=kvm → /dev/kvm), else the
 * kernel's own /dev/char/MAJ:MIN link. A wildcard rule names no one device.
 */
export function devicePaths(reader: SystemReader, rules: string[]): { paths: string[]; unmapped: string[] } {
  const paths = new Set<string>();
  const unmapped: string[] = [];
  for (const rule of rules) {
    const m = /^([cb]) (\d+):(\d+) [rwm]+$/.exec(rule);
    if (!m) {
      unmapped.push(rule);
      continue;
    }
    const kind = m[1] === 'c' ? 'char' : 'block';
    const uevent = reader.readFile(`/sys/dev/${kind}/${m[2]}:${m[3]}/uevent`);
    const devname = uevent.ok ? /^DEVNAME=(.+)$/m.exec(uevent.text)?.[1] : undefined;
    paths.add(devname && !devname.includes('..') ? `/dev/${devname}` : `/dev/${kind}/${m[2]}:${m[3]}`);
  }
  return { paths: [...paths].sort(), unmapped };
}

/**
 * Two containers whose ids share their first 12 characters get longer
 * names, as docker lengthens a prefix until it is unique: the shortest
 * prefix that tells every one of them apart.
 */
function uniqueNames(pending: PendingContainer[]): void {
  const byName = new Map<string, PendingContainer[]>();
  for (const p of pending) byName.set(p.spec.name, [...(byName.get(p.spec.name) ?? []), p]);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const ids = same.map((p) => p.spec.labels?.id ?? p.spec.name);
    let n = same[0].spec.name.length + 1;
    while (n < Math.max(...ids.map((i) => i.length)) && new Set(ids.map((i) => i.slice(0, n))).size < ids.length) n++;
    same.forEach((p, i) => {
      p.spec.name = ids[i].slice(0, n);
      p.target.label = p.spec.name;
    });
  }
}

/**
 * Containers outside pods that share a namespace (other than the host's)
 * join the first of them by name: `net = container("…")`. In a pod the
 * sharing is the pod's and needs no saying.
 */
function settleJoins(pending: PendingContainer[]): void {
  const first = new Map<string, string>();
  const loose = pending.filter((p) => !p.inPod && p.facts).sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
  for (const p of loose) {
    for (const [ns, inode] of p.facts!.inodes) {
      if (ns === 'user' || p.spec.namespaces?.[ns] === 'host') continue;
      const key = `${ns}:${inode}`;
      const owner = first.get(key);
      if (owner === undefined) first.set(key, p.spec.name);
      else p.spec.namespaces = { ...p.spec.namespaces, [ns]: { container: owner } };
    }
  }
}
