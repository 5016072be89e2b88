/** Messages between a front end and the simulation worker (worker.ts). Plain data: structured-clone safe. */
import { CheckConfig } from '../config';
import { Diagnostic } from '../diagnostics/types';
import { SimulationResult } from './types';

export interface WorkerRequest {
  type: 'run';
  /** The file to simulate, and every file it may import (by URI). */
  rootUri: string;
  files: { uri: string; text: string }[];
  config: CheckConfig;
  options: { duration?: number; seed?: number; step?: number; seriesPoints?: number };
}

export type WorkerReply =
  | { type: 'progress'; fraction: number }
  /** `diagnostics`: every diagnostic of the file, VMX4xx included, after suppressions and severities. */
  | { type: 'done'; result: SimulationResult; diagnostics: Diagnostic[] }
  | { type: 'error'; message: string };
