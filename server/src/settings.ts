/** The `vmx` settings section, as the extension declares it, mapped onto the core's config. */
import { CheckConfig, defaultConfig, mergeConfig } from '../../core/src/config';

export interface ServerSettings {
  simulateOnType: boolean;
  simulateOnTypeMaxLines: number;
  simulation: { duration?: number; seed?: number };
  config: CheckConfig;
}

export function defaultSettings(): ServerSettings {
  return { simulateOnType: true, simulateOnTypeMaxLines: 5000, simulation: {}, config: defaultConfig() };
}

/** Unknown or ill-typed values fall back to the defaults: settings never break the server. */
export function readSettings(raw: unknown): ServerSettings {
  const s = defaultSettings();
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  if (typeof r.simulateOnType === 'boolean') s.simulateOnType = r.simulateOnType;
  if (typeof r.simulateOnTypeMaxLines === 'number' && r.simulateOnTypeMaxLines >= 0) s.simulateOnTypeMaxLines = r.simulateOnTypeMaxLines;
  const sim = (r.simulation && typeof r.simulation === 'object' ? r.simulation : {}) as Record<string, unknown>;
  if (typeof sim.duration === 'number' && sim.duration > 0) s.simulation.duration = sim.duration;
  if (typeof sim.seed === 'number' && Number.isInteger(sim.seed)) s.simulation.seed = sim.seed;
  s.config = mergeConfig(defaultConfig(), { severities: r.severities, thresholds: r.thresholds, limits: r.limits });
  return s;
}
