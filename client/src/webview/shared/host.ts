/// <reference lib="dom" />
/** What both webviews share: the VS Code handle, theme colours, number formatting. */

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

import { formatBytes as formatCoreBytes } from '../../../../core/src/schema/units';
export const vscodeApi: VsCodeApi = acquireVsCodeApi();

/** A colour from the current theme (VS Code sets --vscode-* variables on <html>). */
export function themeColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(`--vscode-${name}`).trim();
  return v || fallback;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** A byte figure as the CLI's simulate table writes it (core's one byte formatter); — when there is none. */
export function formatBytes(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '—';
  return formatCoreBytes(b, 'figure');
}

export function formatCpu(c: number | null | undefined): string {
  return c === null || c === undefined || !Number.isFinite(c) ? '—' : c.toFixed(2);
}

export function formatPercent(f: number | null | undefined): string {
  return f === null || f === undefined || !Number.isFinite(f) ? '—' : `${(f * 100).toFixed(1)}%`;
}
