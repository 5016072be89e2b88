// The import framework (core/src/import): the printer writes our own syntax
// (it parses back to what was put in), values are exact, several inputs
// merge into one host, and what cannot be read is one ImportError line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../core/src/syntax/parser';
import { tokenize, unquote } from '../../core/src/syntax/lexer';
import { BlockNode } from '../../core/src/syntax/ast';
import { attr, block, exactBytes, exactCpus, str, word } from '../../core/src/import/tree';
import { printTopology, quote, labelText, valueText } from '../../core/src/import/print';
import { hardwareLines } from '../../core/src/import/like';
import { detectFormat, importTopology, ImportError, MAX_IMPORT_BYTES } from '../../core/src/import';

test('quote: every string, control characters and quotes included, reads back unchanged through the lexer', () => {
  for (const s of ['plain', 'with "quotes"', 'back\\slash', 'tab\there', 'line\nbreak', 'nul\u0000bell\u0007', 'ünïcødé ✓', '']) {
    const tokens = tokenize(quote(s));
    assert.equal(tokens.errors.length, 0, s);
    assert.equal(tokens.tokens.length, 1, s);
    assert.equal(unquote(tokens.tokens[0].image), s);
  }
});

test('labels: identifiers as they are, numbers bare (a Proxmox VMID), anything else and keywords quoted', () => {
  assert.equal(labelText('web-1'), 'web-1');
  assert.equal(labelText(101), '101');
  assert.equal(labelText('my app'), '"my app"');
  assert.equal(labelText('true'), '"true"');
  assert.equal(labelText('9lives'), '"9lives"');
});

test('exactBytes: the largest binary unit that divides, else bytes; exactCpus: CPUs or milli-CPUs', () => {
  assert.equal(valueText(exactBytes(536870912)), '512MiB');
  assert.equal(valueText(exactBytes(1610612736)), '1536MiB');
  assert.equal(valueText(exactBytes(1073741824)), '1GiB');
  assert.equal(valueText(exactBytes(1000000000)), '1000000000');
  assert.equal(valueText(exactBytes(Infinity)), 'max');
  assert.equal(valueText(exactCpus(0.5)), '500m');
  assert.equal(valueText(exactCpus(2)), '2');
  assert.equal(valueText(exactCpus(0.0005)), '0.0005');
});

test('printTopology: formatted text that parses, with the comments in place and on one line each', () => {
  const c = block('container', 'web', [attr('image', str('nginx:1.27'), 'from\nthe compose file'), attr('privileged', word('true'))]);
  c.notImported = [{ field: 'ports', why: 'networking is not modelled' }];
  const text = printTopology(block('topology', 't', [], [block('host', 'h', [], [c])]), ['header']);
  const tree = parse(text);
  assert.deepEqual(tree.errors, []);
  assert.match(text, /^# header\ntopology t \{\n  host h \{\n    container web \{\n      image = "nginx:1\.27" # from the compose file\n/);
  assert.match(text, /\n      # not imported: ports — networking is not modelled\n/);
  const host = (tree.items[0] as BlockNode).items[0] as BlockNode;
  assert.equal((host.items[0] as BlockNode).label?.text, 'web');
});

test('hardwareLines (--like): the first host’s memory, swap, cpu, disk, nic and os, as written; nothing else', () => {
  const like = 'topology x {\n  host rack {\n    memory = 64GiB\n    cpu { cores = 16 threads = 2 }\n    container c { image = "x" }\n    os linux { cgroup = v2 }\n  }\n}\n';
  assert.deepEqual(hardwareLines(like, 'like.vmx'), ['memory = 64GiB', 'cpu { cores = 16 threads = 2 }', 'os linux { cgroup = v2 }']);
  assert.throws(() => hardwareLines('topology x { }', 'empty.vmx'), (e: Error) => e instanceof ImportError && /no host block/.test(e.message));
});

test('detectFormat: input of no known format is one ImportError line that names the formats and --from', () => {
  assert.throws(() => detectFormat({ name: 'notes.txt', text: 'just some words\n' }), (e: Error) => e instanceof ImportError && !e.message.includes('\n') && /--from/.test(e.message));
});

test('importTopology: inputs over the size limit are refused before any parsing', () => {
  const big = 'x'.repeat(MAX_IMPORT_BYTES + 1);
  assert.throws(() => importTopology([{ name: 'big.yaml', text: big }]), (e: Error) => e instanceof ImportError && /larger than 32 MiB/.test(e.message));
});

test('several inputs: a name taken by another input gets a suffix, and its own references follow it; levels (kubepods, hypervisor kvm) merge', () => {
  const compose = (image: string) => `services:\n  web:\n    image: ${image}\n    volumes: ["data:/srv"]\n  cache:\n    image: redis:7\n    network_mode: "service:web"\nvolumes:\n  data: {}\n`;
  const { text } = importTopology([
    { name: 'a/compose.yaml', text: compose('nginx:1.27') },
    { name: 'b/compose.yaml', text: compose('httpd:2.4') },
  ]);
  const tree = parse(text);
  assert.deepEqual(tree.errors, []);
  // The second file's web is web-2 and mounts its own data (data-2); its cache joins web-2, not the first file's web.
  assert.match(text, /container web-2 \{[^}]*image = "httpd:2\.4"/);
  assert.match(text, /container cache-2 \{[\s\S]*?net = container\("web-2"\)/);
  assert.match(text, /container web-2 \{[\s\S]*?source = volume\("data-2"\)/);
  assert.match(text, /container cache \{[\s\S]*?net = container\("web"\)/);
  const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
  const k8s = importTopology([
    { name: 'one.yaml', text: pod('alpha') },
    { name: 'two.yaml', text: pod('beta') },
  ]).text;
  assert.equal(k8s.match(/group kubepods \{/g)?.length, 1, k8s);
  assert.match(k8s, /pod alpha \{/);
  assert.match(k8s, /pod beta \{/);
  assert.doesNotMatch(k8s, /kubepods-2/);
});

test('several inputs: a merged level keeps one cgroup block (two files with BestEffort pods: one besteffort group, one cpu.weight)', () => {
  const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
  const text = importTopology([
    { name: 'one.yaml', text: pod('alpha') },
    { name: 'two.yaml', text: pod('beta') },
  ]).text;
  const besteffort = /group besteffort \{([\s\S]*?)\n {6}\}/.exec(text)?.[1] ?? '';
  assert.equal(text.match(/group besteffort \{/g)?.length, 1, text);
  assert.equal((besteffort.match(/cgroup \{/g) ?? []).length, 1, besteffort);
  assert.deepEqual(parse(text).errors, []);
});

test('the printer writes the formatter’s layout itself: every fixture of every format imports to text the formatter leaves as it is', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { formatText } = await import('../../core/src/ide/format');
  const dir = join(import.meta.dirname, '../fixtures/import');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (!n.endsWith('.vmx')) files.push(p);
    }
  };
  walk(dir);
  assert.ok(files.length >= 20, `fixtures: ${files.length}`);
  for (const f of files) {
    const name = f.slice(dir.length + 1);
    let text: string;
    try {
      text = importTopology([{ name, text: readFileSync(f, 'utf8') }]).text;
    } catch (e) {
      if (e instanceof ImportError) continue; // a fixture of refused input
      throw e;
    }
    assert.equal(formatText(text), text, name);
    assert.deepEqual(parse(text).errors, [], name);
  }
});

test('several inputs: a TCG (qemu) domain beside KVM ones is written under the one kvm hypervisor; a second hypervisor of another kind is one line', () => {
  const domain = (type: string, name: string) => `<domain type='${type}'><name>${name}</name><memory unit='GiB'>2</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;
  const { text } = importTopology([
    { name: 'a.xml', text: domain('kvm', 'fast') },
    { name: 'b.xml', text: domain('qemu', 'slow') },
  ]);
  assert.equal(text.match(/hypervisor /g)?.length, 1, text);
  assert.match(text, /hypervisor kvm \{[\s\S]*vm fast \{[\s\S]*# a qemu \(TCG\) domain[^\n]*\n\s*vm slow \{/);
  // The other order: the kvm domain still makes the hypervisor kvm, without the TCG domain's virtualization = full.
  const reversed = importTopology([
    { name: 'b.xml', text: domain('qemu', 'slow') },
    { name: 'a.xml', text: domain('kvm', 'fast') },
  ]).text;
  assert.equal(reversed.match(/hypervisor /g)?.length, 1, reversed);
  assert.match(reversed, /hypervisor kvm \{/);
  assert.doesNotMatch(reversed, /virtualization = full/);
  assert.throws(
    () => importTopology([{ name: 'a.xml', text: domain('kvm', 'fast') }, { name: 'x.xml', text: domain('xen', 'pv') }]),
    (e: Error) => e instanceof ImportError && /one hypervisor/.test(e.message) && !e.message.includes('\n'),
  );
});
