/**
 * `vmx import` (DESIGN §7.1): inputs → one topology on one host. Each input's
 * format is `--from` or detected from its content; each importer gives the
 * blocks for the host; blocks from several inputs are merged (hypervisors of
 * one kind become one, names made unique), and the tree is printed and
 * formatted. Pure: the caller reads the files.
 */
import { IMPORTERS, DETECTION_ORDER } from './registry';
import { Importer, ImportError, ImportFormat, ImportInput } from './types';
import { block, NotImported, TreeBlock } from './tree';
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
    for (const b of out.blocks) mergeInto(host, b, input.name);
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

/** Adds `b` to the host: a hypervisor of a kind already there takes `b`'s VMs; a name already taken gets a suffix. */
function mergeInto(host: TreeBlock, b: TreeBlock, inputName: string): void {
  if (b.kind === 'hypervisor') {
    const same = host.children.find((c) => c.kind === 'hypervisor' && c.label === b.label);
    if (same) {
      for (const vm of b.children) addUnique(same, vm, inputName);
      for (const a of b.attributes) if (!same.attributes.some((x) => x.name === a.name)) same.attributes.push(a);
      same.notImported = [...(same.notImported ?? []), ...(b.notImported ?? [])];
      return;
    }
  }
  addUnique(host, b, inputName);
}

function addUnique(parent: TreeBlock, b: TreeBlock, inputName: string): void {
  if (b.label !== undefined && parent.children.some((c) => c.kind === b.kind && c.label === b.label)) {
    let n = 2;
    while (parent.children.some((c) => c.kind === b.kind && c.label === `${b.label}-${n}`)) n++;
    const original = b.label;
    b.label = `${b.label}-${n}`;
    b.comments = [...(b.comments ?? []), `renamed from ${original}: a ${b.kind} of that name came from another input (${inputName})`];
  }
  parent.children.push(b);
}

export { ImportError } from './types';
export type { ImportFormat, ImportInput } from './types';
export { IMPORT_FORMATS } from './registry';
export { MAX_IMPORT_BYTES } from './limits';
