/**
 * What `vmx/simulate` must answer, computed here by the real pipeline run
 * whole (analyze + the simulation stage, as `vmx simulate` runs it) on the
 * client's texts: the server's incremental simulation (per-host cache,
 * worker runs) must give the same entities and findings as a full run.
 */
import { analyze } from '../../../core/src/analyze';
import { defaultConfig } from '../../../core/src/config';
import { simulationStage } from '../../../core/src/sim';
import { SimulationResult } from '../../../core/src/sim/types';
import { MemorySources } from './pipeline';

export interface SimulationShape {
  ids: string[];
  findings: string[];
}

/** Entity ids in order, and findings (file, code, range) sorted: what a run must agree on. */
export function shapeOf(entities: { id: string }[], findings: { uri: string; code: string; range: unknown }[]): SimulationShape {
  return { ids: entities.map((e) => e.id), findings: findings.map((f) => `${f.uri} ${f.code} ${JSON.stringify(f.range)}`).sort() };
}

/** A full run on these texts (root first), with the default settings; undefined when there is no topology to simulate. */
export function fullRun(rootUri: string, texts: Map<string, string>, duration: number | undefined): SimulationShape | undefined {
  const config = defaultConfig();
  const sources = new MemorySources(texts, config);
  let result: SimulationResult | undefined;
  const analysis = analyze(sources.get(rootUri)!, sources, { config, extraStages: [simulationStage({ duration, seriesPoints: 0 }, (r) => (result = r))] });
  if (!result || !analysis.model) return undefined;
  return shapeOf(
    result.entities,
    analysis.diagnostics.filter((d) => d.code.startsWith('VMX4')),
  );
}
