/**
 * The host's hardware as the kernel reports it: /proc/cpuinfo (sockets,
 * cores, threads, the feature flags the schema knows), the online CPUs
 * (/sys/devices/system/cpu/online), /proc/meminfo (MemTotal, SwapTotal, in
 * exact bytes), the kernel release and the host name.
 */
import { attributeSpec } from '../schema';
import { SystemReader } from '../host/system';
import { Notes, readText, readValue } from './notes';
import { cpuListCount } from './cpulist';

export interface CpuInfo {
  sockets: number;
  cores: number;
  threads: number;
  features: string[];
}

/** The schema's known cpu.features, in its order; `avx512` stands for the kernel's avx512f. */
function knownFeatures(): string[] {
  const spec = attributeSpec('cpu', 'features');
  return spec && spec.type.t === 'names' ? spec.type.known : [];
}

const FLAG_ALIASES: Record<string, string> = { avx512f: 'avx512', tdx_host_platform: 'tdx', tdx_guest: 'tdx' };

/** Processor stanzas of /proc/cpuinfo: `key : value` maps, split at blank lines. */
function stanzas(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size) out.push(current);
      current = new Map();
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) current.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  if (current.size) out.push(current);
  return out.filter((s) => s.has('processor'));
}

/**
 * Sockets = distinct `physical id`s, cores = `cpu cores` per socket,
 * threads = `siblings` / `cpu cores`. Without topology fields (some
 * architectures and VMs), one socket of as many single-thread cores as
 * there are processors. Undefined when the text has no processor at all.
 */
export function parseCpuinfo(text: string): { cpu?: CpuInfo; problem?: string } {
  const cpus = stanzas(text);
  if (cpus.length === 0) return { problem: 'no processor entries' };
  const flags = new Set<string>();
  for (const key of ['flags', 'vmx flags', 'Features']) for (const f of (cpus[0].get(key) ?? '').split(/\s+/)) if (f) flags.add(FLAG_ALIASES[f] ?? f);
  const features = knownFeatures().filter((f) => flags.has(f));
  const sockets = new Set(cpus.map((c) => c.get('physical id')).filter((v) => v !== undefined)).size || 1;
  const coresPer = Number(cpus[0].get('cpu cores'));
  const siblings = Number(cpus[0].get('siblings'));
  if (Number.isInteger(coresPer) && coresPer > 0 && Number.isInteger(siblings) && siblings >= coresPer && siblings % coresPer === 0 && sockets * siblings === cpus.length) {
    return { cpu: { sockets, cores: coresPer, threads: siblings / coresPer, features } };
  }
  // Topology fields missing or not adding up: count processors, say so.
  const problem = cpus[0].has('cpu cores') ? `the topology fields do not add up to ${cpus.length} processors; counted as ${cpus.length} cores` : undefined;
  return { cpu: { sockets: 1, cores: cpus.length, threads: 1, features }, problem };
}

/** `MemTotal:  24683664 kB` → bytes. */
export function meminfoBytes(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s*(\\d+)\\s*kB\\s*$`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}

export interface Hardware {
  hostname?: string;
  cpu?: CpuInfo;
  /** CPUs online, when the online list is readable. */
  online?: number;
  memory?: number;
  swap?: number;
  kernel?: string;
  /** Notes for the `cpu` block and the host block. */
  cpuNotes: string[];
  hostNotes: string[];
}

export function readHardware(reader: SystemReader, notes: Notes): Hardware {
  const hw: Hardware = { cpuNotes: [], hostNotes: [] };
  hw.hostname = readValue(reader, notes, hw.hostNotes, '/proc/sys/kernel/hostname') || undefined;
  const cpuinfo = readText(reader, notes, hw.cpuNotes, '/proc/cpuinfo');
  if (cpuinfo !== undefined) {
    const { cpu, problem } = parseCpuinfo(cpuinfo);
    hw.cpu = cpu;
    if (problem) notes.add(hw.cpuNotes, `/proc/cpuinfo: ${problem}`);
  }
  const online = readValue(reader, notes, hw.cpuNotes, '/sys/devices/system/cpu/online');
  if (online !== undefined) {
    hw.online = cpuListCount(online);
    if (hw.online === undefined) notes.add(hw.cpuNotes, `/sys/devices/system/cpu/online: not a CPU list`);
  }
  if (hw.cpu && hw.online !== undefined && hw.online !== hw.cpu.sockets * hw.cpu.cores * hw.cpu.threads) {
    notes.add(hw.cpuNotes, `${hw.online} CPUs online of the ${hw.cpu.sockets * hw.cpu.cores * hw.cpu.threads} /proc/cpuinfo lists`);
  }
  const meminfo = readText(reader, notes, hw.hostNotes, '/proc/meminfo');
  if (meminfo !== undefined) {
    hw.memory = meminfoBytes(meminfo, 'MemTotal');
    hw.swap = meminfoBytes(meminfo, 'SwapTotal');
    if (hw.memory === undefined) notes.add(hw.hostNotes, '/proc/meminfo: no MemTotal line');
  }
  hw.kernel = readValue(reader, notes, hw.hostNotes, '/proc/sys/kernel/osrelease') || undefined;
  return hw;
}
