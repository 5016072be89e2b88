/**
 * A pod's Kubernetes QoS class from its containers' requests and limits,
 * as the kubelet computes it (pkg/apis/core/v1/helper/qos: GetPodQOS):
 * requests left out default to the limits; `guaranteed` when every
 * container has CPU and memory limits equal to its requests, `besteffort`
 * when no container has any request or limit, `burstable` otherwise.
 * Limits are the container's cgroup `cpu.max` and `memory.max`.
 */
import { Container, QosClass } from './types';

/** CPU amounts compare to the milli-CPU, as Kubernetes quantities do. */
function sameCpu(a: number, b: number): boolean {
  return Math.round(a * 1000) === Math.round(b * 1000);
}

export function derivedQos(containers: readonly Container[]): QosClass {
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const cpuLimit = Number.isFinite(c.cgroup.cpuMax) ? c.cgroup.cpuMax : undefined;
    const memoryLimit = Number.isFinite(c.cgroup.memoryMax) ? c.cgroup.memoryMax : undefined;
    const cpuRequest = c.requests.cpu ?? cpuLimit;
    const memoryRequest = c.requests.memory ?? memoryLimit;
    if (cpuRequest !== undefined || memoryRequest !== undefined || cpuLimit !== undefined || memoryLimit !== undefined) any = true;
    if (cpuLimit === undefined || memoryLimit === undefined || !sameCpu(cpuRequest!, cpuLimit) || memoryRequest !== memoryLimit) guaranteed = false;
  }
  if (!any) return 'besteffort';
  return guaranteed ? 'guaranteed' : 'burstable';
}
