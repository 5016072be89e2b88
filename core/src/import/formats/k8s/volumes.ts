/**
 * Pod volumes and the containers' volumeMounts: a hostPath is a bind mount
 * of the host path; an emptyDir, a claim or the kubelet's API data
 * (configMap, secret, projected, downwardAPI) is a pod `volume` the
 * containers mount; an emptyDir in memory is a tmpfs.
 */
import { MountSpec } from '../../container';
import { attr, block, exactBytes, NotImported, TreeBlock } from '../../tree';
import { isQuantity, parseQuantity, bytesOf } from './quantity';
import { Json, rec, records, text, flag, safeName, uniqueName } from './read';

export type PodVolume =
  | { kind: 'hostPath'; path: string; type?: string }
  | { kind: 'tmpfs'; note: string }
  | { kind: 'volume'; block: TreeBlock; readOnly: boolean };

/** The kubelet writes these from the API and mounts them read-only (since Kubernetes 1.10). */
const API_DATA: Record<string, (source: Json) => string> = {
  configMap: (s) => `configMap ${text(s.name) ?? ''}: files the kubelet writes from the API, read-only`,
  secret: (s) => `secret ${text(s.secretName) ?? ''}: files the kubelet writes from the API, read-only`,
  projected: () => 'projected: files the kubelet writes from the API (often the service account token), read-only',
  downwardAPI: () => 'downwardAPI: the pod’s own metadata as files, read-only',
};
const VOLUME_KEYS_IGNORED = new Set(['name']);

function sizeOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const q = parseQuantity(value);
  return isQuantity(q) ? bytesOf(q) : undefined;
}

function volumeBlock(name: string, comment: string, size?: number, readOnly = false): PodVolume {
  const b = block('volume', name, size !== undefined ? [attr('size', exactBytes(size))] : []);
  b.comments = [comment];
  return { kind: 'volume', block: b, readOnly };
}

function podVolume(v: Json, name: string, notImported: NotImported[]): PodVolume | undefined {
  const sourceKey = Object.keys(v).find((k) => !VOLUME_KEYS_IGNORED.has(k));
  if (sourceKey === undefined) {
    notImported.push({ field: `volumes ${name}`, why: 'no volume source' });
    return undefined;
  }
  const source = rec(v[sourceKey]) ?? {};
  if (sourceKey === 'hostPath') {
    const path = text(source.path);
    if (path === undefined || !path.startsWith('/')) {
      notImported.push({ field: `volumes ${name}.hostPath`, why: path === undefined ? 'no path' : `"${path}" is not an absolute path` });
      return undefined;
    }
    return { kind: 'hostPath', path, type: text(source.type) || undefined };
  }
  if (sourceKey === 'emptyDir') {
    const limit = sizeOf(source.sizeLimit);
    if (text(source.medium) === 'Memory') {
      return { kind: 'tmpfs', note: `emptyDir ${name} in memory (tmpfs${limit !== undefined ? `, sizeLimit ${source.sizeLimit}` : ''}): what it holds counts toward the container’s memory limit` };
    }
    return volumeBlock(name, 'emptyDir: a directory of the node’s disk the kubelet creates for this pod and deletes with it', limit);
  }
  if (sourceKey === 'persistentVolumeClaim') return volumeBlock(name, `PersistentVolumeClaim ${text(source.claimName) ?? ''}: storage the cluster provides`);
  if (API_DATA[sourceKey]) return volumeBlock(name, API_DATA[sourceKey](source), undefined, true);
  if (sourceKey === 'ephemeral') return volumeBlock(name, 'ephemeral: a PersistentVolumeClaim created for this pod and deleted with it');
  return volumeBlock(name, `${sourceKey}: storage outside this host’s topology`);
}

/** volumeClaimTemplates of a StatefulSet: one claim per replica, mounted by name like a volume. */
export function claimTemplateVolumes(templates: unknown, workload: string): [string, PodVolume][] {
  return records(templates).map((t) => {
    const name = safeName(text(rec(t.metadata)?.name), 'data');
    const size = sizeOf(rec(rec(rec(t.spec)?.resources)?.requests)?.storage);
    return [name, volumeBlock(name, `volumeClaimTemplate: one PersistentVolumeClaim per replica (${name}-${workload}-0, …)`, size)];
  });
}

export function podVolumes(volumes: unknown, notImported: NotImported[]): Map<string, PodVolume> {
  const out = new Map<string, PodVolume>();
  for (const v of records(volumes)) {
    const name = text(v.name) && safeName(text(v.name), 'volume');
    if (!name) {
      notImported.push({ field: 'volumes', why: 'a volume without a name' });
      continue;
    }
    const pv = podVolume(v, name, notImported);
    if (pv) out.set(name, pv);
  }
  return out;
}

const PROPAGATION: Record<string, MountSpec['propagation']> = { None: 'private', HostToContainer: 'rslave', Bidirectional: 'rshared' };

/** One container's volumeMounts as mounts; names unique within the container. */
export function mountsOf(volumeMounts: unknown, volumes: Map<string, PodVolume>, notImported: NotImported[]): MountSpec[] {
  const taken = new Set<string>();
  const mounts: MountSpec[] = [];
  for (const m of records(volumeMounts)) {
    const volumeName = text(m.name) && safeName(text(m.name), 'volume');
    const target = text(m.mountPath);
    const pv = volumeName === undefined ? undefined : volumes.get(volumeName);
    if (volumeName === undefined || target === undefined || !target.startsWith('/') || pv === undefined) {
      const why = target === undefined ? 'no mountPath' : !target.startsWith('/') ? `mountPath "${target}" is not an absolute path` : 'no volume of that name in the pod';
      notImported.push({ field: `volumeMounts ${volumeName ?? ''}`.trim(), why });
      continue;
    }
    const subPath = text(m.subPath);
    const notes: string[] = [];
    if (text(m.subPathExpr) !== undefined) notes.push(`subPathExpr ${text(m.subPathExpr)}: part of the volume, named from the pod’s environment`);
    if (text(m.recursiveReadOnly) !== undefined) notes.push(`recursiveReadOnly: ${text(m.recursiveReadOnly)}`);
    const mount: MountSpec = { name: uniqueName(volumeName, taken), type: 'volume', target, readOnly: flag(m.readOnly) === true };
    const propagation = PROPAGATION[text(m.mountPropagation) ?? 'None'];
    if (propagation) mount.propagation = propagation;
    if (pv.kind === 'hostPath') {
      mount.type = 'bind';
      mount.source = subPath ? `${pv.path.replace(/\/+$/, '')}/${subPath}` : pv.path;
      if (pv.type) notes.push(`hostPath type ${pv.type}`);
    } else if (pv.kind === 'tmpfs') {
      mount.type = 'tmpfs';
      notes.push(pv.note);
    } else {
      mount.source = volumeName;
      // configMap, secret, projected and downwardAPI volumes are read-only whatever the mount says.
      if (pv.readOnly) mount.readOnly = true;
      if (subPath) notes.push(`subPath ${subPath}: part of the volume`);
    }
    if (notes.length) mount.note = notes.join('; ');
    mounts.push(mount);
  }
  return mounts;
}
