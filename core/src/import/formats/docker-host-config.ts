/**
 * What compose and `docker inspect` share: both describe one Docker
 * container, compose in its keys (`network_mode`, `security_opt`, `volumes`)
 * and inspect in HostConfig (`NetworkMode`, `SecurityOpt`, `Binds`). They set
 * the same ContainerSpec fields through these functions, so a value means the
 * same in both (one definition per rule).
 */
import { posix } from 'node:path';
import { ContainerSpec, MountSpec, NamespaceName } from '../container';
import { hostPath, knownCapabilities, propagationOf, setSwapFromMemsw } from './spec-values';
import { NotImported } from '../tree';
import { asUid, FieldError } from './fields';

/** One container being imported: its spec and how to name other containers of the same input. */
export interface DockerContainer {
  spec: ContainerSpec & { notImported: NotImported[] };
  /** The container name a `service:x` / `container:x` reference names, when it is in the same input. */
  resolve(kind: 'service' | 'container', ref: string): string | undefined;
}

export function newDockerContainer(name: string, resolve: DockerContainer['resolve']): DockerContainer {
  return { spec: { name, notImported: [] }, resolve };
}

export function note(c: DockerContainer, field: string, why: string): void {
  c.spec.notImported.push({ field, why });
}

/**
 * A namespace mode (`network_mode`, `pid`, `ipc`, `uts`, `userns_mode`,
 * `cgroup`; HostConfig NetworkMode, PidMode, …): `host` shares the host's;
 * `service:x` / `container:x` joins that container's; everything else
 * (`bridge`, `default`, a network's name, `private`, `shareable`, `none`) is
 * a namespace of the container's own, the default.
 */
export function setNamespaceMode(c: DockerContainer, ns: NamespaceName, mode: string, field: string): void {
  const value = mode.trim();
  if (value === 'host') {
    c.spec.namespaces = { ...c.spec.namespaces, [ns]: 'host' };
    return;
  }
  const join = /^(service|container):(.+)$/.exec(value);
  if (!join) return;
  const kind = join[1] as 'service' | 'container';
  const target = c.resolve(kind, join[2]);
  if (target === undefined) {
    note(c, field, `joins the ${ns} namespace of ${kind} ${join[2]}, which is not in this input`);
    return;
  }
  c.spec.namespaces = { ...c.spec.namespaces, [ns]: { container: target } };
}

/**
 * One `security_opt` / SecurityOpt entry. Docker accepts `key=value` and the
 * older `key:value`: `no-new-privileges[:true]`, `seccomp=unconfined` or a
 * profile path, `apparmor=unconfined` or a profile name, and SELinux
 * `label=type:T` (the process type) or `label=disable` — which runs the
 * container unconfined as `spc_t` (the "super privileged container" type),
 * so it is written `selinux = "spc_t"`.
 */
export function applySecurityOpt(c: DockerContainer, entry: string, field: string): void {
  const m = /^([a-z-]+)(?:[=:](.*))?$/.exec(entry.trim());
  const key = m?.[1];
  const value = m?.[2]?.trim() ?? '';
  switch (key) {
    case 'no-new-privileges':
      if (value === '' || value === 'true') c.spec.noNewPrivileges = true;
      else if (value !== 'false') note(c, field, `${entry}: not true or false`);
      return;
    case 'seccomp':
      if (value === '') break;
      c.spec.seccomp = value === 'unconfined' ? 'unconfined' : value === 'builtin' ? 'runtime-default' : value;
      return;
    case 'apparmor':
      if (value === '') break;
      c.spec.apparmor = value === 'unconfined' ? 'unconfined' : value === 'docker-default' ? 'runtime-default' : value;
      return;
    case 'label': {
      if (value === 'disable') {
        c.spec.selinux = 'spc_t';
        return;
      }
      const part = /^(type|user|role|level|filetype)[:=](.+)$/.exec(value);
      if (part?.[1] === 'type') {
        c.spec.selinux = part[2];
        return;
      }
      if (part) {
        note(c, field, `${entry}: the SELinux ${part[1]}; only the type is in a topology`);
        return;
      }
      if (value === 'nested') {
        note(c, field, `${entry}: nested SELinux labelling is not modelled`);
        return;
      }
      break;
    }
    case 'systempaths':
      note(c, field, `${entry}: ${value === 'unconfined' ? '/proc and /sys paths are not masked; ' : ''}masked paths are not modelled`);
      return;
    case 'writable-cgroups':
      note(c, field, `${entry}: the cgroup filesystem's mode is not modelled`);
      return;
  }
  note(c, field, `${entry}: not a security option vmx import knows`);
}

/** Docker's runtime names: runsc is gVisor, the kata shims are Kata Containers; runc, crun as they are. */
export function applyRuntime(c: DockerContainer, name: string, field: string): void {
  const value = name.trim();
  if (value === '' || value === 'runc' || value === 'io.containerd.runc.v2') c.spec.runtime = 'runc';
  else if (value === 'crun') c.spec.runtime = 'crun';
  else if (value === 'runsc' || value.startsWith('runsc-') || value === 'io.containerd.runsc.v1') c.spec.runtime = 'gvisor';
  else if (value.startsWith('kata') || value.startsWith('io.containerd.kata')) c.spec.runtime = 'kata';
  else note(c, field, `runtime ${value}: not one a topology models (runc, crun, kata, gvisor)`);
}

/**
 * `user` / Config.User: `uid[:gid]` or `name[:group]`. The group has no
 * place in a topology; `root` and `0` are root.
 */
export function applyUser(c: DockerContainer, value: string, field: string): void {
  const [user, group] = value.trim().split(':');
  if (user === '') return;
  c.spec.user = /^[0-9]+$/.test(user) ? asUid(user) : user;
  if (group !== undefined && group !== '') note(c, field, `the group ${group}: a topology records the user only`);
}

/** `devices` / HostConfig.Devices: the host side of `HOST[:CONTAINER[:PERMS]]` or of {PathOnHost}. CDI names (vendor/class=name) are not host paths. */
export function applyDevice(c: DockerContainer, device: string, field: string): void {
  const host = device.split(':')[0].trim();
  if (!host.startsWith('/')) {
    note(c, field, `${device}: a CDI device or a name, not a host device path`);
    return;
  }
  const devices = c.spec.devices ?? (c.spec.devices = []);
  if (!devices.includes(host)) devices.push(host);
}

/** `cap_add`/`cap_drop`, CapAdd/CapDrop: kernel names are kept; a name the kernel does not know (Docker refuses it) is listed. */
export function addCapabilities(c: DockerContainer, names: string[], which: 'add' | 'drop', field: string): void {
  const { known, unknown } = knownCapabilities(names);
  const list = which === 'add' ? (c.spec.capAdd ??= []) : (c.spec.capDrop ??= []);
  for (const n of known) if (!list.includes(n)) list.push(n);
  for (const n of unknown) note(c, field, `${n}: not a Linux capability`);
}

/** Docker's `memswap_limit` / MemorySwap (memory + swap; -1 = unlimited swap) as memory.swap.max; one Docker refuses is listed. */
export function setMemorySwap(c: DockerContainer, memswap: number, field: string): void {
  const why = setSwapFromMemsw(c.spec, memswap);
  if (why !== undefined) note(c, field, `${why} (Docker refuses it)`);
}

/**
 * A bind-style volume string `SOURCE:TARGET[:OPTIONS]` (compose short
 * syntax, HostConfig.Binds). OPTIONS: `ro`/`rw`, a propagation, SELinux
 * relabelling `z`/`Z`, `nocopy`. A SOURCE that is not a path is a named
 * volume; a lone TARGET is an anonymous volume.
 */
export interface BindString {
  source?: string;
  target: string;
  readOnly: boolean;
  propagation?: MountSpec['propagation'];
  /** Options with no place in a topology (`z`, `Z`, `nocopy`, unknown ones). */
  other: string[];
}

export function parseBindString(text: string): BindString {
  const parts = text.split(':');
  if (parts.length === 1) return { target: parts[0], readOnly: false, other: [] };
  const [source, target, options = ''] = parts.length > 3 ? [parts.slice(0, -2).join(':'), parts[parts.length - 2], parts[parts.length - 1]] : parts;
  if (!target) throw new FieldError(`"${text}" has no target path`);
  const result: BindString = { source, target, readOnly: false, other: [] };
  for (const option of options.split(',').filter((o) => o !== '')) {
    if (option === 'ro' || option === 'readonly') result.readOnly = true;
    else if (option === 'rw') result.readOnly = false;
    else if (propagationOf(option) !== undefined) result.propagation = propagationOf(option);
    else result.other.push(option);
  }
  return result;
}

/** A bind source: absolute as it is; `./x`, `../x`, `~/x` are relative to `baseDir` (the compose file's folder) when it is known. */
export function bindSource(source: string, baseDir: string | undefined): string | undefined {
  if (source.startsWith('/')) return hostPath(source);
  if (baseDir === undefined || source.startsWith('~')) return undefined;
  return hostPath(posix.join(baseDir, source));
}


export function isPathSource(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}
