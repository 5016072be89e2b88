/**
 * A pod template (a Pod's spec, or a workload's spec.template) → one `pod`
 * block: its containers (init containers first, as they start), host
 * namespaces, volumes, QoS class and, when the kubelet's rule makes it
 * exact, the pod cgroup. Returns the QoS class, which decides the pod's
 * group under kubepods.
 */
import { cgroupBlock, containerBlock, ContainerSpec, labelsBlock, NamespaceName, NamespaceSetting } from '../../container';
import { attr, block, bool, NotImported, TreeBlock, word } from '../../tree';
import { kubeContainer, KubeContainer, PodContext } from './container';
import { POD_MAPPED, POD_NOT_IMPORTED } from './fields';
import { podCgroup, QosClass, qosClass } from './qos';
import { flag, Json, notBooleans, notList, rec, safeName, stringMap, text, uniqueName } from './read';
import { isRecord } from '../../yaml-input';
import { APPARMOR_ANNOTATION, podSecurityNotImported } from './security-context';
import { PodVolume, podVolumes } from './volumes';

export interface PodInput {
  name: string;
  /** The template's metadata (a Pod's own). */
  metadata: Json;
  spec: Json;
  /** Labels the importer adds (kind, replicas, namespace). */
  importLabels: Record<string, string>;
  comments: string[];
  /** Volumes that are not in spec.volumes (a StatefulSet's volumeClaimTemplates). */
  extraVolumes?: [string, PodVolume][];
  notImported: NotImported[];
}

export interface PodResult {
  block: TreeBlock;
  qos: QosClass;
}

/** A RuntimeClass is cluster configuration; its usual names say which runtime it selects. */
function runtimeOf(runtimeClass: string | undefined): ContainerSpec['runtime'] | undefined {
  if (runtimeClass === undefined) return undefined;
  if (/kata/i.test(runtimeClass)) return 'kata';
  if (/gvisor|runsc/i.test(runtimeClass)) return 'gvisor';
  if (/crun/i.test(runtimeClass)) return 'crun';
  if (/runc/i.test(runtimeClass)) return 'runc';
  return undefined;
}

function hostNamespaces(spec: Json): Partial<Record<NamespaceName, NamespaceSetting>> {
  const ns: Partial<Record<NamespaceName, NamespaceSetting>> = {};
  // hostNetwork shares the node's UTS namespace too (the pod gets the node's hostname).
  if (flag(spec.hostNetwork)) Object.assign(ns, { net: 'host', uts: 'host' });
  if (flag(spec.hostPID)) ns.pid = 'host';
  if (flag(spec.hostIPC)) ns.ipc = 'host';
  if (flag(spec.hostUsers) === false) ns.user = 'private';
  return ns;
}

function annotationsNotImported(annotations: Record<string, string>): NotImported[] {
  const keys = Object.keys(annotations).filter((k) => !k.startsWith(APPARMOR_ANNOTATION));
  return keys.length ? [{ field: `annotations ${keys.join(', ')}`, why: 'metadata: vmx carries labels, not annotations' }] : [];
}

function kubeContainers(spec: Json, context: PodContext, notImported: NotImported[]): KubeContainer[] {
  const taken = new Set<string>();
  const out: KubeContainer[] = [];
  const add = (c: Json, init: boolean, index: number) => {
    const wanted = safeName(text(c.name), `${init ? 'init' : 'container'}-${index + 1}`);
    const name = uniqueName(wanted, taken);
    const role = init ? (text(c.restartPolicy) === 'Always' ? 'sidecar' : 'init') : 'app';
    out.push(kubeContainer(c, name, role, context));
  };
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    const list: unknown[] = Array.isArray(spec[key]) ? spec[key] : [];
    list.forEach((c, i) => (isRecord(c) ? add(c, init, i) : notImported.push({ field: `${key}[${i}]`, why: 'not a container (an object with name and image)' })));
  }
  if (!Array.isArray(spec.containers)) notImported.push({ field: 'containers', why: 'not a list of containers' });
  return out;
}

/** The runtime a RuntimeClass selects, with the comment or not-imported line saying how it was read. */
function runtimeClassOf(spec: Json, comments: string[], notImported: NotImported[]): ContainerSpec['runtime'] | undefined {
  const runtimeClass = text(spec.runtimeClassName);
  if (runtimeClass === undefined) return undefined;
  const runtime = runtimeOf(runtimeClass);
  if (runtime) comments.push(`runtimeClassName ${runtimeClass}: taken to select ${runtime} (a RuntimeClass names its handler in the cluster’s configuration)`);
  else notImported.push({ field: `runtimeClassName ${runtimeClass}`, why: 'a RuntimeClass whose handler its name does not tell' });
  return runtime;
}

/** PodSpec fields not mapped (or of the wrong type), pod-level security fields, annotations. */
function podNotImported(spec: Json, annotations: Record<string, string>): NotImported[] {
  const out = [...notBooleans(spec, ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'shareProcessNamespace']), ...notList(spec, 'initContainers'), ...notList(spec, 'volumes')];
  for (const key of Object.keys(spec)) {
    if (!POD_MAPPED.has(key)) out.push({ field: key, why: POD_NOT_IMPORTED[key] ?? 'not a PodSpec field this importer knows' });
  }
  return [...out, ...podSecurityNotImported(spec.securityContext), ...annotationsNotImported(annotations)];
}

export function podBlock(input: PodInput): PodResult {
  const { spec } = input;
  const notImported: NotImported[] = [...input.notImported];
  const comments = [...input.comments];
  const annotations = stringMap(rec(input.metadata)?.annotations);
  const volumes = podVolumes(spec.volumes, notImported);
  for (const [name, v] of input.extraVolumes ?? []) volumes.set(name, v);
  const context: PodContext = {
    podSecurity: spec.securityContext,
    annotations,
    volumes,
    namespaces: hostNamespaces(spec),
    runtime: runtimeClassOf(spec, comments, notImported),
    platform: text(rec(spec.os)?.name) === 'windows' ? 'windows' : undefined,
  };
  const containers = kubeContainers(spec, context, notImported);
  const qos = qosClass(containers);
  const cgroup = spec.overhead !== undefined || spec.resources !== undefined ? {} : podCgroup(containers, qos);
  if (cgroup.why) comments.push(cgroup.why);
  if (context.platform !== 'windows' && containers.some((c) => c.spec.seccomp === undefined)) {
    comments.push('seccompProfile not set: Kubernetes runs such containers Unconfined unless the kubelet’s seccompDefault is on; written as the language’s default, runtime-default (PSS Baseline allows it, Restricted does not)');
  }
  notImported.push(...podNotImported(spec, annotations));
  const attributes = [attr('qos', word(qos))];
  if (flag(spec.shareProcessNamespace)) attributes.push(attr('share_pid', bool(true)));
  const labels = { ...stringMap(rec(input.metadata)?.labels), ...input.importLabels };
  const node = text(spec.nodeName);
  if (node !== undefined) labels['vmx.import/node'] = node;
  const children: TreeBlock[] = [
    ...labelsBlock(labels),
    ...cgroupBlock(cgroup.cgroup),
    ...[...volumes.values()].flatMap((v) => (v.kind === 'volume' ? [v.block] : [])),
    ...containers.map((c) => containerBlock(c.spec)),
  ];
  const b = block('pod', input.name, attributes, children);
  b.comments = comments;
  if (notImported.length) b.notImported = notImported;
  return { block: b, qos };
}
