/**
 * Weighted, work-conserving max-min fair sharing ("water-filling"): the
 * allocation CFS converges to for groups that stay runnable, and the one
 * io.weight aims at. Every member gets capacity in proportion to its
 * weight, never more than it asks (its cap); what a member does not use
 * flows to the others. Allocation-free: works on caller-owned arrays.
 */

/**
 * Share `capacity` among `members[from .. from + count)` (indices into the
 * arrays) by `weight`, each capped by `cap`; writes `grant[i]`. `scratch`
 * must hold `count` entries. Returns the capacity left over (positive when
 * every member is capped).
 */
export function waterFill(capacity: number, members: Int32Array, from: number, count: number, weight: Float64Array, cap: Float64Array, grant: Float64Array, scratch: Int32Array): number {
  const end = from + count;
  let total = 0;
  for (let k = from; k < end; k++) total += cap[members[k]];
  if (total <= capacity) {
    // Fast path, the common case: nobody is short.
    for (let k = from; k < end; k++) grant[members[k]] = cap[members[k]];
    return capacity - total;
  }
  let active = 0;
  for (let k = from; k < end; k++) {
    const i = members[k];
    if (cap[i] > 0 && weight[i] > 0) scratch[active++] = i;
    else grant[i] = 0;
  }
  let remaining = capacity;
  // Each pass either finishes or retires at least one capped member: at most `count` passes.
  while (active > 0) {
    let weights = 0;
    for (let k = 0; k < active; k++) weights += weight[scratch[k]];
    const level = remaining / weights;
    let kept = 0;
    let retired = 0;
    for (let k = 0; k < active; k++) {
      const i = scratch[k];
      if (cap[i] <= weight[i] * level) {
        grant[i] = cap[i];
        retired += cap[i];
      } else scratch[kept++] = i;
    }
    if (kept === active) {
      for (let k = 0; k < active; k++) grant[scratch[k]] = weight[scratch[k]] * level;
      return 0;
    }
    remaining -= retired;
    active = kept;
  }
  return remaining;
}

/**
 * CPU work (in cores) that `demand` runnable threads get from `logical` CPUs
 * spread over `cores` physical cores: the scheduler puts one thread on each
 * idle core first (Linux's SMT-aware load balancing), so up to `cores`
 * threads run at full speed; each thread beyond shares a core with a
 * sibling and adds only `smtGain` (SMT_CORE_CAPACITY − 1 per extra thread of
 * a 2-thread core). Never more than the logical CPUs hold.
 */
export function smtCapacity(demand: number, logical: number, cores: number, smtGain: number): number {
  const d = demand < logical ? demand : logical;
  return d <= cores ? d : cores + smtGain * (d - cores);
}
