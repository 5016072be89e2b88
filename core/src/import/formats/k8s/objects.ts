/**
 * The objects of a manifest: documents and `kind: List` items, each with an
 * apiVersion and a kind; the workloads among them with their pod templates.
 * An object created by another object of the same input (a Deployment's
 * ReplicaSet, its Pods) is left out and listed: the owner already stands for it.
 */
import { ImportError } from '../../types';
import { NotImported } from '../../tree';
import { WORKLOAD_MAPPED } from './fields';
import { Json, rec, records, safeName, stringMap, text } from './read';
import { claimTemplateVolumes, PodVolume } from './volumes';

export interface KubeObject {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  raw: Json;
}

export interface Workload {
  object: KubeObject;
  /** The pod template's metadata and spec. */
  metadata: Json;
  spec: Json;
  importLabels: Record<string, string>;
  comments: string[];
  extraVolumes: [string, PodVolume][];
  notImported: NotImported[];
}

export const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController']);

/** Flattens documents and Lists into objects; an item of a typed list (PodList) without a kind takes the list's. */
export function objectsOf(documents: unknown[], inputName: string): KubeObject[] {
  const out: KubeObject[] = [];
  const visit = (value: unknown, where: string, impliedKind?: string) => {
    const o = rec(value);
    const kind = text(o?.kind) ?? impliedKind;
    if (!o || kind === undefined || (text(o.apiVersion) === undefined && impliedKind === undefined)) {
      throw new ImportError(`${inputName}: ${where} is not a Kubernetes object (no apiVersion and kind)`);
    }
    if (Array.isArray(o.items) && kind.endsWith('List')) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      o.items.forEach((item, i) => visit(item, `${where} items[${i}]`, itemKind));
      return;
    }
    const meta = rec(o.metadata) ?? {};
    out.push({ kind, name: safeName(text(meta.name) || text(meta.generateName), kind.toLowerCase()), namespace: text(meta.namespace), uid: text(meta.uid), raw: o });
  };
  documents.forEach((d, i) => visit(d, documents.length > 1 ? `document ${i + 1}` : 'the document'));
  return out;
}

const key = (kind: string, name: string, namespace: string | undefined) => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

/**
 * The owner (a controller) of `o` that is itself in the input, if any. A Pod
 * of a ReplicaSet that is not in the input (`kubectl get deploy,pods`) is
 * traced to its Deployment by the deployment controller's naming: the
 * ReplicaSet is `<deployment>-<pod-template-hash>`, the hash a label of the Pod.
 */
export function ownerInInput(o: KubeObject, present: { uids: Set<string>; keys: Set<string> }): { kind: string; name: string } | undefined {
  const meta = rec(o.raw.metadata);
  const hash = text(rec(meta?.labels)?.['pod-template-hash']);
  for (const ref of records(meta?.ownerReferences)) {
    const kind = text(ref.kind);
    const name = text(ref.name);
    if (kind === undefined || name === undefined) continue;
    const uid = text(ref.uid);
    if ((uid !== undefined && present.uids.has(uid)) || present.keys.has(key(kind, name, o.namespace))) return { kind, name };
    const deployment = kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`) ? name.slice(0, -hash.length - 1) : undefined;
    if (deployment && present.keys.has(key('Deployment', deployment, o.namespace))) return { kind: 'Deployment', name: deployment };
  }
  return undefined;
}

export function presentSet(objects: KubeObject[]): { uids: Set<string>; keys: Set<string> } {
  return {
    uids: new Set(objects.map((o) => o.uid).filter((u): u is string => u !== undefined)),
    keys: new Set(objects.map((o) => key(o.kind, o.name, o.namespace))),
  };
}

function workloadSpecNotImported(kind: string, spec: Json): NotImported[] {
  const keys = Object.keys(spec).filter((k) => !WORKLOAD_MAPPED.has(k));
  return keys.length ? [{ field: `${kind} spec ${keys.join(', ')}`, why: 'rollout, selection and retry settings of the controller: not a resource or isolation setting' }] : [];
}

/** How many pods the template stands for, as a label, and the comment saying one pod represents them. */
function replicas(kind: string, spec: Json): { label?: string; comment?: string } {
  if (kind === 'DaemonSet') return { label: 'one per node', comment: 'one such pod on every node; this is the one on this host' };
  if (kind === 'Job' || kind === 'CronJob') {
    const parallel = text(spec.parallelism) ?? '1';
    return { label: parallel, comment: parallel === '1' ? undefined : `up to ${parallel} such pods at once, possibly on different nodes; one pod here represents the template` };
  }
  const n = text(spec.replicas) ?? '1';
  return { label: n, comment: n === '1' ? undefined : `${n} replicas of this pod, possibly on different nodes; one pod here represents the template` };
}

/** The pod template of a workload object. */
export function workloadOf(o: KubeObject): Workload {
  const objectSpec = rec(o.raw.spec) ?? {};
  const importLabels: Record<string, string> = { 'vmx.import/kind': o.kind };
  if (o.namespace !== undefined) importLabels['vmx.import/namespace'] = o.namespace;
  const notImported: NotImported[] = [];
  const comments: string[] = [];
  if (o.kind === 'Pod') return { object: o, metadata: rec(o.raw.metadata) ?? {}, spec: objectSpec, importLabels, comments, extraVolumes: [], notImported };
  let spec = objectSpec;
  if (o.kind === 'CronJob') {
    const schedule = text(spec.schedule);
    if (schedule !== undefined) importLabels['vmx.import/schedule'] = schedule;
    notImported.push(...workloadSpecNotImported('CronJob', spec));
    spec = rec(rec(spec.jobTemplate)?.spec) ?? {};
  }
  const r = replicas(o.kind, spec);
  if (r.label !== undefined) importLabels['vmx.import/replicas'] = r.label;
  if (r.comment) comments.push(r.comment);
  notImported.push(...workloadSpecNotImported(o.kind === 'CronJob' ? 'jobTemplate' : o.kind, spec));
  const template = rec(spec.template) ?? {};
  const metadata = rec(template.metadata) ?? {};
  const templateLabels = stringMap(metadata.labels);
  const ownLabels = Object.entries(stringMap(rec(o.raw.metadata)?.labels)).filter(([k, v]) => templateLabels[k] !== v);
  const ownAnnotations = Object.keys(stringMap(rec(o.raw.metadata)?.annotations));
  if (ownAnnotations.length) notImported.push({ field: `${o.kind} annotations ${ownAnnotations.join(', ')}`, why: 'the controller’s metadata: vmx carries labels, not annotations' });
  if (ownLabels.length) notImported.push({ field: `${o.kind} labels ${ownLabels.map(([k]) => k).join(', ')}`, why: 'the controller’s own labels; the pod carries its template’s' });
  if (!rec(spec.template)) notImported.push({ field: `${o.kind} spec.template`, why: 'missing: a pod without containers' });
  return { object: o, metadata, spec: rec(template.spec) ?? {}, importLabels, comments, extraVolumes: claimTemplateVolumes(spec.volumeClaimTemplates, o.name), notImported };
}
