// esbuild bundles imported stylesheets into dist/webview/<view>.css.
declare module '*.css';
