/**
 * An OCI runtime-spec `config.json` (what `runc spec` writes, what
 * containerd and CRI-O hand runc) → one container (docs/import/oci.md has the
 * table). The runtime spec's own rules decide: a namespace type absent from
 * linux.namespaces is the host's; no linux.seccomp means no filter at all;
 * OCI's memory.swap is memory + swap, as cgroup v1 counts it.
 */
import { posix } from 'node:path';
import { capabilityName, ContainerSpec, containerBlock, NamespaceName } from '../container';
import { NotImported } from '../tree';
import { Importer, ImportError, ImportInput } from '../types';
import { isRecord, looksLikeJson, parseJson } from '../yaml-input';
import { addMount, clampShares, cpusetOf, hostPath, ioWeightOfBlkio, knownCapabilities, propagationOf, setCpuQuota, setSwapFromMemsw } from './spec-values';
import { asBool, asInteger, asList, asNumber, asRecord, asString, asStringList, asUid, FieldError, FieldRule, INFORMATIONAL, notImported, walkFields } from './fields';
import { RUNTIME_DEFAULT_CAPABILITIES } from '../../isolation/capabilities';

function detect(input: ImportInput): boolean {
  if (!looksLikeJson(input.text)) return false;
  try {
    const v = JSON.parse(input.text) as unknown;
    return isRecord(v) && typeof v.ociVersion === 'string';
  } catch {
    return false;
  }
}

/** The spec's namespace types, as a topology names them. */
const NAMESPACES: Record<string, NamespaceName> = { network: 'net', pid: 'pid', ipc: 'ipc', uts: 'uts', mount: 'mnt', user: 'user', cgroup: 'cgroup', time: 'time' };

/** Mounts every runtime makes for a Linux container to work (runc spec's defaults): plumbing, not the user's choice. */
const PLUMBING_TYPES = new Set(['proc', 'sysfs', 'devpts', 'mqueue', 'cgroup', 'cgroup2']);
const PLUMBING_TMPFS = new Set(['/dev', '/dev/shm']);

/**
 * The container's name: its bundle's folder (the file is `BUNDLE/config.json`),
 * the file's own name otherwise (`web.json` → `web`), else `hostname`, else
 * `container`.
 */
export function ociContainerName(inputName: string, hostname: unknown): string {
  const base = posix.basename(inputName.replace(/\\/g, '/'));
  if (base === 'config.json') {
    const folder = posix.basename(posix.dirname(posix.resolve('/', inputName.replace(/\\/g, '/'))));
    if (folder !== '' && folder !== '/') return folder;
  } else if (/\.json$/i.test(base) && base.length > 5) return base.slice(0, -5);
  if (typeof hostname === 'string' && hostname.trim() !== '') return hostname.trim();
  return 'container';
}

interface Oci {
  spec: ContainerSpec & { notImported: NotImported[] };
}

function namespaces(o: Oci, v: unknown, field: string): void {
  const present = new Map<NamespaceName, Record<string, unknown>>();
  asList(v).forEach((entry, i) => {
    const e = asRecord(entry);
    const name = NAMESPACES[asString(e.type)];
    if (name === undefined) o.spec.notImported.push({ field: `${field}[${i}]`, why: `namespace type ${asString(e.type)} is not one a topology models` });
    else present.set(name, e);
  });
  const ns: NonNullable<ContainerSpec['namespaces']> = {};
  for (const name of Object.values(NAMESPACES)) {
    const e = present.get(name);
    if (e === undefined) {
      // Absent: the container stays in the runtime's (the host's) namespace. `user` is the host's by default in a topology too.
      if (name !== 'user') ns[name] = 'host';
      continue;
    }
    const path = typeof e.path === 'string' ? e.path : '';
    if (path === '') {
      if (name === 'user') ns.user = 'private';
    } else if (/^\/proc\/1\/ns\/[a-z_]+$/.test(path)) ns[name] = 'host';
    else o.spec.notImported.push({ field: `${field}.${name}`, why: `joins the namespace at ${path}; which container owns it is not in this file (written as private)` });
  }
  o.spec.namespaces = ns;
}

/**
 * The bounding set against the runtime default (§3.1): what it adds is
 * `capabilities`, what it lacks `cap_drop`. When it keeps fewer of the
 * default set than it drops, it is written the Pod Security Standards
 * Restricted way — `cap_drop = [ALL]` and every held one in `capabilities` —
 * which holds the same set and reads shorter (`runc spec`'s three).
 */
function capabilities(o: Oci, v: unknown, field: string): void {
  const caps = asRecord(v);
  const bounding = caps.bounding ?? caps.effective;
  const { known: held, unknown } = knownCapabilities(asStringList(bounding ?? []));
  for (const n of unknown) o.spec.notImported.push({ field: `${field}.bounding`, why: `${n}: not a Linux capability` });
  const added = held.filter((c) => !RUNTIME_DEFAULT_CAPABILITIES.includes(c));
  const dropped = RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !held.includes(c));
  const kept = RUNTIME_DEFAULT_CAPABILITIES.length - dropped.length;
  if (kept < dropped.length) {
    o.spec.capDrop = ['ALL'];
    if (held.length) o.spec.capAdd = held;
  } else {
    if (added.length) o.spec.capAdd = added;
    if (dropped.length) o.spec.capDrop = dropped;
  }
  if (caps.effective !== undefined && caps.bounding !== undefined) {
    const effective = new Set(asStringList(caps.effective).map(capabilityName));
    const differ = held.filter((c) => !effective.has(c));
    if (differ.length) o.spec.comments = [...(o.spec.comments ?? []), `capabilities are the bounding set; the first process's effective set lacks ${differ.join(', ')}`];
  }
  for (const set of ['permitted', 'inheritable', 'ambient']) {
    if (caps[set] !== undefined) o.spec.notImported.push({ field: `${field}.${set}`, why: 'a topology holds one capability set (the bounding set)' });
  }
}

function user(o: Oci, v: unknown, field: string): void {
  walkFields(asRecord(v), {
    uid: (u) => (o.spec.user = asUid(u)),
    username: (u) => (o.spec.user = asString(u)),
    gid: notImported('a topology records the user only'),
    umask: notImported('file-creation masks are not modelled'),
    additionalGids: notImported('supplementary groups are not modelled'),
  }, o.spec.notImported, field);
}

/** No seccomp in the config: no filter at all. A profile that allows by default and lists nothing filters nothing either. */
function seccomp(o: Oci, v: unknown): void {
  const s = asRecord(v);
  const rules = Array.isArray(s.syscalls) ? s.syscalls.length : 0;
  const action = typeof s.defaultAction === 'string' ? s.defaultAction : 'no default action';
  if (action === 'SCMP_ACT_ALLOW' && rules === 0) return;
  o.spec.seccomp = 'runtime-default';
  o.spec.comments = [...(o.spec.comments ?? []), `seccomp: the config's own profile (default action ${action}, ${rules} syscall rule${rules === 1 ? '' : 's'}), written as runtime-default`];
}

function mounts(o: Oci, v: unknown, field: string): void {
  asList(v).forEach((entry, i) => {
    const f = `${field}[${i}]`;
    try {
      mount(o, asRecord(entry), f);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      o.spec.notImported.push({ field: f, why: `unreadable: ${e.message}` });
    }
  });
}

function mount(o: Oci, m: Record<string, unknown>, field: string): void {
  const target = asString(m.destination);
  const options = m.options === undefined ? [] : asStringList(m.options);
  const type = m.type === undefined ? '' : asString(m.type);
  if (PLUMBING_TYPES.has(type) || (type === 'tmpfs' && PLUMBING_TMPFS.has(target))) return;
  const readOnly = options.includes('ro');
  const isBind = type === 'bind' || options.includes('bind') || options.includes('rbind');
  const propagation = options.map(propagationOf).find((p) => p !== undefined);
  const unmodelled = options.filter((x) => !['ro', 'rw', 'bind', 'rbind'].includes(x) && propagationOf(x) === undefined);
  if (unmodelled.length) o.spec.notImported.push({ field: `${field}.options`, why: `${unmodelled.join(', ')} on ${target}: mount options are not modelled` });
  if (isBind) {
    const source = asString(m.source);
    if (!source.startsWith('/')) throw new FieldError(`bind source ${source} is not an absolute path`);
    addMount(o.spec, { type: 'bind', source: hostPath(source), target, readOnly, propagation });
  } else if (type === 'tmpfs') addMount(o.spec, { type: 'tmpfs', target, readOnly });
  else o.spec.notImported.push({ field, why: `a ${type || 'typeless'} mount of ${target}: not one a topology models (bind, tmpfs)` });
}

/** linux.resources: the cgroup the runtime creates. */
function resources(o: Oci, v: unknown, field: string): void {
  const cgroup = () => (o.spec.cgroup ??= {});
  const out = o.spec.notImported;
  let swap: number | undefined;
  walkFields(asRecord(v), {
    memory: (m, f) =>
      walkFields(asRecord(m), {
        limit: (x) => {
          if (asInteger(x) >= 0) cgroup().memoryMax = asInteger(x);
        },
        reservation: (x) => {
          if (asInteger(x) >= 0) cgroup().memoryLow = asInteger(x);
        },
        swap: (x) => (swap = asInteger(x)),
        kernel: notImported('kernel memory limits are deprecated and ignored by cgroup v2'),
        kernelTCP: notImported('kernel memory limits are deprecated and ignored by cgroup v2'),
        swappiness: notImported('not modelled in a topology'),
        disableOOMKiller: notImported('not modelled in a topology'),
        useHierarchy: notImported('a cgroup v1 switch; v2 is always hierarchical'),
        checkBeforeUpdate: notImported('an update-time check, not a setting'),
      }, out, f),
    cpu: (c, f) => {
      const cpu = asRecord(c);
      walkFields(cpu, {
        shares: (x) => {
          if (asNumber(x) > 0) cgroup().cpuShares = clampShares(asNumber(x));
        },
        quota: (x) => {
          const why = setCpuQuota(o.spec, asNumber(x), cpu.period === undefined ? undefined : asNumber(cpu.period));
          if (why !== undefined) throw new FieldError(why);
        },
        period: () => undefined, // read with quota
        cpus: (x) => (cgroup().cpusetCpus = cpusetOf(asString(x))),
        mems: notImported('NUMA memory nodes are not modelled'),
        burst: notImported('CFS burst from an OCI config is not read; write cpu.max.burst'),
        realtimeRuntime: notImported('real-time scheduling is not modelled'),
        realtimePeriod: notImported('real-time scheduling is not modelled'),
        idle: notImported('SCHED_IDLE groups are not modelled'),
      }, out, f);
    },
    pids: (p, f) =>
      walkFields(asRecord(p), {
        limit: (x) => {
          if (asInteger(x) > 0) cgroup().pidsMax = asInteger(x);
        },
      }, out, f),
    devices: (d, f) => deviceRules(o, d, f),
    blockIO: (b, f) =>
      walkFields(asRecord(b), {
        weight: (x) => (cgroup().ioWeight = ioWeightOfBlkio(asNumber(x))),
        leafWeight: notImported('a cgroup v1 weight with no v2 counterpart'),
        weightDevice: notImported('per-device I/O settings are not modelled'),
        throttleReadBpsDevice: notImported('per-device I/O limits are not read; write io.max'),
        throttleWriteBpsDevice: notImported('per-device I/O limits are not read; write io.max'),
        throttleReadIOPSDevice: notImported('per-device I/O limits are not read; write io.max'),
        throttleWriteIOPSDevice: notImported('per-device I/O limits are not read; write io.max'),
      }, out, f),
    hugepageLimits: notImported('hugepage limits are not modelled'),
    network: notImported('network classes and priorities are not modelled'),
    rdma: notImported('RDMA limits are not modelled'),
    unified: notImported('raw cgroup v2 files are not read; write them in the cgroup block'),
  }, out, field);
  // OCI's swap is memory + swap (cgroup v1's memsw), read once the limit is known.
  const why = swap === undefined ? undefined : setSwapFromMemsw(o.spec, swap);
  if (why !== undefined) out.push({ field: `${field}.memory.swap`, why });
}

/** The device cgroup's rules. The runtime allows the standard set (null, zero, full, random, urandom, tty, ptmx, pts) itself; other allowed devices are listed. */
function deviceRules(o: Oci, v: unknown, field: string): void {
  const STANDARD = new Set(['c:1:3', 'c:1:5', 'c:1:7', 'c:1:8', 'c:1:9', 'c:5:0', 'c:5:1', 'c:5:2', 'c:136:*', 'c:10:200']);
  asList(v).forEach((entry, i) => {
    const r = asRecord(entry);
    if (r.allow !== true) return;
    const key = `${String(r.type ?? 'a')}:${r.major ?? '*'}:${r.minor ?? '*'}`;
    if (STANDARD.has(key)) return;
    const what = key === 'a:*:*' ? 'every device' : `device ${key.replace(/:/, ' ').replace(/:/, ':')}`;
    o.spec.notImported.push({ field: `${field}[${i}]`, why: `allows ${what} (${String(r.access ?? 'rwm')}); devices lists passed-in device nodes (linux.devices)` });
  });
}

function linuxRules(o: Oci): Record<string, FieldRule> {
  const spec = o.spec;
  return {
    namespaces: (v, f) => namespaces(o, v, f),
    resources: (v, f) => resources(o, v, f),
    seccomp: (v) => seccomp(o, v),
    devices: (v) => {
      spec.devices = asList(v).map((d) => asString(asRecord(d).path));
    },
    maskedPaths: notImported('the paths the runtime hides are not modelled'),
    readonlyPaths: notImported('the paths the runtime makes read-only are not modelled'),
    uidMappings: notImported('the user namespace’s ID mappings are not modelled (namespaces.user says it is private)'),
    gidMappings: notImported('the user namespace’s ID mappings are not modelled (namespaces.user says it is private)'),
    sysctl: notImported('namespaced kernel parameters are not modelled'),
    cgroupsPath: notImported('a cgroup path; write the container inside a group block'),
    rootfsPropagation: notImported('the root filesystem’s propagation is not modelled'),
    timeOffsets: notImported('time namespace offsets are not modelled'),
    mountLabel: notImported('the SELinux mount label is not modelled (process.selinuxLabel is)'),
    intelRdt: notImported('Intel RDT cache allocation is not modelled'),
    personality: notImported('the execution domain is not modelled'),
    memoryPolicy: notImported('NUMA memory policy is not modelled'),
    netDevices: notImported('network devices moved into the container are not modelled'),
  };
}

function processRules(o: Oci): Record<string, FieldRule> {
  const spec = o.spec;
  const program = notImported('the program and its environment, not its isolation or resources');
  return {
    user: (v, f) => user(o, v, f),
    capabilities: (v, f) => capabilities(o, v, f),
    noNewPrivileges: (v) => (spec.noNewPrivileges = asBool(v)),
    apparmorProfile: (v) => {
      const p = asString(v);
      if (p !== '') spec.apparmor = p === 'unconfined' ? 'unconfined' : p;
    },
    selinuxLabel: (v) => {
      const type = asString(v).split(':')[2];
      if (type) spec.selinux = type;
    },
    args: program,
    commandLine: program,
    env: program,
    cwd: program,
    terminal: INFORMATIONAL,
    consoleSize: INFORMATIONAL,
    rlimits: notImported('process rlimits are not modelled (pids.max is)'),
    oomScoreAdj: notImported('not modelled in a topology'),
    ioPriority: notImported('I/O priorities are not modelled'),
    scheduler: notImported('scheduling policies are not modelled'),
    execCPUAffinity: notImported('CPU affinity of exec’d processes is not modelled'),
  };
}

function convert(input: ImportInput) {
  if (!looksLikeJson(input.text)) throw new ImportError(`${input.name}: not JSON; an OCI config.json is a JSON object`);
  const config = parseJson(input.text, input.name);
  if (!isRecord(config) || typeof config.ociVersion !== 'string') throw new ImportError(`${input.name}: no ociVersion; not an OCI runtime config`);
  const o: Oci = { spec: { name: ociContainerName(input.name, config.hostname), notImported: [] } };
  const spec = o.spec;
  const out = spec.notImported;
  let sawSeccomp = false;
  let sawNamespaces = false;
  const rules: Record<string, FieldRule> = {
    ociVersion: INFORMATIONAL,
    process: (v, f) => walkFields(asRecord(v), processRules(o), out, f),
    root: (v, f) =>
      walkFields(asRecord(v), {
        readonly: (r) => (spec.readOnlyRootfs = asBool(r)),
        path: INFORMATIONAL, // the bundle's rootfs folder
      }, out, f),
    mounts: (v, f) => mounts(o, v, f),
    linux: (v, f) => {
      const linux = asRecord(v);
      sawSeccomp = linux.seccomp !== undefined;
      sawNamespaces = linux.namespaces !== undefined;
      walkFields(linux, linuxRules(o), out, f);
    },
    annotations: (v) => {
      const labels: Record<string, string> = {};
      for (const [k, value] of Object.entries(asRecord(v))) labels[k] = String(value);
      spec.labels = labels;
    },
    hostname: INFORMATIONAL, // names the container when the file's name does not
    domainname: notImported('networking is not modelled: a topology has namespaces, not names or addresses'),
    hooks: notImported('hooks run programs on the host around the container’s life; not modelled'),
    solaris: notImported('Solaris zones are not modelled'),
    windows: notImported('Windows containers’ OCI settings are not read'),
    vm: notImported('VM-based runtimes’ settings are not read'),
    zos: notImported('z/OS settings are not read'),
  };
  walkFields(config, rules, out, '');
  if (!sawSeccomp) spec.seccomp = 'unconfined'; // the runtime spec: no linux.seccomp, no filter
  if (!sawNamespaces) spec.namespaces = { mnt: 'host', pid: 'host', net: 'host', ipc: 'host', uts: 'host', cgroup: 'host', time: 'host' };
  return { blocks: [containerBlock(spec)], notImported: [] };
}

export const ociImporter: Importer = {
  format: 'oci',
  title: 'OCI runtime config.json',
  detect,
  convert,
};
