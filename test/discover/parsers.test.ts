/**
 * The pure readers of discovery on small inputs with hand-derived results:
 * QEMU command lines (qemu(1) syntax), /proc/cpuinfo shapes, mountinfo
 * (proc(5)), the runtimes' cgroup names, CapEff bits, CPU lists.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCpuList } from '../../core/src/discover/cpulist';
import { classifyCgroup, unescapeUnit } from '../../core/src/discover/classify';
import { meminfoBytes, parseCpuinfo } from '../../core/src/discover/hardware';
import { hostPathOf, mountsOf, parseMountinfo } from '../../core/src/discover/mounts';
import { capabilitiesOf } from '../../core/src/discover/process';
import { isQemu, parseQemu, qemuSize } from '../../core/src/discover/qemu';

const ID = 'ab'.repeat(32);

test('QEMU: -smp forms, -m forms, KVM, locked memory, VFIO', () => {
  const q = (...args: string[]) => parseQemu(['/usr/bin/qemu-system-x86_64', ...args]);
  assert.equal(q('-smp', '6').vcpus, 6);
  assert.equal(q('-smp', 'cpus=3,maxcpus=8').vcpus, 3);
  // No count: sockets × dies × cores × threads = 2 × 1 × 4 × 2.
  assert.equal(q('-smp', 'sockets=2,dies=1,cores=4,threads=2').vcpus, 16);
  assert.equal(q().vcpus, 1, 'QEMU\'s default is one CPU');
  assert.equal(q('-m', '2048').memory, 2048 * 1024 ** 2, 'a bare -m is MiB');
  assert.equal(q('-m', '4G').memory, 4 * 1024 ** 3);
  assert.equal(q('-m', 'size=8388608k,slots=4,maxmem=16G').memory, 8 * 1024 ** 3);
  assert.equal(q().memory, 128 * 1024 ** 2, 'QEMU\'s default is 128 MiB');
  assert.equal(q('-m', 'lots').memory, undefined);
  assert.deepEqual(q('-m', 'lots').problems, ['-m lots: no memory size']);
  assert.equal(q('-name', 'guest=db01,debug-threads=on').name, 'db01');
  assert.equal(q('-name', 'plain').name, 'plain');
  assert.equal(q('-enable-kvm').kvm, true);
  assert.equal(q('-machine', 'q35,accel=kvm:tcg').kvm, true);
  assert.equal(q('-accel', 'tcg').kvm, false);
  assert.equal(q('-overcommit', 'mem-lock=on').memoryLocked, true);
  assert.equal(q('-overcommit', 'mem-lock=off').memoryLocked, false);
  assert.equal(q('-realtime', 'mlock=on').memoryLocked, true);
  assert.deepEqual(q('-device', 'vfio-pci,host=0000:01:00.0,id=gpu0', '-device', 'virtio-net-pci,id=net0', '-device', 'vfio-pci,host=0000:02:00.0').vfio, ['gpu0', 'vfio-2']);
  assert.equal(qemuSize('1.5G'), 1.5 * 1024 ** 3);
  assert.ok(isQemu(['qemu-kvm']) && isQemu(['/usr/libexec/qemu-system-aarch64']) && !isQemu(['/usr/bin/qemu-img']) && !isQemu([]));
});

test('/proc/cpuinfo: 2 sockets × 2 cores × 2 threads; an ARM one without topology fields; fields that do not add up', () => {
  const stanza = (n: number, socket: number) => `processor\t: ${n}\nphysical id\t: ${socket}\nsiblings\t: 4\ncpu cores\t: 2\nflags\t\t: fpu svm npt avx512f sse4_2\n`;
  const intel = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => stanza(n, n < 4 ? 0 : 1)).join('\n');
  assert.deepEqual(parseCpuinfo(intel), { cpu: { sockets: 2, cores: 2, threads: 2, features: ['svm', 'npt', 'avx512', 'sse4_2'] } });
  const arm = [0, 1, 2, 3].map((n) => `processor\t: ${n}\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd aes pmull sha1\nCPU implementer\t: 0x41\n`).join('\n');
  assert.deepEqual(parseCpuinfo(arm), { cpu: { sockets: 1, cores: 4, threads: 1, features: ['aes'] }, problem: undefined });
  // 3 processors claiming 2 siblings each on one socket: counted as 3 cores, and said so.
  const odd = [0, 1, 2].map((n) => `processor\t: ${n}\nphysical id\t: 0\nsiblings\t: 2\ncpu cores\t: 2\n`).join('\n');
  assert.deepEqual(parseCpuinfo(odd), { cpu: { sockets: 1, cores: 3, threads: 1, features: [] }, problem: 'the topology fields do not add up to 3 processors; counted as 3 cores' });
  assert.deepEqual(parseCpuinfo('garbage\n'), { problem: 'no processor entries' });
  assert.equal(meminfoBytes('MemTotal:       1024 kB\nSwapTotal:  0 kB\n', 'MemTotal'), 1048576);
  assert.equal(meminfoBytes('MemTotal: lots\n', 'MemTotal'), undefined);
});

test('mountinfo: escapes, optional fields, the host path found through the host\'s mounts', () => {
  const [m] = parseMountinfo('36 35 98:0 /my\\040data /srv/my\\040data ro,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n');
  assert.deepEqual(m, { device: '98:0', root: '/my data', target: '/srv/my data', options: ['ro', 'noatime'], optional: ['master:1', 'shared:7'], fstype: 'ext3', source: '/dev/root', });
  const host = parseMountinfo('1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 8:2 / /data rw - ext4 /dev/sda2 rw\n3 1 8:2 /exports /srv/exports rw - ext4 /dev/sda2 rw\n');
  // Two host mounts hold 8:2's /exports/a: /data/exports/a and /srv/exports/a — the shorter path wins, deterministically.
  assert.equal(hostPathOf({ ...m, device: '8:2', root: '/exports/a' }, host), '/srv/exports/a');
  assert.equal(hostPathOf({ ...m, device: '8:2', root: '/web' }, host), '/data/web');
  assert.equal(hostPathOf({ ...m, device: '8:9', root: '/web' }, host), undefined);
  const { mounts, omitted } = mountsOf(
    ['10 1 0:50 / / rw - overlay overlay rw', '11 10 0:51 / /proc rw - proc proc rw', '12 10 0:52 / /tmp rw - tmpfs tmpfs rw',
      `13 10 8:1 /var/lib/docker/containers/${ID}/hosts /etc/hosts rw - ext4 /dev/sda1 rw`, '14 10 8:2 /web /www ro master:3 - ext4 /dev/sda2 rw', '15 10 8:2 /web /www2 rw shared:4 - ext4 /dev/sda2 rw'].join('\n'),
    host,
  );
  assert.equal(omitted, 1);
  assert.deepEqual(mounts, [
    { name: 'www', type: 'bind', source: '/data/web', target: '/www', readOnly: true, propagation: 'rslave' },
    { name: 'www2', type: 'bind', source: '/data/web', target: '/www2', propagation: 'rshared' },
  ]);
});

test('cgroup names: each runtime\'s container, kubelet\'s pods (systemd and cgroupfs drivers), libvirt VMs, slices', () => {
  assert.deepEqual(classifyCgroup(`docker-${ID}.scope`, 'system.slice', false), { role: 'container', engine: 'docker', id: ID, name: ID.slice(0, 12) });
  assert.deepEqual(classifyCgroup(ID, 'docker', false), { role: 'container', engine: 'docker', id: ID, name: ID.slice(0, 12) });
  assert.equal((classifyCgroup(ID, 'system.slice', false) as { role: string }).role, 'other', 'a bare id outside /docker or a pod is nothing we know');
  assert.equal((classifyCgroup(`cri-containerd-${ID}.scope`, 'x', true) as { engine: string }).engine, 'containerd');
  assert.equal((classifyCgroup(`crio-${ID}.scope`, 'x', true) as { engine: string }).engine, 'cri-o');
  assert.equal((classifyCgroup(`libpod-${ID}.scope`, 'machine.slice', false) as { engine: string }).engine, 'podman');
  assert.deepEqual(classifyCgroup('lxc.payload.web', '/', false), { role: 'container', engine: 'lxc', id: 'web', name: 'web' });
  assert.deepEqual(classifyCgroup('web', 'lxc', false), { role: 'container', engine: 'lxc', id: 'web', name: 'web' });
  assert.deepEqual(classifyCgroup('kubepods-burstable-pod6b1d3c52_8f4e_4a7b_9c0d_1e2f3a4b5c6d.slice', 'kubepods-burstable.slice', false), { role: 'pod', uid: '6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d', qos: 'burstable' });
  assert.deepEqual(classifyCgroup('kubepods-pod6b1d3c52_8f4e_4a7b_9c0d_1e2f3a4b5c6d.slice', 'kubepods.slice', false), { role: 'pod', uid: '6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d', qos: undefined });
  assert.deepEqual(classifyCgroup('pod6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d', 'besteffort', false), { role: 'pod', uid: '6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d' });
  assert.deepEqual(classifyCgroup('machine-qemu\\x2d12\\x2dweb\\x2d01.scope', 'machine.slice', false), { role: 'vm', name: 'web-01' });
  assert.deepEqual(classifyCgroup('system.slice', '/', false), { role: 'slice' });
  assert.deepEqual(classifyCgroup('sshd.service', 'system.slice', false), { role: 'other' });
  assert.equal(unescapeUnit('a\\x2db\\x5c'), 'a-b\\');
});

test('CapEff bits: the default set of docker is a80425fb; bits beyond the kernel list are ignored', () => {
  assert.deepEqual(capabilitiesOf('00000000a80425fb').sort(), ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
  assert.deepEqual(capabilitiesOf('0'), []);
  assert.equal(capabilitiesOf('ffffffffffffffff').length, 41);
});

test('CPU lists', () => {
  assert.deepEqual(parseCpuList('0-3,8,10-11'), [0, 1, 2, 3, 8, 10, 11]);
  assert.deepEqual(parseCpuList(''), []);
  assert.equal(parseCpuList('3-1'), undefined);
  assert.equal(parseCpuList('x'), undefined);
});
