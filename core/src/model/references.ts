/**
 * References between blocks (VMX106) and entity id collisions (VMX105).
 * `container("x")` resolves among the containers of the same kernel;
 * `volume("x")` in the container's own kernel first, then outwards to the
 * host (a volume found outside is a VM-boundary crossing, judged by VMX212).
 */
import { Reporter } from '../diagnostics/reporter';
import { didYouMean } from '../schema';
import { blockHeaderSpan } from '../syntax/ast';
import { Container, Entity, Host, Kernel, NAMESPACE_NAMES, Vm, Volume } from './types';

export function kernelName(k: Kernel): string {
  const o = k.owner;
  return o.kind === 'host' ? `the host OS of ${o.name}` : `the guest OS of ${o.kind} ${o.name}`;
}

export function resolveReferences(containers: Container[], allContainers: Container[], reporter: Reporter): void {
  for (const c of containers) {
    for (const n of NAMESPACE_NAMES) {
      const setting = c.namespaces[n];
      if (setting.mode !== 'container') continue;
      const target = c.kernel.containers.find((o) => o.name === setting.name && o !== c);
      const node = c.namespacesBlock?.attributes.get(n)?.node;
      const file = c.namespacesBlock?.file ?? c.block.file;
      if (target) {
        setting.target = target;
        continue;
      }
      if (setting.name === c.name) {
        reporter.report('VMX106', file, setting.nameSpan, `container ${c.name} cannot join its own ${n} namespace: use private`);
        continue;
      }
      const elsewhere = allContainers.find((o) => o.name === setting.name && o.kernel !== c.kernel);
      const guess = didYouMean(setting.name, c.kernel.containers.filter((o) => o !== c).map((o) => o.name));
      const message = elsewhere
        ? `container("${setting.name}") is on another kernel (${kernelName(elsewhere.kernel)}); namespaces can only be shared on one kernel (${kernelName(c.kernel)})`
        : `no container '${setting.name}' on ${kernelName(c.kernel)}${guess ? `: did you mean '${guess}'?` : ''}`;
      reporter.report('VMX106', file, setting.nameSpan ?? node ?? c.block.node, message);
    }
    for (const m of c.mounts) {
      const src = m.source;
      if (!src || src.kind !== 'volume') continue;
      let kernel: Kernel | undefined = c.kernel;
      // A pod's own volumes first (Kubernetes' pod volumes), then the kernel's and outwards.
      let found: Volume | undefined = c.pod?.volumes.find((v) => v.name === src.name);
      while (kernel && !found) {
        found = kernel.volumes.find((v) => v.name === src.name);
        kernel = kernel.outer;
      }
      if (found) {
        src.target = found;
        continue;
      }
      const visible: string[] = c.pod ? c.pod.volumes.map((v) => v.name) : [];
      // A loop, not push(...): a host with 200,000 volumes would overflow the call stack as arguments.
      for (let k: Kernel | undefined = c.kernel; k; k = k.outer) for (const v of k.volumes) visible.push(v.name);
      const guess = didYouMean(src.name, visible);
      reporter.report('VMX106', m.block.file, src.nameSpan, `no volume '${src.name}' ${c.pod ? `in pod ${c.pod.name}, ` : ''}on ${kernelName(c.kernel)} or around it${guess ? `: did you mean '${guess}'?` : ''}`);
    }
  }
}

/**
 * `volume { disk = "name" }`: the host `disk` the volume lives on, among the
 * disks of the host its kernel runs on (a VM's volume too: its virtual disk
 * is a file or LV on one of them). VMX106 when the host has no such disk.
 */
export function resolveVolumeDisks(hosts: Host[], reporter: Reporter): void {
  for (const host of hosts) {
    const volumes: Volume[] = [...host.volumes];
    for (const vm of host.hypervisor?.vms ?? []) collectVmVolumes(vm, volumes);
    for (const c of host.kernel.containers) if (c.pod) for (const v of c.pod.volumes) if (!volumes.includes(v)) volumes.push(v);
    for (const v of volumes) {
      if (v.diskName === undefined) continue;
      v.disk = host.disks.find((d) => d.name === v.diskName);
      if (v.disk) continue;
      const node = v.block.attributes.get('disk')?.node ?? blockHeaderSpan(v.block.node);
      const guess = didYouMean(v.diskName, host.disks.map((d) => d.name));
      reporter.report('VMX106', v.block.file, node, `no disk '${v.diskName}' on host ${host.name}${guess ? `: did you mean '${guess}'?` : host.disks.length ? '' : ' (it declares no disk)'}`);
    }
  }
}

function collectVmVolumes(vm: Vm, out: Volume[]): void {
  out.push(...vm.volumes);
  for (const c of vm.kernel.containers) if (c.pod) for (const v of c.pod.volumes) if (!out.includes(v)) out.push(v);
  for (const inner of vm.vms) collectVmVolumes(inner, out);
}

/** Two entities with one id (a VM and a container of the same name on one host, say) cannot be told apart. */
export function checkEntityIds(entities: Entity[], reporter: Reporter): Map<string, Entity> {
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const first = byId.get(e.id);
    if (!first) {
      byId.set(e.id, e);
      continue;
    }
    if (first.kind === e.kind && first.block.parent === e.block.parent) continue; // already VMX105 as siblings
    const label = e.block.node.label ?? e.block.node.kindSpan;
    reporter.report('VMX105', e.block.file, label, `${e.kind} ${e.name} has the id '${e.id}', already used by ${first.kind} ${first.name}: give one of them another name`, {
      related: [{ file: first.block.file, span: blockHeaderSpan(first.block.node), message: `${first.kind} ${first.name}` }],
    });
  }
  return byId;
}
