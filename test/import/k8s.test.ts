// vmx import --from k8s through the real CLI and the core: realistic
// manifests (test/fixtures/import/k8s/, modelled on calico-node,
// node-exporter, a PostgreSQL StatefulSet, a CI runner, a CronJob, a
// multi-document app, a kubectl List) become topologies that check without
// syntax or schema errors, carry the findings the manifests deserve, and
// keep every value exactly; bad input is one line and exit 2, mutated input
// never a crash. Expected figures are derived by hand in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { check, ROOT, runCli } from '../helpers';
import { findings, Finding } from './findings';
import { importTopology, ImportError } from '../../core/src/import';
import { k8sImporter } from '../../core/src/import/formats/k8s';
import { bytesOf, isQuantity, milliOf, parseQuantity, add, Quantity } from '../../core/src/import/formats/k8s/quantity';
import { formatText } from '../../core/src/ide/format';
import { Container, Model, Pod } from '../../core/src/model/types';

const FIX = join(ROOT, 'test', 'fixtures', 'import', 'k8s');
const LIKE = join(FIX, 'like.vmx');
const tmp = mkdtempSync(join(tmpdir(), 'vmx-k8s-test-'));

/** `vmx import --like like.vmx FILES…`: the topology text (exit 0 asserted). */
function importFiles(...files: string[]): string {
  const r = runCli(['import', '--like', LIKE, ...files.map((f) => (f.startsWith('/') ? f : join(FIX, f)))]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\(k8s(, k8s)*\)/);
  return r.stdout;
}

/** Writes `text` to a temporary file and returns its path. */
function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}



function noSchemaErrors(fs: Finding[]): void {
  assert.deepEqual(fs.filter((f) => /^VMX1\d\d$/.test(f.code)), [], 'no syntax, schema or reference diagnostics');
}

function has(fs: Finding[], code: string, container: string, line?: RegExp, severity?: string): void {
  const hit = fs.find((f) => f.code === code && f.container === container && (line === undefined || line.test(f.line)) && (severity === undefined || f.severity === severity));
  assert.ok(hit, `${code}${severity ? ` (${severity})` : ''} on ${container}${line ? ` at ${line}` : ''}; found ${JSON.stringify(fs.filter((f) => f.container === container).map((f) => `${f.code} ${f.severity} ${f.line}`))}`);
}

function model(text: string): Model {
  const r = check(text);
  assert.ok(r.model);
  return r.model;
}

function pod(m: Model, name: string): Pod {
  const p = m.pods.find((x) => x.name === name);
  assert.ok(p, `pod ${name}`);
  return p;
}

function container(p: Pod, name: string): Container {
  const c = p.containers.find((x) => x.name === name);
  assert.ok(c, `container ${name} in pod ${p.name}`);
  return c;
}

test('quantities: Kubernetes spellings read exactly and rounded up as Value()/MilliValue() do', () => {
  const q = (v: unknown): Quantity => {
    const r = parseQuantity(v);
    assert.ok(isQuantity(r), JSON.stringify(v));
    return r;
  };
  assert.equal(milliOf(q('500m')), 500);
  assert.equal(milliOf(q('2')), 2000);
  assert.equal(milliOf(q(2)), 2000);
  assert.equal(milliOf(q('0.5')), 500);
  assert.equal(milliOf(q(1.5)), 1500);
  assert.equal(milliOf(q('100.5m')), 101, 'below a milli-CPU rounds up');
  assert.equal(milliOf(add(q('0.1'), q('0.2'))), 300, 'fractions add exactly, no 300.00000000000004m');
  assert.equal(bytesOf(q('512Mi')), 536870912);
  assert.equal(bytesOf(q('1G')), 1000000000);
  assert.equal(bytesOf(q('128974848')), 128974848);
  assert.equal(bytesOf(q('129e6')), 129000000);
  assert.equal(bytesOf(q(129e6)), 129000000);
  assert.equal(bytesOf(q('123Mi')), 128974848);
  assert.equal(bytesOf(q('1.5Ki')), 1536);
  assert.equal(bytesOf(q('1500m')), 2, 'fractional bytes round up');
  assert.equal(bytesOf(q('8P')), 8e15, 'P is peta');
  assert.match((parseQuantity('1E') as { error: string }).error, /out of range/, 'E alone is exa, beyond 2^53: no exact number');
  assert.equal(bytesOf(q('1E3')), 1000, 'E with digits is an exponent');
  for (const bad of ['1.2.3', '-1', 'lots', '1ki', '1e', '', '1e400', true, null]) assert.ok(!isQuantity(parseQuantity(bad)), String(bad));
});

test('calico-node DaemonSet: privileged containers (VMX207), host network (VMX208), /sys/fs/bpf rshared (VMX210, VMX218); init containers first, marked', () => {
  const text = importFiles('calico-node.yaml');
  const fs = findings(text);
  noSchemaErrors(fs);
  for (const c of ['upgrade-ipam', 'install-cni', 'calico-node']) has(fs, 'VMX207', c, /^privileged = true$/);
  has(fs, 'VMX208', 'calico-node', /^net = host$/);
  has(fs, 'VMX208', 'calico-node', /^uts = host$/);
  has(fs, 'VMX210', 'calico-node', /"\/sys\/fs\/bpf"/, 'error');
  has(fs, 'VMX218', 'calico-node', /^propagation = rshared$/);
  assert.match(text, /# init container: runs to completion before the others start\n\s*container upgrade-ipam \{/);
  assert.ok(text.indexOf('container install-cni') < text.indexOf('container calico-node {'), 'init containers come first, in order');
  const p = pod(model(text), 'calico-node');
  assert.equal(p.qos, 'burstable', 'requests.cpu only');
  assert.equal(p.path, 'kubepods/burstable/calico-node');
  assert.equal(p.cgroup.cpuMax, Infinity, 'no pod limit: not every container declares one');
  const node = container(p, 'calico-node');
  assert.deepEqual(node.mounts.find((m) => m.name === 'lib-modules')?.mode, 'ro');
  assert.match(text, /# not imported: tolerations — scheduling: vmx models one host/);
  assert.match(text, /# not imported: DaemonSet spec selector, updateStrategy — /);
  assert.match(text, /"vmx\.import\/replicas" = "one per node"/);
});

test('node-exporter DaemonSet: host PID and network (VMX208), / read-only (VMX210 warning), runAsUser 65534 inherited from the pod (no VMX209)', () => {
  const text = importFiles('node-exporter.yaml');
  const fs = findings(text);
  noSchemaErrors(fs);
  for (const c of ['node-exporter', 'kube-rbac-proxy']) {
    has(fs, 'VMX208', c, /^pid = host$/);
    has(fs, 'VMX208', c, /^net = host$/);
    assert.ok(!fs.some((f) => f.code === 'VMX209' && f.container === c), `${c} does not run as root`);
  }
  has(fs, 'VMX210', 'node-exporter', /^source = "\/"$/, 'warning');
  const p = pod(model(text), 'node-exporter');
  const ne = container(p, 'node-exporter');
  assert.equal(ne.user.uid, 65534);
  assert.equal(container(p, 'kube-rbac-proxy').user.uid, 65534);
  assert.equal(ne.noNewPrivileges, true);
  assert.equal(ne.readOnlyRootfs, true);
  assert.deepEqual(ne.capDrop, ['ALL']);
  assert.deepEqual(ne.capabilities, ['SYS_TIME']);
  assert.equal(ne.mounts.find((m) => m.name === 'root')?.propagation, 'rslave', 'HostToContainer');
  assert.equal(container(p, 'kube-rbac-proxy').seccomp, 'runtime-default');
  assert.equal(p.qos, 'burstable');
  // Both containers declare both limits: the pod cgroup is their sum (250m + 20m, 180Mi + 40Mi).
  assert.equal(p.cgroup.cpuMax, 0.27);
  assert.equal(p.cgroup.memoryMax, 220 * 1024 * 1024);
  assert.match(text, /# not imported: hostPort 9100 — binds the node’s own port/);
  assert.match(text, /# not imported: securityContext\.runAsGroup — the primary group: vmx models the user, not groups/);
});

test('postgres StatefulSet: limits and requests exact (250m → weight 10 by the kubelet’s conversion), burstable, claim template as a sized pod volume', () => {
  const text = importFiles('postgres-statefulset.yaml');
  noSchemaErrors(findings(text));
  const p = pod(model(text), 'postgres');
  const c = container(p, 'postgres');
  assert.equal(c.cgroup.cpuMax, 1);
  assert.equal(c.cgroup.memoryMax, 1073741824);
  assert.equal(c.requests.cpu, 0.25);
  assert.equal(c.requests.memory, 536870912);
  // shares = 250 × 1024 / 1000 = 256; weight = 1 + (256 − 2) × 9999 / 262142 = 1 + 9 (integer division).
  assert.equal(c.cgroup.cpuWeight, 10);
  assert.equal(c.cgroup.weightSource, 'requests');
  assert.equal(c.user.uid, 999);
  assert.equal(p.qos, 'burstable');
  assert.equal(p.cgroup.cpuMax, 1);
  assert.equal(p.cgroup.memoryMax, 1073741824);
  assert.equal(p.volumes.find((v) => v.name === 'data')?.size, 20 * 1024 ** 3);
  assert.equal(c.mounts.find((m) => m.name === 'run')?.type, 'tmpfs', 'emptyDir medium Memory');
  assert.match(text, /requests \{\s*cpu = 250m\s*memory = 512MiB\s*\}/);
  assert.match(text, /"vmx\.import\/replicas" = "3"/);
  assert.match(text, /# StatefulSet db\/postgres\n\s*# 3 replicas of this pod, possibly on different nodes; one pod here represents the template\n/);
});

test('CI runner Deployment: the Docker socket (VMX210 error), Unconfined seccomp (VMX217), guaranteed directly under kubepods', () => {
  const text = importFiles('ci-runner.yaml');
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX210', 'runner', /^source = "\/var\/run\/docker\.sock"$/, 'error');
  has(fs, 'VMX217', 'runner', /^seccomp = unconfined$/);
  const p = pod(model(text), 'gitlab-runner');
  assert.equal(p.qos, 'guaranteed');
  assert.equal(p.path, 'kubepods/gitlab-runner');
  const c = container(p, 'runner');
  assert.equal(c.mounts.find((m) => m.name === 'config')?.mode, 'ro', 'a configMap is read-only whatever the mount says');
  assert.equal(c.mounts.find((m) => m.name === 'cache')?.mode, 'rw');
});

test('CronJob: the job template’s pod, BestEffort under kubepods/besteffort (cpu.weight 1), schedule as a label', () => {
  const text = importFiles('cronjob.yaml');
  noSchemaErrors(findings(text));
  const m = model(text);
  const p = pod(m, 'db-backup');
  assert.equal(p.qos, 'besteffort');
  assert.equal(p.path, 'kubepods/besteffort/db-backup');
  assert.equal(p.parent?.cgroup.cpuWeight, 1);
  assert.match(text, /"vmx\.import\/schedule" = "0 3 \* \* \*"/);
  assert.match(text, /# not imported: CronJob spec concurrencyPolicy, successfulJobsHistoryLimit — /);
  assert.match(text, /# not imported: jobTemplate spec backoffLimit — /);
});

test('multi-document file: the Deployment imported with exact values, its Service and ConfigMap listed on the host', () => {
  const text = importFiles('web-app.yaml');
  noSchemaErrors(findings(text));
  assert.match(text, /# not imported: ConfigMap shop\/web-config — not a workload\n/);
  assert.match(text, /# not imported: Service shop\/web — not a workload\n/);
  const p = pod(model(text), 'web');
  const nginx = container(p, 'nginx');
  assert.equal(nginx.cgroup.cpuMax, 1.5);
  assert.equal(nginx.requests.cpu, 0.5);
  assert.equal(nginx.requests.memory, 128974848);
  assert.equal(nginx.cgroup.memoryMax, 129000000);
  assert.match(text, /memory\.max = 129000000\n/);
  const shipper = container(p, 'log-shipper');
  assert.equal(shipper.requests.cpu, 0.1, 'a request left out is its limit');
  assert.equal(shipper.requests.memory, 123 * 1024 * 1024);
  assert.equal(p.qos, 'burstable', 'nginx requests less than its limits');
  assert.equal(p.cgroup.cpuMax, 1.6);
  assert.equal(p.cgroup.memoryMax, 129000000 + 128974848);
});

test('kubectl get -o json List: owned ReplicaSet and Pod stand behind their Deployment; devices via hostPath (VMX219), Unconfined AppArmor and spc_t (VMX217)', () => {
  const text = importFiles('kubectl-list.json');
  const fs = findings(text);
  noSchemaErrors(fs);
  assert.match(text, /# not imported: ReplicaSet shop\/api-7d4b9c — created by Deployment api, which stands for it here/);
  assert.match(text, /# not imported: Pod shop\/api-7d4b9c-x2k9p — created by ReplicaSet api-7d4b9c, which stands for it here/);
  assert.match(text, /# not imported: Service shop\/api — not a workload/);
  has(fs, 'VMX219', 'smartctl', /"\/dev\/sda"/, 'error');
  has(fs, 'VMX219', 'smartctl', /"\/dev\/kmsg"/, 'warning');
  has(fs, 'VMX217', 'smartctl', /^apparmor = unconfined$/);
  has(fs, 'VMX217', 'smartctl', /^selinux = "spc_t"$/);
  has(fs, 'VMX208', 'smartctl', /^ipc = host$/);
  has(fs, 'VMX215', 'api', /NET_ADMIN/);
  assert.ok(!fs.some((f) => f.code === 'VMX209' && f.container === 'api'), 'UID 0 in a private user namespace (hostUsers: false) is not the host’s root');
  const m = model(text);
  assert.equal(m.pods.length, 2);
  const api = pod(m, 'api');
  assert.equal(api.qos, 'guaranteed');
  assert.equal(api.sharePid, true);
  const c = container(api, 'api');
  assert.equal(c.cgroup.memoryMax, 1000000000, '1G is decimal');
  assert.equal(c.seccomp, 'localhost/profiles/api.json', 'the pod’s seccompProfile, inherited');
  assert.equal(c.apparmor, 'k8s-api-profile', 'the AppArmor annotation');
  assert.equal(c.namespaces.user.mode, 'private');
  assert.equal(api.cgroup.cpuMax, 2.1);
  assert.equal(api.cgroup.memoryMax, 1000000000 + 64 * 1024 * 1024);
  assert.match(text, /# not imported: resources\.limits\.ephemeral-storage — /);
  assert.match(text, /# not imported: resources\.limits\.nvidia\.com\/gpu — an extended resource/);
  assert.match(text, /# not imported: resources\.limits\.hugepages-2Mi — huge pages/);
  assert.match(text, /"vmx\.import\/node" = "node-1"/);
});

test('kubectl get deploy,pods: a Pod of a ReplicaSet left out of the list is traced to its Deployment by pod-template-hash', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] } } } };
  const owned = (name: string, hash: string, rs: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: 'web', 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: 'rs-uid', controller: true }] },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] },
  });
  // The second Pod's ReplicaSet is not named after a Deployment of the list (another hash): it stays.
  const list = { apiVersion: 'v1', kind: 'List', items: [deployment, owned('web-5d8f7c9b4-abcde', '5d8f7c9b4', 'web-5d8f7c9b4'), owned('other-7f6d-xyz12', '7f6d', 'other-7f6d')] };
  const text = importFiles(write('deploy-pods.json', JSON.stringify(list)));
  assert.match(text, /# not imported: Pod shop\/web-5d8f7c9b4-abcde — created by Deployment web, which stands for it here/);
  assert.deepEqual(model(text).pods.map((p) => p.name), ['web', 'other-7f6d-xyz12']);
});

const podWith = (init: string, app: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
${init}
  containers:
    - name: app
      image: app:1.0
      resources: { limits: { cpu: "1", memory: 1Gi } }
${app}
`;

test('QoS counts init containers as Kubernetes does; the pod cgroup is max(sum of app containers, largest init container)', () => {
  const run = (yaml: string) => model(importFiles(write(`qos-${Math.random().toString(36).slice(2)}.yaml`, yaml)));
  const guaranteedInit = '    - name: migrate\n      image: app:1.0\n      resources: { limits: { cpu: "2", memory: 1Gi } }';
  const sidecarApp = '    - name: side\n      image: side:1.0\n      resources: { limits: { cpu: 500m, memory: 512Mi } }';
  const g = pod(run(podWith(guaranteedInit, sidecarApp)), 'p');
  assert.equal(g.qos, 'guaranteed');
  assert.equal(g.cgroup.cpuMax, 2, 'the init container’s 2 CPUs beat 1 + 0.5');
  assert.equal(g.cgroup.memoryMax, 1536 * 1024 * 1024, '1Gi + 512Mi beat the init container’s 1Gi');
  const b = pod(run(podWith('    - name: migrate\n      image: app:1.0', sidecarApp)), 'p');
  assert.equal(b.qos, 'burstable', 'an init container without limits makes the pod burstable');
  assert.equal(b.cgroup.memoryMax, Infinity, 'and leaves the pod cgroup without limits');
});

test('sidecars: the pod cgroup counts them beside the app containers and under every init container started after them', () => {
  const sidecar = '    - name: proxy\n      image: envoy:1.29\n      restartPolicy: Always\n      resources: { limits: { cpu: 100m, memory: 64Mi } }';
  const migrate = '    - name: migrate\n      image: app:1.0\n      resources: { limits: { cpu: "1", memory: 512Mi } }';
  const app = '      resources: { limits: { cpu: 500m, memory: 256Mi } }';
  const run = (init: string) => {
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  initContainers:\n${init}\n  containers:\n    - name: app\n      image: app:1.0\n${app}\n`;
    const text = importFiles(write(`sidecar-${Math.random().toString(36).slice(2)}.yaml`, yaml));
    assert.match(text, /# sidecar \(an init container with restartPolicy Always\): starts first and runs beside the others\n\s*container proxy \{/);
    return pod(model(text), 'p');
  };
  // Sidecar first: running = 500m + 100m = 600m, 256Mi + 64Mi = 320Mi; migrate with the sidecar = 1100m, 576Mi: the larger.
  const before = run(`${sidecar}\n${migrate}`);
  assert.equal(before.qos, 'guaranteed');
  assert.equal(before.cgroup.cpuMax, 1.1);
  assert.equal(before.cgroup.memoryMax, 576 * 1024 * 1024);
  // Sidecar after migrate: migrate alone = 1000m, 512Mi; running as before: 1000m, 512Mi.
  const after = run(`${migrate}\n${sidecar}`);
  assert.equal(after.cgroup.cpuMax, 1);
  assert.equal(after.cgroup.memoryMax, 512 * 1024 * 1024);
});

test('deterministic, formatted, and the same bytes from the CLI and from importTopology', () => {
  const a = importFiles('kubectl-list.json', 'calico-node.yaml');
  const b = importFiles('kubectl-list.json', 'calico-node.yaml');
  assert.equal(a, b);
  assert.equal(formatText(a), a);
  const out = write('formatted.vmx', a);
  assert.equal(runCli(['fmt', '--check', out]).status, 0);
  const inputs = ['kubectl-list.json', 'calico-node.yaml'].map((f) => ({ name: join(FIX, f), text: readFileSync(join(FIX, f), 'utf8') }));
  const core = importTopology(inputs, { hardware: ['memory = 64GiB', 'cpu { cores = 16; threads = 2; features = [vmx] }', 'os linux { cgroup = v2 }'], hardwareSource: LIKE });
  assert.equal(core.text, a);
  assert.deepEqual(core.formats, ['k8s', 'k8s']);
});

test('detection: Kubernetes YAML and JSON by apiVersion and kind; compose and other JSON are not Kubernetes', () => {
  const yes = (text: string) => k8sImporter.detect({ name: 'x', text });
  assert.ok(yes(readFileSync(join(FIX, 'web-app.yaml'), 'utf8')));
  assert.ok(yes(readFileSync(join(FIX, 'kubectl-list.json'), 'utf8')));
  assert.ok(!yes('services:\n  web:\n    image: nginx:1.25\n'));
  assert.ok(!yes('{"name": "web", "kind": "thing", "items": []}'), 'JSON without apiVersion');
  assert.ok(!yes('[{"Id": "abc", "HostConfig": {}}]'));
  const r = runCli(['import', write('other.json', '{"name": "web", "replicas": 3}')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a format vmx import reads/);
});

function refused(file: string, message: RegExp, args: string[] = []): void {
  const r = runCli(['import', ...args, file]);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('bad input: malformed YAML names its line; a document that is no object, no objects at all, an alias bomb, 50 MB: one line, exit 2', () => {
  refused(write('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx: latest\n'), /bad\.yaml:8: not valid YAML/);
  refused(write('nokind.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [ { name: a, image: a } ] }\n---\nmetadata: { name: b }\n'), /nokind\.yaml: document 2 is not a Kubernetes object \(no apiVersion and kind\)/);
  refused(write('empty.yaml', '# apiVersion: v1\n---\n---\n'), /empty\.yaml: no Kubernetes objects in it/, ['--from', 'k8s']);
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
  refused(write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: lol }\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`), /bomb\.yaml: refused/);
  const big = Buffer.alloc(50 * 1024 * 1024, '# padding\n');
  refused(write('big.yaml', big), /larger than 32 MiB/, ['--from', 'k8s']);
  refused(write('notk8s.json', '{"name": "web"}'), /notk8s\.json: the document is not a Kubernetes object/, ['--from', 'k8s']);
});

test('fields of the wrong type are listed, never a crash; a mount of a missing volume is listed', () => {
  const text = importFiles(write('types.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: { name: odd }
spec:
  replicas: 2
  template:
    spec:
      hostNetwork: "yes"
      containers:
        - name: app
          image: app:1.0
          resources: { limits: { cpu: lots, memory: -1Gi } }
          securityContext: { privileged: "true", capabilities: { add: NET_ADMIN } }
          volumeMounts: [ { name: nowhere, mountPath: /data } ]
        - 42
`));
  noSchemaErrors(findings(text));
  assert.match(text, /# not imported: resources\.limits\.cpu — "lots" is not a Kubernetes quantity/);
  assert.match(text, /# not imported: resources\.limits\.memory — "-1Gi" is negative/);
  assert.match(text, /# not imported: volumeMounts nowhere — no volume of that name in the pod/);
  assert.match(text, /# not imported: hostNetwork — "yes" is not true or false/);
  assert.match(text, /# not imported: securityContext\.privileged — "true" is not true or false/);
  assert.match(text, /# not imported: securityContext\.capabilities\.add — not a list/);
  assert.match(text, /# not imported: containers\[1\] — not a container/);
  const c = container(pod(model(text), 'odd'), 'app');
  assert.equal(c.privileged, false, 'the string "true" is not a boolean');
  assert.equal(c.namespaces.net.mode, 'private', 'hostNetwork "yes" is not true');
  assert.equal(c.cgroup.cpuMax, Infinity);
});

test('a file without workloads is listed, not refused, so a directory of manifests imports with its service.yaml', () => {
  const services = write('services.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\n');
  const alone = runCli(['import', services]);
  assert.equal(alone.status, 0, alone.stderr);
  assert.match(alone.stdout, /# not imported: Service web — not a workload\n\s*# not imported: ConfigMap cfg — not a workload\n/);
  assert.doesNotMatch(alone.stdout, /group kubepods/);
  assert.match(alone.stderr, /2 fields not imported/);
  const both = importFiles(services, 'ci-runner.yaml');
  assert.match(both, /: Service web — not a workload/);
  assert.equal(pod(model(both), 'gitlab-runner').qos, 'guaranteed');
});

test('names: two workloads named alike in two namespaces get a suffix and a comment; a dotted name is quoted; a PodList’s items take its kind', () => {
  const item = (ns: string, name: string) => ({ metadata: { name, namespace: ns }, spec: { containers: [{ name: 'app', image: 'app:1.0' }] } });
  const list = { apiVersion: 'v1', kind: 'PodList', items: [item('blue', 'web'), item('green', 'web'), item('blue', 'api.v2')] };
  const text = importFiles(write('podlist.json', JSON.stringify(list)));
  noSchemaErrors(findings(text));
  assert.match(text, /# renamed from web: another workload of this input has that name \(this one is in namespace green\)\n(\s*#.*\n)*\s*pod web-2 \{/);
  assert.match(text, /pod "api\.v2" \{/);
  const m = model(text);
  assert.deepEqual(m.pods.map((p) => p.name), ['web', 'web-2', 'api.v2']);
  assert.deepEqual(m.pods.map((p) => p.qos), ['besteffort', 'besteffort', 'besteffort']);
});

test('mutated manifests (values replaced by wrong types, empty strings, slashes, quotes): an ImportError or a topology without syntax or schema errors, never a crash', () => {
  const docs: unknown[] = [];
  for (const f of readdirSync(FIX).filter((n) => /\.(ya?ml|json)$/.test(n)).sort()) for (const d of parseAllDocuments(readFileSync(join(FIX, f), 'utf8')) as { toJS(): unknown }[]) docs.push(d.toJS());
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const junk = [null, 3, -1, 'x y"}{', true, [], {}, [1, 'a'], { a: 1 }, '1e999', '', 1.5, 'true', 'import', '9lives', 'a\nb', '/', '0.0001m', 'a/b'];
  const mutate = (v: unknown): unknown => {
    if (rnd() < 0.03) return junk[Math.floor(rnd() * junk.length)];
    if (Array.isArray(v)) return v.map(mutate);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x)]));
    return v;
  };
  let imported = 0;
  for (let i = 0; i < 120; i++) {
    let text: string;
    try {
      text = importTopology([{ name: 'm.json', text: JSON.stringify(mutate(docs[i % docs.length])) }], { from: 'k8s', hardware: ['memory = 64GiB', 'cpu { cores = 8 }'] }).text;
    } catch (e) {
      assert.ok(e instanceof ImportError, (e as Error).stack);
      continue;
    }
    imported++;
    // An unknown capability name that looks like one stays (VMX103 with did-you-mean is the finding a typo deserves).
    const errors = check(text).diagnostics.filter((d) => /^VMX10[0-7]$/.test(d.code) && !/is not a known name/.test(d.message));
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message} | ${text.split('\n')[d.range.start.line]}`), [], `mutation ${i}`);
  }
  assert.ok(imported > 60, `most mutations still import (${imported})`);
});
