/**
 * Defaults, read from the schema: the one place that says what an attribute
 * left out means. The model (build.ts), drift, the checks, hover and
 * docs/language.md all ask here; none writes a default of its own.
 *
 * A default is either a constant (`default`, written as a file writes it:
 * `root`, `private`, 100, 60 seconds) or depends on the block
 * (`defaultFor`: `hypervisor kvm` implies `type = 1`), with `defaultText`
 * saying the rule in words for docs and hover.
 */
import { AttributeSpec, ValueType } from './types';
import { formatBytes, formatCpus, formatPercent, formatRate, formatSeconds, UnitKind } from './units';

/** A block's attributes by canonical key, as the schema reads them: a Map, or the model's AttributeTable. */
export interface AttributeLookup {
  has(key: string): boolean;
  get(key: string): { value?: unknown } | undefined;
}

/** What a label- or attribute-dependent default may read of its block (a ResolvedBlock is one). */
export interface DefaultContext {
  label?: string;
  attributes?: AttributeLookup;
}

/**
 * A default implied by the block's label: `table[label]`, else `otherwise`.
 * The doc text is written from the same table, so what docs and hover say is
 * what the model applies.
 */
export function byLabel<V extends string | number | boolean>(table: Partial<Record<string, V>>, otherwise?: V): Pick<AttributeSpec, 'defaultFor' | 'defaultText'> {
  const labelsOf = new Map<V, string[]>();
  for (const [label, v] of Object.entries(table) as [string, V][]) labelsOf.set(v, [...(labelsOf.get(v) ?? []), label]);
  const parts = [...labelsOf].map(([v, labels]) => `${String(v)} for ${andList(labels)}`);
  if (otherwise !== undefined) parts.push(`${String(otherwise)} otherwise`);
  return {
    defaultFor: (block) => (block.label !== undefined && Object.hasOwn(table, block.label) ? table[block.label] : otherwise),
    defaultText: `implied by the kind: ${parts.join('; ')}`,
  };
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The default of `spec` for `block`, in the shape a resolved value has
 * (what model/values.ts makes of the same text written out): a user is
 * `{ name, uid, isRoot }`, a namespace `{ mode }`, a limit that may be
 * `max` and has no other default is ∞, an unset `io.max` caps nothing.
 * test/architecture/defaults.test.ts checks that writing each default
 * resolves to exactly this.
 */
export function defaultValue(spec: AttributeSpec | undefined, block?: DefaultContext): unknown {
  if (!spec) return undefined;
  const d = spec.defaultFor && block ? spec.defaultFor(block) : spec.default;
  return resolvedShape(spec.type, d);
}

function resolvedShape(type: ValueType, d: unknown): unknown {
  if (d === undefined) {
    if (type.t === 'quantity' && type.unlimited) return Infinity;
    if (type.t === 'ioLimit') return NO_IO_LIMIT;
    return undefined;
  }
  // The one user default is `root`; another would need the user coercion's uid rule (the defaults test would fail).
  if (type.t === 'user' && d === 'root') return ROOT_USER;
  if (type.t === 'namespace' && typeof d === 'string') return NAMESPACE_MODE[d as 'private' | 'host'] ?? { mode: d };
  return d;
}

/** Shared by every block that leaves them out (frozen: 13k containers need not carry 13k copies). */
const ROOT_USER = Object.freeze({ name: 'root', uid: 0, isRoot: true });
const NAMESPACE_MODE = { private: Object.freeze({ mode: 'private' }), host: Object.freeze({ mode: 'host' }) };
const NO_IO_LIMIT = Object.freeze({});

/** A normalised value written back in the units a reader expects (`0.01` seconds → `10ms`, ∞ → `max`). */
export function formatNormalised(value: number, unit: UnitKind): string {
  if (!isFinite(value)) return 'max';
  switch (unit) {
    case 'size':
      return formatBytes(value);
    case 'cpu':
      return formatCpus(value);
    case 'time':
      return formatSeconds(value);
    case 'rate':
      return formatRate(value);
    case 'ratio':
      return formatPercent(value);
    case 'frequency':
      return value >= 1e9 ? `${value / 1e9}GHz` : `${value / 1e6}MHz`;
    default:
      return String(value);
  }
}

/**
 * How the default reads (Markdown), in docs/language.md's attribute tables
 * and in hover: the rule in words when it depends on the block, the value
 * in its unit, `max` (no limit) for an unset limit; undefined when nothing
 * is implied.
 */
export function describeDefault(spec: AttributeSpec): string | undefined {
  if (spec.defaultText) return spec.defaultText;
  const d = spec.default;
  const t = spec.type;
  const unit = t.t === 'quantity' || t.t === 'pattern' ? t.unit : undefined;
  if (d === undefined) return t.t === 'quantity' && t.unlimited ? '`max` (no limit)' : undefined;
  if (Array.isArray(d)) return d.length === 0 ? '`[]` (none)' : '`' + `[${d.join(', ')}]` + '`';
  if (typeof d === 'number') return '`' + (unit ? formatNormalised(d, unit) : String(d)) + '`';
  return '`' + String(d) + '`';
}
