/**
 * The CLI's check configuration: defaults, then the nearest vmx.config.json
 * above the checked file (or the one named by --config), then
 * `--severity CODE=LEVEL` and `--threshold NAME=VALUE` flags. Mistakes in
 * either are usage errors (exit 2) with one line naming the problem.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CheckConfig, defaultConfig, DEFAULT_THRESHOLDS, DEFAULT_LIMITS, isSeveritySetting, mergeConfig, SeveritySetting } from '../../core/src/config';
import { codeInfo } from '../../core/src/diagnostics/codes';
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

function checkNumbers(group: 'thresholds' | 'limits', value: unknown, where: string): void {
  if (value === undefined) return;
  const known = group === 'thresholds' ? DEFAULT_THRESHOLDS : DEFAULT_LIMITS;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${where}: "${group}" must be an object`);
  for (const [k, v] of Object.entries(value)) {
    if (!(k in known)) throw new CliError(`${where}: unknown ${group} setting '${k}' (known: ${Object.keys(known).join(', ')})`);
    if (typeof v !== 'number' || !isFinite(v) || v < 0) throw new CliError(`${where}: ${group}.${k} must be a non-negative number`);
  }
}

/** Read and validate a vmx.config.json; merged over `base`. */
export function loadConfigFile(path: string, base: CheckConfig = defaultConfig()): CheckConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(err.code ? `cannot read config '${path}': ${err.code}` : `invalid JSON in '${path}': ${err.message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${path}: expected an object with "severities", "thresholds" and/or "limits"`);
  const p = parsed as Record<string, unknown>;
  if (p.severities !== undefined) {
    if (!p.severities || typeof p.severities !== 'object' || Array.isArray(p.severities)) throw new CliError(`${path}: "severities" must be an object like { "VMX309": "off" }`);
    for (const [code, level] of Object.entries(p.severities)) checkSeverity(code, level, path);
  }
  checkNumbers('thresholds', p.thresholds, path);
  checkNumbers('limits', p.limits, path);
  return mergeConfig(base, p);
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
    if (!m || !(name in DEFAULT_THRESHOLDS)) throw new CliError(`--threshold expects NAME=NUMBER with NAME one of ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}, got '${flag}'`);
    if (!isFinite(value) || value < 0 || m[2].trim() === '') throw new CliError(`--threshold ${name} must be a non-negative number, got '${m[2]}'`);
    out[name] = value;
  }
  return out;
}

export interface ConfigFlags {
  /** --config: use this file instead of looking for one. */
  configPath?: string;
  severities: Record<string, SeveritySetting>;
  thresholds: Record<string, number>;
}

/** The configuration for one checked file; `source` says which config file applied (for grouping and messages). */
export function configFor(filePath: string, flags: ConfigFlags): { config: CheckConfig; source?: string } {
  const source = flags.configPath ?? findConfigFile(filePath);
  let config = source ? loadConfigFile(source) : defaultConfig();
  config = mergeConfig(config, { severities: flags.severities, thresholds: flags.thresholds });
  return { config, source };
}
