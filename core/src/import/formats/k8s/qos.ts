/**
 * The pod's QoS class and its cgroup, by the kubelet's rules: the class from
 * the sums of every container's CPU and memory requests and limits, init
 * containers included (Kubernetes' ComputePodQOS counts them); the pod
 * cgroup's limits only when every container declares that limit (the
 * kubelet's ResourceConfigForPod), from Kubernetes' PodLimits.
 */
import { CgroupSpec } from '../../container';
import { KubeContainer } from './container';
import { add, bytesOf, compare, max, milliOf, Quantity, ZERO } from './quantity';
import { MIN_QUOTA_MILLI } from './resources';

export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';

type Resource = 'cpu' | 'memory';
const RESOURCES: Resource[] = ['cpu', 'memory'];

function sum(containers: KubeContainer[], side: 'limits' | 'requests', r: Resource): Quantity | undefined {
  let total: Quantity | undefined;
  for (const c of containers) {
    const q = c[side][r];
    if (q) total = total ? add(total, q) : q;
  }
  return total;
}

export function qosClass(containers: KubeContainer[]): QosClass {
  const requests = RESOURCES.map((r) => sum(containers, 'requests', r));
  const limits = RESOURCES.map((r) => sum(containers, 'limits', r));
  if (requests.every((q) => q === undefined) && limits.every((q) => q === undefined)) return 'besteffort';
  const everyLimit = containers.every((c) => c.limits.cpu !== undefined && c.limits.memory !== undefined);
  const equal = RESOURCES.every((_, i) => requests[i] === undefined || (limits[i] !== undefined && compare(requests[i]!, limits[i]!) === 0));
  const sameResources = RESOURCES.every((_, i) => (requests[i] === undefined) === (limits[i] === undefined));
  return everyLimit && equal && sameResources ? 'guaranteed' : 'burstable';
}

/**
 * What a pod may use at any moment, as Kubernetes' PodLimits computes it:
 * the app containers and sidecars (init containers with restartPolicy
 * Always, which keep running) together, or an init container with the
 * sidecars started before it, whichever is more.
 */
function podLimit(containers: KubeContainer[], r: Resource): Quantity {
  let running = ZERO;
  let sidecars = ZERO;
  let init = ZERO;
  for (const c of containers) {
    const q = c.limits[r] ?? ZERO;
    if (c.role === 'app') running = add(running, q);
    else if (c.role === 'sidecar') {
      running = add(running, q);
      sidecars = add(sidecars, q);
      init = max(init, sidecars);
    } else init = max(init, add(q, sidecars));
  }
  return max(running, init);
}

export interface PodCgroup {
  cgroup?: CgroupSpec;
  /** Why a limit is left out, for the pod's comment. */
  why?: string;
}

export function podCgroup(containers: KubeContainer[], qos: QosClass): PodCgroup {
  if (qos === 'besteffort' || containers.length === 0) return {};
  const cgroup: CgroupSpec = {};
  if (containers.every((c) => c.limits.cpu)) cgroup.cpuMax = Math.max(milliOf(podLimit(containers, 'cpu')), MIN_QUOTA_MILLI) / 1000;
  if (containers.every((c) => c.limits.memory)) cgroup.memoryMax = bytesOf(podLimit(containers, 'memory'));
  return Object.keys(cgroup).length ? { cgroup } : { why: 'pod cgroup limits left out: the kubelet sets one only when every container declares it' };
}
