/**
 * Editor features on the §3.1 kinds: hovers show a group's cgroup path, a
 * pod's QoS (derived, or written and compared), the namespaces a pod's
 * containers share, where a container's CPU weight comes from, and labels;
 * completion offers the new kinds and attributes where the schema puts them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../core/src/ide/hover';
import { completeAt } from '../../core/src/ide/completion';
import { check, inHost } from '../helpers';

const HARD = 'user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true';
const TEXT = inHost(`    group kubepods {
      group burstable {
        pod web {
          labels { app = "web"; "app.kubernetes.io/part-of" = "shop" }
          container nginx {
            ${HARD}
            requests { cpu = 250m; memory = 64Mi }
            cgroup { memory.max = 128Mi; pids.max = 100 }
          }
        }
        pod fixed {
          qos = guaranteed
          container c { ${HARD}; requests { cpu = 100m } }
        }
      }
    }`);

function hover(needle: string, delta = 0): string {
  const r = check(TEXT);
  const file = r.model!.files.get('file:///t/main.vmx')!;
  const at = TEXT.indexOf(needle);
  assert.ok(at >= 0, needle);
  return hoverAt(file, r.model, at + delta)?.markdown ?? '';
}

test("a group's hover gives its id and cgroup path", () => {
  const md = hover('group burstable', 1);
  assert.match(md, /\*\*Id\*\* `h1\/kubepods\/burstable`/);
  assert.match(md, /\*\*cgroup path\*\* `kubepods\/burstable`: 0 groups, 2 pods, 0 containers directly beneath/);
});

test("a pod's hover: derived QoS, shared namespaces, labels", () => {
  const md = hover('pod web', 1);
  // One container with requests below no limit at all on CPU: burstable.
  assert.match(md, /\*\*QoS\*\* `burstable` — derived from its containers' requests and limits/);
  assert.match(md, /share net, ipc, uts with each other \(the pause container's\), not with the host/);
  assert.match(md, /\*\*Labels\*\* `app` = `"web"` · `app\.kubernetes\.io\/part-of` = `"shop"`/);
  // The pod's own weight: 250m → 256 shares → weight 10.
  assert.match(md, /\*\*cpu\.weight\*\* 10, from its CPU requests \(kubelet: 256 shares; runc: weight 10\)/);
});

test('a written qos is compared with what the requests and limits give', () => {
  assert.match(hover('pod fixed', 1), /\*\*QoS\*\* `guaranteed` — as written; its containers’ requests and limits would make it `burstable`/);
  assert.match(hover('qos = guaranteed', 1), /\*\*QoS\*\* `guaranteed` — as written/);
});

test("a container's hover names its pod and where its weight comes from", () => {
  const md = hover('container nginx', 1);
  assert.match(md, /\*\*Id\*\* `h1\/kubepods\/burstable\/web\/nginx`/);
  assert.match(md, /\*\*Pod\*\* `web` \(burstable\): shares its net, ipc, uts namespaces/);
  assert.match(md, /\*\*Requests\*\* 0\.25 CPUs, 64MiB memory/);
  assert.match(md, /\*\*cpu\.weight\*\* 10, from its CPU requests/);
});

test('hovering labels { … } shows the labels of what holds it', () => {
  assert.match(hover('labels {', 1), /pod `h1\/kubepods\/burstable\/web`: \*\*Labels\*\* `app` = `"web"`/);
});

test('completion offers group, pod, labels and requests where the schema allows them', () => {
  const inHostBody = inHost('    \n');
  const at = inHostBody.indexOf('    \n') + 4;
  const hostItems = completeAt(inHostBody, at).map((e) => e.label);
  for (const k of ['group', 'pod', 'labels']) assert.ok(hostItems.includes(k), `${k} in host: ${hostItems.join(' ')}`);
  const podText = inHost('    pod p {\n      \n    }');
  const podItems = completeAt(podText, podText.indexOf('      \n') + 6).map((e) => e.label);
  for (const k of ['container', 'share_pid', 'qos', 'volume', 'cgroup', 'labels']) assert.ok(podItems.includes(k), `${k} in pod: ${podItems.join(' ')}`);
  assert.ok(!podItems.includes('pod'), 'no pod inside a pod');
  const cText = inHost('    container c {\n      \n    }');
  assert.ok(completeAt(cText, cText.indexOf('      \n') + 6).map((e) => e.label).includes('requests'));
});

test('container("…") completion finds the containers of the kernel in its groups and pods; volume("…") the pod’s first', () => {
  const text = inHost(`    volume host-data { path = "/srv" }
    group kubepods {
      pod a { container a1 { } }
      group burstable { pod b { container b1 { } } }
    }
    pod c {
      volume scratch { }
      container c1 {
        namespaces { ipc = container("") }
        mount m { source = volume("") }
      }
    }`);
  const inCall = (needle: string) => completeAt(text, text.indexOf(needle) + needle.length - 2).map((e) => e.label);
  assert.deepEqual(inCall('container("")').sort(), ['a1', 'b1']);
  assert.deepEqual(inCall('volume("")'), ['scratch', 'host-data']);
});

test('the outline nests groups and pods (module, object) and workspace symbols name them by id', async () => {
  const { documentSymbols, workspaceSymbols } = await import('../../core/src/ide/symbols');
  const r = check(TEXT);
  const file = r.model!.files.get('file:///t/main.vmx')!;
  const host = documentSymbols(file.ast)[0].children[0];
  const group = host.children.find((s) => s.name === 'kubepods')!;
  assert.equal(group.kind, 'module');
  const pod = group.children[0].children.find((s) => s.name === 'web')!;
  assert.equal(pod.kind, 'object');
  assert.ok(pod.children.some((s) => s.name === 'nginx' && s.kind === 'struct'));
  const names = workspaceSymbols(r.model!, '').map((s) => `${s.kind} ${s.name}`);
  assert.ok(names.includes('module h1/kubepods/burstable'), names.join(', '));
  assert.ok(names.includes('object h1/kubepods/burstable/web'));
});

test('value hovers: a plain integer size is bytes; the kernel cpu.max string reads as quota, period and CPUs', () => {
  const text = inHost(`    container c { cgroup { memory.max = 1073741824; cpu.max = "25000 50000" } }`);
  const r = check(text);
  const file = r.model!.files.get('file:///t/main.vmx')!;
  const at = (needle: string) => hoverAt(file, r.model, text.indexOf(needle) + 1)?.markdown ?? '';
  assert.equal(at('1073741824'), '`1073741824`: bytes = 1GiB');
  assert.equal(at('"25000 50000"'), "The kernel's `cpu.max`: 25000 µs of CPU time per 50000 µs period = 0.5 CPUs (a 50ms period instead of the default 100ms)");
});
