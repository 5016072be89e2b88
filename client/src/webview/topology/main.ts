/// <reference lib="dom" />
/**
 * The topology webview: nested boxes host ⟶ hypervisor ⟶ VMs/partitions ⟶
 * groups ⟶ pods ⟶ containers, with their labels as chips. A box's border says which isolation boundary it is (hardware
 * virtualization, or namespaces on a shared kernel), its badge the CPU ring
 * its code runs in, its tint the contention the last simulation found.
 */
import '../shared/base.css';
import './topology.css';
import type { TopologyNode } from '../../protocol';
import type { Contention } from '../../views/topology-tree';
import { el, vscodeApi } from '../shared/host';

const app = document.getElementById('app') as HTMLElement;

interface TopologyMessage {
  type: 'topology';
  fileName: string;
  roots: TopologyNode[];
  contention: Record<string, Contention>;
  simulated: boolean;
}

function level(score: number): number {
  return score <= 0 ? 0 : score < 0.25 ? 1 : score < 0.5 ? 2 : score < 0.8 ? 3 : 4;
}

function ringLabel(ring: number | null | undefined): string | undefined {
  if (ring === null || ring === undefined) return undefined;
  return ring < 0 ? `ring −${Math.abs(ring)}` : `ring ${ring}`;
}

function boundaryClass(n: TopologyNode): string {
  const b = (n.boundary ?? '').toLowerCase();
  if (n.kind === 'host' || b.includes('physical')) return 'b-physical';
  if (n.kind === 'group') return 'b-cgroup';
  if (n.kind === 'vm' || n.kind === 'partition' || b.includes('hardware') || b.includes('vm') || b.includes('partition')) return 'b-hardware';
  if (n.kind === 'container' || b.includes('namespace') || b.includes('container')) return b.includes('hardware') || b.includes('kata') ? 'b-hardware' : 'b-namespace';
  return 'b-none';
}

function box(n: TopologyNode, m: TopologyMessage, depth: number): HTMLElement {
  const c = m.contention[n.id];
  const classes = ['box', `k-${n.kind.replace(/[^a-z0-9-]/gi, '')}`, boundaryClass(n), `lvl-${c ? level(c.score) : 0}`];
  if (n.severity) classes.push(`sev-${n.severity}`);
  const badges = el('span', { class: 'badges' });
  const ring = ringLabel(n.ring);
  if (ring) badges.append(el('span', { class: 'badge ring', title: 'CPU protection ring its code runs in' }, ring));
  if (n.kernel) badges.append(el('span', { class: 'badge kernel', title: 'The kernel that schedules it' }, `kernel: ${n.kernel}`));
  if (n.severity && n.severity !== 'hint') badges.append(el('span', { class: `badge finding sev-${n.severity}`, title: 'Worst finding on this block' }, n.severity));
  const head = el('div', { class: 'head' }, el('span', { class: 'kind' }, n.kind), el('span', { class: 'name' }, n.name || '(unnamed)'), badges);
  const body = el('div', { class: 'box-body' });
  if (n.detail) body.append(el('div', { class: 'detail' }, n.detail));
  if (n.labels) {
    const chips = el('div', { class: 'labels', title: 'labels' });
    for (const [k, v] of Object.entries(n.labels)) chips.append(el('span', { class: 'label-chip' }, `${k}=${v}`));
    body.append(chips);
  }
  if (c && c.score > 0) body.append(el('div', { class: 'contention' }, c.reason));
  const kids = el('div', { class: 'children' });
  for (const child of n.children) kids.append(box(child, m, depth + 1));
  if (n.children.length > 0) body.append(kids);
  const b = el('div', { class: classes.join(' '), 'data-id': n.id, tabindex: '0', role: 'button', title: `${n.kind} ${n.name} — click to go to its declaration` }, head, body);
  const reveal = (ev: Event) => {
    ev.stopPropagation();
    vscodeApi.postMessage({ type: 'reveal', id: n.id });
  };
  b.addEventListener('click', reveal);
  b.addEventListener('keydown', (ev) => (ev.key === 'Enter' || ev.key === ' ') && reveal(ev));
  return b;
}

function legend(m: TopologyMessage): HTMLElement {
  const simulate = el('button', { title: 'Run the simulation to colour the boxes by contention' }, m.simulated ? 'Simulate again' : 'Simulate to colour by contention');
  simulate.addEventListener('click', () => vscodeApi.postMessage({ type: 'rerun' }));
  return el(
    'div',
    { class: 'legend' },
    el(
      'div',
      { class: 'legend-row' },
      el('span', { class: 'legend-title' }, 'Isolation:'),
      el('span', { class: 'sample b-hardware' }, 'VM / partition — hardware virtualization'),
      el('span', { class: 'sample b-namespace' }, 'container — namespaces and cgroups on a shared kernel'),
    ),
    el(
      'div',
      { class: 'legend-row' },
      el('span', { class: 'legend-title' }, m.simulated ? 'Contention:' : 'Contention (not simulated yet):'),
      el('span', { class: 'sample lvl-0' }, 'none'),
      el('span', { class: 'sample lvl-2' }, 'some'),
      el('span', { class: 'sample lvl-4' }, 'severe'),
      simulate,
    ),
  );
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as TopologyMessage;
  if (m?.type !== 'topology' || !Array.isArray(m.roots)) return;
  app.replaceChildren(el('h2', {}, `Topology of ${m.fileName}`), legend(m));
  if (m.roots.length === 0) app.append(el('p', { class: 'empty' }, 'The language server returned no topology for this file (does it parse?).'));
  const tree = el('div', { class: 'tree' });
  for (const r of m.roots) tree.append(box(r, m, 0));
  app.append(tree);
  vscodeApi.postMessage({ type: 'rendered' });
});

vscodeApi.postMessage({ type: 'ready' });
