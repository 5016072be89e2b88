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
  /**
   * 'host': every finding is a function of one host's entities alone (the
   * family reads only `model.hosts` and `model.containers`, and compares
   * nothing across hosts), so it can run on a one-host model and its
   * findings be memoised per host (host-memo.ts). 'file': it compares
   * blocks across hosts (VMX112 lookalikes) and always runs on the whole
   * model; so does a family that does not say.
   */
  scope?: 'host' | 'file';
}

/** Names that can be misread (VMX112), isolation (VMX2xx) and capacity (VMX3xx) checks. */
export const CHECKS: CheckFamily[] = [
  { name: 'the name checks', check: checkNames, scope: 'file' },
  { name: 'the virtualization checks', check: checkVirtualization, scope: 'host' },
  { name: 'the Hyper-V checks', check: checkHyperV, scope: 'host' },
  { name: 'the container checks', check: checkContainers, scope: 'host' },
  { name: 'the mount checks', check: checkMounts, scope: 'host' },
  { name: 'the container security checks', check: checkSecurity, scope: 'host' },
  { name: 'the CPU capacity checks', check: checkCpuCapacity, scope: 'host' },
  { name: 'the memory capacity checks', check: checkMemoryCapacity, scope: 'host' },
  { name: 'the cgroup bound checks', check: checkCgroupBounds, scope: 'host' },
  { name: 'the cgroup version checks', check: checkCgroupVersion, scope: 'host' },
];

export function runChecks(ctx: CheckContext): void {
  for (const family of CHECKS) family.check(ctx);
}
