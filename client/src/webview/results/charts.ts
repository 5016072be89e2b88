/// <reference lib="dom" />
/**
 * Per-entity charts over simulated time with uPlot: CPU demand against
 * granted (with cpu.max, throttling and steal), and memory used against
 * memory.high / memory.max with OOM-kill markers and swap.
 */
import uPlot from 'uplot';
import type { EntityResult } from '../../protocol';
import { el, formatBytes, themeColor } from '../shared/host';

interface Palette {
  fg: string;
  grid: string;
  blue: string;
  green: string;
  red: string;
  yellow: string;
  orange: string;
  purple: string;
}

function palette(): Palette {
  return {
    fg: themeColor('foreground', '#cccccc'),
    grid: themeColor('editorWidget-border', 'rgba(128,128,128,0.25)'),
    blue: themeColor('charts-blue', '#3794ff'),
    green: themeColor('charts-green', '#89d185'),
    red: themeColor('charts-red', '#f14c4c'),
    yellow: themeColor('charts-yellow', '#cca700'),
    orange: themeColor('charts-orange', '#d18616'),
    purple: themeColor('charts-purple', '#b180d7'),
  };
}

function axis(p: Palette, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return { stroke: p.fg, grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 }, font: '11px var(--vscode-font-family, sans-serif)', ...extra };
}

function alpha(color: string, a: number): string {
  // Theme colours are #rrggbb (sometimes #rrggbbaa); anything else is used as is.
  const m = /^#([0-9a-f]{6})/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Vertical markers at event times (OOM kills), drawn over the plot. */
function markersPlugin(times: number[], color: string, label: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.fillStyle = color;
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([]);
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        for (const t of times) {
          const x = u.valToPos(t, 'x', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillText(`✕ ${label}`, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

const WIDTH_MIN = 320;

/** Memory ticks at binary steps (…, 512 MiB, 1 GiB, 2 GiB, …) so the axis reads 2 GiB, 4 GiB, not 2.3 GiB. */
const BYTE_INCREMENTS = Array.from({ length: 36 }, (_, i) => 2 ** (i + 10));

function width(container: HTMLElement): number {
  return Math.max(WIDTH_MIN, Math.floor(container.clientWidth - 8));
}

function constant(times: number[], v: number | null | undefined): Array<number | null> {
  return times.map(() => (v === null || v === undefined || !Number.isFinite(v) ? null : v));
}

export function cpuChart(target: HTMLElement, e: EntityResult, times: number[]): uPlot | undefined {
  const s = e.series;
  if (!s || times.length === 0) return undefined;
  const p = palette();
  const hasSteal = s.steal.length === times.length;
  const hasThrottle = s.throttled.length === times.length;
  // Only the lines that apply to this entity: cpu.max when set, throttling for capped groups, steal for VMs.
  const columns: Array<{ values: Array<number | null>; series: uPlot.Series }> = [
    { values: s.cpuDemand, series: { label: 'demand', stroke: p.blue, width: 2 } },
    { values: s.cpuGranted, series: { label: 'granted', stroke: p.green, fill: alpha(p.green, 0.18), width: 2 } },
  ];
  if (e.cpu.limit != null) columns.push({ values: constant(times, e.cpu.limit), series: { label: 'cpu.max', stroke: p.orange, dash: [6, 4], width: 1.5 } });
  if (hasThrottle && e.cpu.throttled !== null) columns.push({ values: s.throttled.map((v) => v * 100), series: { label: 'throttled %', stroke: p.red, scale: 'pct', width: 1 } });
  if (hasSteal && e.cpu.steal !== null) columns.push({ values: s.steal.map((v) => v * 100), series: { label: 'steal %', stroke: p.purple, scale: 'pct', width: 1 } });
  const pct = columns.some((c) => c.series.scale === 'pct');
  const data = [times, ...columns.map((c) => c.values)] as uPlot.AlignedData;
  const axes = [axis(p, { label: 'simulated time (s)', labelSize: 18 }), axis(p, { size: 44 })];
  if (pct) axes.push(axis(p, { scale: 'pct', side: 1, size: 44, grid: { show: false }, values: (_u, v) => v.map((x) => `${x}%`) }));
  const opts: uPlot.Options = {
    title: 'CPU (CPUs)',
    width: width(target),
    height: 200,
    scales: { x: { time: false }, pct: { range: [0, 100] } },
    legend: { live: false },
    cursor: { drag: { x: true, y: false } },
    axes,
    series: [{ label: 't' }, ...columns.map((c) => c.series)],
  };
  return new uPlot(opts, data, target);
}

/** Entities whose memory limit is a cgroup's memory.max (a VM's and a host's is their memory). */
const CGROUP_KINDS = new Set(['container', 'group', 'pod']);

export function memoryChart(target: HTMLElement, e: EntityResult, times: number[]): uPlot | undefined {
  const s = e.series;
  if (!s || times.length === 0) return undefined;
  const p = palette();
  const ooms = e.events.filter((ev) => ev.type === 'oom-kill').map((ev) => ev.t);
  const columns: Array<{ values: Array<number | null>; series: uPlot.Series }> = [{ values: s.memoryUsed, series: { label: 'used', stroke: p.blue, fill: alpha(p.blue, 0.18), width: 2 } }];
  if (e.memory.high != null) columns.push({ values: constant(times, e.memory.high), series: { label: 'memory.high', stroke: p.yellow, dash: [6, 4], width: 1.5 } });
  if (e.memory.limit != null) columns.push({ values: constant(times, e.memory.limit), series: { label: CGROUP_KINDS.has(e.kind) ? 'memory.max' : 'memory', stroke: p.red, dash: [2, 3], width: 1.5 } });
  if (s.swapped.length === times.length && (!CGROUP_KINDS.has(e.kind) || e.memory.swapped.max > 0)) columns.push({ values: s.swapped, series: { label: 'swapped', stroke: p.purple, fill: alpha(p.purple, 0.15), width: 1.5 } });
  const data = [times, ...columns.map((c) => c.values)] as uPlot.AlignedData;
  const bytes = (_u: uPlot, v: number[]) => v.map((x) => formatBytes(x));
  const opts: uPlot.Options = {
    title: 'Memory',
    width: width(target),
    height: 200,
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.08] } },
    legend: { live: false },
    axes: [axis(p, { label: 'simulated time (s)', labelSize: 18 }), axis(p, { size: 64, values: bytes, incrs: BYTE_INCREMENTS })],
    series: [{ label: 't' }, ...columns.map((c) => c.series)],
    plugins: ooms.length > 0 ? [markersPlugin(ooms, p.red, 'OOM')] : [],
  };
  return new uPlot(opts, data, target);
}

/** One card per entity: its two charts side by side. */
export function entityCard(e: EntityResult, times: number[], onReveal: (id: string) => void): { card: HTMLElement; draw: () => uPlot[] } {
  const cpu = el('div', { class: 'chart' });
  const mem = el('div', { class: 'chart' });
  const title = el('a', { href: '#', class: 'entity-link', title: 'Reveal the declaration' }, e.id);
  title.addEventListener('click', (ev) => {
    ev.preventDefault();
    onReveal(e.id);
  });
  const card = el('section', { class: 'card', 'data-id': e.id }, el('h3', {}, title, el('span', { class: 'kind' }, e.kind)), el('div', { class: 'charts' }, cpu, mem));
  return {
    card,
    draw: () => [cpuChart(cpu, e, times), memoryChart(mem, e, times)].filter((x): x is uPlot => x !== undefined),
  };
}
