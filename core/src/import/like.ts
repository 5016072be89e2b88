/**
 * `vmx import --like FILE.vmx`: an import knows nothing of the host's
 * hardware, so it copies it from a topology the user already has: the first
 * host's `memory`, `swap` and its `cpu`, `disk`, `nic` and `os` blocks, as
 * they are written there.
 */
import { parse } from '../syntax/parser';
import { BlockNode, ItemNode } from '../syntax/ast';
import { ImportError } from './types';

const HARDWARE_ATTRIBUTES = new Set(['memory', 'swap']);
const HARDWARE_BLOCKS = new Set(['cpu', 'disk', 'nic', 'os']);

function firstHost(items: ItemNode[]): BlockNode | undefined {
  for (const item of items) {
    if (item.type !== 'block') continue;
    if (item.kind === 'host') return item;
    const inner = firstHost(item.items);
    if (inner) return inner;
  }
  return undefined;
}

/** The hardware lines of the first host of `text`; an ImportError when it has none. */
export function hardwareLines(text: string, name: string): string[] {
  const tree = parse(text);
  const host = firstHost(tree.items);
  if (!host) throw new ImportError(`--like ${name}: no host block to take the hardware from`);
  const lines: string[] = [];
  for (const item of host.items) {
    const wanted = item.type === 'attribute' ? HARDWARE_ATTRIBUTES.has(item.name) : item.type === 'block' && HARDWARE_BLOCKS.has(item.kind);
    if (wanted) lines.push(...text.slice(item.start, item.end).split(/\r\n|\r|\n/));
  }
  if (lines.length === 0) throw new ImportError(`--like ${name}: its first host declares no memory, cpu, disk, nic or os`);
  return lines;
}
