/**
 * Every check code of DESIGN §4: default severity and a one-line title.
 * The CLI's SARIF rules, the settings and docs/checks.md are read from here.
 */
import { Severity } from './types';

export interface CodeInfo {
  code: string;
  severity: Severity;
  title: string;
}

function c(code: string, severity: Severity, title: string): CodeInfo {
  return { code, severity, title };
}

export const CODES: CodeInfo[] = [
  c('VMX001', 'information', 'The file is a VMware VM configuration, not a topology'),
  c('VMX100', 'error', 'Syntax error'),
  c('VMX101', 'error', 'Unknown block kind'),
  c('VMX102', 'error', 'Unknown attribute'),
  c('VMX103', 'error', 'Wrong value type, unit or enum value'),
  c('VMX104', 'error', 'Value out of range'),
  c('VMX105', 'error', 'Duplicate name among siblings of one kind'),
  c('VMX106', 'error', 'Unresolved reference'),
  c('VMX107', 'error', 'Block not allowed in this parent'),
  c('VMX108', 'error', 'Missing required attribute'),
  c('VMX109', 'error', 'Import not found, or an import cycle'),
  c('VMX110', 'warning', 'Attribute set twice in one block'),
  c('VMX111', 'error', 'Input beyond a configured limit (file size, nesting depth, process counts, quantities, simulation size), or an internal error in one stage'),
  c('VMX112', 'warning', 'Name that can be misread: invisible, compatibility or mixed-script characters, or confusable with another name'),
  c('VMX113', 'warning', 'Suppression comment with an unknown code, or without the codes it needs'),
  c('VMX114', 'hint', 'Unused suppression: nothing to ignore here'),
  c('VMX201', 'error', 'Hardware virtualization without vmx/svm on the host CPU'),
  c('VMX202', 'error', 'Paravirtualization with a guest that cannot be paravirtualized'),
  c('VMX203', 'error', 'Hypervisor type contradicts its kind'),
  c('VMX204', 'error', 'Hyper-V host without exactly one parent partition'),
  c('VMX205', 'error', 'Direct device in a child partition without DDA'),
  c('VMX206', 'error', 'Process with ring < 3 inside a container'),
  c('VMX207', 'warning', 'Privileged container'),
  c('VMX208', 'warning', 'pid, net, ipc, uts, mnt or cgroup namespace shared with the host'),
  c('VMX209', 'warning', 'Container runs as root without a private user namespace'),
  c('VMX210', 'error', 'Sensitive host path bind-mounted'),
  c('VMX211', 'warning', 'Source mounted read-write into two or more containers'),
  c('VMX212', 'error', 'Mount of a volume across a VM boundary'),
  c('VMX213', 'error', 'VM inside a VM without nested virtualization'),
  c('VMX214', 'error', 'Kata runtime without hardware virtualization'),
  c('VMX215', 'warning', 'Dangerous capability added'),
  c('VMX216', 'information', 'Namespace joined with another container'),
  c('VMX217', 'warning', 'seccomp or AppArmor unconfined, or SELinux type spc_t'),
  c('VMX218', 'warning', 'Mount propagation rshared'),
  c('VMX219', 'warning', 'Host device passed into a container'),
  c('VMX220', 'information', 'Host-path bind mount'),
  c('VMX221', 'information', 'Capability added outside the Pod Security Standards Baseline set'),
  c('VMX222', 'information', 'NET_RAW kept from the default capability set'),
  c('VMX223', 'information', 'Privilege escalation allowed (no_new_privileges = false)'),
  c('VMX224', 'hint', 'Writable root filesystem'),
  c('VMX225', 'information', 'Image without a tag, or tagged latest'),
  c('VMX301', 'warning', 'vCPU overcommit above the configured ratio'),
  c('VMX302', 'warning', 'Two VMs pinned to overlapping CPUs'),
  c('VMX303', 'error', "Pin outside the host's logical CPUs"),
  c('VMX304', 'error', "Locked VM memory beyond the host's memory"),
  c('VMX305', 'error', 'Host memory overcommitted by VM memory'),
  c('VMX306', 'warning', 'cpu.max above what the parent can ever give'),
  c('VMX307', 'warning', "Sum of memory.min beyond the parent's memory"),
  c('VMX308', 'warning', 'Container without memory.max'),
  c('VMX309', 'warning', 'Container without pids.max'),
  c('VMX310', 'warning', 'VM with more vCPUs than the host has logical CPUs'),
  c('VMX311', 'information', 'Fewer pinned CPUs than vCPUs'),
  c('VMX312', 'error', 'cpuset.cpus outside the CPUs of its kernel'),
  c('VMX313', 'warning', 'memory.max above the memory of its kernel: it never binds'),
  c('VMX314', 'error', 'memory.high, memory.low or memory.min above memory.max, or memory.min above memory.low'),
  c('VMX315', 'error', 'memory.max = 0 or pids.max = 0: nothing can start'),
  c('VMX316', 'warning', "A VM's pin and its cgroup's cpuset.cpus contradict each other"),
  c('VMX401', 'warning', 'CPU steal'),
  c('VMX402', 'warning', 'CFS throttling'),
  c('VMX403', 'warning', 'CPU starvation'),
  c('VMX404', 'warning', 'Memory pressure at memory.high'),
  c('VMX405', 'error', 'OOM kill at memory.max'),
  c('VMX406', 'warning', 'Host swapping of VM memory'),
  c('VMX407', 'error', 'Failed forks at pids.max'),
  c('VMX408', 'warning', 'Disk saturated or I/O throttled'),
  c('VMX409', 'warning', 'NIC saturated'),
  c('VMX410', 'error', 'Host memory exhausted'),
  c('VMX411', 'error', 'VM does not start: its memory is not available on a host that never swaps it'),
  c('VMX412', 'warning', 'Container swapping at memory.max'),
  c('VMX501', 'warning', 'Drift: declared in the file, not found on the live host'),
  c('VMX502', 'warning', 'Drift: running on the live host, not declared in the file'),
  c('VMX503', 'warning', 'Drift: a setting differs from the live host'),
  c('VMX504', 'warning', 'Drift: the hardware differs from the live host'),
];

const byCode = new Map(CODES.map((i) => [i.code, i]));

export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}

export function defaultSeverity(code: string): Severity {
  return byCode.get(code)?.severity ?? 'error';
}
