/**
 * `vmx import` as users run it: the built CLI (dist/cli.js) as a whole
 * process, on a generated `kubectl get -o json` List of 2,000 objects
 * (Deployments, Pods and DaemonSets with requests, limits, securityContext,
 * host paths and volumes). Prints the median wall time of 5 runs (Node's
 * start-up included) and the process's peak RSS, read by a preload in the
 * child at exit (process.resourceUsage().maxRSS), so no external tool is needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const OBJECTS = 2000;
const RUNS = 5;
/** Targets of this benchmark (DESIGN §8 names none for import): an interactive command on a large cluster dump. */
const TARGET_MS = 2000;
const TARGET_RSS_MB = 300;

const emit = (bench: string, value: number, unit: string, target?: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(2)), unit, ...(target !== undefined ? { target } : {}), ...extra }));

function container(i: number, c: number): Record<string, unknown> {
  const limited = i % 3 !== 2;
  return {
    name: `app-${c}`,
    image: `registry.example.com/team-${i % 17}/svc-${i}:1.${c}.${i % 10}`,
    command: ['/bin/server', `--port=${8000 + c}`],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    ports: [{ containerPort: 8000 + c, protocol: 'TCP' }],
    resources: limited
      ? { requests: { cpu: `${100 + (i % 9) * 50}m`, memory: `${64 * (1 + (i % 8))}Mi` }, limits: { cpu: i % 2 ? '1' : '1500m', memory: i % 2 ? '1Gi' : '1G' } }
      : { requests: { cpu: '50m' } },
    securityContext:
      i % 4 === 0
        ? { privileged: true }
        : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 1000 + (i % 50), capabilities: { drop: ['ALL'], add: i % 5 ? [] : ['NET_BIND_SERVICE'] } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8000 + c }, periodSeconds: 10 },
    volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      ...(i % 4 === 0 ? [{ name: 'host-run', mountPath: '/host/run', mountPropagation: 'HostToContainer', readOnly: true }] : []),
    ],
  };
}

function podSpec(i: number): Record<string, unknown> {
  return {
    ...(i % 4 === 0 ? { hostNetwork: true, hostPID: i % 8 === 0 } : {}),
    serviceAccountName: `sa-${i % 20}`,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ operator: 'Exists' }],
    securityContext: { runAsNonRoot: i % 4 !== 0, seccompProfile: { type: i % 6 ? 'RuntimeDefault' : 'Unconfined' } },
    ...(i % 5 === 0 ? { initContainers: [{ name: 'migrate', image: `registry.example.com/migrate:${i}`, resources: { limits: { cpu: '500m', memory: '256Mi' } } }] } : {}),
    containers: [container(i, 0), container(i, 1)],
    volumes: [
      { name: 'data', emptyDir: i % 3 ? {} : { medium: 'Memory' } },
      { name: 'config', configMap: { name: `cfg-${i}` } },
      ...(i % 4 === 0 ? [{ name: 'host-run', hostPath: { path: '/run', type: 'Directory' } }] : []),
    ],
  };
}

function object(i: number): Record<string, unknown> {
  const metadata = { name: `svc-${i}`, namespace: `ns-${i % 40}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, labels: { app: `svc-${i}`, team: `team-${i % 17}` }, resourceVersion: String(100000 + i) };
  const template = { metadata: { labels: metadata.labels }, spec: podSpec(i) };
  switch (i % 3) {
    case 0:
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1 + (i % 5), selector: { matchLabels: { app: `svc-${i}` } }, template }, status: { replicas: 1 } };
    case 1:
      return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { ...podSpec(i), nodeName: `node-${i % 10}` }, status: { phase: 'Running' } };
    default:
      return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector: { matchLabels: { app: `svc-${i}` } }, template }, status: {} };
  }
}

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run node scripts/build.mjs first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'vmx-import-bench-'));
const input = join(dir, 'cluster.json');
writeFileSync(input, JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: Array.from({ length: OBJECTS }, (_, i) => object(i)) }, null, 4));
const preload = join(dir, 'rss.cjs');
// maxRSS in KiB, and the CPU time (user + system, µs): on a shared machine wall time also counts waiting for a core.
writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.VMX_BENCH_RSS, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`); });\n");
const output = join(dir, 'cluster.vmx');
const rssFile = join(dir, 'rss');

const times: number[] = [];
const cpuMs: number[] = [];
let rssKb = 0;
for (let run = 0; run < RUNS; run++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', preload, CLI, 'import', input, '-o', output], { encoding: 'utf8', env: { ...process.env, VMX_BENCH_RSS: rssFile } });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.status !== 0) {
    console.error(`vmx import failed (exit ${r.status}): ${r.stderr}`);
    process.exit(1);
  }
  const [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  rssKb = Math.max(rssKb, rss);
  cpuMs.push(cpu / 1000);
}
const pods = (readFileSync(output, 'utf8').match(/^\s*pod /gm) ?? []).length;
if (pods !== OBJECTS) {
  console.error(`expected ${OBJECTS} pods in the output, found ${pods}`);
  process.exit(1);
}
times.sort((a, b) => a - b);
cpuMs.sort((a, b) => a - b);
const sizes = { inputMB: Number((statSync(input).size / 1e6).toFixed(2)), outputLines: readFileSync(output, 'utf8').split('\n').length };
emit(`import ${OBJECTS}-object kubectl List (whole process, median of ${RUNS})`, times[Math.floor(RUNS / 2)], 'ms', TARGET_MS, sizes);
emit(`import ${OBJECTS}-object kubectl List CPU time (user + system, median of ${RUNS})`, cpuMs[Math.floor(RUNS / 2)], 'ms', TARGET_MS, sizes);
emit(`import ${OBJECTS}-object kubectl List peak RSS`, rssKb / 1024, 'MB', TARGET_RSS_MB, sizes);
