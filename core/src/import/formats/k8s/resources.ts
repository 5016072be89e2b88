/**
 * A container's `resources`: limits → its cgroup (`cpu.max`, `memory.max`),
 * requests → `requests`, as the kubelet writes them; the exact quantities
 * (a request left out is its limit, as the API server defaults it) are kept
 * for the pod's QoS class and the pod cgroup.
 */
import { CgroupSpec } from '../../container';
import { NotImported } from '../../tree';
import { bytesOf, isQuantity, isZero, milliOf, parseQuantity, Quantity } from './quantity';
import { Json, rec } from './read';

export interface ComputeQuantities {
  cpu?: Quantity;
  memory?: Quantity;
}

export interface ResourcesResult {
  cgroup?: CgroupSpec;
  requests?: { cpu?: number; memory?: number };
  /** Non-zero limits, exactly. */
  limits: ComputeQuantities;
  /** Non-zero requests after defaulting (a request left out is its limit). */
  effectiveRequests: ComputeQuantities;
  notImported: NotImported[];
  notes: string[];
}

/** The kubelet never writes a CFS quota below 1ms of its 100ms period (MinQuotaPeriod): 10m. */
export const MIN_QUOTA_MILLI = 10;

const OTHER_RESOURCE: Record<string, string> = {
  'ephemeral-storage': 'local disk the kubelet counts against eviction: vmx models no container disk quota',
};

function otherResourceWhy(name: string): string {
  if (OTHER_RESOURCE[name]) return OTHER_RESOURCE[name];
  if (name.startsWith('hugepages-')) return 'huge pages, a separate cgroup controller (hugetlb): not modelled for containers';
  if (name.includes('/')) return 'an extended resource (a device plugin’s, e.g. a GPU): the device is not named, so it cannot be modelled';
  return 'not a resource this importer knows';
}

function readSide(side: unknown, label: 'limits' | 'requests', notImported: NotImported[]): ComputeQuantities {
  const out: ComputeQuantities = {};
  for (const [name, value] of Object.entries(rec(side) ?? {})) {
    if (name !== 'cpu' && name !== 'memory') {
      notImported.push({ field: `resources.${label}.${name}`, why: otherResourceWhy(name) });
      continue;
    }
    const q = parseQuantity(value);
    if (!isQuantity(q)) notImported.push({ field: `resources.${label}.${name}`, why: q.error });
    else if (name === 'cpu' && milliOf(q) > 1e12) notImported.push({ field: `resources.${label}.cpu`, why: 'out of range' });
    else if (!isZero(q)) out[name] = q;
  }
  return out;
}

export function resourcesOf(resources: unknown): ResourcesResult {
  const r: Json = rec(resources) ?? {};
  const notImported: NotImported[] = [];
  const notes: string[] = [];
  const limits = readSide(r.limits, 'limits', notImported);
  const requests = readSide(r.requests, 'requests', notImported);
  for (const key of Object.keys(r)) {
    if (key === 'claims') notImported.push({ field: 'resources.claims', why: 'dynamic resource allocation (devices a driver hands out): not modelled' });
    else if (key !== 'limits' && key !== 'requests') notImported.push({ field: `resources.${key}`, why: 'not a ResourceRequirements field' });
  }
  const cgroup: CgroupSpec = {};
  if (limits.cpu) {
    const milli = milliOf(limits.cpu);
    cgroup.cpuMax = Math.max(milli, MIN_QUOTA_MILLI) / 1000;
    if (milli < MIN_QUOTA_MILLI) notes.push(`cpu limit ${milli}m: the kubelet writes at least ${MIN_QUOTA_MILLI}m (a 1ms quota per 100ms period)`);
  }
  if (limits.memory) cgroup.memoryMax = bytesOf(limits.memory);
  const effectiveRequests: ComputeQuantities = { cpu: requests.cpu ?? limits.cpu, memory: requests.memory ?? limits.memory };
  const req = {
    ...(effectiveRequests.cpu ? { cpu: milliOf(effectiveRequests.cpu) / 1000 } : {}),
    ...(effectiveRequests.memory ? { memory: bytesOf(effectiveRequests.memory) } : {}),
  };
  return {
    cgroup: Object.keys(cgroup).length ? cgroup : undefined,
    requests: Object.keys(req).length ? req : undefined,
    limits,
    effectiveRequests,
    notImported,
    notes,
  };
}
