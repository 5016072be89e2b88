/**
 * Hypervisors and their running VMs: /dev/kvm present is `hypervisor kvm`;
 * every QEMU process (/proc/PID/cmdline) is a `vm`, with the limits of the
 * libvirt scope (machine.slice/machine-qemu\x2dN\x2dNAME.scope) it runs in.
 */
import { cgroupBlock, labelsBlock } from '../import/container';
import { attr, block, bool, exactBytes, num, TreeBlock, word } from '../import/tree';
import { SystemReader } from '../host/system';
import { CgroupNode } from './cgroups';
import { Notes } from './notes';
import { readCmdline } from './process';
import { isQemu, parseQemu } from './qemu';

export function processIds(reader: SystemReader, notes: Notes, here: string[]): number[] {
  const list = reader.readDir('/proc');
  if (!list.ok) {
    notes.unreadable(here, '/proc', list.reason);
    return [];
  }
  return list.entries.filter((e) => /^\d+$/.test(e.name)).map((e) => Number(e.name)).sort((a, b) => a - b);
}

/** The cgroup path of a process: the v2 line (`0::/…`), else the v1 cpu hierarchy's. */
function cgroupPathOf(reader: SystemReader, pid: number): string | undefined {
  const r = reader.readFile(`/proc/${pid}/cgroup`);
  if (!r.ok) return undefined;
  const lines = r.text.split('\n').map((l) => l.split(':'));
  const line = lines.find((f) => f.length >= 3 && f[1].split(',').includes('cpu')) ?? lines.find((f) => f.length >= 3 && f[0] === '0' && f[1] === '');
  return line?.slice(2).join(':');
}

export function hypervisorBlock(reader: SystemReader, notes: Notes, pids: number[], vmCgroups: Map<string, { name: string; node: CgroupNode }>): TreeBlock | undefined {
  const kvm = reader.exists('/dev/kvm');
  const vms: TreeBlock[] = [];
  const inner: string[] = [];
  const claimed = new Set<string>();
  const names = new Set<string>();
  for (const pid of pids) {
    const argv = readCmdline(reader, pid);
    if (!argv || !isQemu(argv)) continue;
    const q = parseQemu(argv);
    const path = cgroupPathOf(reader, pid);
    const scope = path === undefined ? undefined : [...vmCgroups.keys()].find((p) => path === p || path.startsWith(p + '/'));
    if (scope) claimed.add(scope);
    let name = q.name ?? (scope ? vmCgroups.get(scope)!.name : `qemu-${pid}`);
    for (let i = 2; names.has(name); i++) name = `${q.name ?? name}-${i}`;
    names.add(name);
    if (q.vcpus === undefined || q.memory === undefined) {
      notes.add(inner, `QEMU process ${pid} (${name}): ${q.problems.join('; ')}; not written as a vm`);
      continue;
    }
    const a = [attr('vcpus', num(q.vcpus)), attr('memory', exactBytes(q.memory))];
    if (q.memoryLocked) a.push(attr('memory_locked', bool(true)));
    const children: TreeBlock[] = [
      ...labelsBlock(scope ? { cgroup: scope } : {}),
      ...(scope ? cgroupBlock(vmCgroups.get(scope)!.node.settings) : []),
      ...q.vfio.map((d) => block('device', d, [attr('access', word('direct'))])),
    ];
    const vm = block('vm', name, a, children);
    if (!q.kvm && kvm) vm.comments = ['runs without KVM acceleration (QEMU TCG emulation)'];
    vms.push(vm);
  }
  for (const [path, { name }] of vmCgroups) if (!claimed.has(path)) notes.add(inner, `libvirt VM ${name} (${path}): no readable QEMU process in it; not written as a vm`);
  if (!kvm && vms.length === 0) return undefined;
  const hv = block('hypervisor', kvm ? 'kvm' : 'qemu', [], vms);
  if (inner.length) hv.innerComments = inner;
  return hv;
}
