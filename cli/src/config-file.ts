/**
 * The CLI's check configuration: defaults, then the nearest vmx.config.json
 * above the checked file (or the one named by --config), then
 * `--profile NAME`, `--severity CODE=LEVEL`, `--threshold NAME=VALUE` and
 * `--limit NAME=NUMBER` flags. A profile only raises severities; an explicit
 * severity (the file's or a flag's) wins over any profile (core/src/profiles.ts). Mistakes in either are usage errors (exit 2) with
 * one line naming the problem. The file is validated strictly against its
 * JSON Schema (config-schema.ts, docs/schemas/vmx.config.schema.json):
 * unknown keys at any level, wrong types and values out of range (each
 * setting's range is in core/src/config.ts) are refused, with a did-you-mean.
 *
 * vmx.config.json comes with the repository, which is untrusted
 * (docs/security.md): its `limits` may only lower the defaults. A higher
 * value is ignored with a one-line warning; only the command line
 * (`--limit`) raises a limit — as only user settings do in the editor.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CheckConfig, defaultConfig, DEFAULT_THRESHOLDS, DEFAULT_LIMITS, isSeveritySetting, Limits, mergeConfig, settingProblem, SeveritySetting } from '../../core/src/config';
import { configProblem, suggestion } from './config-schema';
import { codeInfo } from '../../core/src/diagnostics/codes';
import { isProfileName, ProfileName, PROFILES } from '../../core/src/profiles';
import { CliError } from './files';

export const CONFIG_FILE_NAME = 'vmx.config.json';
const LEVELS = 'off, hint, information, warning or error';

/** The nearest vmx.config.json in the file's directory or above it. */
export function findConfigFile(filePath: string): string | undefined {
  let dir = dirname(resolve(filePath));
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && !statSync(candidate).isDirectory()) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function checkSeverity(code: string, level: unknown, where: string): SeveritySetting {
  if (!codeInfo(code)) throw new CliError(`${where}: unknown check code '${code}' (codes look like VMX208; see docs/checks.md)`);
  if (!isSeveritySetting(level)) throw new CliError(`${where}: severity of ${code} must be ${LEVELS}, not ${JSON.stringify(level)}`);
  return level;
}

/**
 * The `limits` of a config file without those above their default, each
 * dropped with a warning naming the key and the flag that may raise it.
 */
function onlyLowered(limits: unknown, where: string, warn: (line: string) => void): Record<string, number> | undefined {
  if (limits === undefined) return undefined;
  const kept: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits as Record<string, number>)) {
    const max = DEFAULT_LIMITS[k as keyof Limits];
    if (v <= max) kept[k] = v;
    else warn(`${where}: limits.${k} = ${v} is above the default ${max} and is ignored (a config file may only lower limits; raise it on the command line with --limit ${k}=${v})`);
  }
  return kept;
}

/** Read and validate a vmx.config.json; merged over `base`. Limits above their defaults are dropped, with a warning each. */
export function loadConfigFile(path: string, base: CheckConfig = defaultConfig(), warn: (line: string) => void = () => {}): CheckConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(err.code ? `cannot read config '${path}': ${err.code}` : `${path}: invalid JSON: ${err.message.split('\n')[0]}`);
  }
  // Strict: an unknown key or a value out of range is a mistake to report, never a setting to drop in silence.
  const problem = configProblem(parsed);
  if (problem) throw new CliError(`${path}: ${problem}`);
  const p = parsed as Record<string, unknown>;
  return mergeConfig(base, { ...p, limits: onlyLowered(p.limits, path, warn) });
}

/** ` (did you mean "x"?)` when a known name is close to `word`. */
function closeTo(word: string, candidates: string[]): string {
  const close = word ? suggestion(word, candidates) : undefined;
  return close ? ` (did you mean "${close}"?)` : '';
}

/** `VMX309=off` (repeatable; several codes may share a level: `VMX308,VMX309=hint`). */
export function parseSeverityFlags(flags: string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const flag of flags) {
    const m = /^([^=]+)=(.*)$/.exec(flag);
    if (!m) throw new CliError(`--severity expects CODE=LEVEL (e.g. VMX309=off), got '${flag}'`);
    for (const code of m[1].split(',')) {
      const c = code.trim().toUpperCase();
      out[c] = checkSeverity(c, m[2].trim(), '--severity');
    }
  }
  return out;
}

/** `vcpuOvercommitRatio=8` (repeatable). */
export function parseThresholdFlags(flags: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const flag of flags) {
    const m = /^([^=]+)=(.*)$/.exec(flag);
    const name = m?.[1].trim() ?? '';
    const value = m ? Number(m[2]) : NaN;
    if (!m || !(name in DEFAULT_THRESHOLDS)) throw new CliError(`--threshold expects NAME=NUMBER with NAME one of ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}, got '${flag}'${closeTo(name, Object.keys(DEFAULT_THRESHOLDS))}`);
    if (!isFinite(value) || value < 0 || m[2].trim() === '') throw new CliError(`--threshold ${name} must be a non-negative number, got '${m[2]}'`);
    const problem = settingProblem('thresholds', name, value);
    if (problem) throw new CliError(`--threshold ${name} ${problem}`);
    out[name] = value;
  }
  return out;
}

/** `maxFileSize=100000000` (repeatable): the only way to raise a limit from the CLI. */
export function parseLimitFlags(flags: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const flag of flags) {
    const m = /^([^=]+)=(.*)$/.exec(flag);
    const name = m?.[1].trim() ?? '';
    const value = m ? Number(m[2]) : NaN;
    if (!m || !(name in DEFAULT_LIMITS)) throw new CliError(`--limit expects NAME=NUMBER with NAME one of ${Object.keys(DEFAULT_LIMITS).join(', ')}, got '${flag}'${closeTo(name, Object.keys(DEFAULT_LIMITS))}`);
    if (!isFinite(value) || value < 0 || m[2].trim() === '') throw new CliError(`--limit ${name} must be a non-negative number, got '${m[2]}'`);
    const problem = settingProblem('limits', name, value);
    if (problem) throw new CliError(`--limit ${name} ${problem}`);
    out[name] = value;
  }
  return out;
}

/** `--profile NAME`: default, baseline or restricted (core/src/profiles.ts). */
export function parseProfileFlag(value: string | undefined): ProfileName | undefined {
  if (value === undefined) return undefined;
  if (isProfileName(value)) return value;
  throw new CliError(`invalid --profile '${value}': expected ${PROFILES.join(', ')}${closeTo(value, [...PROFILES])}`);
}

export interface ConfigFlags {
  /** --config: use this file instead of looking for one. */
  configPath?: string;
  /** --profile: overrides the config file's "profile"; every explicit severity still wins over it. */
  profile?: ProfileName;
  severities: Record<string, SeveritySetting>;
  thresholds: Record<string, number>;
  /** --limit: may raise limits, which a config file cannot. */
  limits?: Record<string, number>;
  /** Where the one-line warnings about ignored settings go. */
  warn?: (line: string) => void;
}

/** The configuration for one checked file; `source` says which config file applied (for grouping and messages). */
export function configFor(filePath: string, flags: ConfigFlags): { config: CheckConfig; source?: string } {
  const source = flags.configPath ?? findConfigFile(filePath);
  let config = source ? loadConfigFile(source, defaultConfig(), flags.warn) : defaultConfig();
  config = mergeConfig(config, { severities: flags.severities, thresholds: flags.thresholds, limits: flags.limits, profile: flags.profile });
  return { config, source };
}
