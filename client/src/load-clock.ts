/**
 * Imported first by extension.ts, so this runs before the language client
 * library is loaded: activation time is measured from here.
 */
export const bundleLoadedAt = performance.now();
