/** The kernel's CPU list format (`0-3,8,10-11`), as /sys and cpuset.cpus write it. */

/** The CPUs of a list, or undefined when it is not one. The empty list is []. */
export function parseCpuList(text: string): number[] | undefined {
  const t = text.trim();
  if (t === '') return [];
  const out: number[] = [];
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 65536) return undefined;
    for (let c = from; c <= to; c++) out.push(c);
  }
  return out;
}

export function cpuListCount(text: string): number | undefined {
  return parseCpuList(text)?.length;
}
