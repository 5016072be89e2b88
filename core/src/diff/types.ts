/**
 * What a change to a topology does (`vmx diff`, DESIGN §7.1; the `vmx/diff`
 * request): findings added, removed and changed, entities added and removed,
 * and per entity present in both the change of its simulated figures.
 * Locations are URIs here; the CLI's JSON (docs/schemas/diff.schema.json)
 * prints them as paths.
 */
import type { AnalysisResult } from '../analyze';
import type { Diagnostic, Severity } from '../diagnostics/types';
import type { SimulationResult } from '../sim/types';
import type { Range } from '../text/line-index';

/** One version of the topology: its analysis (with the simulation's findings) and its simulation, when it ran. */
export interface DiffSide {
  /** The root file's URI (both versions may share it: a file at a git ref and its working copy). */
  uri: string;
  analysis: AnalysisResult;
  simulation?: SimulationResult;
}

export interface DiffOptions {
  /** List every entity present in both versions, not only those whose figures changed. */
  all?: boolean;
}

/** A finding as the diff shows it. */
export interface DiffFinding {
  code: string;
  severity: Severity;
  message: string;
  /** The innermost entity (host, VM, partition, container) whose block holds the finding; null outside every entity. */
  entity: string | null;
  uri: string;
  range: Range;
}

/** One finding in both versions whose figures (or severity) changed. */
export interface ChangedFinding {
  code: string;
  entity: string | null;
  old: DiffFinding;
  new: DiffFinding;
}

export interface DiffEntity {
  id: string;
  kind: string;
  uri: string;
  range: Range;
}

/** Old value, new value and new − old; null where a side has no value (no steal outside VMs, no limit). */
export interface MetricChange {
  old: number | null;
  new: number | null;
  delta: number | null;
}

export const METRICS = ['cpuGranted', 'cpuSteal', 'cpuThrottled', 'memoryP95', 'cpuHeadroom', 'memoryHeadroom'] as const;
export type MetricName = (typeof METRICS)[number];

export interface EntityChange extends DiffEntity {
  /** Every metric, changed or not. */
  metrics: Record<MetricName, MetricChange>;
  /** The metrics that changed beyond their epsilon (METRIC_EPSILON), in METRICS order. */
  changed: MetricName[];
}

export interface TopologyDiff {
  version: 1;
  old: DiffSideInfo;
  new: DiffSideInfo;
  summary: {
    findingsAdded: number;
    findingsRemoved: number;
    findingsChanged: number;
    findingsUnchanged: number;
    /** Error-severity findings the change adds (added, or changed to error): `vmx diff` exits 1 when above 0. */
    errorsAdded: number;
    entitiesAdded: number;
    entitiesRemoved: number;
    entitiesChanged: number;
  };
  findings: { added: DiffFinding[]; removed: DiffFinding[]; changed: ChangedFinding[] };
  entities: { added: DiffEntity[]; removed: DiffEntity[]; changed: EntityChange[] };
}

export interface DiffSideInfo {
  uri: string;
  /** Whether this version was simulated (a VMware file or one over the size limit is not). */
  simulated: boolean;
  duration: number | null;
  seed: number | null;
}

export type { Diagnostic };
