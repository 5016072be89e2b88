/**
 * Proxmox VE guest configs (/etc/pve/qemu-server/VMID.conf, /etc/pve/lxc/VMID.conf;
 * qm.conf(5), pct.conf(5)): `key: value` lines, `#` lines holding the
 * description (URI-encoded, as PVE writes it), and `[name]` sections after the
 * current configuration (snapshots, `[PENDING]`, `[special:cloudinit]`).
 *
 * No library reads this format: it is PVE's own (PVE::QemuServer::parse_vm_config,
 * PVE::LXC::Config::parse_pct_config), a line at a time, so this is a small
 * line splitter with PVE's key rules: a key is a lowercase name with an
 * optional index (`net0`), or a raw `lxc.*` key; any other line is refused
 * with its line number rather than skipped.
 */
import { ImportError } from '../types';

export interface PveEntry {
  key: string;
  value: string;
  line: number;
}

export interface PveSection {
  /** The name in brackets: a snapshot's name, `PENDING`, `special:cloudinit`. */
  name: string;
  line: number;
  entries: PveEntry[];
}

export interface PveConfig {
  /** The current configuration's entries in file order (raw `lxc.*` keys may repeat; other keys: the last one counts). */
  entries: PveEntry[];
  description: string;
  sections: PveSection[];
}

/** PVE's key syntax (a name, `amd-sev`, `net0`) and LXC's raw keys (`lxc.cgroup2.devices.allow`). */
const KEY_LINE = /^([a-z][a-z_-]*\d*):\s*(.*?)\s*$/;
const LXC_LINE = /^(lxc\.[a-z0-9_.-]+)\s*(?::|=)\s*(.*?)\s*$/;
const SECTION = /^\[([a-z0-9_:-]+|PENDING)\]\s*$/i;

function decodeDescription(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export type PveParse = { ok: true; config: PveConfig } | { ok: false; line: number; text: string };

/** The config's lines, or the first line that is not PVE's syntax. */
export function splitPveConfig(text: string): PveParse {
  const config: PveConfig = { entries: [], description: '', sections: [] };
  const description: string[] = [];
  let section: PveSection | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const lineNo = i + 1;
    const header = SECTION.exec(line);
    if (header) {
      section = { name: header[1], line: lineNo, entries: [] };
      config.sections.push(section);
      continue;
    }
    if (line.startsWith('#')) {
      if (!section) description.push(decodeDescription(line.slice(1)));
      continue;
    }
    const m = LXC_LINE.exec(line) ?? KEY_LINE.exec(line);
    if (!m) return { ok: false, line: lineNo, text: line };
    (section ? section.entries : config.entries).push({ key: m[1], value: m[2], line: lineNo });
  }
  config.description = description.join('\n').trim();
  return { ok: true, config };
}

export function parsePveConfig(text: string, name: string): PveConfig {
  const r = splitPveConfig(text);
  if (!r.ok) throw new ImportError(`${name}:${r.line}: not a Proxmox config line (key: value, # description or [section]): '${r.text.slice(0, 60)}'`);
  return r.config;
}

/** The last value of each key (PVE keeps the last), raw `lxc.*` keys aside. */
export function lastValues(entries: PveEntry[]): Map<string, PveEntry> {
  const m = new Map<string, PveEntry>();
  for (const e of entries) if (!e.key.startsWith('lxc.')) m.set(e.key, e);
  return m;
}

/**
 * A PVE property string (`local-lvm:vm-101-disk-0,size=32G,iothread=1`):
 * `key=value` parts; a part without `=` is the value of `defaultKey`.
 */
export function propertyString(value: string, defaultKey?: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) props.set(defaultKey ?? p, defaultKey ? p : '');
    else props.set(p.slice(0, eq).trim(), p.slice(eq + 1).trim());
  }
  return props;
}

/** The most MiB a size can have and still be exact bytes (2^53 − 1 bytes, the engine's limits.maxQuantity). */
export const MAX_MIB = Math.floor(Number.MAX_SAFE_INTEGER / 1024 ** 2);

/** PVE sizes (`32G`, `512M`, `8192` in MiB where the option says so): K, M, G, T are powers of 1024; undefined unless exact bytes. */
export function pveBytes(text: string, bareUnit: number): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT])?$/i.exec(text.trim());
  if (!m) return undefined;
  const factor = m[2] ? 1024 ** ('KMGT'.indexOf(m[2].toUpperCase()) + 1) : bareUnit;
  const bytes = Math.round(Number(m[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
