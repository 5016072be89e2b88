/**
 * The custom requests and notifications between this client and the VMX
 * language server, with the shapes the client relies on. The simulation
 * result itself is the core's contract (core/src/sim/types.ts).
 */
import type { Range } from '../../core/src/text/line-index';
import type { SimulationResult } from '../../core/src/sim/types';

export type { SimulationResult, EntityResult } from '../../core/src/sim/types';

export const Methods = {
  simulate: 'vmx/simulate',
  topology: 'vmx/topology',
  convertVmware: 'vmx/convertVmware',
  simulationFinished: 'vmx/simulationFinished',
} as const;

export interface SimulateParams {
  uri: string;
  duration?: number;
  seed?: number;
}

export interface ConvertVmwareResult {
  text: string;
}

export type FindingSeverity = 'error' | 'warning' | 'information' | 'hint';

/** One box of the topology view: host, hypervisor, vm/partition, container (and kernels). */
export interface TopologyNode {
  id: string;
  kind: string;
  name: string;
  uri?: string;
  range?: Range;
  ring?: number | null;
  kernel?: string | null;
  boundary?: string | null;
  severity?: FindingSeverity | null;
  detail?: string | null;
  children: TopologyNode[];
}

export interface SimulationFinished {
  uri: string;
  summary?: unknown;
  result?: SimulationResult;
}
