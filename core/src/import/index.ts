/**
 * `vmx import` (DESIGN §7.1): inputs → one topology on one host. Each input's
 * format is `--from` or detected from its content; each importer gives the
 * blocks for the host; blocks from several inputs are merged (hypervisors of
 * one kind become one, names made unique), and the tree is printed and
 * formatted. Pure: the caller reads the files.
 */
import { IMPORTERS, DETECTION_ORDER } from './registry';
import { Importer, ImportError, ImportFormat, ImportInput } from './types';
import { block, NotImported, TreeBlock, TreeValue } from './tree';
import { countNotImported, printTopology } from './print';
import { MAX_IMPORT_BYTES } from './limits';

export interface ImportOptions {
  /** The format of every input; detected per input when absent. */
  from?: ImportFormat;
  /** The host's name (default `imported`). */
  host?: string;
  /** Hardware lines for the host (from `--like FILE`, see like.ts); without them the host says its hardware is unknown. */
  hardware?: string[];
  /** Where the hardware came from, for the host's comment. */
  hardwareSource?: string;
}

export interface ImportResult {
  text: string;
  /** How many fields were not imported (each is a `# not imported:` comment in the text). */
  notImported: number;
  /** The format each input was read as, in input order. */
  formats: ImportFormat[];
}

export function detectFormat(input: ImportInput): ImportFormat {
  for (const format of DETECTION_ORDER) if (IMPORTERS[format].detect(input)) return format;
  throw new ImportError(`${input.name}: not a format vmx import reads (compose, k8s, oci, docker-inspect, libvirt, proxmox); name one with --from`);
}

function importerFor(input: ImportInput, from: ImportFormat | undefined): Importer {
  return IMPORTERS[from ?? detectFormat(input)];
}

export function importTopology(inputs: ImportInput[], options: ImportOptions = {}): ImportResult {
  const hostName = options.host ?? 'imported';
  const host = block('host', hostName);
  const formats: ImportFormat[] = [];
  const fileLevel: NotImported[] = [];
  let total = 0;
  for (const input of inputs) {
    total += input.text.length;
    if (total > MAX_IMPORT_BYTES) throw new ImportError(`${input.name}: the inputs are larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; import fewer or smaller files`);
    const importer = importerFor(input, options.from);
    formats.push(importer.format);
    const out = importer.convert(input);
    mergeInput(host, out.blocks, input.name);
    for (const n of out.notImported) fileLevel.push(inputs.length > 1 ? { field: `${input.name}: ${n.field}`, why: n.why } : n);
  }
  host.comments = [
    options.hardware
      ? `hardware as declared in ${options.hardwareSource ?? 'the --like file'}`
      : 'hardware unknown to an import: declare memory and a cpu block here, or run vmx import --like FILE.vmx',
  ];
  if (options.hardware) host.verbatim = options.hardware;
  host.notImported = fileLevel;
  const topology = block('topology', hostName, [], [host]);
  const sources = inputs.map((i, n) => `${i.name} (${formats[n]})`).join(', ');
  const text = printTopology(topology, [`imported by vmx import from ${sources}`]);
  return { text, notImported: countNotImported(topology), formats };
}

/**
 * Kinds that are levels, not things: two inputs' `hypervisor kvm` or
 * `group kubepods` are the same level of the one host, so their children
 * merge; everything else of one name is two things and gets a suffix.
 */
const MERGED_KINDS = new Set(['hypervisor', 'group']);

type Renames = Map<string, Map<string, string>>;

/** Adds one input's blocks to the host, then points that input's `container("x")`/`volume("x")` at the names it now has. */
function mergeInput(host: TreeBlock, blocks: TreeBlock[], inputName: string): void {
  const renames: Renames = new Map();
  for (const b of blocks) mergeInto(host, b, inputName, renames);
  if (renames.size > 0) for (const b of blocks) renameReferences(b, renames);
}

/** QEMU without KVM (TCG) and KVM are one QEMU on one host: a TCG domain's VM is written in the kvm block (and the other way round), with a note. */
const SAME_HOST_HYPERVISORS = new Set(['kvm', 'qemu']);

function mergeInto(parent: TreeBlock, b: TreeBlock, inputName: string, renames: Renames): void {
  if (parent.kind === 'host' && b.kind === 'hypervisor') {
    const other = parent.children.find((c) => c.kind === 'hypervisor' && c.label !== b.label);
    if (other && SAME_HOST_HYPERVISORS.has(String(other.label)) && SAME_HOST_HYPERVISORS.has(String(b.label))) {
      // KVM wins: the accelerated hypervisor is the host's; TCG guests run in the same QEMU there, without acceleration.
      const [tcg, kvm] = other.label === 'qemu' ? [other, b] : [b, other];
      for (const vm of tcg.children) vm.comments = [...(vm.comments ?? []), `a qemu (TCG) domain; a host has one hypervisor, so it is written under kvm`];
      if (tcg === other) {
        other.label = 'kvm';
        other.attributes = b.attributes;
      }
      b = { ...b, label: 'kvm', attributes: [] };
    } else if (other) {
      throw new ImportError(`${inputName}: a ${String(b.label)} hypervisor, but the host already has ${String(other.label)} from another input; a host runs one hypervisor: import them onto two hosts (--host)`);
    }
  }
  // A level's unlabelled settings (its `cgroup`, its `labels`) are one block: the first input's values stand, the others' add what is missing.
  const merges = MERGED_KINDS.has(b.kind) || (b.label === undefined && MERGED_KINDS.has(parent.kind));
  const same = merges ? parent.children.find((c) => c.kind === b.kind && c.label === b.label) : undefined;
  if (!same) return addUnique(parent, b, inputName, renames);
  for (const child of b.children) mergeInto(same, child, inputName, renames);
  for (const a of b.attributes) if (!same.attributes.some((x) => x.name === a.name)) same.attributes.push(a);
  same.notImported = [...(same.notImported ?? []), ...(b.notImported ?? [])];
}

function addUnique(parent: TreeBlock, b: TreeBlock, inputName: string, renames: Renames): void {
  if (b.label !== undefined && parent.children.some((c) => c.kind === b.kind && c.label === b.label)) {
    let n = 2;
    while (parent.children.some((c) => c.kind === b.kind && c.label === `${b.label}-${n}`)) n++;
    const original = String(b.label);
    b.label = `${b.label}-${n}`;
    b.comments = [...(b.comments ?? []), `renamed from ${original}: a ${b.kind} of that name came from another input (${inputName})`];
    if (!renames.has(b.kind)) renames.set(b.kind, new Map());
    renames.get(b.kind)!.set(original, b.label);
  }
  parent.children.push(b);
}

function renameValue(v: TreeValue, renames: Renames): TreeValue {
  if (v.t === 'list') return { t: 'list', items: v.items.map((i) => renameValue(i, renames)) };
  if (v.t !== 'call') return v;
  const to = renames.get(v.name);
  const arg = v.args[0];
  if (to && v.args.length === 1 && arg.t === 'string' && to.has(arg.value)) return { t: 'call', name: v.name, args: [{ t: 'string', value: to.get(arg.value)! }] };
  return v;
}

function renameReferences(b: TreeBlock, renames: Renames): void {
  b.attributes = b.attributes.map((a) => ({ ...a, value: renameValue(a.value, renames) }));
  for (const c of b.children) renameReferences(c, renames);
}

export { ImportError } from './types';
export type { ImportFormat, ImportInput } from './types';
export { IMPORT_FORMATS } from './registry';
export { MAX_IMPORT_BYTES } from './limits';
