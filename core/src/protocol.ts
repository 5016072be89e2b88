/**
 * The custom LSP protocol between the language server and its clients
 * (docs/protocol.md): method names and message shapes, one definition that
 * the server and the VS Code client both import. The simulation result is
 * the simulator's contract (sim/types.ts).
 */
import type { Severity } from './diagnostics/types';
import type { SimulationResult } from './sim/types';
import type { TopologyDiff } from './diff/types';
import type { Range } from './text/line-index';

export type { SimulationResult, EntityResult } from './sim/types';
export type { TopologyDiff, DiffFinding, ChangedFinding, DiffEntity, EntityChange, MetricChange, MetricName } from './diff/types';

export const Methods = {
  simulate: 'vmx/simulate',
  topology: 'vmx/topology',
  convertVmware: 'vmx/convertVmware',
  simulationFinished: 'vmx/simulationFinished',
  documentState: 'vmx/documentState',
  diff: 'vmx/diff',
  import: 'vmx/import',
  discover: 'vmx/discover',
} as const;

/** `vmx/simulate` parameters; duration and seed override the file's `simulate` block. */
export interface SimulateParams {
  uri: string;
  duration?: number;
  seed?: number;
}

/** `vmx/convertVmware` result: the topology text converted from a VMware .vmx. */
export interface ConvertVmwareResult {
  text: string;
}

/** One box of the topology view (`vmx/topology`): host, hypervisor, VM/partition, group, pod, container. */
export interface TopologyNode {
  id: string;
  kind: string;
  name: string;
  uri?: string;
  range?: Range;
  ring?: number | null;
  kernel?: string | null;
  boundary?: string | null;
  /** The worst finding inside the block. */
  severity?: Severity | null;
  detail?: string | null;
  /** `labels { … }` of the entity (DESIGN §3.1), key → value; absent when none. */
  labels?: Record<string, string> | null;
  children: TopologyNode[];
}

/** `vmx/simulationFinished` notification, after every run. */
export interface SimulationFinished {
  uri: string;
  summary?: unknown;
  result?: SimulationResult;
}

/** `vmx/documentState` params: an open document. */
export interface DocumentStateParams {
  uri: string;
}

/**
 * `vmx/documentState` result (a diagnostic aid): the server's copy of an
 * open document, so a client or a test can check that both hold the same
 * text without shipping the text back.
 */
export interface DocumentState {
  uri: string;
  version: number;
  /** Length in UTF-16 code units. */
  length: number;
  lineCount: number;
  /**
   * SHA-256 (lowercase hex) of the text's UTF-16 code units, little-endian
   * (Node: `Buffer.from(text, 'utf16le')`): exact even for lone surrogates,
   * which UTF-8 would replace.
   */
  sha256: string;
  /**
   * How the server's tree of this version was built: the range of the text
   * that was parsed (offsets, one block reparsed after an edit inside it) or
   * 'file'. Absent while no feature has asked for the tree.
   */
  parsed?: { start: number; end: number } | 'file';
  /** How many times the server has analysed this document since it was opened (every version, every settings change that needed it). */
  analyses: number;
}

/**
 * `vmx/diff` parameters: compare the document `uri` (its editor text, or the
 * file on disk) — the new version — with an old one: the same file at a git
 * ref (`git show REF:PATH`, its imports in the repository at REF too), or
 * another file (open document or disk). Duration and seed override both
 * files' `simulate` blocks (default: the vmx.simulation settings).
 */
export interface DiffParams {
  uri: string;
  against: { gitRef: string } | { uri: string };
  duration?: number;
  seed?: number;
}

/** `vmx/diff` result: core/src/diff's TopologyDiff, with URIs (old ones are the file's URI too for a git ref). */
export type DiffResult = TopologyDiff;

/** One file handed to `vmx/import`: the client reads it (the server may run elsewhere, e.g. code-server's remote). */
export interface ImportFile {
  /** How the file is named in the comments and messages: its workspace-relative path or base name. */
  name: string;
  text: string;
  /** The absolute folder of the file on the server's file system, for its relative paths (a compose file's ./data); absent off a local file system. */
  dir?: string;
}

/** `vmx/import` parameters: the files, as `vmx import FILE…` takes them; `from` and `host` as its --from and --host. */
export interface ImportParams {
  files: ImportFile[];
  from?: string;
  host?: string;
}

/** `vmx/import` result: the formatted topology, how many fields were not imported, the format each file was read as. */
export interface ImportResult {
  text: string;
  notImported: number;
  formats: string[];
}

/** `vmx/discover` parameters: `root`, a captured `proc/` and `sys/` tree read instead of `/` (as `vmx discover --root`). */
export interface DiscoverParams {
  root?: string;
}

/** `vmx/discover` result: the live machine as a topology, and what could not be read (each also a comment in the text). */
export interface DiscoverResult {
  text: string;
  notes: string[];
}
