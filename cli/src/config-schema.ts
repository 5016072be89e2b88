/**
 * vmx.config.json, strictly: its JSON Schema (docs/schemas/vmx.config.schema.json
 * is this schema, written out; a test keeps the two equal) built from the
 * code table and the setting ranges of core/src/config.ts, and validated
 * with Ajv. Ajv says what is wrong and where; the message is ours: one line
 * naming the file and the key, with a did-you-mean where a name is close.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { DEFAULT_LIMITS, DEFAULT_THRESHOLDS, LIMIT_RANGES, SettingRange, THRESHOLD_RANGES } from '../../core/src/config';
import { codeInfo, CODES } from '../../core/src/diagnostics/codes';
import { didYouMean } from '../../core/src/schema';
import { PROFILE_DESCRIPTIONS, PROFILES } from '../../core/src/profiles';
import { distance } from 'fastest-levenshtein';

export const SCHEMA_ID = 'https://github.com/vmx-host-topology/vmx-host-topology/blob/main/docs/schemas/vmx.config.schema.json';
const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

const THRESHOLD_DOCS: Record<string, string> = {
  vcpuOvercommitRatio: 'VMX301: VM vCPUs on a host above this many times its logical CPUs.',
  stealFraction: 'VMX401: mean steal fraction above which a VM is reported.',
  throttledFraction: 'VMX402: fraction of CFS periods throttled above which a group is reported.',
  starvationGrantedFraction: 'VMX403: granted below this fraction of demand…',
  starvationTimeFraction: 'VMX403: …for more than this fraction of the run.',
  memoryHighFraction: 'VMX404: fraction of the run a group is above memory.high above which it is reported.',
  ioSaturatedFraction: 'VMX408: fraction of the run disks are saturated (or a group held at io.max) above which it is reported.',
  nicSaturatedFraction: 'VMX409: fraction of the run NICs are saturated above which it is reported.',
  hostSwapFraction: 'VMX406: the most VM memory a host swaps at once, as a fraction of its RAM, below which it is not reported (never below 64 MiB).',
};

function rangeSchema(r: SettingRange, def: number, description: string): Record<string, unknown> {
  return {
    type: r.type,
    ...(r.exclusiveMinimum ? { exclusiveMinimum: r.minimum } : { minimum: r.minimum }),
    maximum: r.maximum,
    default: def,
    description: `${description} Must be ${r.reads}.`,
  };
}

/** The JSON Schema of vmx.config.json (draft-07). */
export function configSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'vmx.config.json',
    description: 'Configuration of `vmx check`, `vmx simulate` and `vmx diff` (docs/cli.md): a profile, severities per code, thresholds of the checks, and limits, which a config file may only lower.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file, for editors.' },
      profile: {
        enum: [...PROFILES],
        default: 'default',
        description: `Raises the severities of some checks (docs/checks.md): ${PROFILES.map((p) => `${p}: ${PROFILE_DESCRIPTIONS[p]}`).join(' ')} "severities" wins over the profile; --profile overrides it.`,
      },
      severities: {
        type: 'object',
        // Codes by pattern, not listed: the schema file stays the same as codes are added; the CLI also refuses codes that do not exist.
        description: 'Severity per check code of docs/checks.md (VMX208, …): off, hint, information, warning or error.',
        additionalProperties: false,
        patternProperties: { '^VMX[0-9]{3}$': { enum: LEVELS } },
      },
      thresholds: {
        type: 'object',
        description: 'Thresholds of the capacity and contention checks.',
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(THRESHOLD_RANGES).map(([k, r]) => [k, rangeSchema(r, DEFAULT_THRESHOLDS[k as keyof typeof DEFAULT_THRESHOLDS], THRESHOLD_DOCS[k] ?? '')])),
      },
      limits: {
        type: 'object',
        description: 'Limits of docs/limits.md. A config file may only lower them: a value above the default is ignored with a warning (raise one with --limit).',
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(LIMIT_RANGES).map(([k, r]) => [k, rangeSchema(r, DEFAULT_LIMITS[k as keyof typeof DEFAULT_LIMITS], 'See docs/limits.md.')])),
      },
    },
  };
}

let validator: ValidateFunction | undefined;

/** Undefined when `value` is a valid vmx.config.json, else one line (without the file name) saying what is wrong. */
export function configProblem(value: unknown): string | undefined {
  validator ??= new Ajv({ allErrors: false, strict: true }).compile(configSchema());
  if (!validator(value)) return describe(validator.errors?.[0], value);
  // Well-formed codes that do not exist (VMX999): the schema cannot know the code table.
  const severities = (value as { severities?: Record<string, unknown> }).severities ?? {};
  const unknown = Object.keys(severities).find((code) => !codeInfo(code));
  return unknown === undefined ? undefined : unknownCode(unknown);
}

/** `thresholds.stealFraction` from `/thresholds/stealFraction`. */
function keyOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v = root;
  for (const p of instancePath.split('/').slice(1)) v = (v as Record<string, unknown>)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** A close name, also for a prefix spelt another way ("severity" for "severities"). */
export function suggestion(word: string, candidates: string[]): string | undefined {
  const close = didYouMean(word, candidates);
  if (close) return close;
  const lower = word.toLowerCase();
  if (lower.length < 4) return undefined;
  return candidates.find((c) => {
    const cl = c.toLowerCase();
    let n = 0;
    while (n < lower.length && n < cl.length && lower[n] === cl[n]) n++;
    return n >= Math.min(lower.length, cl.length) - 1;
  });
}

/** A code one slip away (`VMX2O8`, `vmx208`, `VMX20`): VMX999 is not a typo of VMX109. */
function codeSuggestion(word: string): string | undefined {
  const upper = word.toUpperCase();
  return CODES.map((c) => c.code).find((c) => distance(upper, c) <= 1);
}

function unknownCode(code: string): string {
  return `unknown check code "severities.${code}"${mean(codeSuggestion(code))}; codes look like VMX208 (docs/checks.md)`;
}

const mean = (close: string | undefined) => (close ? ` (did you mean "${close}"?)` : '');

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function describe(e: ErrorObject | undefined, root: unknown): string {
  if (!e) return 'not a valid vmx.config.json';
  const key = keyOf(e.instancePath);
  const value = valueAt(root, e.instancePath);
  const group = key.split('.')[0];
  switch (e.keyword) {
    case 'additionalProperties': {
      const unknown = String((e.params as { additionalProperty: string }).additionalProperty);
      if (key === '') {
        // The keys of the schema itself: a key added there is known here too.
        const keys = Object.keys((configSchema().properties as Record<string, unknown>) ?? {}).filter((k) => k !== '$schema');
        const quoted = keys.map((k) => `"${k}"`);
        return `unknown key "${unknown}"${mean(suggestion(unknown, keys))}; the keys are ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
      }
      if (key === 'severities') return unknownCode(unknown);
      const known = Object.keys(key === 'thresholds' ? THRESHOLD_RANGES : LIMIT_RANGES);
      return `unknown key "${key}.${unknown}"${mean(suggestion(unknown, known))}; known: ${known.join(', ')}`;
    }
    case 'enum':
      if (key === 'profile') return `"profile" must be one of ${PROFILES.join(', ')}, not ${JSON.stringify(value)}${typeof value === 'string' ? mean(suggestion(value, [...PROFILES])) : ''}`;
      return `"${key}" must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(value)}${typeof value === 'string' ? mean(suggestion(value, LEVELS)) : ''}`;
    case 'type': {
      if (key === '') return `expected an object with "severities", "thresholds" and/or "limits", not ${typeName(value)}`;
      const range = group === 'thresholds' ? THRESHOLD_RANGES[key.split('.')[1] as keyof typeof THRESHOLD_RANGES] : group === 'limits' ? LIMIT_RANGES[key.split('.')[1] as keyof typeof LIMIT_RANGES] : undefined;
      if (range && key.includes('.')) return `"${key}" must be ${range.reads}, not ${typeName(value)}`;
      return `"${key}" must be ${e.params.type === 'object' ? 'an object' : `a ${e.params.type}`}, not ${typeName(value)}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum': {
      const name = key.split('.')[1];
      const range = group === 'thresholds' ? THRESHOLD_RANGES[name as keyof typeof THRESHOLD_RANGES] : LIMIT_RANGES[name as keyof typeof LIMIT_RANGES];
      return `"${key}" is ${JSON.stringify(value)}, out of range: it must be ${range?.reads ?? e.message}`;
    }
    default:
      return `"${key || '(top level)'}" ${e.message ?? 'is not valid'}`;
  }
}
