/** The `vmx` settings section, as the extension declares it, mapped onto the core's config. */
import { CheckConfig, defaultConfig, mergeConfig } from '../../core/src/config';

export interface ServerSettings {
  simulateOnType: boolean;
  /**
   * Deprecated (issue 13): simulating on type re-simulates only the hosts an
   * edit changed, so its cost is the edited host's, at any file size. Still
   * read for compatibility — a number is a line limit above which the
   * simulation runs on save or on request — but no limit by default.
   */
  simulateOnTypeMaxLines: number;
  simulation: { duration?: number; seed?: number };
  config: CheckConfig;
}

export function defaultSettings(): ServerSettings {
  return { simulateOnType: true, simulateOnTypeMaxLines: Infinity, simulation: {}, config: defaultConfig() };
}

const KEYS = ['simulateOnType', 'simulateOnTypeMaxLines', 'simulation', 'severities', 'thresholds', 'limits', 'profile'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `vmx` section in what a client sends as settings: `{ vmx: {…} }` (the
 * whole configuration, as VS Code and Neovim's `settings` send it), or the
 * section itself (`{ severities: {…} }`, as a `workspace/configuration` pull
 * for section `vmx` answers it, or as `initializationOptions.settings`).
 * Undefined when it holds neither (`null`, or only other sections).
 */
export function vmxSection(raw: unknown): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  if (isObject(raw.vmx)) return raw.vmx;
  return KEYS.some((k) => k in raw) ? raw : undefined;
}

/** Unknown or ill-typed values fall back to the defaults: settings never break the server. */
export function readSettings(raw: unknown): ServerSettings {
  const s = defaultSettings();
  const r = vmxSection(raw);
  if (!r) return s;
  if (typeof r.simulateOnType === 'boolean') s.simulateOnType = r.simulateOnType;
  if (typeof r.simulateOnTypeMaxLines === 'number' && r.simulateOnTypeMaxLines >= 0) s.simulateOnTypeMaxLines = r.simulateOnTypeMaxLines;
  const sim = (r.simulation && typeof r.simulation === 'object' ? r.simulation : {}) as Record<string, unknown>;
  if (typeof sim.duration === 'number' && sim.duration > 0) s.simulation.duration = sim.duration;
  if (typeof sim.seed === 'number' && Number.isInteger(sim.seed)) s.simulation.seed = sim.seed;
  // vmx.profile: an unknown name is the default profile (core/src/profiles.ts; vmx.severities wins over it).
  s.config = mergeConfig(defaultConfig(), { severities: r.severities, thresholds: r.thresholds, limits: r.limits, profile: r.profile });
  return s;
}

/** Settings as a key that is equal exactly when two settings are (an unlimited value, Infinity, kept as such). */
export function settingsKey(s: ServerSettings): string {
  return JSON.stringify(s, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}
