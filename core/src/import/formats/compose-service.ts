/**
 * One compose service → one ContainerSpec: the table of every service key
 * the Compose Specification (and the v2/v3 files) define, each mapped
 * through docker-host-config.ts or listed with why it has no place.
 */
import {
  addCapabilities,
  applyDevice,
  applyRuntime,
  applySecurityOpt,
  applyUser,
  bindSource,
  DockerContainer,
  isPathSource,
  note,
  parseBindString,
  setMemorySwap,
  setNamespaceMode,
} from './docker-host-config';
import { addMount, clampShares, cpusetOf, ioWeightOfBlkio, propagationOf, setCpuQuota } from './spec-values';
import { dockerBytes, dockerCpus } from './docker-units';
import { asBool, asInteger, asList, asNumber, asRecord, asString, asStringList, FieldError, FieldRule, notImported, walkFields } from './fields';
import { nameFrom } from '../../syntax/token-patterns';

export interface ComposeService {
  c: DockerContainer;
  /** The compose file's folder, for `./data` bind sources (unknown for standard input or a relative name). */
  baseDir: string | undefined;
  /** Named volumes the services mount (a host `volume` block each). */
  usedVolumes: Set<string>;
  /** Comments for volumes the import made up (anonymous ones). */
  volumeComments: Map<string, string>;
  /** Settings that need several keys (quota and period; Docker's default swap), applied after the walk. */
  finish?: () => void;
}

const WHY = {
  program: 'the program and its environment, not its isolation or resources',
  network: 'networking is not modelled: a topology has namespaces, not addresses or ports',
  lifecycle: 'start order, restarts and health are not modelled',
  build: 'how the image is built; the topology records the image',
  tuning: 'not modelled in a topology',
  runtime: 'run-time behaviour of the compose tool, not of the container',
};

function labelsOf(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    const out: Record<string, string> = {};
    for (const entry of v.map(asString)) {
      const i = entry.indexOf('=');
      out[i < 0 ? entry : entry.slice(0, i)] = i < 0 ? '' : entry.slice(i + 1);
    }
    return out;
  }
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(asRecord(v))) out[k] = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return out;
}

/** A short-syntax volume (`./data:/data:ro`, `db:/var/lib/postgresql/data`, `/cache`). */
function shortVolume(s: ComposeService, text: string, field: string): void {
  const bind = parseBindString(text);
  const { c } = s;
  for (const option of bind.other) note(c, field, `${text}: the option ${option} is not modelled`);
  if (bind.source === undefined) {
    anonymousVolume(s, bind.target, bind.readOnly);
    return;
  }
  if (isPathSource(bind.source)) {
    bindMount(s, bind.source, bind.target, bind.readOnly, bind.propagation, field);
    return;
  }
  s.usedVolumes.add(bind.source);
  addMount(c.spec, { type: 'volume', source: bind.source, target: bind.target, readOnly: bind.readOnly }, bind.source);
}

/**
 * An anonymous volume (`- /cache`): Docker creates one for the container. It
 * becomes a host volume named after the service and the target, so the
 * mount has a source, with a comment saying what it is.
 */
function anonymousVolume(s: ComposeService, target: string, readOnly: boolean): void {
  const name = `${s.c.spec.name}-anonymous${target.replace(/\//g, '') === '' ? '' : `-${nameFrom(target, 'mount')}`}`;
  addMount(s.c.spec, { type: 'volume', source: name, target, readOnly, note: 'an anonymous volume: Docker creates one for the container' });
  s.usedVolumes.add(name);
  s.volumeComments.set(name, `an anonymous volume of ${s.c.spec.name} at ${target}, created by Docker`);
}

function bindMount(s: ComposeService, source: string, target: string, readOnly: boolean, propagation: ReturnType<typeof propagationOf>, field: string): void {
  const resolved = bindSource(source, s.baseDir);
  if (resolved === undefined) {
    note(s.c, field, `${source}:${target}: a source relative to a folder unknown here (~ or standard input); write the mount with its absolute path`);
    return;
  }
  addMount(s.c.spec, { type: 'bind', source: resolved, target, readOnly, propagation, note: source.startsWith('/') ? undefined : `source ${source}, relative to the compose file` });
}

/** A long-syntax volume ({type, source, target, read_only, bind: {propagation}, …}). */
function longVolume(s: ComposeService, v: Record<string, unknown>, field: string): void {
  const type = v.type === undefined ? 'volume' : asString(v.type);
  const target = asString(v.target ?? v.destination ?? '');
  if (target === '') throw new FieldError('a volume without a target');
  let readOnly = false;
  let propagation: ReturnType<typeof propagationOf>;
  const rules: Record<string, FieldRule> = {
    type: () => undefined,
    source: () => undefined,
    target: () => undefined,
    read_only: (r) => {
      readOnly = asBool(r);
    },
    bind: (b) =>
      walkFields(asRecord(b), {
        propagation: (p) => {
          propagation = propagationOf(asString(p));
          if (propagation === undefined) throw new FieldError(`propagation ${asString(p)}`);
        },
        create_host_path: notImported('whether Docker creates the host directory is not modelled'),
        selinux: notImported('SELinux relabelling is not modelled'),
        recursive: notImported('recursive read-only is not modelled'),
      }, s.c.spec.notImported, `${field}.bind`),
    volume: (b) => walkFields(asRecord(b), { nocopy: notImported('copying the image’s files into the volume is not modelled'), subpath: notImported('a volume subpath is not modelled') }, s.c.spec.notImported, `${field}.volume`),
    tmpfs: (b) => walkFields(asRecord(b), { size: notImported('a mount has no size in a topology; the container’s memory.max counts tmpfs'), mode: notImported('file modes are not modelled') }, s.c.spec.notImported, `${field}.tmpfs`),
    consistency: notImported('a Docker Desktop file-sharing hint'),
  };
  walkFields(v, rules, s.c.spec.notImported, field);
  const source = v.source === undefined ? undefined : asString(v.source);
  if (type === 'bind') {
    if (source === undefined) throw new FieldError('a bind mount without a source');
    bindMount(s, source, target, readOnly, propagation, field);
  } else if (type === 'volume') {
    if (source === undefined || source === '') anonymousVolume(s, target, readOnly);
    else {
      s.usedVolumes.add(source);
      addMount(s.c.spec, { type: 'volume', source, target, readOnly }, source);
    }
  } else if (type === 'tmpfs') addMount(s.c.spec, { type: 'tmpfs', target, readOnly });
  else note(s.c, field, `a ${type} mount: not one a topology models (bind, volume, tmpfs)`);
}

function volumes(s: ComposeService, v: unknown, field: string): void {
  asList(v).forEach((entry, i) => {
    const f = `${field}[${i}]`;
    try {
      if (typeof entry === 'string') shortVolume(s, entry, f);
      else longVolume(s, asRecord(entry), f);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      note(s.c, f, `unreadable: ${e.message}`);
    }
  });
}

function tmpfs(s: ComposeService, v: unknown, field: string): void {
  for (const entry of asStringList(v)) {
    const [target, options] = entry.split(/:(.*)/s);
    addMount(s.c.spec, { type: 'tmpfs', target, readOnly: (options ?? '').split(',').includes('ro') });
    if (options) note(s.c, field, `${entry}: tmpfs options (size, mode) are not modelled`);
  }
}

function resources(s: ComposeService, v: unknown, field: string): void {
  const { c } = s;
  const cgroup = () => (c.spec.cgroup ??= {});
  walkFields(asRecord(v), {
    limits: (l) =>
      walkFields(asRecord(l), {
        cpus: (x) => cpusLimit(s, x),
        memory: (x) => (cgroup().memoryMax = dockerBytes(x)),
        pids: (x) => pidsLimit(s, x),
      }, c.spec.notImported, `${field}.limits`),
    reservations: (r) =>
      walkFields(asRecord(r), {
        cpus: (x) => (c.spec.requests = { ...c.spec.requests, cpu: dockerCpus(x) }),
        memory: (x) => (cgroup().memoryLow = dockerBytes(x)),
        devices: notImported('device reservations (GPUs) are not modelled'),
        generic_resources: notImported('swarm generic resources are not modelled'),
      }, c.spec.notImported, `${field}.reservations`),
  }, c.spec.notImported, field);
}

/** `cpus` / `limits.cpus`: 0 is Docker's "no limit". */
function cpusLimit(s: ComposeService, x: unknown): void {
  const cpus = dockerCpus(x);
  if (cpus > 0) (s.c.spec.cgroup ??= {}).cpuMax = cpus;
}

function pidsLimit(s: ComposeService, x: unknown): void {
  const n = asInteger(x);
  if (n > 0) (s.c.spec.cgroup ??= {}).pidsMax = n;
}

function deploy(s: ComposeService, v: unknown, field: string): void {
  walkFields(asRecord(v), {
    resources: (r, f) => resources(s, r, f),
    replicas: notImported('one container block per service; replicas are not multiplied'),
    mode: notImported('swarm placement is not modelled'),
    placement: notImported('swarm placement is not modelled'),
    endpoint_mode: notImported(WHY.network),
    labels: notImported('labels of the swarm service, not of its containers'),
    restart_policy: notImported(WHY.lifecycle),
    update_config: notImported('rolling updates are not modelled'),
    rollback_config: notImported('rolling updates are not modelled'),
  }, s.c.spec.notImported, field);
}

export function composeServiceRules(s: ComposeService): Record<string, FieldRule> {
  const { c } = s;
  const spec = c.spec;
  const cgroup = () => (spec.cgroup ??= {});
  let quota: number | undefined;
  let period: number | undefined;
  let swapGiven = false;
  s.finish = () => {
    const why = quota === undefined ? undefined : setCpuQuota(spec, quota, period);
    if (why !== undefined) note(c, 'cpu_quota', why);
    // Docker's default without memswap_limit: as much swap as memory (MemorySwap = 2 × Memory).
    if (!swapGiven && spec.cgroup?.memoryMax !== undefined && spec.cgroup.memorySwapMax === undefined) {
      spec.cgroup.memorySwapMax = spec.cgroup.memoryMax;
      spec.comments = [...(spec.comments ?? []), 'memory.swap.max = memory.max: Docker’s default swap when memswap_limit is not set'];
    }
  };
  return {
    image: (v) => (spec.image = asString(v)),
    container_name: notImported('the container’s name at run time; the block keeps the service name'),
    platform: (v) => {
      const os = asString(v).split('/')[0];
      if (os === 'windows') spec.platform = 'windows';
      else if (os !== 'linux') throw new FieldError(`platform ${asString(v)}`);
    },
    runtime: (v, f) => applyRuntime(c, asString(v), f),
    user: (v, f) => applyUser(c, asString(v), f),
    privileged: (v) => (spec.privileged = asBool(v)),
    cap_add: (v, f) => addCapabilities(c, asStringList(v), 'add', f),
    cap_drop: (v, f) => addCapabilities(c, asStringList(v), 'drop', f),
    security_opt: (v, f) => asStringList(v).forEach((o) => applySecurityOpt(c, o, f)),
    read_only: (v) => (spec.readOnlyRootfs = asBool(v)),
    devices: (v, f) => asList(v).forEach((d) => applyDevice(c, typeof d === 'string' ? d : asString(asRecord(d).source), f)),
    labels: (v) => (spec.labels = { ...spec.labels, ...labelsOf(v) }),
    network_mode: (v, f) => setNamespaceMode(c, 'net', asString(v), f),
    pid: (v, f) => setNamespaceMode(c, 'pid', asString(v), f),
    ipc: (v, f) => setNamespaceMode(c, 'ipc', asString(v), f),
    uts: (v, f) => setNamespaceMode(c, 'uts', asString(v), f),
    userns_mode: (v, f) => setNamespaceMode(c, 'user', asString(v), f),
    cgroup: (v, f) => setNamespaceMode(c, 'cgroup', asString(v), f),
    volumes: (v, f) => volumes(s, v, f),
    tmpfs: (v, f) => tmpfs(s, v, f),
    use_api_socket: (v) => {
      if (asBool(v)) addMount(c.spec, { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', note: 'use_api_socket: the Docker API socket is mounted' });
    },
    mem_limit: (v) => (cgroup().memoryMax = dockerBytes(v)),
    mem_reservation: (v) => (cgroup().memoryLow = dockerBytes(v)),
    memswap_limit: (v, f) => {
      swapGiven = true;
      setMemorySwap(c, v === -1 || v === '-1' ? -1 : dockerBytes(v), f);
    },
    cpus: (v) => cpusLimit(s, v),
    cpu_quota: (v) => (quota = asNumber(v)),
    cpu_period: (v) => (period = asNumber(v)),
    cpu_shares: (v) => {
      if (asNumber(v) > 0) cgroup().cpuShares = clampShares(asNumber(v));
    },
    cpuset: (v) => (cgroup().cpusetCpus = cpusetOf(asString(v))),
    pids_limit: (v) => pidsLimit(s, v),
    blkio_config: (v, f) =>
      walkFields(asRecord(v), {
        weight: (w) => {
          if (asNumber(w) > 0) cgroup().ioWeight = ioWeightOfBlkio(asNumber(w));
        },
        weight_device: notImported('per-device I/O weights are not modelled'),
        device_read_bps: notImported('per-device I/O limits of Docker are not read; write io.max'),
        device_write_bps: notImported('per-device I/O limits of Docker are not read; write io.max'),
        device_read_iops: notImported('per-device I/O limits of Docker are not read; write io.max'),
        device_write_iops: notImported('per-device I/O limits of Docker are not read; write io.max'),
      }, spec.notImported, f),
    deploy: (v, f) => deploy(s, v, f),
    // Not imported, each with why.
    build: notImported(WHY.build),
    pull_policy: notImported(WHY.build),
    command: notImported(WHY.program),
    entrypoint: notImported(WHY.program),
    environment: notImported(WHY.program),
    env_file: notImported(WHY.program),
    working_dir: notImported(WHY.program),
    init: notImported('the init process Docker adds is not modelled'),
    ports: notImported(WHY.network),
    expose: notImported(WHY.network),
    networks: notImported(WHY.network),
    dns: notImported(WHY.network),
    dns_opt: notImported(WHY.network),
    dns_search: notImported(WHY.network),
    extra_hosts: notImported(WHY.network),
    hostname: notImported(WHY.network),
    domainname: notImported(WHY.network),
    mac_address: notImported(WHY.network),
    links: notImported(WHY.network),
    external_links: notImported(WHY.network),
    depends_on: notImported(WHY.lifecycle),
    restart: notImported(WHY.lifecycle),
    healthcheck: notImported(WHY.lifecycle),
    stop_grace_period: notImported(WHY.lifecycle),
    stop_signal: notImported(WHY.lifecycle),
    post_start: notImported(WHY.lifecycle),
    pre_stop: notImported(WHY.lifecycle),
    scale: notImported('one container block per service; scale is not multiplied'),
    profiles: notImported('compose profiles choose which services start; every service is imported'),
    logging: notImported('the log driver is not modelled'),
    secrets: notImported('secrets are file contents, not isolation or resources'),
    configs: notImported('configs are file contents, not isolation or resources'),
    develop: notImported(WHY.runtime),
    extends: notImported('the service it extends is not merged in: import a file with it resolved (docker compose config)'),
    attach: notImported(WHY.runtime),
    tty: notImported(WHY.runtime),
    stdin_open: notImported(WHY.runtime),
    annotations: notImported('OCI annotations are not labels'),
    label_file: notImported('label files are not read'),
    ulimits: notImported('process rlimits are not modelled (pids.max is)'),
    sysctls: notImported('namespaced kernel parameters are not modelled'),
    oom_kill_disable: notImported(WHY.tuning),
    oom_score_adj: notImported(WHY.tuning),
    mem_swappiness: notImported(WHY.tuning),
    kernel_memory: notImported('kernel memory limits are deprecated and ignored by cgroup v2'),
    shm_size: notImported('/dev/shm’s size is not modelled; it counts against memory.max'),
    storage_opt: notImported('storage-driver options are not modelled'),
    group_add: notImported('supplementary groups are not modelled'),
    isolation: notImported('Windows isolation (process, hyperv) is not modelled'),
    credential_spec: notImported('Windows credential specs are not modelled'),
    device_cgroup_rules: notImported('device cgroup rules are not modelled; devices lists passed-in devices'),
    gpus: notImported('GPU requests are not modelled'),
    cpu_count: notImported('Windows CPU counts are not modelled'),
    cpu_percent: notImported('Windows CPU percentages are not modelled'),
    cpu_rt_runtime: notImported('real-time scheduling is not modelled'),
    cpu_rt_period: notImported('real-time scheduling is not modelled'),
    volumes_from: notImported('another container’s mounts are not copied: they are on that container'),
    cgroup_parent: notImported('a parent cgroup; write the container inside a group block'),
    models: notImported('AI models are not containers'),
    provider: notImported('a provider service is not a container'),
  };
}
