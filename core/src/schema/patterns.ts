/**
 * Workload patterns and reference calls: their parameters and docs, for
 * the resolver, signature help and hovers.
 */

export interface PatternParameter {
  name: string;
  doc: string;
  /** The parameter is in the attribute's unit (a CPU amount for `cpu`…); otherwise its kind is fixed. */
  unit: 'value' | 'time' | 'ratio';
  optional?: boolean;
}

/** The workload patterns: the one list of names. The model's Pattern union and the simulator's functions are keyed by it, so a pattern missing from either is a compile error. */
export const PATTERN_NAMES = ['constant', 'burst', 'ramp', 'sine', 'steps'] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

export interface PatternSpec {
  name: PatternName;
  signature: string;
  doc: string;
  parameters: PatternParameter[];
  /** `steps` takes a variable list of `[t, v]` pairs instead of named parameters. */
  variadicPairs?: boolean;
}

/** Each pattern's spec, keyed by name: a name of PATTERN_NAMES without an entry does not compile. */
const PATTERN_SPECS: { [K in PatternName]: Omit<PatternSpec, 'name'> } = {
  constant: {
    signature: 'constant(value)',
    doc: 'The same demand for the whole run. A plain value means the same.',
    parameters: [{ name: 'value', unit: 'value', doc: 'The demand.' }],
  },
  burst: {
    signature: 'burst(base = …, peak = …, period = …, duty = …)',
    doc: 'A square wave: `peak` for the first `duty` of every `period`, `base` the rest of the time. Models batch jobs, cron spikes, request bursts.',
    parameters: [
      { name: 'base', unit: 'value', doc: 'Demand between bursts.' },
      { name: 'peak', unit: 'value', doc: 'Demand during a burst.' },
      { name: 'period', unit: 'time', doc: 'Time from one burst start to the next.' },
      { name: 'duty', unit: 'ratio', doc: 'Fraction of each period spent at `peak` (e.g. `20%`).' },
    ],
  },
  ramp: {
    signature: 'ramp(from = …, to = …, over = …)',
    doc: 'A linear change from `from` to `to` over `over`, then stays at `to`. Models a leak or a growing cache.',
    parameters: [
      { name: 'from', unit: 'value', doc: 'Demand at the start.' },
      { name: 'to', unit: 'value', doc: 'Demand at the end of the ramp.' },
      { name: 'over', unit: 'time', doc: 'How long the ramp takes.' },
    ],
  },
  sine: {
    signature: 'sine(mean = …, amplitude = …, period = …)',
    doc: 'A smooth oscillation around `mean` (never below 0). Models daily traffic.',
    parameters: [
      { name: 'mean', unit: 'value', doc: 'Average demand.' },
      { name: 'amplitude', unit: 'value', doc: 'Swing above and below the mean.' },
      { name: 'period', unit: 'time', doc: 'Length of one cycle.' },
    ],
  },
  steps: {
    signature: 'steps([t1, v1], [t2, v2], …)',
    doc: 'A step function: from time `t1` the demand is `v1`, from `t2` it is `v2`, and so on (0 before the first step).',
    parameters: [{ name: '[t, v]', unit: 'value', doc: 'A pair: the time the step starts, and the demand from then on.' }],
    variadicPairs: true,
  },
};

export const PATTERNS: PatternSpec[] = PATTERN_NAMES.map((name) => ({ name, ...PATTERN_SPECS[name] }));

export interface ReferenceCallSpec {
  name: string;
  doc: string;
}

/** Calls that name another block: `container("web")`, `volume("data")`. */
export const REFERENCE_CALLS: ReferenceCallSpec[] = [
  { name: 'container', doc: 'A container on the same kernel (the same host OS or the same guest), by name.' },
  { name: 'volume', doc: 'A volume, looked up in the container’s own kernel (its VM or partition) first, then outwards to the host.' },
];

export function patternSpec(name: string): PatternSpec | undefined {
  return PATTERNS.find((p) => p.name === name);
}
