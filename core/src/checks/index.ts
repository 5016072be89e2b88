/**
 * The checks that run on a resolved model. Each check is a pure function
 * of the model that reports through the reporter; add one by listing it here.
 */
import { CheckConfig } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Model } from '../model/types';
import { checkCpuCapacity } from './capacity-cpu';
import { checkMemoryCapacity } from './capacity-memory';
import { checkContainers } from './containers';
import { checkHyperV } from './hyperv';
import { checkMounts } from './mounts';
import { checkNames } from './names';
import { checkVirtualization } from './virtualization';

export interface CheckContext {
  model: Model;
  reporter: Reporter;
  config: CheckConfig;
}

export type Check = (ctx: CheckContext) => void;

/** Names that can be misread (VMX112), isolation (VMX2xx) and capacity (VMX3xx) checks. */
export const CHECKS: Check[] = [checkNames, checkVirtualization, checkHyperV, checkContainers, checkMounts, checkCpuCapacity, checkMemoryCapacity];

export function runChecks(ctx: CheckContext): void {
  for (const check of CHECKS) check(ctx);
}
