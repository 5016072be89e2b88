/**
 * `vmx import --from k8s` (DESIGN §7.1, mapping in docs/import/k8s.md):
 * Kubernetes manifests — multi-document YAML, JSON, `kubectl get -o json`
 * Lists — → one `pod` per workload (the pod template: a Deployment of 3
 * replicas is one pod standing for them), placed as the kubelet places it:
 * `group kubepods` holding guaranteed pods, `group burstable` and
 * `group besteffort`. Objects that are not workloads are listed, not dropped.
 */
import { Importer, ImportError, ImportInput, ImportOutput } from '../types';
import { attr, block, NotImported, num, TreeBlock } from '../tree';
import { isRecord, looksLikeJson, parseJson, parseYamlDocuments } from '../yaml-input';
import { KubeObject, objectsOf, ownerInInput, presentSet, WORKLOAD_KINDS, workloadOf } from './k8s/objects';
import { podBlock } from './k8s/pod';
import { QosClass } from './k8s/qos';
import { uniqueName } from './k8s/read';

/** The last JSON text detection parsed, so a 2,000-object List is parsed once, not twice. */
let parsedJson: { text: string; value: unknown } | undefined;

function documents(input: ImportInput): unknown[] {
  if (!looksLikeJson(input.text)) {
    return parseYamlDocuments(input.text, input.name);
  }
  const value = parsedJson?.text === input.text ? parsedJson.value : parseJson(input.text, input.name);
  parsedJson = undefined;
  return [value];
}

function isKubeObject(v: unknown): boolean {
  return isRecord(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string';
}

function detect(input: ImportInput): boolean {
  if (looksLikeJson(input.text)) {
    try {
      const value: unknown = JSON.parse(input.text);
      if (!isKubeObject(value)) return false;
      parsedJson = { text: input.text, value };
      return true;
    } catch {
      return false;
    }
  }
  return /^apiVersion:[ \t]*\S/m.test(input.text) && /^kind:[ \t]*\S/m.test(input.text);
}

/** The kubelet's cgroup parents (systemd driver names; /kubepods/… with cgroupfs). */
function kubepods(pods: { block: TreeBlock; qos: QosClass }[]): TreeBlock {
  const of = (q: QosClass) => pods.filter((p) => p.qos === q).map((p) => p.block);
  const children: TreeBlock[] = [];
  const burstable = of('burstable');
  if (burstable.length) {
    const g = block('group', 'burstable', [], burstable);
    g.comments = ['kubepods-burstable.slice: pods with some requests or limits, not all equal'];
    children.push(g);
  }
  const besteffort = of('besteffort');
  if (besteffort.length) {
    // The kubelet gives the BestEffort cgroup the minimum cpu.shares, 2: weight 1 on cgroup v2.
    const g = block('group', 'besteffort', [], [block('cgroup', undefined, [attr('cpu.weight', num(1), 'the kubelet’s cpu.shares 2')]), ...besteffort]);
    g.comments = ['kubepods-besteffort.slice: pods without any request or limit'];
    children.push(g);
  }
  children.push(...of('guaranteed'));
  const g = block('group', 'kubepods', [], children);
  g.comments = ['kubepods.slice: the kubelet’s parent of every pod (its limits are the node’s allocatable, unknown to an import); guaranteed pods sit directly in it'];
  return g;
}

function convert(input: ImportInput): ImportOutput {
  const objects = objectsOf(documents(input), input.name);
  const present = presentSet(objects);
  const notImported: NotImported[] = [];
  const pods: { block: TreeBlock; qos: QosClass }[] = [];
  const taken = new Set<string>();
  for (const o of objects) {
    if (!WORKLOAD_KINDS.has(o.kind)) {
      notImported.push({ field: describe(o), why: 'not a workload' });
      continue;
    }
    const owner = ownerInInput(o, present);
    if (owner) {
      notImported.push({ field: describe(o), why: `created by ${owner.kind} ${owner.name}, which stands for it here` });
      continue;
    }
    const w = workloadOf(o);
    const name = uniqueName(o.name, taken);
    if (name !== o.name) w.comments.push(`renamed from ${o.name}: another workload of this input has that name${o.namespace ? ` (this one is in namespace ${o.namespace})` : ''}`);
    pods.push(podBlock({ name, metadata: w.metadata, spec: w.spec, importLabels: w.importLabels, comments: [describe(o), ...w.comments], extraVolumes: w.extraVolumes, notImported: w.notImported }));
  }
  if (objects.length === 0) throw new ImportError(`${input.name}: no Kubernetes objects in it`);
  // A file of Services and ConfigMaps is listed, not refused: `vmx import k8s/*.yaml` must not fail on service.yaml.
  return { blocks: pods.length ? [kubepods(pods)] : [], notImported };
}

function describe(o: KubeObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export const k8sImporter: Importer = {
  format: 'k8s',
  title: 'Kubernetes manifest',
  detect,
  convert,
};
