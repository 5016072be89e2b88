/**
 * One Kubernetes container → a ContainerSpec (written by the framework's one
 * container writer): resources, security context, host namespaces of the
 * pod, mounts; every other field listed with its reason.
 */
import { ContainerSpec, NamespaceName, NamespaceSetting } from '../../container';
import { NotImported } from '../../tree';
import { CONTAINER_MAPPED, CONTAINER_NOT_IMPORTED } from './fields';
import { Json, records, text } from './read';
import { ComputeQuantities, resourcesOf } from './resources';
import { APPARMOR_ANNOTATION, securityOf } from './security-context';
import { mountsOf, PodVolume } from './volumes';

/** What the pod gives every container: host namespaces, the pod's security context, its volumes. */
export interface PodContext {
  podSecurity: unknown;
  annotations: Record<string, string>;
  volumes: Map<string, PodVolume>;
  namespaces: Partial<Record<NamespaceName, NamespaceSetting>>;
  runtime?: ContainerSpec['runtime'];
  platform?: ContainerSpec['platform'];
}

export type ContainerRole = 'app' | 'init' | 'sidecar';

export interface KubeContainer {
  spec: ContainerSpec;
  role: ContainerRole;
  limits: ComputeQuantities;
  requests: ComputeQuantities;
}

function describeList(key: string, value: unknown): string {
  return Array.isArray(value) ? `${key} (${value.length})` : key;
}

function portsNotImported(ports: unknown): NotImported[] {
  const list = records(ports);
  const hostPorts = list.map((p) => text(p.hostPort)).filter((p): p is string => p !== undefined);
  const out: NotImported[] = [];
  if (list.length) out.push({ field: `ports (${list.length})`, why: 'network ports: vmx does not model ports' });
  if (hostPorts.length) out.push({ field: `hostPort ${hostPorts.join(', ')}`, why: 'binds the node’s own port (reachable from outside the pod network): not modelled' });
  return out;
}

export function kubeContainer(c: Json, name: string, role: ContainerRole, pod: PodContext): KubeContainer {
  const notImported: NotImported[] = [];
  const comments: string[] = [];
  if (role === 'init') comments.push('init container: runs to completion before the others start');
  if (role === 'sidecar') comments.push('sidecar (an init container with restartPolicy Always): starts first and runs beside the others');
  const resources = resourcesOf(c.resources);
  const security = securityOf(c.securityContext, pod.podSecurity, pod.annotations[`${APPARMOR_ANNOTATION}${name}`]);
  comments.push(...resources.notes, ...security.comments);
  const mounts = mountsOf(c.volumeMounts, pod.volumes, notImported);
  for (const [key, value] of Object.entries(c)) {
    if (key === 'ports') notImported.push(...portsNotImported(value));
    else if (!CONTAINER_MAPPED.has(key)) notImported.push({ field: describeList(key, value), why: CONTAINER_NOT_IMPORTED[key] ?? 'not a Container field this importer knows' });
  }
  notImported.push(...resources.notImported, ...security.notImported);
  const spec: ContainerSpec = {
    name,
    comments,
    image: text(c.image),
    runtime: pod.runtime,
    platform: pod.platform,
    ...security.spec,
    namespaces: Object.keys(pod.namespaces).length ? pod.namespaces : undefined,
    cgroup: resources.cgroup,
    requests: resources.requests,
    mounts,
    notImported,
  };
  return { spec, role, limits: resources.limits, requests: resources.effectiveRequests };
}
