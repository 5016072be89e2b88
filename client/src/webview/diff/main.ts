/// <reference lib="dom" />
/**
 * The diff webview ("VMX: Compare with…"): the findings a change adds,
 * removes and changes, and per entity the change of its simulated figures.
 * Everything is built with DOM APIs and text nodes: user text (names,
 * messages, paths) is never parsed as HTML.
 */
import '../shared/base.css';
import './diff.css';
import type { DiffFinding, MetricName, TopologyDiff } from '../../protocol';
import { el, formatBytes, formatCpu, formatPercent, vscodeApi } from '../shared/host';

const app = document.getElementById('app') as HTMLElement;

interface DiffMessage {
  type: 'diff';
  fileName: string;
  against: string;
  diff: TopologyDiff;
}

const METRICS: [MetricName, string][] = [
  ['cpuGranted', 'Granted CPU'],
  ['cpuSteal', 'Steal'],
  ['cpuThrottled', 'Throttled'],
  ['memoryP95', 'Memory p95'],
  ['cpuHeadroom', 'CPU headroom'],
  ['memoryHeadroom', 'Memory headroom'],
];
const MINUS = '\u2212';

function value(m: MetricName, v: number | null): string {
  if (m === 'memoryP95' || m === 'memoryHeadroom') return v !== null && v < 0 ? `${MINUS}${formatBytes(-v)}` : formatBytes(v);
  if (m === 'cpuSteal' || m === 'cpuThrottled') return formatPercent(v);
  return v !== null && v < 0 ? `${MINUS}${formatCpu(-v)}` : formatCpu(v);
}

function delta(m: MetricName, d: number): string {
  const sign = d < 0 ? MINUS : '+';
  const a = Math.abs(d);
  if (m === 'memoryP95' || m === 'memoryHeadroom') return `${sign}${formatBytes(a)}`;
  if (m === 'cpuSteal' || m === 'cpuThrottled') return `${sign}${(a * 100).toFixed(1)} pp`;
  return `${sign}${a.toFixed(2)}`;
}

function table(head: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  return el('table', { class: 'diff' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows));
}

function findingRow(change: 'added' | 'removed' | 'changed', f: DiffFinding, message: string, severity: string): HTMLTableRowElement {
  return el(
    'tr',
    { 'data-change': change, 'data-code': f.code },
    el('td', { class: `change-${change}` }, change),
    el('td', {}, f.code),
    el('td', { class: `sev-${f.severity}` }, severity),
    el('td', {}, f.entity ?? '—'),
    el('td', {}, message),
    el('td', {}, `line ${f.range.start.line + 1}`),
  );
}

function render(m: DiffMessage): void {
  const d = m.diff;
  const s = d.summary;
  app.replaceChildren(el('h2', {}, `${m.fileName} compared with ${m.against}`));
  const errors = s.errorsAdded > 0 ? ` (${s.errorsAdded} new error${s.errorsAdded === 1 ? '' : 's'})` : '';
  app.append(
    el('p', { class: 'summary' }, `${s.findingsAdded} finding${s.findingsAdded === 1 ? '' : 's'} added${errors}, ${s.findingsRemoved} removed, ${s.findingsChanged} changed; ${s.entitiesChanged} ${s.entitiesChanged === 1 ? 'entity' : 'entities'} changed, ${s.entitiesAdded} added, ${s.entitiesRemoved} removed`),
  );
  const f = d.findings;
  if (f.added.length + f.removed.length + f.changed.length > 0) {
    const rows = [
      ...f.added.map((x) => findingRow('added', x, x.message, x.severity)),
      ...f.removed.map((x) => findingRow('removed', x, x.message, x.severity)),
      ...f.changed.map((c) => findingRow('changed', c.new, `${c.old.message} → ${c.new.message}`, c.old.severity === c.new.severity ? c.new.severity : `${c.old.severity} → ${c.new.severity}`)),
    ];
    app.append(el('h3', { class: 'section' }, 'Findings'), table(['Change', 'Code', 'Severity', 'Entity', 'Message', 'Where'], rows));
  }
  const e = d.entities;
  if (e.added.length + e.removed.length + e.changed.length > 0) {
    const rows: HTMLTableRowElement[] = [];
    for (const x of e.added) rows.push(el('tr', { 'data-entity': x.id }, el('td', { class: 'change-added' }, `${x.id} (added)`), el('td', {}, x.kind), ...METRICS.map(() => el('td', {}))));
    for (const x of e.removed) rows.push(el('tr', { 'data-entity': x.id }, el('td', { class: 'change-removed' }, `${x.id} (removed)`), el('td', {}, x.kind), ...METRICS.map(() => el('td', {}))));
    for (const x of e.changed) {
      const cells = METRICS.map(([name]) => {
        const c = x.metrics[name];
        if (!x.changed.includes(name)) return el('td', { class: 'num same' }, value(name, c.new));
        return el('td', { class: 'num change-changed' }, `${value(name, c.old)} → ${value(name, c.new)}${c.delta === null ? '' : ` (${delta(name, c.delta)})`}`);
      });
      rows.push(el('tr', { 'data-entity': x.id }, el('td', {}, x.id), el('td', {}, x.kind), ...cells));
    }
    app.append(el('h3', { class: 'section' }, 'Entities'), table(['Entity', 'Kind', ...METRICS.map(([, title]) => title)], rows));
  }
  if (s.findingsAdded + s.findingsRemoved + s.findingsChanged + s.entitiesAdded + s.entitiesRemoved + s.entitiesChanged === 0) {
    app.append(el('p', { class: 'empty' }, 'No change: the same findings and the same simulated figures.'));
  }
  const sim = d.new.simulated ? `simulated ${d.new.duration} s, seed ${d.new.seed}` : 'not simulated';
  app.append(el('p', { class: 'meta' }, `CPU in CPUs; steal and throttling in % of the time (pp: percentage points); ${sim}.`));
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as DiffMessage;
  if (m?.type !== 'diff' || typeof m.diff !== 'object' || m.diff === null) return;
  render(m);
  vscodeApi.postMessage({ type: 'rendered' });
});

vscodeApi.postMessage({ type: 'ready' });
