/** One-line summaries of a simulation result, for the code lens and the notification. */
import { SimulationResult } from '../../../core/src/sim/types';

export function summarize(r: SimulationResult): string {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of r.findings) counts[f.severity]++;
  const events = r.entities.reduce((n, e) => n + e.events.length, 0);
  const parts = [`Simulated ${r.duration}s: ${r.entities.length} entities`];
  parts.push(r.findings.length ? `${counts.error} errors, ${counts.warning} warnings` : 'no findings');
  if (events) parts.push(`${events} events`);
  return parts.join(' · ');
}

export function hostSummary(r: SimulationResult, hostId: string): string | undefined {
  const e = r.entities.find((x) => x.id === hostId);
  if (!e) return undefined;
  const findings = r.findings.filter((f) => f.message.includes(hostId)).length;
  return `CPU ${e.cpu.granted.mean.toFixed(2)}/${e.cpu.demand.mean.toFixed(2)} · mem p95 ${(e.memory.used.p95 / 2 ** 30).toFixed(1)}GiB${findings ? ` · ${findings} findings` : ''}`;
}
