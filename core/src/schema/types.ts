/** The shape of the schema: what a kind and an attribute declare. */
import type { DefaultContext } from './defaults';
import { UnitKind } from './units';

export type ValueType =
  /** A number with a unit of the given kind; `unlimited` accepts the name `max` (∞). */
  /**
   * A number with a unit of the given kind; `unlimited` accepts the name `max` (∞).
   * `bareAtLeast`: a bare number (bytes) below it is refused as a unit left out (`memory = 16`: did you mean 16GiB?).
   * `kernelString`: the kernel's own string form is accepted too (`cpu.max = "50000 100000"`).
   */
  | { t: 'quantity'; unit: UnitKind; unlimited?: boolean; bareScale?: number; integer?: boolean; bareAtLeast?: number; kernelString?: 'cpu.max' }
  | { t: 'integer' }
  | { t: 'boolean' }
  | { t: 'string' }
  /** An absolute path of the kernel the block belongs to. */
  | { t: 'path' }
  /** One of the names, written bare or quoted; with `orString`, any other string in quotes too (a profile path or name). */
  | { t: 'enum'; values: string[]; orString?: boolean }
  /** A list of names; `known` are documented and completed, others are accepted. */
  | { t: 'names'; known: string[]; open: boolean; upper?: boolean }
  /** Logical CPUs: an INT, a range `0..7`, a list of both, or a cgroup string "0-3,8". */
  | { t: 'cpus' }
  /** `private`, `host` or `container("name")`. */
  | { t: 'namespace' }
  /** A path string of the container's kernel, or `volume("name")`. */
  | { t: 'mountSource' }
  /** `root`, a user name, a quoted name, or a numeric UID. */
  | { t: 'user' }
  /** A demand over time: a plain quantity (constant) or a pattern call. */
  | { t: 'pattern'; unit: UnitKind }
  /** `io.max`: a data rate and/or an I/O rate, alone or in a list. */
  | { t: 'ioLimit' };

/** The name of each value type: registries of handlers are keyed by it (`{ [K in ValueTypeName]: … }`), so a new type without a handler does not compile. */
export type ValueTypeName = ValueType['t'];

/** What a cgroup key is, as the kernel documents it: hovers must say which. */
export type LimitNature = 'share' | 'hard-limit' | 'throttle' | 'protection' | 'placement';

export interface AttributeSpec {
  name: string;
  type: ValueType;
  /** The default, already normalised (bytes, CPUs, seconds…); undefined = unset. */
  default?: unknown;
  /**
   * A default that depends on the block (its label: `hypervisor kvm` is
   * type 1), written once here; `defaultText` says the rule for docs and
   * hover. Read through defaultValue() in schema/defaults.ts.
   */
  defaultFor?: (block: DefaultContext) => unknown;
  /** How the default reads in docs when it is computed ("implied by the kind"). */
  defaultText?: string;
  required?: boolean;
  /**
   * A required attribute that may be left out when every one of these is
   * written with a true or non-zero value (`vm.memory` under `balloon = true`
   * with `memory_max`): see requiredMissing in schema/index.ts.
   */
  requiredUnless?: string[];
  /** Inclusive bounds on the normalised value (VMX104). */
  min?: number;
  max?: number;
  /** The value must be above `min`, not equal to it. */
  minExclusive?: boolean;
  summary: string;
  doc: string;
  /** Docs of enum values (or known list names), for hover and completion. */
  valueDocs?: Record<string, string>;
  /** cgroup v1 alias: the v2 key it sets and how its value converts. */
  aliasOf?: string;
  convert?: (value: number) => number;
  nature?: LimitNature;
  /** Completion snippet for the value, e.g. `burst(base = ${1:1}, peak = ${2:2})`. */
  valueSnippet?: string;
}

export type LabelSpec =
  | { t: 'none' }
  | { t: 'name'; required: boolean; what: string }
  | { t: 'enum'; values: string[]; required: boolean; what: string; valueDocs: Record<string, string> };

export interface KindSpec {
  name: string;
  label: LabelSpec;
  /** Kinds it may appear in; 'file' is the top level. */
  parents: string[];
  /** Extra condition on the parent's label (partition only inside `hypervisor hyperv`). */
  parentLabels?: Record<string, string[]>;
  attributes: AttributeSpec[];
  /**
   * Any name is an attribute of this kind, with this type (`labels`: every
   * `KEY = "string"`, KEY a name or a string). Names in `attributes` still
   * take their own spec.
   */
  freeAttributes?: { type: ValueType; summary: string; doc: string };
  /** Child kinds that must be present (VMX108), e.g. a host's `cpu`. */
  requiredChildren?: string[];
  /** At most one child of this kind per block (a host has one `cpu`). */
  single?: boolean;
  /** Reported on by the simulation and the CLI; has an id. */
  entity?: boolean;
  summary: string;
  doc: string;
}
