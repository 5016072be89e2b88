/**
 * Ballooned VMs (`balloon = true`: KVM's virtio balloon, Hyper-V Dynamic
 * Memory): the footprint moves between memory_min and memory_max, and the
 * VM starts with `memory`. So memory_min ≤ memory ≤ memory_max (VMX104),
 * and memory_min/memory_max without balloon = true are a mistake: a VM
 * without a balloon holds `memory`, nothing moves it (VMX103, naming
 * balloon, with the fix of adding it).
 */
import { Reporter } from '../diagnostics/reporter';
import { formatBytes } from '../schema';
import { attr, ResolvedBlock, Vm } from './types';

export function checkBalloons(vms: Vm[], reporter: Reporter): void {
  for (const vm of vms) {
    const b = vm.block;
    const min = b.attributes.get('memory_min');
    const max = b.attributes.get('memory_max');
    if (!min && !max) continue;
    if (!vm.balloon) {
      for (const a of [min, max]) {
        // An invalid value is already its one VMX103/VMX104.
        if (!a || a.invalid) continue;
        reporter.report('VMX103', b.file, a.node.nameSpan, `${a.name} needs balloon = true: without a balloon (or Dynamic Memory) ${vm.kind} ${vm.name} holds its memory, and nothing moves it between memory_min and memory_max`, {
          fixes: b.attributes.has('balloon') ? [] : addBalloon(b, a.node.start),
        });
      }
      continue;
    }
    order(b, 'memory_min', 'memory', reporter);
    order(b, 'memory', 'memory_max', reporter);
    if (!b.attributes.has('memory')) order(b, 'memory_min', 'memory_max', reporter);
  }
}

/** `low` must not be above `high` when both are written and valid: VMX104 on `low`. */
function order(b: ResolvedBlock, low: string, high: string, reporter: Reporter): void {
  const lo = attr<number>(b, low);
  const hi = attr<number>(b, high);
  if (lo === undefined || hi === undefined || lo <= hi) return;
  const node = b.attributes.get(low)!.node;
  reporter.report('VMX104', b.file, node, `${low} = ${formatBytes(lo)} is above ${high} = ${formatBytes(hi)}: a ballooned VM moves between memory_min ≤ memory ≤ memory_max`, {
    related: [{ file: b.file, span: b.attributes.get(high)!.node, message: `${high}` }],
  });
}

/** A quick fix: `balloon = true` on its own line before the attribute, with its indentation (when the attribute starts its line). */
function addBalloon(b: ResolvedBlock, before: number) {
  const lines = b.file.lines;
  const start = lines.lineStart(lines.position(before).line);
  const indent = b.file.text.slice(start, before);
  if (!/^[ \t]*$/.test(indent)) return [];
  return [{ title: 'Add balloon = true', preferred: true, edits: [{ uri: b.file.uri, range: lines.range(start, start), newText: `${indent}balloon = true\n` }] }];
}
