/**
 * vmx import --from proxmox (docs/import/proxmox.md) through the built CLI
 * and importTopology: qemu-server and LXC configs modelled on the ones
 * Proxmox VE 8 writes, their exact values, the findings the output gets,
 * every unmapped key listed, and input that is not a Proxmox config refused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { importTopology, ImportError } from '../../core/src/import';
import { check } from '../helpers';
import { formatText } from '../../core/src/ide/format';
import { hardwareLines } from '../../core/src/import/like';
import { codesOn, containerNamed, devicesOf, findings, fixture, importCli, LIKE, modelOf, mutations, noSchemaErrors, numberSubstitutions, notImportedFields, refused, stderrCount, vmNamed, write } from './libvirt-proxmox-helpers';

const VM101 = fixture('proxmox-qemu-101.conf');
const VM102 = fixture('proxmox-qemu-102.conf');
const CT200 = fixture('proxmox-lxc-200.conf');
const CT201 = fixture('proxmox-lxc-201.conf');
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const HARDWARE = hardwareLines(readFileSync(LIKE, 'utf8'), 'libvirt-host.vmx');
const imported = (text: string, name = '300.conf') => importTopology([{ name, text }], { hardware: HARDWARE }).text;

test('Proxmox qemu VM 101: vcpus = cores × sockets, balloon, affinity → pin, cpu host → nested, cpuunits → weight, hostpci → direct, disks and NICs by bus and model', () => {
  const { text, stderr } = importCli([VM101]);
  const fs = findings(text);
  noSchemaErrors(fs);
  assert.ok(!fs.some((f) => f.code === 'VMX205'), 'a PCI device on KVM is not VMX205');
  assert.match(text, /^\s*vm 101 \{/m); // the VMID from 101.conf, a numeric label
  const vm = vmNamed(modelOf(text), '101');
  assert.equal(vm.hypervisor.kind, 'kvm');
  assert.equal(vm.vcpus, 4); // cores 2 × sockets 2
  assert.equal(vm.memory, 8 * GiB); // memory: 8192 (MiB)
  assert.equal(vm.balloon, true);
  assert.equal(vm.memoryMin, 2 * GiB); // balloon: 2048
  assert.equal(vm.memoryMax, 8 * GiB);
  assert.deepEqual(vm.pin, [0, 1, 2, 3]); // affinity: 0-3
  assert.equal(vm.nested, true); // cpu: host
  assert.equal(vm.weight, 200); // cpuunits: 200
  assert.equal(vm.guest?.kind, 'linux'); // ostype: l26
  assert.deepEqual(vm.labels, {
    'proxmox.name': 'ci-runner-01',
    'proxmox.tags': 'ci;linux',
    'proxmox.description': 'Build runner for the CI fleet.\nManaged by ansible: do not edit by hand.', // %3A decoded
  });
  assert.deepEqual(devicesOf(vm), [
    ['hostpci0', 'direct'],
    ['ide2', 'emulated'],
    ['net0', 'paravirtual'], // virtio
    ['net1', 'emulated'], // e1000
    ['scsi0', 'paravirtual'], // scsihw: virtio-scsi-single
  ]);
  assert.deepEqual(notImportedFields(text), [
    'agent: 1',
    'boot: order=scsi0;ide2;net0',
    'machine: q35',
    'meta: creation-qemu=8.1.5,ctime=1712345678',
    'numa: 0',
    'onboot: 1',
    'smbios1: uuid=3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    'vmgenid: 8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e',
    '[before-upgrade] snapshot',
  ]);
  assert.equal(stderrCount(stderr), 9);
  assert.match(stderr, /1 file \(proxmox\)/);
  // The snapshot's values are not the VM's: its sockets: 1 would make 2 vCPUs.
  assert.doesNotMatch(text, /vcpus = 2/);
});

test('Proxmox Windows VM 102: guest windows, e1000 and SATA emulated, 8 vCPUs on 4 pinned CPUs (VMX311)', () => {
  const { text, stderr } = importCli([VM102]);
  const fs = findings(text);
  noSchemaErrors(fs);
  const vm = vmNamed(modelOf(text), '102');
  assert.equal(vm.guest?.kind, 'windows'); // ostype: win11
  assert.equal(vm.vcpus, 8);
  assert.equal(vm.memory, 16 * GiB);
  assert.equal(vm.balloon, false);
  assert.equal(vm.nested, false); // x86-64-v2-AES has no vmx
  assert.deepEqual(vm.pin, [2, 3, 4, 5]);
  assert.deepEqual(devicesOf(vm), [
    ['net0', 'emulated'],
    ['sata0', 'emulated'],
  ]);
  assert.deepEqual(codesOn(fs, '102'), ['VMX311']); // 4 pinned CPUs < 8 vCPUs
  assert.equal(stderrCount(stderr), 6); // cpu, bios, boot, efidisk0, tpmstate0, vmgenid
});

test('unprivileged LXC 200: a private user namespace (no VMX209), cores → cpu.max, memory and swap in MiB, mp0 a read-only bind mount, mp1 a storage volume, dev0 a device', () => {
  const { text, stderr } = importCli([CT200]);
  const fs = findings(text);
  noSchemaErrors(fs);
  assert.match(text, /^\s*container 200 \{/m);
  const c = containerNamed(modelOf(text), '200');
  assert.equal(c.namespaces.user.mode, 'private');
  assert.ok(!codesOn(fs, '200').includes('VMX209'), 'root in a private user namespace is not VMX209');
  assert.deepEqual(c.capabilities, [], 'capabilities held inside its own user namespace are not listed');
  assert.ok(!codesOn(fs, '200').includes('VMX215'));
  assert.ok(codesOn(fs, '200').includes('VMX219'), 'dev0: /dev/dri/renderD128 passed in');
  assert.equal(c.cgroup.cpuMax, 2); // cores: 2
  assert.equal(c.cgroup.memoryMax, 1 * GiB); // memory: 1024
  assert.equal(c.cgroup.memorySwapMax, 512 * MiB); // swap: 512
  assert.deepEqual(c.devices, ['/dev/dri/renderD128']);
  const mounts = c.mounts.map((m) => [m.name, m.type, m.source?.kind === 'path' ? m.source.path : m.source?.kind, m.target, m.mode]);
  assert.deepEqual(mounts, [
    ['mp0', 'bind', '/mnt/pve/media', '/srv/media', 'ro'],
    ['mp1', 'volume', 'volume', '/var/lib/postgresql', 'rw'],
  ]);
  assert.match(text, /volume "local-lvm:vm-200-disk-1" \{\s*size = 8GiB\s*\}/);
  assert.deepEqual(c.labels, {
    'proxmox.hostname': 'wiki',
    'proxmox.ostype': 'debian',
    'proxmox.arch': 'amd64',
    'proxmox.rootfs': 'local-lvm:vm-200-disk-0,size=8G',
    'proxmox.description': 'Unprivileged Debian container for the wiki.',
  });
  assert.deepEqual(notImportedFields(text), ['features: nesting=1', 'features: keyctl=1', 'net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:22:33:44,i…', 'onboot: 1']);
  assert.equal(stderrCount(stderr), 4);
});

test('privileged LXC 201: root of the host (VMX209), AppArmor unconfined (VMX217), cpulimit below cores, cpuunits, swap 0, fuse and a USB serial device, an lxc.mount.entry bind', () => {
  const { text, stderr } = importCli([CT201]);
  const fs = findings(text);
  noSchemaErrors(fs);
  const c = containerNamed(modelOf(text), '201');
  assert.equal(c.namespaces.user.mode, 'host');
  const codes = codesOn(fs, '201');
  for (const code of ['VMX209', 'VMX217', 'VMX219']) assert.ok(codes.includes(code), `${code} on container 201: ${codes.join(', ')}`);
  assert.equal(c.apparmor, 'unconfined');
  assert.equal(c.cgroup.cpuMax, 1.5); // min(cores 4, cpulimit 1.5)
  assert.equal(c.cgroup.cpuWeight, 50); // cpuunits: 50
  assert.equal(c.cgroup.memoryMax, 2 * GiB);
  assert.equal(c.cgroup.memorySwapMax, 0); // swap: 0
  assert.deepEqual(c.devices, ['/dev/ttyUSB0', '/dev/fuse']); // dev0, features: fuse=1
  assert.deepEqual(
    c.mounts.map((m) => [m.name, m.source?.kind === 'path' ? m.source.path : undefined, m.target]),
    [
      ['mp0', '/srv/media', '/media'],
      ['lxc-mount0', '/dev/ttyUSB0', '/dev/ttyUSB0'],
    ],
  );
  // An empty lxc.cap.drop: undoes Proxmox's drops: every one of the kernel's 41 capabilities is held, 27 beyond the runtime's 14.
  assert.equal(c.capabilities.length, 27);
  for (const cap of ['SYS_ADMIN', 'SYS_MODULE', 'MAC_ADMIN', 'NET_ADMIN', 'BPF']) assert.ok(c.capabilities.includes(cap), cap);
  assert.ok(fs.some((f) => f.code === 'VMX215' && f.entity === '201' && /SYS_ADMIN/.test(f.line)), 'SYS_ADMIN held in the host user namespace is VMX215');
  assert.deepEqual(notImportedFields(text), ['lxc.cgroup2.devices.allow: c 188:* rwm', 'net0: name=eth0,bridge=vmbr0,ip=192.168.1.40/24,gw=192.168.1.1,typ…']);
  assert.equal(stderrCount(stderr), 2);
});

test('Proxmox VMs and libvirt domains share one hypervisor kvm; a VM with more vCPUs than the host is VMX310', () => {
  const { text } = importCli([VM101, fixture('libvirt-gpu-pinned.xml')]);
  assert.equal((text.match(/^\s*hypervisor kvm \{/gm) ?? []).length, 1);
  const fs = findings(text);
  noSchemaErrors(fs);
  assert.deepEqual(codesOn(fs, '101'), ['VMX302']); // affinity 0-3 and vcpupin 2, 3
  assert.deepEqual(codesOn(fs, 'ml-train01'), ['VMX302']);
  // From standard input there is no file name: the VMID comes from vmid:, else the name.
  const big = importCli(['-'], ['--from', 'proxmox'], 'name: build-xl\ncores: 6\nsockets: 2\nmemory: 4096\n').text;
  assert.match(big, /^\s*vm build-xl \{/m);
  assert.deepEqual(codesOn(findings(big), 'build-xl'), ['VMX310']); // 12 vCPUs > 8 CPUs
  assert.match(importCli(['-'], [], 'vmid: 150\ncores: 1\nmemory: 1024\n').text, /^\s*vm 150 \{/m);
});

test('Proxmox values: vcpus: is the hot-plugged count, balloon: 0 is no balloon, cpulimit → cpu.max, hugepages lock memory, kvm: 0 is QEMU TCG, cpuunits above 10000 are cgroup v1 shares', () => {
  const vm = vmNamed(modelOf(imported('cores: 4\nsockets: 2\nvcpus: 3\nmemory: 2048\nballoon: 0\ncpulimit: 1.5\nhugepages: 2\n')), '300');
  assert.equal(vm.vcpus, 3);
  assert.equal(vm.balloon, false);
  assert.equal(vm.memory, 2 * GiB);
  assert.equal(vm.cgroup?.cpuMax, 1.5);
  assert.equal(vm.memoryLocked, true);
  const tcg = vmNamed(modelOf(imported('kvm: 0\nmemory: 1024\ncores: 1\n')), '300');
  assert.equal(tcg.hypervisor.kind, 'qemu');
  assert.equal(tcg.hypervisor.virtualization, 'full');
  const v1 = imported('cpuunits: 20000\nmemory: 1024\ncores: 1\n');
  assert.match(v1, /cpu\.shares = 20000/);
  const flags = vmNamed(modelOf(imported('cpu: kvm64,flags=+vmx;+aes\nmemory: 1024\ncores: 1\n')), '300');
  assert.equal(flags.nested, true);
  assert.match(imported('memory: current=3072\ncores: 1\n'), /^\s*memory = 3GiB/m); // PVE 8.1's property form
  // A privileged container with Proxmox's drops: 41 − 14 default − 5 dropped = 22 capabilities beyond the default set, SYS_ADMIN in, SYS_MODULE out.
  const privileged = containerNamed(modelOf(imported('hostname: ct\nmemory: 512\n', '302.conf')), '302');
  assert.equal(privileged.capabilities.length, 22);
  assert.ok(privileged.capabilities.includes('SYS_ADMIN') && !privileged.capabilities.includes('SYS_MODULE'));
  // lxc.cap.drop: kernel names are kept (upper-cased), others listed (LXC would refuse them).
  const drops = imported('hostname: ct\nmemory: 512\nlxc.cap.drop: sys_admin\nlxc.cap.drop: net_raw no_such_cap\n', '301.conf');
  assert.deepEqual(containerNamed(modelOf(drops), '301').capDrop, ['SYS_ADMIN', 'NET_RAW']);
  assert.match(drops, /# not imported: lxc\.cap\.drop: NO_SUCH_CAP — not capability names of the kernel/);
  // Per-device limits are listed, not dropped.
  const limited = imported('cores: 1\nmemory: 1024\nscsi0: local-lvm:vm-300-disk-0,iops_rd=500,mbps_wr=100,size=8G\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0,rate=12.5\n');
  assert.deepEqual(notImportedFields(limited), ['scsi0 iops_rd=500,mbps_wr=100', 'net0 rate=12.5']);
  // Qemu or LXC: the keys decide over the path; with only shared keys, the path.
  assert.match(importTopology([{ name: '/etc/pve/lxc/150.conf', text: 'cores: 2\nmemory: 1024\nsockets: 1\n' }], { hardware: HARDWARE }).text, /^\s*vm 150 \{/m);
  assert.match(importTopology([{ name: '/etc/pve/lxc/151.conf', text: 'cores: 2\nmemory: 1024\n' }], { hardware: HARDWARE }).text, /^\s*container 151 \{/m);
  assert.match(importTopology([{ name: '/srv/152.conf', text: 'cores: 2\nmemory: 1024\n' }], { hardware: HARDWARE }).text, /^\s*vm 152 \{/m);
  // An unknown key is listed as one, never taken for a setting.
  assert.match(imported('memory: 1024\ncores: 1\nfrobnicate: 7\n'), /# not imported: frobnicate: 7 — not an option of qm.conf\(5\)/);
});

test('Proxmox output is deterministic and formatted (format(output) === output)', () => {
  const files = [VM101, VM102, CT200, CT201];
  const a = importCli(files).text;
  assert.equal(a, importCli(files).text);
  assert.equal(formatText(a), a);
});

test('input that is not a Proxmox config: not detected, or one line and exit 2', () => {
  // key: value lines without any Proxmox option are not taken for one.
  assert.match(refused([write('settings.conf', 'colour: blue\nsize: large\n')]), /not a format vmx import reads/);
  assert.match(refused(['--from', 'proxmox', write('settings2.conf', 'colour: blue\nsize: large\n')]), /no qm\.conf\(5\) or pct\.conf\(5\) option in it/);
  // A line that is no key: value, # comment or [section] is refused with its line.
  assert.match(refused(['--from', 'proxmox', write('broken.conf', 'memory: 1024\ncores: 2\nthis is not a config line\n')]), /broken\.conf:3: not a Proxmox config line/);
  assert.match(refused([write('broken2.conf', 'memory: 1024\ncores: 2\n{"json": true}\n')]), /not a format vmx import reads/);
  // Values Proxmox would refuse.
  assert.match(refused([write('100.conf', 'memory: lots\ncores: 2\n')]), /100\.conf:1: memory: 'lots' is not a size in MiB/);
  assert.match(refused([write('101.conf', 'memory: 1024\naffinity: 0-3,x\n')]), /101\.conf:2: affinity: '0-3,x' is not a CPU list/);
  assert.match(refused([write('102.conf', 'memory: 1024\ncores: 2\ncpulimit: -1\n')]), /102\.conf:3: cpulimit/);
  assert.match(refused([write('104.conf', 'memory: 1024\ncores: 128\nsockets: 64\n')]), /104\.conf: 8192 vCPUs \(cores 128 × sockets 64\): more than 4096/);
  assert.match(refused([write('204.conf', 'hostname: a\nmemory: 0\n')]), /204\.conf:2: memory: '0' is not a size in MiB \(16 to 8589934591\)/);
  assert.match(refused([write('105.conf', 'memory: 99999999999\ncores: 2\n')]), /105\.conf:1: memory: '99999999999' is not a size in MiB \(16 to 8589934591\)/); // beyond exact bytes
  assert.match(refused([write('205.conf', 'hostname: a\nmemory: 512\nmp0: local-lvm:vm-205-disk-1,mp=/srv,size=99999999999T\n')]), /205\.conf:3: mp0: size '99999999999T' is not a size/);
  assert.match(refused([write('203.conf', 'hostname: a\nmemory: 512\nmp0: /srv,mp=srv\n')]), /203\.conf:3: mp0: .* needs a volume and mp=\/ABSOLUTE\/PATH/);
  assert.match(refused(['--from', 'proxmox', write('bin.conf', Buffer.from([0x6d, 0x3a, 0x00, 0xff]))]), /binary data/);
});

test('mutated Proxmox configs (characters, and numbers replaced by 0, -1, huge, a word): refused in one line (an ImportError) or imported without syntax, schema, reference or limit errors (VMX100–VMX107, VMX111); never a crash', () => {
  let read = 0;
  for (const file of [VM101, VM102, CT200, CT201]) {
    const original = readFileSync(file, 'utf8');
    for (const text of [...mutations(original, 60, 11), ...numberSubstitutions(original, 3)]) {
      let out: string;
      try {
        out = importTopology([{ name: 'm.conf', text }], { from: 'proxmox', hardware: HARDWARE }).text;
      } catch (e) {
        assert.ok(e instanceof ImportError, `not an ImportError: ${(e as Error).stack}`);
        assert.doesNotMatch(e.message, /\n/);
        continue;
      }
      read++;
      assert.deepEqual(check(out).diagnostics.filter((d) => /^VMX1(0[0-7]|11)$/.test(d.code)).map((d) => `${d.code} ${d.message}`), [], text);
    }
  }
  assert.ok(read > 40, `many mutations still import (${read})`);
});
