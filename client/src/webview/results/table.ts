/// <reference lib="dom" />
/** The sortable table of entities and their summary figures. */
import type { EntityResult } from '../../protocol';
import { el, formatBytes, formatCpu, formatPercent } from '../shared/host';

interface Column {
  key: string;
  title: string;
  help: string;
  value: (e: EntityResult) => number | string | null;
  format: (e: EntityResult) => string;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'id', title: 'Entity', help: 'host / vm / container id', value: (e) => e.id, format: (e) => e.id, numeric: false },
  { key: 'kind', title: 'Kind', help: '', value: (e) => e.kind, format: (e) => e.kind, numeric: false },
  { key: 'demand', title: 'CPU demand', help: 'mean CPUs wanted', value: (e) => e.cpu.demand.mean, format: (e) => formatCpu(e.cpu.demand.mean), numeric: true },
  { key: 'granted', title: 'CPU granted', help: 'mean CPUs received', value: (e) => e.cpu.granted.mean, format: (e) => formatCpu(e.cpu.granted.mean), numeric: true },
  { key: 'steal', title: 'Steal', help: 'runnable vCPU time not running (VMs)', value: (e) => e.cpu.steal, format: (e) => formatPercent(e.cpu.steal), numeric: true },
  { key: 'throttled', title: 'Throttled', help: 'CFS periods throttled (cpu.max)', value: (e) => e.cpu.throttled, format: (e) => formatPercent(e.cpu.throttled), numeric: true },
  { key: 'mem', title: 'Memory max', help: 'peak memory used', value: (e) => e.memory.used.max, format: (e) => formatBytes(e.memory.used.max), numeric: true },
  { key: 'limit', title: 'Limit', help: 'memory.max or the VM memory', value: (e) => e.memory.limit, format: (e) => formatBytes(e.memory.limit), numeric: true },
  { key: 'swap', title: 'Swapped', help: 'peak memory swapped out', value: (e) => e.memory.swapped.max, format: (e) => formatBytes(e.memory.swapped.max), numeric: true },
  { key: 'forks', title: 'Failed forks', help: 'forks refused at pids.max', value: (e) => e.pids.failedForks, format: (e) => String(e.pids.failedForks), numeric: true },
  { key: 'events', title: 'Events', help: 'OOM kills, throttling, swap…', value: (e) => e.events.length, format: (e) => eventSummary(e), numeric: false },
];

function eventSummary(e: EntityResult): string {
  const counts = new Map<string, number>();
  for (const ev of e.events) counts.set(ev.type, (counts.get(ev.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ') || '—';
}

export interface TableState {
  sortKey: string;
  descending: boolean;
}

export function renderTable(entities: EntityResult[], state: TableState, onSort: (key: string) => void, onPick: (id: string) => void, selected: Set<string>): HTMLTableElement {
  const col = COLUMNS.find((c) => c.key === state.sortKey) ?? COLUMNS[0];
  const sorted = [...entities].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return state.descending ? -c : c;
  });
  const head = el('tr');
  for (const c of COLUMNS) {
    const arrow = c.key === state.sortKey ? (state.descending ? ' ▼' : ' ▲') : '';
    const th = el('th', { title: c.help, class: c.numeric ? 'num' : '', 'aria-sort': c.key === state.sortKey ? (state.descending ? 'descending' : 'ascending') : 'none' }, c.title + arrow);
    th.addEventListener('click', () => onSort(c.key));
    head.append(th);
  }
  const body = el('tbody');
  for (const e of sorted) {
    const tr = el('tr', { class: selected.has(e.id) ? 'selected' : '', 'data-id': e.id, title: 'Click to chart it and reveal its declaration' });
    for (const c of COLUMNS) tr.append(el('td', { class: c.numeric ? 'num' : '' }, c.format(e)));
    tr.addEventListener('click', () => onPick(e.id));
    body.append(tr);
  }
  return el('table', { class: 'entities' }, el('thead', {}, head), body);
}
