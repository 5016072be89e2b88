/**
 * The checks and the isolation model see containers inside groups and pods
 * (DESIGN §3.1): a container's findings stay on its own lines however deep
 * it is nested; a pod's containers share its net/ipc/uts (pid with
 * share_pid) with each other and not with the host (no VMX208, and no
 * VMX216: sharing is the pod's design); one pod is one writer of a volume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, covered, inHost } from '../helpers';
import { isolationModel } from '../../core/src/isolation';

const HARD = 'user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true';
const LIMITS = 'cgroup { memory.max = 256Mi; pids.max = 100 }';

test('a privileged container inside a pod inside a group gets VMX207 on its own line', () => {
  const text = inHost(`    group kubepods {
      group besteffort {
        pod debug {
          container shell {
            ${HARD}
            privileged = true
            ${LIMITS}
          }
        }
      }
    }`);
  const r = check(text);
  const f = r.diagnostics.filter((d) => d.code === 'VMX207');
  assert.equal(f.length, 1);
  assert.equal(covered(text, f[0]), 'privileged = true');
  assert.equal(f[0].range.start.line, text.split('\n').findIndex((l) => l.includes('privileged = true')));
  assert.match(f[0].message, /container shell/);
});

test('capacity checks see nested containers: VMX308/VMX309 for a pod container without limits', () => {
  const text = inHost(`    group g { pod p { container bare { ${HARD} } } }`);
  const r = check(text);
  assert.ok(codes(r).includes('VMX308'), codes(r).join(' '));
  assert.ok(codes(r).includes('VMX309'));
  const line = text.split('\n').findIndex((l) => l.includes('container bare'));
  for (const d of r.diagnostics.filter((x) => x.code === 'VMX308' || x.code === 'VMX309')) assert.equal(d.range.start.line, line);
});

test("a pod's containers share its net, ipc and uts with each other, not with the host: no VMX208, no VMX216", () => {
  const text = inHost(`    pod web {
      container app { ${HARD}; ${LIMITS} }
      container sidecar { ${HARD}; ${LIMITS} }
    }
    container other { ${HARD}; ${LIMITS} }`);
  const r = check(text);
  assert.deepEqual(codes(r).filter((c) => c === 'VMX208' || c === 'VMX216'), []);
  const iso = isolationModel(r.model!);
  const [app, sidecar, other] = r.model!.containers;
  for (const ns of ['net', 'ipc', 'uts'] as const) {
    const share = iso.namespace(app, ns);
    assert.equal(share.kind, 'pod', ns);
    assert.equal(share.pod, r.model!.pods[0]);
    assert.equal(share.withHost, false);
    assert.deepEqual(share.sharedWith, [sidecar], `${ns}: shared with the pod's other container only`);
  }
  // pid is each container's own without share_pid; the container outside the pod has its own net.
  assert.equal(iso.namespace(app, 'pid').kind, 'own');
  assert.equal(iso.namespace(other, 'net').kind, 'own');
  assert.deepEqual(iso.namespace(other, 'net').sharedWith, []);
});

test('share_pid = true puts the pod containers in one PID namespace', () => {
  const r = check(inHost(`    pod web {\n      share_pid = true\n      container a { ${HARD}; ${LIMITS} }\n      container b { ${HARD}; ${LIMITS} }\n    }`));
  const iso = isolationModel(r.model!);
  const [a, b] = r.model!.containers;
  assert.equal(iso.namespace(a, 'pid').kind, 'pod');
  assert.deepEqual(iso.namespace(a, 'pid').sharedWith, [b]);
  assert.equal(iso.namespace(a, 'mnt').kind, 'own', 'mnt is never the pod’s');
});

test('hostNetwork written on a pod container is still host sharing (VMX208)', () => {
  const text = inHost(`    pod node-exporter {\n      container exporter {\n        ${HARD}\n        namespaces { net = host }\n        ${LIMITS}\n      }\n    }`);
  const f = check(text).diagnostics.filter((d) => d.code === 'VMX208');
  assert.equal(f.length, 1);
  assert.equal(covered(text, f[0]), 'net = host');
});

test('VMX211: one source written from two pods is reported; two containers of one pod are one writer', () => {
  const rw = (name: string) => `container ${name} { ${HARD}; ${LIMITS}; mount data { source = "/srv/shared"; target = "/data" } }`;
  const twoPods = inHost(`    group kubepods {\n      pod a { ${rw('a1')} }\n      pod b { ${rw('b1')} }\n    }`);
  const f = check(twoPods).diagnostics.filter((d) => d.code === 'VMX211');
  assert.equal(f.length, 2);
  assert.match(f[0].message, /container a1 and 1 other container \(b1\)/);
  const onePod = inHost(`    pod a {\n      ${rw('a1')}\n      ${rw('a2')}\n    }`);
  assert.deepEqual(codes(check(onePod)).filter((c) => c === 'VMX211'), []);
  // A pod's containers and one outside the pod: two writers.
  const mixed = inHost(`    pod a {\n      ${rw('a1')}\n      ${rw('a2')}\n    }\n    ${rw('loner')}`);
  assert.equal(check(mixed).diagnostics.filter((d) => d.code === 'VMX211').length, 3);
});

test('container("x") joins across pods resolve on the kernel (VMX216 stays for a written join)', () => {
  const text = inHost(`    pod a { container a1 { ${HARD}; ${LIMITS} } }\n    pod b { container b1 { ${HARD}; ${LIMITS}; namespaces { ipc = container("a1") } } }`);
  const r = check(text);
  assert.deepEqual(codes(r).filter((c) => c === 'VMX106'), []);
  assert.equal(r.diagnostics.filter((d) => d.code === 'VMX216').length, 1);
  const iso = isolationModel(r.model!);
  assert.equal(iso.namespace(r.model!.containers[1], 'ipc').pod?.name, 'a', "joining a1's ipc is joining pod a's");
});

test('capability names are checked against the kernel list: cap_drop = [NET_RAWW] is VMX103 with did-you-mean', () => {
  const text = inHost('    container c { user = 1000; cap_drop = [NET_RAWW] }');
  const f = check(text).diagnostics.find((d) => d.code === 'VMX103')!;
  assert.equal(covered(text, f), 'NET_RAWW');
  assert.match(f.message, /'NET_RAWW' is not a known name: did you mean 'NET_RAW'\?/);
});

test('cgroup bounds apply to group and pod cgroups: memory.high above memory.max is VMX314', () => {
  const text = inHost('    group g {\n      cgroup { memory.max = 1GiB; memory.high = 2GiB }\n    }');
  const f = check(text).diagnostics.filter((d) => d.code === 'VMX314');
  assert.equal(f.length, 1);
  assert.equal(covered(text, f[0]), '2GiB');
  assert.match(f[0].message, /memory\.high of group g is 2GiB, above its memory\.max of 1GiB/);
});

test('a memory.max or pids.max on a group or pod around a container bounds it: no VMX308/VMX309', () => {
  const bounded = inHost(`    group kubepods {\n      cgroup { memory.max = 60GiB; pids.max = 4096 }\n      pod p { container c { ${HARD} } }\n    }`);
  assert.deepEqual(codes(check(bounded)).filter((c) => c === 'VMX308' || c === 'VMX309'), []);
  // Only memory bounded above: pids.max is still missing.
  const half = inHost(`    pod p {\n      cgroup { memory.max = 1GiB }\n      container c { ${HARD} }\n    }`);
  assert.deepEqual(codes(check(half)).filter((c) => c === 'VMX308' || c === 'VMX309'), ['VMX309']);
});

test('VMX305 counts a ballooned VM at its memory_min: the balloon can give the rest back', () => {
  // 64GiB host; two VMs ballooned 16–48GiB: 32GiB at memory_min fits, 96GiB at memory_max would not.
  const vms = (min: string) => inHost(`    hypervisor kvm {\n      vm a { vcpus = 2; balloon = true; memory_min = ${min}; memory_max = 48GiB }\n      vm b { vcpus = 2; balloon = true; memory_min = ${min}; memory_max = 48GiB }\n    }`);
  assert.deepEqual(codes(check(vms('16GiB'))).filter((c) => c === 'VMX305'), []);
  const over = check(vms('40GiB')).diagnostics.filter((d) => d.code === 'VMX305');
  assert.equal(over.length, 1);
  assert.match(over[0].message, /VM memory 80GiB is beyond host h1's 64GiB/);
  assert.match(over[0].related?.map((r) => r.message).join(' | ') ?? '', /vm a: 40GiB \(ballooned, at memory_min\)/);
});
