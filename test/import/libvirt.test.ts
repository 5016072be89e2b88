/**
 * vmx import --from libvirt (docs/import/libvirt.md) through the built CLI and
 * importTopology: exact values from domain XML modelled on virt-install's and
 * virt-manager's output, the findings the output gets, every unmapped element
 * listed, and bad XML (malformed, not a domain, an entity bomb, deep nesting)
 * refused in one line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { importTopology, ImportError } from '../../core/src/import';
import { check } from '../helpers';
import { formatText } from '../../core/src/ide/format';
import { hardwareLines } from '../../core/src/import/like';
import { codesOn, devicesOf, findings, fixture, importCli, LIKE, modelOf, mutations, noSchemaErrors, numberSubstitutions, notImportedFields, refused, stderrCount, vmNamed, write } from './libvirt-proxmox-helpers';

const GPU = fixture('libvirt-gpu-pinned.xml');
const WIN = fixture('libvirt-win10.xml');
const GiB = 1024 ** 3;

/** A domain around `body` (name, memory, vcpu given unless the body has them). */
function domain(body: string, type = 'kvm', name = 'd1'): string {
  const memory = /<memory[ >]/.test(body) ? '' : "<memory unit='KiB'>2097152</memory>";
  const vcpu = /<vcpu[ >]/.test(body) ? '' : '<vcpu>2</vcpu>';
  return `<domain type='${type}'><name>${name}</name>${memory}${vcpu}${body}</domain>\n`;
}

/** importTopology on one domain, with the --like host's hardware (8 CPUs, 64 GiB, vmx). */
const HARDWARE = hardwareLines(readFileSync(LIKE, 'utf8'), 'libvirt-host.vmx');
const imported = (xml: string) => importTopology([{ name: 'd.xml', text: xml }], { hardware: HARDWARE }).text;

test('libvirt GPU domain: vcpupin union, hugepages, host-passthrough + vmx, shares, per-vCPU quota, virtio disk, e1000 NIC, a GPU by VFIO', () => {
  const { text, stderr } = importCli([GPU]);
  const fs = findings(text);
  noSchemaErrors(fs);
  // A PCI device assigned to a KVM VM is fine: VMX205 is Hyper-V's DDA rule.
  assert.ok(!fs.some((f) => f.code === 'VMX205'), 'no VMX205 on KVM');
  const vm = vmNamed(modelOf(text), 'ml-train01');
  assert.equal(vm.hypervisor.kind, 'kvm');
  assert.equal(vm.vcpus, 4);
  assert.equal(vm.memory, 8 * GiB); // 8388608 KiB
  assert.match(text, /^\s*memory = 8GiB$/m);
  assert.deepEqual(vm.pin, [2, 3, 6, 7]); // vcpupin 0→2, 1→3, 2→6, 3→7
  assert.equal(vm.memoryLocked, true); // <hugepages>
  assert.equal(vm.nested, true); // <feature policy='require' name='vmx'/>
  assert.equal(vm.weight, 2048); // <shares>
  assert.equal(vm.cgroup?.cpuMax, 2); // 4 vCPUs × 50000 / 100000
  assert.equal(vm.balloon, false); // currentMemory = memory
  assert.equal(vm.guest?.kind, 'linux'); // libosinfo ubuntu 22.04
  assert.equal(vm.labels['libvirt.uuid'], '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
  assert.equal(vm.labels['libvirt.title'], 'GPU training node');
  assert.deepEqual(devicesOf(vm), [
    ['vda', 'paravirtual'],
    ['sda', 'emulated'],
    ['net0', 'emulated'],
    ['pci-0000:41:00.0', 'direct'],
  ]);
  // Every element with no place in a topology is listed, once per kind.
  const fields = notImportedFields(text);
  assert.deepEqual(fields, [
    'devices/memballoon (virtio)', // listed with the memory it would balloon
    "cpu mode='host-passthrough' (topology)",
    'cputune/emulatorpin',
    'os/loader, nvram, boot',
    'on_poweroff, on_reboot, on_crash',
    'resource',
    'features',
    'clock',
    'pm',
    'seclabel',
    'devices/emulator',
    'devices/controller (usb, pci, sata)',
    'devices/serial (pty)',
    'devices/console (pty)',
    'devices/channel (unix)',
    'devices/input (tablet, mouse, keyboard)',
    'devices/graphics (vnc)',
    'devices/video',
    'devices/rng (virtio)',
  ]);
  assert.equal(stderrCount(stderr), 19);
  assert.match(stderr, /1 file \(libvirt\)/);
});

test('libvirt Windows domain: guest from libosinfo metadata, balloon from currentMemory, pin from <vcpu cpuset>, SATA disks emulated', () => {
  const { text, stderr } = importCli([WIN]);
  noSchemaErrors(findings(text));
  const vm = vmNamed(modelOf(text), 'win10-desk');
  assert.equal(vm.guest?.kind, 'windows'); // http://microsoft.com/win/10
  assert.equal(vm.vcpus, 4);
  assert.equal(vm.balloon, true);
  assert.equal(vm.memory, 4 * GiB); // <currentMemory unit='MiB'>4096
  assert.equal(vm.memoryMax, 8 * GiB); // <memory unit='GiB'>8
  assert.deepEqual(vm.pin, [4, 5, 6, 7]); // cpuset='4-7'
  assert.equal(vm.nested, false); // host-model: vmx not asked for
  assert.deepEqual(devicesOf(vm), [
    ['sda', 'emulated'],
    ['sdb', 'emulated'],
    ['net0', 'paravirtual'],
  ]);
  assert.deepEqual(notImportedFields(text), ["cpu mode='host-model'", 'features', 'clock', 'devices/emulator', 'devices/graphics (spice)', 'devices/video', 'devices/tpm (tpm-crb)']);
  assert.equal(stderrCount(stderr), 7);
});

test('two libvirt domains in one kvm hypervisor: pins overlapping on CPUs 6 and 7 are VMX302 on both', () => {
  const { text, stderr } = importCli([GPU, WIN]);
  assert.equal((text.match(/^\s*hypervisor kvm \{/gm) ?? []).length, 1);
  const fs = findings(text);
  noSchemaErrors(fs);
  assert.deepEqual(codesOn(fs, 'ml-train01'), ['VMX302']);
  assert.deepEqual(codesOn(fs, 'win10-desk'), ['VMX302']);
  assert.equal(stderrCount(stderr), 26); // 19 + 7
});

test('a domain with more vCPUs than the --like host has logical CPUs is VMX310', () => {
  const file = write('big.xml', domain("<vcpu placement='static'>12</vcpu>", 'kvm', 'big'));
  const fs = findings(importCli([file]).text);
  noSchemaErrors(fs);
  assert.deepEqual(codesOn(fs, 'big'), ['VMX310']); // 12 > 8
});

test('libvirt memory units are exact: KB and MB are powers of 1000, k/KiB, M/MiB, G/GiB of 1024, b bytes, none KiB', () => {
  const cases: [string, number][] = [
    ["<memory unit='KB'>4000000</memory>", 4e9],
    ["<memory unit='MB'>2048</memory>", 2048e6],
    ["<memory unit='M'>1536</memory>", 1536 * 1024 ** 2],
    ["<memory unit='G'>3</memory>", 3 * GiB],
    ["<memory unit='GB'>3</memory>", 3e9],
    ["<memory unit='b'>1073741824</memory>", GiB],
    ["<memory unit='TiB'>1</memory>", 1024 * GiB],
    ['<memory>1048576</memory>', GiB],
  ];
  for (const [xml, bytes] of cases) {
    const text = imported(domain(xml));
    assert.equal(vmNamed(modelOf(text), 'd1').memory, bytes, xml);
  }
  // Exact in the largest binary unit that divides it, else plain bytes.
  assert.match(imported(domain("<memory unit='MB'>2048</memory>")), /^\s*memory = 2000000KiB$/m); // 2048e6 = 2000000 × 1024
  assert.match(imported(domain("<memory unit='MB'>1000</memory>")), /^\s*memory = 1000000000$/m); // 1e9 is not a whole number of KiB
});

test('XML character references are decoded (entity processing is off, the five predefined entities and &#…; are not expansion)', () => {
  const text = imported(domain("<title>R&amp;D &lt;lab&gt; &#8211; &quot;gpu&quot; &#x2713; &bogus;</title><devices><disk type='file' device='disk'><source file='/img/a&amp;b.qcow2'/><target dev='vda' bus='virtio'/></disk></devices>"));
  assert.equal(vmNamed(modelOf(text), 'd1').labels['libvirt.title'], 'R&D <lab> – "gpu" ✓ &bogus;');
  assert.match(text, /virtio disk, \/img\/a&b\.qcow2/);
});

test('pins: a cpuset with an exclusion; vcpupin that leaves a vCPU unpinned writes no pin and says why', () => {
  assert.deepEqual(vmNamed(modelOf(imported(domain("<vcpu cpuset='0-7,^3'>2</vcpu>"))), 'd1').pin, [0, 1, 2, 4, 5, 6, 7]);
  const partial = imported(domain("<vcpu>4</vcpu><cputune><vcpupin vcpu='0' cpuset='1'/><vcpupin vcpu='1' cpuset='2'/></cputune>"));
  assert.equal(vmNamed(modelOf(partial), 'd1').pin, undefined);
  assert.match(partial, /# not imported: cputune\/vcpupin \(0→1, 1→2\) — vCPUs 2, 3 have no pin and run on any CPU/);
  // vCPUs without a vcpupin take <vcpu cpuset>.
  assert.deepEqual(vmNamed(modelOf(imported(domain("<vcpu cpuset='6-7'>3</vcpu><cputune><vcpupin vcpu='0' cpuset='1'/></cputune>"))), 'd1').pin, [1, 6, 7]);
});

test('cputune bandwidth: a period other than 100ms is kept as "QUOTA PERIOD"; global_quota caps the whole VM; shares above 10000 are cgroup v1 cpu.shares', () => {
  const perVcpu = imported(domain('<cputune><period>1000000</period><quota>250000</quota></cputune>'));
  assert.match(perVcpu, /cpu\.max = "500000 1000000"/); // 2 vCPUs × 250000 µs per 1 s
  assert.equal(vmNamed(modelOf(perVcpu), 'd1').cgroup?.cpuMax, 0.5);
  const global = imported(domain('<cputune><quota>80000</quota><global_quota>50000</global_quota></cputune>'));
  assert.equal(vmNamed(modelOf(global), 'd1').cgroup?.cpuMax, 0.5); // min(2 × 0.8, 0.5)
  const v1 = imported(domain('<cputune><shares>20480</shares></cputune>'));
  assert.match(v1, /cpu\.shares = 20480/);
  assert.equal(vmNamed(modelOf(v1), 'd1').weight, 100);
});

test('memtune and blkiotune become the VM cgroup; <locked/> locks memory; <currentMemory> without a balloon device is listed', () => {
  const text = imported(domain("<memtune><hard_limit unit='GiB'>3</hard_limit><soft_limit unit='MiB'>2560</soft_limit><swap_hard_limit unit='GiB'>4</swap_hard_limit></memtune><blkiotune><weight>500</weight></blkiotune><memoryBacking><locked/><nosharepages/></memoryBacking>"));
  const vm = vmNamed(modelOf(text), 'd1');
  assert.equal(vm.cgroup?.memoryMax, 3 * GiB);
  assert.equal(vm.cgroup?.memoryHigh, 2560 * 1024 ** 2);
  assert.equal(vm.memoryLocked, true);
  assert.deepEqual(notImportedFields(text), ['memoryBacking/nosharepages', 'memtune/swap_hard_limit']);
  const noBalloon = imported(domain("<memory unit='GiB'>4</memory><currentMemory unit='GiB'>2</currentMemory><devices><memballoon model='none'/></devices>"));
  const vm2 = vmNamed(modelOf(noBalloon), 'd1');
  assert.equal(vm2.balloon, false);
  assert.equal(vm2.memory, 4 * GiB);
  assert.deepEqual(notImportedFields(noBalloon), ['currentMemory 2GiB']);
});

test('domain types: qemu is TCG (hypervisor qemu, full virtualization), Xen PV is para, an SR-IOV interface is sriov, per-device limits are listed, libvirt-lxc is not imported', () => {
  const tcg = modelOf(imported(domain('')));
  assert.equal(tcg.vms[0].hypervisor.kind, 'kvm');
  const qemu = vmNamed(modelOf(imported(domain('', 'qemu'))), 'd1');
  assert.equal(qemu.hypervisor.kind, 'qemu');
  assert.equal(qemu.hypervisor.virtualization, 'full');
  const pv = vmNamed(modelOf(imported(domain('<os><type>linux</type></os>', 'xen'))), 'd1');
  assert.equal(pv.hypervisor.virtualization, 'para');
  const vf = imported(domain("<devices><interface type='hostdev' managed='yes'><source><address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source></interface><interface type='network'><source network='default'/></interface></devices>"));
  assert.deepEqual(devicesOf(vmNamed(modelOf(vf), 'd1')), [
    ['net0', 'sriov'],
    ['net1', 'emulated'], // no <model>: QEMU's default NIC
  ]);
  const limited = imported(domain("<devices><disk type='file' device='disk'><target dev='vdb' bus='virtio'/><iotune><total_iops_sec>2000</total_iops_sec><write_bytes_sec>52428800</write_bytes_sec></iotune></disk><interface type='bridge'><source bridge='br0'/><model type='virtio'/><bandwidth><inbound average='1000'/></bandwidth></interface></devices>"));
  assert.deepEqual(notImportedFields(limited), ['devices/disk vdb iotune (total_iops_sec 2000, write_bytes_sec 52428800)', 'devices/interface net0 bandwidth']);
  const lxc = importTopology([{ name: 'c.xml', text: domain('', 'lxc', 'ct1') }], { hardware: HARDWARE });
  assert.doesNotMatch(lxc.text, /hypervisor/);
  assert.match(lxc.text, /# not imported: domain ct1 \(type='lxc'\) — a libvirt-lxc container, not a VM/);
  assert.equal(lxc.notImported, 1);
});

test('libvirt output is deterministic and formatted (format(output) === output)', () => {
  const a = importCli([GPU, WIN]).text;
  const b = importCli([GPU, WIN]).text;
  assert.equal(a, b);
  assert.equal(formatText(a), a);
});

test('bad libvirt input is one line on stderr and exit 2', () => {
  // Malformed: an unclosed element, named with its line.
  const malformed = write('bad.xml', "<domain type='kvm'>\n  <name>x</name>\n  <memory>1</memory\n</domain>\n");
  assert.match(refused([malformed]), /bad\.xml:3: not well-formed XML/);
  // An XML root that is not <domain> is not detected as libvirt (a libvirt network definition).
  const network = write('net.xml', "<network><name>default</name><forward mode='nat'/></network>\n");
  assert.match(refused([network]), /not a format vmx import reads/);
  assert.match(refused(['--from', 'libvirt', network]), /root is <network>, not a libvirt <domain>/);
  // Billion laughs: refused before parsing, nothing expanded.
  const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
  const bomb = write('bomb.xml', `<?xml version="1.0"?><!DOCTYPE domain [${lol}]><domain type='kvm'><name>&lol9;</name><memory>1048576</memory></domain>`);
  assert.match(refused([bomb]), /DOCTYPE or entity declarations; refused/);
  // Nesting no domain has.
  const deep = (levels: number) => write(`deep${levels}.xml`, `<domain type='kvm'><name>x</name><memory>1048576</memory><metadata>${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}</metadata></domain>`);
  assert.match(refused([deep(100)]), /nested deeper than 64 levels/);
  assert.match(refused([deep(100000)]), /nested deeper than 64 levels/);
  assert.match(importCli([deep(60)]).text, /# not imported: metadata\/a — application metadata/); // 63 levels: read
  // Garbage and binary.
  assert.match(refused(['--from', 'libvirt', write('garbage.xml', '<<<>>>&&&')]), /garbage\.xml:\d+: not well-formed XML/);
  assert.match(refused([write('bin.xml', Buffer.from([0x3c, 0x64, 0x00, 0xff, 0xfe]))]), /binary data/);
  assert.match(refused([write('many.xml', domain('<vcpu>5000</vcpu>'))]), /<vcpu> 5000 \(current 5000\) is not a vCPU count from 1 to 4096/);
  // A domain libvirt itself would refuse: no <memory>.
  assert.match(refused([write('nomem.xml', "<domain type='kvm'><name>x</name></domain>")]), /without <memory>/);
});

test('mutated libvirt domains (characters, and numbers replaced by 0, -1, huge, a word): refused in one line (an ImportError) or imported without syntax, schema, reference or limit errors (VMX100–VMX107, VMX111); never a crash', () => {
  let read = 0;
  for (const file of [GPU, WIN]) {
    const original = readFileSync(file, 'utf8');
    for (const text of [...mutations(original, 120, 7), ...numberSubstitutions(original, 4)]) {
      let out: string;
      try {
        out = importTopology([{ name: 'm.xml', text }], { from: 'libvirt', hardware: HARDWARE }).text;
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
