/**
 * The checks that run on a resolved model. Each check is a pure function
 * of the model that reports through the reporter; add one by listing it here.
 */
import { CheckConfig } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Model } from '../model/types';
import { checkCpuCapacity } from './capacity-cpu';
import { checkMemoryCapacity } from './capacity-memory';
import { checkCgroupBounds } from './cgroup-bounds';
import { checkCgroupVersion } from './cgroup-version';
import { checkContainers } from './containers';
import { checkHyperV } from './hyperv';
import { checkMounts } from './mounts';
import { checkNames } from './names';
import { checkSecurity } from './security';
import { checkVirtualization } from './virtualization';

export interface CheckContext {
  model: Model;
  reporter: Reporter;
  config: CheckConfig;
}

export type Check = (ctx: CheckContext) => void;

/** A family of checks, and the name an internal error in it is reported under (analyze.ts runs each on its own). */
export interface CheckFamily {
  name: string;
  check: Check;
}

/** Names that can be misread (VMX112), isolation (VMX2xx) and capacity (VMX3xx) checks. */
export const CHECKS: CheckFamily[] = [
  { name: 'the name checks', check: checkNames },
  { name: 'the virtualization checks', check: checkVirtualization },
  { name: 'the Hyper-V checks', check: checkHyperV },
  { name: 'the container checks', check: checkContainers },
  { name: 'the mount checks', check: checkMounts },
  { name: 'the container security checks', check: checkSecurity },
  { name: 'the CPU capacity checks', check: checkCpuCapacity },
  { name: 'the memory capacity checks', check: checkMemoryCapacity },
  { name: 'the cgroup bound checks', check: checkCgroupBounds },
  { name: 'the cgroup version checks', check: checkCgroupVersion },
];

export function runChecks(ctx: CheckContext): void {
  for (const family of CHECKS) family.check(ctx);
}
