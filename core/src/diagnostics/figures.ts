/**
 * The figures of a comparison in a message ("X is beyond Y", "X exceeds Y").
 * Rounding can print a larger value exactly like the smaller one — 1025 MiB
 * and 1 GiB both "1GiB", a demand of 0.02 bytes and a limit of 0 both "0 B",
 * 4.01× and 4× both "4.0×" — and the message then reads false. Every check
 * and finding that compares two figures formats them through here.
 */

/**
 * `larger` and `smaller` formatted with `format`; when that prints them the
 * same (or as the same number) although larger > smaller, both are printed
 * with just enough significant digits to differ, followed by `unit`.
 */
export function comparedFigures(larger: number, smaller: number, format: (v: number) => string, unit: string): [string, string] {
  const a = format(larger);
  const b = format(smaller);
  if (!(larger > smaller) || !sameFigure(a, b)) return [a, b];
  for (let digits = 3; digits <= 17; digits++) {
    const pa = precise(larger, digits);
    const pb = precise(smaller, digits);
    if (pa !== pb) return [`${pa}${unit}`, `${pb}${unit}`];
  }
  return [a, b];
}

/** "4.0×" and "4×", "1GiB" and "1.00GiB": the same figure in two spellings. */
function sameFigure(a: string, b: string): boolean {
  if (a === b) return true;
  const number = /^(-?[\d.,]+)\s*(.*)$/;
  const ma = number.exec(a);
  const mb = number.exec(b);
  return !!ma && !!mb && ma[2] === mb[2] && Number(ma[1].replace(/,/g, '')) === Number(mb[1].replace(/,/g, ''));
}

/** A whole number in full (byte counts are exact); else `digits` significant digits. */
function precise(v: number, digits: number): string {
  const n = Number.isInteger(v) ? v : Number(v.toPrecision(digits));
  return n.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** CPUs as maximal runs: `0..3`, `6`. */
export function cpuRuns(cpus: number[]): string[] {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(j > i ? `${cpus[i]}..${cpus[j]}` : `${cpus[i]}`);
    i = j + 1;
  }
  return parts;
}

/** CPUs for a message: at most 8 runs, then `…`. */
export function formatCpuList(cpus: number[]): string {
  const parts = cpuRuns(cpus);
  return parts.length > 8 ? parts.slice(0, 8).join(', ') + ', …' : parts.join(', ');
}
