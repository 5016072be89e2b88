/**
 * `docker inspect` output (a JSON array of containers; a single object, as
 * the Engine API's /containers/{id}/json returns, is read too) → one
 * container block per element, one host `volume` per named volume it
 * mounts (docs/import/docker-inspect.md has the table). Docker writes every
 * field whether set or not, so empty values (null, 0, "", false, [], {})
 * and Docker's own defaults carry nothing and are skipped; every other key
 * is mapped, listed as not imported, or informational (run state: ids,
 * timestamps, paths Docker manages).
 */
import { ContainerSpec, containerBlock } from '../container';
import { attr, block, NotImported, str, TreeBlock } from '../tree';
import { Importer, ImportError, ImportInput } from '../types';
import { isRecord, looksLikeJson, parseJson } from '../yaml-input';
import {
  addCapabilities,
  applyDevice,
  applyRuntime,
  applySecurityOpt,
  applyUser,
  DockerContainer,
  newDockerContainer,
  note,
  parseBindString,
  setMemorySwap,
  setNamespaceMode,
} from './docker-host-config';
import { addMount, clampShares, cpusetOf, hostPath, ioWeightOfBlkio, propagationOf, setCpuQuota } from './spec-values';
import { asBool, asInteger, asList, asNumber, asRecord, asString, asStringList, FieldError, FieldRule, INFORMATIONAL, MapField, notImported, walkFields } from './fields';

type Inspected = Record<string, unknown> & { HostConfig: Record<string, unknown> };

function elementsOf(value: unknown): Inspected[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((e) => isRecord(e) && isRecord(e.HostConfig))) return undefined;
  return list as Inspected[];
}

function detect(input: ImportInput): boolean {
  if (!looksLikeJson(input.text)) return false;
  try {
    return elementsOf(JSON.parse(input.text)) !== undefined;
  } catch {
    return false;
  }
}

const WHY = {
  program: 'the program and its environment, not its isolation or resources',
  network: 'networking is not modelled: a topology has namespaces, not addresses or ports',
  lifecycle: 'restarts, health and stopping are not modelled',
  tuning: 'not modelled in a topology',
  windows: 'a Windows-only limit, not modelled',
  device: 'per-device I/O settings are not modelled',
};

/** Docker's defaults for fields it always writes: equal to these, the field says nothing. */
const SHM_DEFAULT = 64 * 1024 * 1024;
/** The /proc and /sys paths Docker masks and makes read-only in every unprivileged container (moby oci/defaults.go). */
const DOCKER_MASKED_PATHS = ['/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
const DOCKER_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function subsetOf(v: unknown, known: string[]): boolean {
  return Array.isArray(v) && v.every((p) => typeof p === 'string' && known.includes(p));
}

/** Names for every element first (Name without its `/`, else the short id), unique within the input, so references can be resolved. */
function containerNames(elements: Inspected[]): string[] {
  const names: string[] = [];
  elements.forEach((e, i) => {
    const base = typeof e.Name === 'string' && e.Name.replace(/^\//, '') !== '' ? e.Name.replace(/^\//, '') : typeof e.Id === 'string' && e.Id !== '' ? e.Id.slice(0, 12) : `container-${i + 1}`;
    let name = base;
    for (let n = 2; names.includes(name); n++) name = `${base}-${n}`;
    names.push(name);
  });
  return names;
}

/** `container:<id>` names a container by id (full or a prefix) or by name: its block's name when it is in this input. */
function resolver(elements: Inspected[], names: string[]) {
  return (_kind: 'service' | 'container', ref: string): string | undefined => {
    const r = ref.replace(/^\//, '');
    const i = elements.findIndex((e, n) => (typeof e.Id === 'string' && r.length >= 12 && e.Id.startsWith(r)) || e.Id === r || names[n] === r || (typeof e.Name === 'string' && e.Name.replace(/^\//, '') === r));
    return i < 0 ? undefined : names[i];
  };
}

interface MountState {
  /** The mounts as the runtime made them (top-level Mounts): preferred, since Binds and HostConfig.Mounts are the requests behind them. */
  actual: unknown[] | undefined;
  binds: string[];
  requested: unknown[];
}

function hostConfigRules(c: DockerContainer, mounts: MountState, deferred: { quota?: number; period?: number; nano?: number }): Record<string, FieldRule> {
  const spec = c.spec;
  const cgroup = () => (spec.cgroup ??= {});
  const unlessDefault = (isDefault: (v: unknown) => boolean, why: string): MapField => (v, f) => {
    if (!isDefault(v)) note(c, f, why);
  };
  return {
    Binds: (v) => (mounts.binds = asStringList(v)),
    Mounts: (v) => (mounts.requested = asList(v)),
    Tmpfs: (v) => {
      for (const [target, options] of Object.entries(asRecord(v))) {
        addMount(c.spec, { type: 'tmpfs', target, readOnly: String(options).split(',').includes('ro') });
        if (options) note(c, `HostConfig.Tmpfs.${target}`, `tmpfs options ${String(options)} are not modelled`);
      }
    },
    NetworkMode: (v, f) => setNamespaceMode(c, 'net', asString(v), f),
    PidMode: (v, f) => setNamespaceMode(c, 'pid', asString(v), f),
    IpcMode: (v, f) => setNamespaceMode(c, 'ipc', asString(v), f),
    UTSMode: (v, f) => setNamespaceMode(c, 'uts', asString(v), f),
    UsernsMode: (v, f) => setNamespaceMode(c, 'user', asString(v), f),
    CgroupnsMode: (v, f) => setNamespaceMode(c, 'cgroup', asString(v), f),
    Privileged: (v) => (spec.privileged = asBool(v)),
    CapAdd: (v, f) => addCapabilities(c, asStringList(v), 'add', f),
    CapDrop: (v, f) => addCapabilities(c, asStringList(v), 'drop', f),
    SecurityOpt: (v, f) => asStringList(v).forEach((o) => applySecurityOpt(c, o, f)),
    ReadonlyRootfs: (v) => (spec.readOnlyRootfs = asBool(v)),
    Runtime: (v, f) => applyRuntime(c, asString(v), f),
    Devices: (v, f) => asList(v).forEach((d) => applyDevice(c, isRecord(d) ? asString(d.PathOnHost) : asString(d), f)),
    // Bytes; 0 (and Docker's -1) is unlimited.
    Memory: (v) => {
      if (asInteger(v) > 0) cgroup().memoryMax = asInteger(v);
    },
    MemoryReservation: (v) => {
      if (asInteger(v) > 0) cgroup().memoryLow = asInteger(v);
    },
    MemorySwap: (v, f) => setMemorySwap(c, asInteger(v), f),
    NanoCpus: (v) => (deferred.nano = asNumber(v)),
    CpuQuota: (v) => (deferred.quota = asNumber(v)),
    CpuPeriod: (v) => (deferred.period = asNumber(v)),
    CpuShares: (v) => (cgroup().cpuShares = clampShares(asNumber(v))),
    CpusetCpus: (v) => (cgroup().cpusetCpus = cpusetOf(asString(v))),
    PidsLimit: (v) => {
      if (asInteger(v) > 0) cgroup().pidsMax = asInteger(v);
    },
    BlkioWeight: (v) => (cgroup().ioWeight = ioWeightOfBlkio(asNumber(v))),
    // Written by Docker whatever was asked: skipped at Docker's default.
    LogConfig: unlessDefault((v) => isRecord(v) && (v.Type === 'json-file' || v.Type === '') && (!isRecord(v.Config) || Object.keys(v.Config).length === 0), 'the log driver is not modelled'),
    RestartPolicy: unlessDefault((v) => isRecord(v) && (v.Name === 'no' || v.Name === ''), WHY.lifecycle),
    ShmSize: unlessDefault((v) => v === SHM_DEFAULT, '/dev/shm’s size is not modelled; it counts against memory.max'),
    ConsoleSize: INFORMATIONAL,
    ContainerIDFile: INFORMATIONAL,
    MaskedPaths: unlessDefault((v) => subsetOf(v, DOCKER_MASKED_PATHS), 'paths hidden beyond Docker’s default list are not modelled'),
    ReadonlyPaths: unlessDefault((v) => subsetOf(v, DOCKER_READONLY_PATHS), 'paths made read-only beyond Docker’s default list are not modelled'),
    // Not imported.
    PortBindings: notImported(WHY.network),
    PublishAllPorts: notImported(WHY.network),
    Dns: notImported(WHY.network),
    DnsOptions: notImported(WHY.network),
    DnsSearch: notImported(WHY.network),
    ExtraHosts: notImported(WHY.network),
    Links: notImported(WHY.network),
    AutoRemove: notImported(WHY.lifecycle),
    Init: notImported('the init process Docker adds is not modelled'),
    VolumeDriver: notImported('the volume driver is not modelled'),
    VolumesFrom: notImported('another container’s mounts are not copied: they are on that container'),
    GroupAdd: notImported('supplementary groups are not modelled'),
    Cgroup: notImported('the cgroup of another container is not modelled'),
    CgroupParent: notImported('a parent cgroup; write the container inside a group block'),
    OomScoreAdj: notImported(WHY.tuning),
    OomKillDisable: notImported(WHY.tuning),
    MemorySwappiness: notImported(WHY.tuning),
    KernelMemory: notImported('kernel memory limits are deprecated and ignored by cgroup v2'),
    KernelMemoryTCP: notImported('kernel memory limits are deprecated and ignored by cgroup v2'),
    StorageOpt: notImported('storage-driver options are not modelled'),
    Sysctls: notImported('namespaced kernel parameters are not modelled'),
    Ulimits: notImported('process rlimits are not modelled (pids.max is)'),
    Isolation: notImported('Windows isolation (process, hyperv) is not modelled'),
    CpuCount: notImported(WHY.windows),
    CpuPercent: notImported(WHY.windows),
    IOMaximumIOps: notImported(WHY.windows),
    IOMaximumBandwidth: notImported(WHY.windows),
    CpuRealtimePeriod: notImported('real-time scheduling is not modelled'),
    CpuRealtimeRuntime: notImported('real-time scheduling is not modelled'),
    CpusetMems: notImported('NUMA memory nodes are not modelled'),
    BlkioWeightDevice: notImported(WHY.device),
    BlkioDeviceReadBps: notImported(WHY.device),
    BlkioDeviceWriteBps: notImported(WHY.device),
    BlkioDeviceReadIOps: notImported(WHY.device),
    BlkioDeviceWriteIOps: notImported(WHY.device),
    DeviceCgroupRules: notImported('device cgroup rules are not modelled; devices lists passed-in devices'),
    DeviceRequests: notImported('GPU requests are not modelled'),
    DiskQuota: notImported('storage quotas are not modelled'),
    Annotations: notImported('OCI annotations are not labels'),
  };
}

function configRules(c: DockerContainer): Record<string, FieldRule> {
  const spec = c.spec;
  return {
    Image: (v) => (spec.image = asString(v)),
    User: (v, f) => applyUser(c, asString(v), f),
    Labels: (v) => {
      const labels: Record<string, string> = {};
      for (const [k, value] of Object.entries(asRecord(v))) labels[k] = String(value);
      spec.labels = labels;
    },
    // The container's identity and terminal plumbing: nothing to model.
    Hostname: INFORMATIONAL,
    AttachStdin: INFORMATIONAL,
    AttachStdout: INFORMATIONAL,
    AttachStderr: INFORMATIONAL,
    Tty: INFORMATIONAL,
    OpenStdin: INFORMATIONAL,
    StdinOnce: INFORMATIONAL,
    ArgsEscaped: INFORMATIONAL,
    Volumes: INFORMATIONAL, // the image's volumes; the mounts made for them are in Mounts
    Domainname: notImported(WHY.network),
    ExposedPorts: notImported(WHY.network),
    MacAddress: notImported(WHY.network),
    NetworkDisabled: notImported(WHY.network),
    Env: notImported(WHY.program),
    Cmd: notImported(WHY.program),
    Entrypoint: notImported(WHY.program),
    WorkingDir: notImported(WHY.program),
    Shell: notImported(WHY.program),
    OnBuild: notImported('build instructions, not the container'),
    Healthcheck: notImported(WHY.lifecycle),
    StopSignal: notImported(WHY.lifecycle),
    StopTimeout: notImported(WHY.lifecycle),
  };
}

/** A mount as the runtime made it ({Type, Name, Source, Destination, RW, Propagation}); named volumes get a host `volume` at their Source. */
function actualMount(c: DockerContainer, m: Record<string, unknown>, volumes: Map<string, string | undefined>, field: string): void {
  const type = asString(m.Type ?? 'bind');
  const target = asString(m.Destination ?? m.Target ?? '');
  const readOnly = m.RW === false;
  const propagation = typeof m.Propagation === 'string' ? propagationOf(m.Propagation) : undefined;
  if (type === 'bind') addMount(c.spec, { type: 'bind', source: hostPath(asString(m.Source)), target, readOnly, propagation });
  else if (type === 'volume') {
    const name = asString(m.Name ?? '');
    if (name === '') throw new FieldError('a volume mount without a name');
    if (!volumes.has(name) || volumes.get(name) === undefined) volumes.set(name, typeof m.Source === 'string' && m.Source.startsWith('/') ? hostPath(m.Source) : undefined);
    if (typeof m.Driver === 'string' && m.Driver !== '' && m.Driver !== 'local') note(c, field, `volume driver ${m.Driver}: where its data lives is the driver's`);
    addMount(c.spec, { type: 'volume', source: name, target, readOnly, note: /^[0-9a-f]{64}$/.test(name) ? 'an anonymous volume (created by Docker for this container)' : undefined }, /^[0-9a-f]{64}$/.test(name) ? target : name);
  } else if (type === 'tmpfs') addMount(c.spec, { type: 'tmpfs', target, readOnly });
  else note(c, field, `a ${type} mount: not one a topology models (bind, volume, tmpfs)`);
}

/** A mount request of HostConfig.Mounts ({Type, Source, Target, ReadOnly, BindOptions}), used when the inspected container has no Mounts list. */
function requestedMount(c: DockerContainer, m: Record<string, unknown>, volumes: Map<string, string | undefined>, field: string): void {
  const bindOptions = isRecord(m.BindOptions) ? m.BindOptions : {};
  actualMount(c, { Type: m.Type, Name: m.Source, Source: m.Type === 'bind' ? m.Source : undefined, Destination: m.Target, RW: m.ReadOnly !== true, Propagation: bindOptions.Propagation }, volumes, field);
}

function bindMount(c: DockerContainer, text: string, volumes: Map<string, string | undefined>, field: string): void {
  const b = parseBindString(text);
  for (const option of b.other) note(c, field, `${text}: the option ${option} is not modelled`);
  if (b.source === undefined) return;
  if (b.source.startsWith('/')) addMount(c.spec, { type: 'bind', source: hostPath(b.source), target: b.target, readOnly: b.readOnly, propagation: b.propagation });
  else {
    if (!volumes.has(b.source)) volumes.set(b.source, undefined);
    addMount(c.spec, { type: 'volume', source: b.source, target: b.target, readOnly: b.readOnly }, b.source);
  }
}

function applyMounts(c: DockerContainer, mounts: MountState, volumes: Map<string, string | undefined>): void {
  const each = (list: unknown[], field: string, f: (m: Record<string, unknown>, field: string) => void) =>
    list.forEach((m, i) => {
      try {
        f(asRecord(m), `${field}[${i}]`);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        note(c, `${field}[${i}]`, `unreadable: ${e.message}`);
      }
    });
  if (mounts.actual !== undefined) {
    each(mounts.actual, 'Mounts', (m, f) => actualMount(c, m, volumes, f));
    return;
  }
  mounts.binds.forEach((b, i) => {
    try {
      bindMount(c, b, volumes, `HostConfig.Binds[${i}]`);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      note(c, `HostConfig.Binds[${i}]`, `unreadable: ${e.message}`);
    }
  });
  each(mounts.requested, 'HostConfig.Mounts', (m, f) => requestedMount(c, m, volumes, f));
}

/** The AppArmor profile Docker applied: `docker-default` is the runtime default; empty means the host has no AppArmor. */
function applyAppArmor(spec: ContainerSpec, profile: string): void {
  if (spec.apparmor !== undefined || profile === '' || profile === 'docker-default') return;
  spec.apparmor = profile === 'unconfined' ? 'unconfined' : profile;
}

/** The SELinux process label Docker applied (`user:role:type:level`): its type, unless it is the default `container_t`. */
function applyProcessLabel(spec: ContainerSpec, label: string): void {
  const type = label.split(':')[2];
  if (spec.selinux === undefined && type !== undefined && type !== 'container_t') spec.selinux = type;
}

function convertOne(e: Inspected, name: string, resolve: DockerContainer['resolve'], volumes: Map<string, string | undefined>): TreeBlock {
  const c = newDockerContainer(name, resolve);
  const mounts: MountState = { actual: undefined, binds: [], requested: [] };
  const deferred: { quota?: number; period?: number; nano?: number } = {};
  const out = c.spec.notImported;
  const late: Array<() => void> = [];
  const rules: Record<string, FieldRule> = {
    HostConfig: (v) => walkFields(asRecord(v), hostConfigRules(c, mounts, deferred), out, 'HostConfig', { skipEmpty: true }),
    Config: (v) => walkFields(asRecord(v), configRules(c), out, 'Config', { skipEmpty: true }),
    Mounts: (v) => (mounts.actual = asList(v)),
    Name: INFORMATIONAL, // the block's name
    Platform: (v) => {
      if (asString(v) === 'windows') c.spec.platform = 'windows';
    },
    // After SecurityOpt, which names what was asked for; these are what Docker applied.
    AppArmorProfile: (v) => {
      const profile = asString(v);
      late.push(() => applyAppArmor(c.spec, profile));
    },
    ProcessLabel: (v) => {
      const label = asString(v);
      late.push(() => applyProcessLabel(c.spec, label));
    },
    Path: notImported(WHY.program),
    Args: notImported(WHY.program),
    // The run, not the configuration.
    Id: INFORMATIONAL,
    Created: INFORMATIONAL,
    State: INFORMATIONAL,
    Image: INFORMATIONAL, // the image id; Config.Image names it
    ResolvConfPath: INFORMATIONAL,
    HostnamePath: INFORMATIONAL,
    HostsPath: INFORMATIONAL,
    LogPath: INFORMATIONAL,
    RestartCount: INFORMATIONAL,
    Driver: INFORMATIONAL,
    MountLabel: INFORMATIONAL,
    ExecIDs: INFORMATIONAL,
    GraphDriver: INFORMATIONAL,
    SizeRw: INFORMATIONAL,
    SizeRootFs: INFORMATIONAL,
    NetworkSettings: INFORMATIONAL,
    ImageManifestDescriptor: INFORMATIONAL,
  };
  walkFields(e, rules, out, '', { skipEmpty: true });
  for (const f of late) f();
  if (deferred.nano !== undefined && deferred.nano > 0) (c.spec.cgroup ??= {}).cpuMax = deferred.nano / 1e9;
  else if (deferred.quota !== undefined) {
    const why = setCpuQuota(c.spec, deferred.quota, deferred.period);
    if (why !== undefined) note(c, 'HostConfig.CpuQuota', why);
  }
  applyMounts(c, mounts, volumes);
  return containerBlock(c.spec);
}

/**
 * A named volume on the host. Docker keeps local volumes under
 * /var/lib/docker/volumes: that path is the runtime's storage, not a bind of
 * the host's files, so it is a comment (as a `path` it would read as a mount
 * of /var/lib/docker, VMX210).
 */
function volumeBlock(name: string, path: string | undefined): TreeBlock {
  if (path === undefined) return block('volume', name);
  if (path.startsWith('/var/lib/docker/volumes/')) {
    const b = block('volume', name);
    b.comments = [`Docker's local volume storage: ${path}`];
    return b;
  }
  return block('volume', name, [attr('path', str(path))]);
}

function convert(input: ImportInput) {
  if (!looksLikeJson(input.text)) throw new ImportError(`${input.name}: not JSON; docker inspect writes a JSON array`);
  const elements = elementsOf(parseJson(input.text, input.name));
  if (!elements) throw new ImportError(`${input.name}: not docker inspect output (a JSON array of containers, each with HostConfig)`);
  const names = containerNames(elements);
  const resolve = resolver(elements, names);
  const volumes = new Map<string, string | undefined>();
  const containers = elements.map((e, i) => convertOne(e, names[i], resolve, volumes));
  const volumeBlocks = [...volumes].map(([name, path]) => volumeBlock(name, path));
  const notImported: NotImported[] = [];
  return { blocks: [...volumeBlocks, ...containers], notImported };
}

export const dockerInspectImporter: Importer = {
  format: 'docker-inspect',
  title: 'docker inspect output',
  detect,
  convert,
};
