// Types of scripts/bundles.mjs, for the tests that import it.
export interface Bundle {
  in: string;
  out: string;
  vsix: boolean;
  external?: string[];
  why?: string;
}
export const NODE_BUNDLES: Bundle[];
export const WEBVIEW_BUNDLES: Bundle[];
export function shippedBundleFiles(): string[];
export function renderVscodeignore(): string;
