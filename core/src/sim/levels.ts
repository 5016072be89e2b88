/**
 * The cgroup tree below a kernel (DESIGN §5 "Hierarchy"): `group` and `pod`
 * levels hold containers and further levels, and a level's limits bound
 * the sum of everything beneath it. These helpers read the plan's
 * depth-first arrays; the engine (engine.ts) calls them per period.
 */
import { EnginePlan, NodeKind } from './plan';

const KIND_CONTAINER: number = NodeKind.Container;
const KIND_GROUP: number = NodeKind.Group;

/** Σ values[c] over the children c of node i. */
export function sumChildren(p: EnginePlan, i: number, values: Float64Array): number {
  let total = 0;
  for (let c = p.childStart[i]; c < p.childStart[i + 1]; c++) total += values[p.childList[c]];
  return total;
}

/**
 * The container in level g's subtree using the most memory, -1 when none
 * uses any: the one the kernel's OOM killer picks in a cgroup at its
 * memory.max (the task with the highest badness, about its resident size;
 * mm/oom_kill.c: oom_badness, memcg-scoped by mem_cgroup_scan_tasks).
 */
export function largestContainer(p: EnginePlan, g: number, memUsed: Float64Array): number {
  let victim = -1;
  let most = 0;
  for (let j = g + 1; j < p.subtreeEnd[g]; j++) {
    if (p.kind[j] === KIND_CONTAINER && memUsed[j] > most) {
      most = memUsed[j];
      victim = j;
    }
  }
  return victim;
}

/**
 * What level g is charged at time t: the sum over its children — a
 * container's own figure (`leafAt`, already within its own limits), a
 * nested level's sum bounded by that level's `limit`. Used to locate, inside
 * a period, when a level's sum crossed its limit.
 */
export function levelAt(p: EnginePlan, g: number, t: number, leafAt: (i: number, t: number) => number, limit: Float64Array): number {
  let total = 0;
  for (let c = p.childStart[g]; c < p.childStart[g + 1]; c++) {
    const j = p.childList[c];
    total += p.kind[j] === KIND_GROUP ? Math.min(levelAt(p, j, t, leafAt, limit), limit[j]) : leafAt(j, t);
  }
  return total;
}

/** Levels whose pids are counted: those with a pids.max and every level and container beneath one. */
export function pidsCounted(p: EnginePlan): Uint8Array {
  const counted = new Uint8Array(p.n);
  for (let i = 1; i < p.n; i++) {
    const parent = p.parent[i];
    const underLimit = p.kind[parent] === KIND_GROUP && (counted[parent] === 1 || p.pidsMax[parent] !== Infinity);
    if (p.kind[i] === KIND_CONTAINER || p.kind[i] === KIND_GROUP) counted[i] = underLimit || p.pidsMax[i] !== Infinity ? 1 : 0;
  }
  return counted;
}
