/// <reference lib="dom" />
/**
 * The results webview: header with the run's figures, charts for the most
 * contended entities (or the ones picked in the table), and the table.
 * Everything arrives by postMessage; nothing is fetched.
 */
import 'uplot/dist/uPlot.min.css';
import '../shared/base.css';
import './results.css';
import type uPlot from 'uplot';
import type { EntityResult, SimulationResult } from '../../protocol';
import { contentionOf } from '../../views/topology-tree';
import { el, vscodeApi } from '../shared/host';
import { entityCard } from './charts';
import { renderTable, TableState } from './table';

const DEFAULT_CHARTED = 4;
const app = document.getElementById('app') as HTMLElement;
let current: { result: SimulationResult; fileName: string } | undefined;
let plots: uPlot[] = [];
const picked: string[] = [];
const table: TableState = { sortKey: 'granted', descending: true };

function charted(result: SimulationResult): EntityResult[] {
  const byId = new Map(result.entities.map((e) => [e.id, e]));
  const chosen = picked.map((id) => byId.get(id)).filter((e): e is EntityResult => e !== undefined);
  if (chosen.length > 0) return chosen;
  return [...result.entities]
    .map((e) => ({ e, c: contentionOf(e).score }))
    .sort((a, b) => b.c - a.c || b.e.cpu.demand.mean - a.e.cpu.demand.mean)
    .slice(0, DEFAULT_CHARTED)
    .map((x) => x.e);
}

function render(): void {
  for (const p of plots) p.destroy();
  plots = [];
  app.replaceChildren();
  if (!current) return;
  const { result, fileName } = current;
  const findings = result.findings ?? [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const rerun = el('button', { class: 'rerun', title: 'Run the simulation again' }, 'Run again');
  rerun.addEventListener('click', () => vscodeApi.postMessage({ type: 'rerun' }));
  app.append(
    el(
      'header',
      {},
      el('h2', {}, `Simulation of ${fileName}`),
      el('p', { class: 'meta' }, `${result.duration} s simulated · step ${result.step * 1000} ms · seed ${result.seed} · ${result.entities.length} entities · ${findings.length} findings (${errors} errors)`),
      rerun,
    ),
  );
  if (findings.length > 0) {
    const list = el('ul', { class: 'findings' });
    for (const f of findings.slice(0, 12)) list.append(el('li', { class: `sev-${f.severity}` }, el('code', {}, f.code), ' ', f.message));
    if (findings.length > 12) list.append(el('li', {}, `… and ${findings.length - 12} more in the Problems panel`));
    app.append(list);
  }
  const times = result.times ?? [];
  const chosen = charted(result);
  const grid = el('div', { class: 'cards' });
  app.append(el('h3', { class: 'section' }, picked.length > 0 ? 'Charts of the picked entities' : 'Charts of the most contended entities'), grid);
  const cards = chosen.map((e) => entityCard(e, times, reveal));
  for (const c of cards) grid.append(c.card);
  if (times.length === 0) grid.append(el('p', { class: 'empty' }, 'This result has no time series to chart.'));
  app.append(el('h3', { class: 'section' }, 'Entities — click a row to chart it and go to its declaration'));
  app.append(
    renderTable(
      result.entities,
      table,
      (key) => {
        table.descending = table.sortKey === key ? !table.descending : true;
        table.sortKey = key;
        render();
      },
      (id) => {
        const at = picked.indexOf(id);
        if (at >= 0) picked.splice(at, 1);
        picked.unshift(id);
        picked.splice(DEFAULT_CHARTED);
        reveal(id);
        render();
      },
      new Set(chosen.map((e) => e.id)),
    ),
  );
  // Charts measure their container, so draw once the cards are in the document.
  requestAnimationFrame(() => {
    for (const c of cards) plots.push(...c.draw());
    vscodeApi.postMessage({ type: 'rendered' });
  });
}

function reveal(id: string): void {
  vscodeApi.postMessage({ type: 'reveal', id });
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as { type?: unknown; result?: SimulationResult; fileName?: unknown; message?: unknown };
  if (msg?.type === 'result' && msg.result && Array.isArray(msg.result.entities)) {
    if (current && current.fileName !== msg.fileName) picked.length = 0;
    current = { result: msg.result, fileName: String(msg.fileName ?? '') };
    render();
  } else if (msg?.type === 'empty') {
    current = undefined;
    app.replaceChildren(el('p', { class: 'empty' }, String(msg.message ?? 'No result.')));
  }
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 150);
});

vscodeApi.postMessage({ type: 'ready' });
