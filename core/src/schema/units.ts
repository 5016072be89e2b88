/**
 * Units of quantities (DESIGN §3) and their normalisation: bytes, CPUs,
 * seconds, hertz, bits per second, I/O operations per second, plain counts
 * and ratios (fractions of 1).
 */

export type UnitKind = 'size' | 'cpu' | 'time' | 'frequency' | 'rate' | 'iops' | 'count' | 'ratio';

export interface UnitKindInfo {
  /** How the kind is named in messages ("a size", "a CPU amount"). */
  noun: string;
  /** What the normalised number means. */
  normalised: string;
  /** unit → factor to the normalised value. '' is a bare number. */
  units: Record<string, number>;
  /**
   * A bare number is accepted with this factor, though '' is no unit of the
   * kind (sizes: a plain integer is bytes, as the kernel writes them).
   */
  bare?: number;
  example: string;
}

export const UNIT_KINDS: Record<UnitKind, UnitKindInfo> = {
  size: {
    noun: 'a size',
    normalised: 'bytes',
    units: {
      B: 1,
      KB: 1e3,
      MB: 1e6,
      GB: 1e9,
      TB: 1e12,
      // Kubernetes' decimal suffixes (resource.Quantity): 512M is 512,000,000 bytes.
      K: 1e3,
      M: 1e6,
      G: 1e9,
      T: 1e12,
      KiB: 1024,
      MiB: 1024 ** 2,
      GiB: 1024 ** 3,
      TiB: 1024 ** 4,
      Ki: 1024,
      Mi: 1024 ** 2,
      Gi: 1024 ** 3,
      Ti: 1024 ** 4,
    },
    bare: 1,
    example: '4GiB',
  },
  cpu: {
    noun: 'a CPU amount',
    normalised: 'CPUs',
    units: { '': 1, m: 0.001, '%': 0.01 },
    example: '1.5, 500m or 50%',
  },
  time: {
    noun: 'a duration',
    normalised: 'seconds',
    units: { ms: 0.001, s: 1, min: 60, h: 3600 },
    example: '10s',
  },
  frequency: {
    noun: 'a frequency',
    normalised: 'hertz',
    units: { MHz: 1e6, GHz: 1e9 },
    example: '2.4GHz',
  },
  rate: {
    noun: 'a data rate',
    normalised: 'bits per second',
    units: { KBps: 8e3, MBps: 8e6, GBps: 8e9, Mbps: 1e6, Gbps: 1e9 },
    example: '500MBps or 10Gbps',
  },
  iops: {
    noun: 'an I/O rate',
    normalised: 'operations per second',
    units: { iops: 1, '': 1, k: 1000 },
    example: '20000iops or 20k',
  },
  count: {
    noun: 'a count',
    normalised: 'a count',
    units: { '': 1, k: 1000 },
    example: '512 or 4k',
  },
  ratio: {
    noun: 'a ratio',
    normalised: 'a fraction of 1',
    units: { '%': 0.01, '': 1 },
    example: '20% or 0.2',
  },
};

/** What every unit means, for hovers on a quantity. */
export const UNIT_DOCS: Record<string, string> = {
  B: 'bytes',
  KB: 'kilobytes (1,000 bytes)',
  MB: 'megabytes (10⁶ bytes)',
  GB: 'gigabytes (10⁹ bytes)',
  TB: 'terabytes (10¹² bytes)',
  K: 'kilobytes (1,000 bytes; Kubernetes spelling)',
  M: 'megabytes (10⁶ bytes; Kubernetes spelling)',
  G: 'gigabytes (10⁹ bytes; Kubernetes spelling)',
  T: 'terabytes (10¹² bytes; Kubernetes spelling)',
  KiB: 'kibibytes (1,024 bytes)',
  MiB: 'mebibytes (2²⁰ bytes)',
  GiB: 'gibibytes (2³⁰ bytes)',
  TiB: 'tebibytes (2⁴⁰ bytes)',
  Ki: 'kibibytes (1,024 bytes; Kubernetes spelling)',
  Mi: 'mebibytes (2²⁰ bytes; Kubernetes spelling)',
  Gi: 'gibibytes (2³⁰ bytes; Kubernetes spelling)',
  Ti: 'tebibytes (2⁴⁰ bytes; Kubernetes spelling)',
  m: 'milli-CPUs (1000m = one CPU)',
  '%': 'percent: of one CPU where a CPU amount is expected, otherwise a ratio',
  ms: 'milliseconds',
  s: 'seconds',
  min: 'minutes',
  h: 'hours',
  MHz: 'megahertz',
  GHz: 'gigahertz',
  KBps: 'kilobytes per second',
  MBps: 'megabytes per second',
  GBps: 'gigabytes per second',
  Mbps: 'megabits per second',
  Gbps: 'gigabits per second',
  iops: 'I/O operations per second',
  k: 'thousands',
};

export interface QuantityResult {
  value?: number;
  /** Set when the unit does not belong to the expected kind. */
  error?: string;
}

/** Units of other kinds, to tell the user what they wrote. */
function kindOfUnit(unit: string): UnitKind | undefined {
  for (const [kind, info] of Object.entries(UNIT_KINDS) as [UnitKind, UnitKindInfo][]) {
    if (unit !== '' && unit in info.units) return kind;
  }
  return undefined;
}

/**
 * Normalise `number + unit` for the expected kind. A number without unit
 * is accepted where the kind has a bare factor (CPU amounts, counts; sizes,
 * whose bare number is bytes) or `bareScale` gives one; for durations and
 * the other kinds a bare number is only accepted when it is 0.
 */
export function normaliseQuantity(value: number, unit: string, kind: UnitKind, bareScale?: number): QuantityResult {
  const info = UNIT_KINDS[kind];
  if (unit === '') {
    if ('' in info.units) return { value: value * info.units[''] };
    if (bareScale !== undefined) return { value: value * bareScale };
    if (info.bare !== undefined) return { value: value * info.bare };
    if (value === 0) return { value: 0 };
    return { error: `expected ${info.noun} with a unit (e.g. ${info.example}), found the bare number ${value}` };
  }
  const factor = info.units[unit];
  if (factor !== undefined) return { value: value * factor };
  // Docker's and the JVM's one-letter binary units (`512m`, `2g`): Kubernetes would read `m` as milli.
  const docker = kind === 'size' ? DOCKER_BINARY[unit] : undefined;
  if (docker) return { error: `unknown unit '${unit}': did you mean '${docker.binary}' (what Docker's '${unit}' means, 2^${docker.power2} bytes) or '${docker.decimal}' (10^${docker.power10})? Expected ${info.noun}` };
  // Case slips: `4gib`, `10S`.
  const suggestion = Object.keys(info.units).find((u) => u !== '' && u.toLowerCase() === unit.toLowerCase());
  const other = kindOfUnit(unit);
  const units = Object.keys(info.units).filter((u) => u !== '');
  const list = units.length ? `: ${units.join(', ')}` : '';
  if (suggestion) return { error: `unknown unit '${unit}': did you mean '${suggestion}'? Expected ${info.noun}${list}` };
  if (other) return { error: `'${unit}' is a unit of ${UNIT_KINDS[other].noun.replace(/^an? /, '')}, but ${info.noun} is expected here (units${list})` };
  return { error: `unknown unit '${unit}': expected ${info.noun}${list}` };
}

/** Docker's lower-case binary size units and the language's spelling of them. */
const DOCKER_BINARY: Record<string, { binary: string; decimal: string; power2: number; power10: number }> = {
  k: { binary: 'Ki', decimal: 'K', power2: 10, power10: 3 },
  m: { binary: 'Mi', decimal: 'M', power2: 20, power10: 6 },
  g: { binary: 'Gi', decimal: 'G', power2: 30, power10: 9 },
  t: { binary: 'Ti', decimal: 'T', power2: 40, power10: 12 },
};

/**
 * How a byte figure is written. `compact` (`1.5GiB`): hovers, check messages
 * and inlay hints, beside values as the language writes them. `figure`
 * (`1.50 GiB`): simulated figures — the simulation's messages, the `vmx
 * simulate` table, `vmx diff`, drift and the results view — fixed decimals so
 * columns and compared figures line up.
 */
export type ByteStyle = 'compact' | 'figure';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** The one byte formatter (binary units, for people). `sizeLiteral` is its exact counterpart, for text the language reads back. */
export function formatBytes(bytes: number, style: ByteStyle = 'compact'): string {
  if (!isFinite(bytes)) return 'unlimited';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  if (style === 'compact') return `${trim(v)}${BYTE_UNITS[i]}`;
  return `${i === 0 ? Math.round(v) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${BYTE_UNITS[i]}`;
}

/**
 * Bytes as the language writes them, exactly: the largest binary unit that
 * divides them (`512MiB`; `1.5GiB` is written `1536MiB`), else a plain
 * integer of bytes (DESIGN §3.1). Imports, discovery and quick fixes write
 * sizes with it, so what they write reads back as the same number.
 */
export function sizeLiteral(bytes: number): string {
  for (const [unit, factor] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(Math.round(bytes));
}

export function formatCpus(cpus: number): string {
  if (!isFinite(cpus)) return 'unlimited';
  return `${trim(cpus)} CPU${cpus === 1 ? '' : 's'}`;
}

export function formatSeconds(s: number): string {
  if (s < 1) return `${trim(s * 1000)}ms`;
  if (s < 120) return `${trim(s)}s`;
  if (s < 7200) return `${trim(s / 60)}min`;
  return `${trim(s / 3600)}h`;
}

export function formatRate(bitsPerSecond: number): string {
  if (!isFinite(bitsPerSecond)) return 'unlimited';
  const bytes = bitsPerSecond / 8;
  if (bytes >= 1e9) return `${trim(bytes / 1e9)}GBps`;
  if (bytes >= 1e6) return `${trim(bytes / 1e6)}MBps`;
  return `${trim(bytes / 1e3)}KBps`;
}

export function formatPercent(fraction: number): string {
  return `${trim(fraction * 100)}%`;
}

function trim(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)));
}

let unitWordSet: Set<string> | undefined;

/**
 * True when `word` is a unit of some kind of quantity (`GiB`, `ms`, `k`, `%`):
 * every unit of UNIT_KINDS, so the parser can say "write the unit next to
 * the number" for `16 GiB` without a list of its own.
 */
export function isUnitWord(word: string): boolean {
  if (!unitWordSet) {
    unitWordSet = new Set();
    for (const info of Object.values(UNIT_KINDS)) for (const u of Object.keys(info.units)) if (u !== '') unitWordSet.add(u);
  }
  return unitWordSet.has(word);
}
