/**
 * `vmx discover` (DESIGN §7.1): the live machine — or a captured `proc/` and
 * `sys/` tree — as a topology. Pure over a SystemReader (core/src/host/
 * system.ts): it reads through it and nothing else, builds the topology
 * tree of core/src/import, and prints it with the one printer. Whatever
 * cannot be read is a `# not readable: PATH — reason` comment where it
 * would have gone, and a note. The output is deterministic for one tree:
 * everything is read in sorted order.
 */
import { printTopology } from '../import/print';
import { attr, block, exactBytes, list, num, str, TreeBlock, word } from '../import/tree';
import { SystemReader } from '../host/system';
import { readCgroups } from './cgroups';
import { entityBlocks } from './entities';
import { readHardware } from './hardware';
import { HostMounts, parseMountinfo } from './mounts';
import { Notes, readText } from './notes';
import { hostNamespaces } from './process';
import { hypervisorBlock, processIds } from './vms';

export interface DiscoverOptions {
  /** The host's name (default: the machine's host name, else `discovered`). */
  hostName?: string;
}

export interface DiscoverResult {
  /** The formatted topology. */
  text: string;
  /** Every part that could not be read or mapped (each is also a comment in the text). */
  notes: string[];
  /** The tree the text was printed from. */
  tree: TreeBlock;
}

export function discoverTopology(reader: SystemReader, options: DiscoverOptions = {}): DiscoverResult {
  const notes = new Notes();
  const hw = readHardware(reader, notes);
  const host = block('host', options.hostName ?? hw.hostname ?? 'discovered');
  if (hw.memory !== undefined) host.attributes.push(attr('memory', exactBytes(hw.memory)));
  if (hw.swap) host.attributes.push(attr('swap', exactBytes(hw.swap)));

  const cpu = block('cpu');
  if (hw.cpu) {
    if (hw.cpu.sockets !== 1) cpu.attributes.push(attr('sockets', num(hw.cpu.sockets)));
    cpu.attributes.push(attr('cores', num(hw.cpu.cores)));
    if (hw.cpu.threads !== 1) cpu.attributes.push(attr('threads', num(hw.cpu.threads)));
    if (hw.cpu.features.length) cpu.attributes.push(attr('features', list(hw.cpu.features.map(word))));
  }
  if (hw.cpuNotes.length) cpu.innerComments = hw.cpuNotes;
  host.children.push(cpu);

  const hostNotes = hw.hostNotes;
  const cgroups = readCgroups(reader, notes, hostNotes);
  const os = block('os', 'linux');
  if (hw.kernel) os.attributes.push(attr('kernel', str(hw.kernel)));
  if (cgroups) {
    os.attributes.push(attr('cgroup', word(cgroups.version)));
    if (cgroups.hybrid) os.comments = ['hybrid cgroups: the v1 controllers hold the limits; the v2 hierarchy at /sys/fs/cgroup/unified has no controllers'];
  }
  host.children.push(os);

  const nsNotes: string[] = [];
  const hostNs = hostNamespaces(reader, notes, nsNotes);
  const hostMountinfo = readText(reader, notes, nsNotes, '/proc/1/mountinfo');
  const hostMounts: HostMounts | undefined = hostMountinfo === undefined ? undefined : parseMountinfo(hostMountinfo);
  const vmCgroups = new Map();
  const entities = cgroups ? entityBlocks({ reader, notes, cgroups, hostNamespaces: hostNs, hostMounts, vmCgroups }) : [];
  const pids = processIds(reader, notes, hostNotes);
  const hv = hypervisorBlock(reader, notes, pids, vmCgroups);
  // A /dev/kvm with no VM running and CPU flags without vmx/svm (a nested or emulated device, as in some sandboxes) is
  // no hypervisor the topology can describe: written, it would be a VMX201 error about the machine as it really is.
  const noVirtualization = hw.cpu !== undefined && !hw.cpu.features.some((f) => f === 'vmx' || f === 'svm');
  if (hv && hv.label === 'kvm' && hv.children.length === 0 && noVirtualization) notes.add(hostNotes, '/dev/kvm exists, but the CPU flags show neither vmx nor svm and no VM runs: no hypervisor written');
  else if (hv) host.children.push(hv);
  host.children.push(...entities);
  const inner = [...hostNotes, ...nsNotes];
  if (inner.length) host.innerComments = inner;

  const topology = block('topology', host.label, [], [host]);
  const text = printTopology(topology, [`discovered by vmx discover from ${reader.description} (read-only)`]);
  return { text, notes: notes.all, tree: topology };
}
