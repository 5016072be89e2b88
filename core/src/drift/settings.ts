/**
 * VMX503: the settings of a matched entity that discovery can see, compared
 * declared vs live — a container's user, privilege, capabilities,
 * no_new_privileges, seccomp, AppArmor profile and SELinux type, its namespaces, every entity's cgroup
 * limits and weights, a VM's vCPUs, memory and locking. What the kernel
 * does not show (an image, a workload, requests) is not compared;
 * nor is the time namespace, which no runtime unshares (docs/discover.md).
 */
import { Reporter } from '../diagnostics/reporter';
import { ResolvedBlock } from '../model/types';
import { DriftEntity, entityName, headerSpan } from './entities';
import { samePeriod, sameValue, Side, sideOf, sideText, writtenValue } from './values';

const OWN: Record<string, string[]> = {
  container: ['user', 'privileged', 'capabilities', 'cap_drop', 'no_new_privileges', 'seccomp', 'apparmor', 'selinux'],
  vm: ['vcpus', 'memory', 'memory_locked'],
  pod: [],
  group: [],
};
const CGROUP_KEYS = ['cpu.weight', 'cpu.max', 'cpuset.cpus', 'memory.max', 'memory.high', 'memory.low', 'memory.min', 'memory.swap.max', 'pids.max', 'io.weight'];
const NAMESPACE_KEYS = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup'];

function child(b: ResolvedBlock, kind: string): ResolvedBlock | undefined {
  return b.children.find((c) => c.kind === kind);
}

function compare(reporter: Reporter, d: DriftEntity, l: DriftEntity, kind: string, dBlock: ResolvedBlock | undefined, lBlock: ResolvedBlock | undefined, key: string): void {
  const ds: Side = sideOf(dBlock, kind, key);
  const ls: Side = sideOf(lBlock, kind, key);
  if (ds.value === undefined && ls.value === undefined) return;
  if (sameValue(ds.value, ls.value) && (key !== 'cpu.max' || samePeriod(ds, ls))) return;
  const dText = sideText(ds, (a) => writtenValue(a, d.block.file.text));
  const lText = sideText(ls, (a) => writtenValue(a, l.block.file.text));
  const where = ds.attribute ? ds.attribute.node : headerSpan(dBlock ?? d.block);
  const label = kind === 'cgroup' || kind === 'namespaces' ? `${kind} ${key}` : key;
  reporter.report('VMX503', d.block.file, where, `drift: ${entityName(d)}: ${label} is ${dText} in the file, ${lText} on the live host`);
}

export function settingsDrift(d: DriftEntity, l: DriftEntity, reporter: Reporter): void {
  for (const key of OWN[d.kind] ?? []) compare(reporter, d, l, d.block.kind, d.block, l.block, key);
  const dc = child(d.block, 'cgroup');
  const lc = child(l.block, 'cgroup');
  for (const key of CGROUP_KEYS) compare(reporter, d, l, 'cgroup', dc, lc, key);
  if (d.kind === 'container') {
    const dn = child(d.block, 'namespaces');
    const ln = child(l.block, 'namespaces');
    for (const key of NAMESPACE_KEYS) compare(reporter, d, l, 'namespaces', dn, ln, key);
  }
}
