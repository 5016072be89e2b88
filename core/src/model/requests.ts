/**
 * Kubernetes refuses a container whose request is above its limit
 * ("must be less than or equal to cpu limit"): `requests.cpu` above the
 * cgroup's `cpu.max`, or `requests.memory` above `memory.max`, is VMX104 on
 * the request, with the limit as related location. Unknown values (already
 * VMX103/VMX104) draw no conclusion.
 */
import { Reporter } from '../diagnostics/reporter';
import { formatBytes, formatCpus } from '../schema';
import { attr, Container } from './types';

const PAIRS = [
  { request: 'cpu', limit: 'cpu.max', format: formatCpus },
  { request: 'memory', limit: 'memory.max', format: formatBytes },
] as const;

export function checkRequests(containers: Container[], reporter: Reporter): void {
  for (const c of containers) {
    const rb = c.requests.block;
    const cg = c.cgroup.block;
    if (!rb || !cg) continue;
    for (const p of PAIRS) {
      const request = attr<number>(rb, p.request);
      const limit = attr<number>(cg, p.limit);
      if (request === undefined || limit === undefined || !Number.isFinite(limit) || request <= limit) continue;
      const node = rb.attributes.get(p.request)!.node;
      reporter.report('VMX104', rb.file, node, `requests.${p.request} = ${p.format(request)} is above the ${p.limit} of ${p.format(limit)} of container ${c.name}: Kubernetes refuses a request above its limit (the scheduler would reserve what the container may never use)`, {
        related: [{ file: cg.file, span: cg.attributes.get(p.limit)!.node, message: `${p.limit} of container ${c.name}` }],
      });
    }
  }
}
