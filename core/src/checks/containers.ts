/**
 * Container isolation: rings (VMX206), privileged containers (VMX207),
 * namespaces shared with the host (VMX208, joins followed transitively),
 * root without a user namespace (VMX209), dangerous capabilities (VMX215),
 * joined namespaces (VMX216). Where things run comes from the isolation model.
 * A privileged container's VMX209 and VMX215 (and security.ts's implied
 * findings) are folded into its VMX207 as related information; Windows
 * containers have none of these Linux features and get none of these findings.
 */
import { isolationModel } from '../isolation';
import { effectiveCapabilities } from '../isolation/capabilities';
import { kernelName } from '../model/references';
import { Container, isUnknown, NamespaceName } from '../model/types';
import type { CheckContext } from './index';
import { fix, fixes, replaceValue, setAttribute, setChildAttribute } from './fixes';
import { at, attrPlace, header, MAX_RELATED, related } from './where';
import { foldedIntoPrivileged } from './security';

/** Sharing these with the host is VMX208 (§4, with its extended meaning: mnt and cgroup too); user has VMX209, time none. */
const HOST_SHARED_CHECKED: NamespaceName[] = ['pid', 'net', 'ipc', 'uts', 'mnt', 'cgroup'];

const NAMESPACE_WHAT: Record<NamespaceName, string> = {
  mnt: "mount table: it sees the host's mounts, and its own mounts change the host's",
  pid: 'process IDs: it can see and signal every process of the kernel',
  net: "network: it can bind the host's ports and reach its loopback services",
  ipc: "IPC: it can attach to the host's shared memory and message queues",
  uts: 'host name: it can change the name of the host',
  user: 'user IDs',
  cgroup: "cgroup view: it sees the kernel's whole cgroup hierarchy, every other group's limits and processes",
  time: 'clocks',
};

/**
 * Capabilities that are root in all but name (§4), as kube-linter's
 * `drop-net-raw-capability`/`privilege-escalation-container` and the CIS
 * Docker Benchmark 5.3 treat them.
 */
export const DANGEROUS_CAPABILITIES: Record<string, string> = {
  SYS_ADMIN: 'the "new root": mount, namespaces and many ioctls — enough to escape most containers',
  SYS_MODULE: 'loads kernel modules: code in ring 0 of the shared kernel',
  SYS_RAWIO: "raw I/O ports and /dev/mem: the host's memory and devices",
  SYS_PTRACE: 'traces any process it can see (all of them with a shared pid namespace)',
  SYS_BOOT: 'reboots the machine and loads a new kernel (kexec)',
  NET_ADMIN: 'reconfigures interfaces, routes and firewall rules',
  NET_RAW: 'raw sockets: spoofing and sniffing on its network',
  DAC_READ_SEARCH: 'bypasses read permission checks; open_by_handle_at escapes bind mounts ("shocker")',
  BPF: 'loads BPF programs into the shared kernel',
  ALL: 'every capability: a privileged container in all but device access',
};

export function checkContainers(ctx: CheckContext): void {
  const iso = isolationModel(ctx.model);
  // Most containers are fine: look at the isolation model only when something is declared.
  for (const c of ctx.model.containers) {
    if (c.processes.length) processRings(ctx, c, iso);
    if (c.platform === 'windows') continue; // no namespaces, capabilities or Linux root: job objects only
    const rootWithoutUserNs = (c.user.isRoot || c.processes.some((p) => p.user?.isRoot)) && c.namespaces.user.mode !== 'private' && iso.namespace(c, 'user').kind === 'host';
    if (c.privileged) privileged(ctx, c, iso.container(c).rootOf, rootWithoutUserNs);
    if (c.namespacesBlock) namespaces(ctx, c, iso);
    if (c.privileged) continue; // VMX209 and VMX215 are folded into the VMX207
    if (rootWithoutUserNs) rootUser(ctx, c, true, iso);
    if (c.capabilities.length) capabilities(ctx, c);
  }
}

/** VMX206 */
function processRings(ctx: CheckContext, c: Container, iso: ReturnType<typeof isolationModel>): void {
  for (const p of c.processes) {
    if (p.ring >= 3) continue;
    const place = at(p.block, 'ring');
    const node = p.block.attributes.get('ring')?.node;
    ctx.reporter.report('VMX206', place.file, place.span, `process ${p.name} of container ${c.name} declares ring ${p.ring}, but a container's processes run in ring 3 of ${iso.entity(c).kernelName}: ring 0 belongs to that kernel, not to the container`, {
      fixes: node ? fixes(fix('Set ring = 3', [replaceValue(p.block.file, node, '3')], true)) : [],
    });
  }
}

/** VMX207: softened to information under Kata and gVisor, where the kernel it is root of is the sandbox's. */
function privileged(ctx: CheckContext, c: Container, rootOf: string, rootWithoutUserNs: boolean): void {
  if (!c.privileged) return;
  const place = at(c.block, 'privileged');
  const sandboxed = c.runtime === 'kata' || c.runtime === 'gvisor';
  const message = sandboxed
    ? `container ${c.name} is privileged, but under ${c.runtime === 'kata' ? 'Kata' : 'gVisor'} it is root of ${rootOf}, not of the real kernel: the sandbox still contains it`
    : `container ${c.name} is privileged: root on ${rootOf} with every capability, every device and no seccomp/AppArmor — a process in it can take over the kernel every other container shares`;
  const node = c.block.attributes.get('privileged')?.node;
  const folded = foldedIntoPrivileged(c, rootWithoutUserNs ? rootOf : undefined);
  ctx.reporter.report('VMX207', place.file, place.span, message, {
    severity: sandboxed ? 'information' : undefined,
    related: folded.slice(0, MAX_RELATED).map((f) => related(f.place, f.message)),
    fixes: node ? fixes(fix('Set privileged = false (add only the capabilities it needs)', [replaceValue(c.block.file, node, 'false')], true)) : [],
  });
}

/** VMX208 (host namespaces, joins followed) and VMX216 (joins). */
function namespaces(ctx: CheckContext, c: Container, iso: ReturnType<typeof isolationModel>): void {
  const nsBlock = c.namespacesBlock;
  if (!nsBlock) return;
  for (const attribute of nsBlock.attributes.values()) {
    const name = attribute.key as NamespaceName;
    const setting = c.namespaces[name];
    if (!setting || setting.mode === 'private') continue;
    const share = iso.namespace(c, name);
    const place = { file: nsBlock.file, span: { start: attribute.node.start, end: attribute.node.end } };
    const toPrivate = fix(`Give ${c.name} its own ${name} namespace (${name} = private)`, [replaceValue(nsBlock.file, attribute.node, 'private')], true);
    if (HOST_SHARED_CHECKED.includes(name) && share.withHost) {
      const via = share.via.map((o) => o.name);
      const how = via.length === 0 ? `shares the host's ${name} namespace` : `joins ${via.join(' → ')}, which shares the host's ${name} namespace, so it shares it too`;
      ctx.reporter.report('VMX208', place.file, place.span, `container ${c.name} ${how} — ${NAMESPACE_WHAT[name]}`, {
        fixes: fixes(toPrivate),
        related: share.via.slice(0, 20).map((o) => related(attrPlace(o.namespacesBlock, name) ?? header(o.block), `container ${o.name}'s ${name} namespace`)),
      });
    }
    if (setting.mode === 'container' && setting.target) {
      const target = setting.target;
      const what = share.kind === 'cycle' ? ' (the joins loop, and no container owns the namespace)' : share.owner && share.owner !== target ? ` (owned by ${share.owner.name})` : share.withHost ? " (the host's)" : '';
      ctx.reporter.report('VMX216', place.file, place.span, `container ${c.name} joins container ${target.name}'s ${name} namespace${what}: the two are one unit for ${NAMESPACE_WHAT[name].split(':')[0]}`, {
        related: [related(header(target.block), `container ${target.name}`)],
      });
    }
  }
}

/** VMX209: root (of the container, or of one of its processes) while the user namespace is the kernel's own. */
function rootUser(ctx: CheckContext, c: Container, userNsIsHost: boolean, iso: ReturnType<typeof isolationModel>): void {
  // An unknown user or user namespace (VMX103 on it) is no evidence of root.
  if (!userNsIsHost || isUnknown(c.namespacesBlock, 'user')) return;
  const kernel = iso.container(c).rootOf;
  if (c.user.isRoot) {
    if (isUnknown(c.block, 'user')) return;
    const place = at(c.block, 'user');
    const written = c.block.attributes.has('user');
    const userNs = c.namespacesBlock ? setAttribute(c.namespacesBlock, 'user', 'private') : setChildAttribute(c.block, 'namespaces', 'user', 'private');
    ctx.reporter.report('VMX209', place.file, place.span, `container ${c.name} runs as root${written ? '' : ' (the default)'} without a private user namespace: root in the container is root of ${kernel}, held back only by capabilities and seccomp. Run it as a non-root user, or give it namespaces { user = private }`, {
      fixes: fixes(fix(`Give ${c.name} a private user namespace (its root maps to an unprivileged user outside)`, [userNs])),
    });
    return;
  }
  for (const p of c.processes) {
    if (!p.user?.isRoot) continue;
    const place = at(p.block, 'user');
    ctx.reporter.report('VMX209', place.file, place.span, `process ${p.name} of container ${c.name} runs as root without a private user namespace: root of ${kernel}, held back only by capabilities and seccomp`);
  }
}

/** VMX215: one diagnostic per dangerous capability, on its list item. */
function capabilities(ctx: CheckContext, c: Container): void {
  const attribute = c.block.attributes.get('capabilities');
  const value = attribute?.node.value;
  if (!attribute || !value) return;
  const items = value.type === 'list' ? value.items : [value];
  const held = effectiveCapabilities({ privileged: false, add: c.capabilities, drop: c.capDrop }).set;
  for (const item of items) {
    const raw = item.type === 'ident' ? item.name : item.type === 'string' ? item.value : undefined;
    if (raw === undefined) continue;
    const cap = raw.toUpperCase().replace(/^CAP_/, '');
    const why = DANGEROUS_CAPABILITIES[cap];
    if (!why || (cap !== 'ALL' && !held.has(cap))) continue; // dropped again: not held
    ctx.reporter.report('VMX215', c.block.file, item, `container ${c.name} adds capability ${cap}: ${why}, on ${kernelName(c.kernel)}${c.privileged ? '' : '. Drop it unless the container cannot work without it'}`);
  }
}

