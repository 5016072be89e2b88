/**
 * Code lenses on topology and host blocks: "▶ Run simulation" and, after a
 * run, its one-line summary. Every lens has a command the server lists in
 * executeCommandProvider (lsp/commands.ts): the summary's is
 * vmx.showResults. VS Code's `$(icon)` syntax only for VS Code.
 */
import { CodeLens } from 'vscode-languageserver';
import { ServerContext, toRange } from '../context';
import { hostSummary, summarize } from '../simulation/summary';
import { RUN_SIMULATION_COMMAND, SHOW_RESULTS_COMMAND } from './commands';

export { RUN_SIMULATION_COMMAND };

export function registerCodeLens(ctx: ServerContext): void {
  ctx.connection.onCodeLens(({ textDocument }): CodeLens[] => {
    const uri = textDocument.uri;
    const file = ctx.workspace.get(uri);
    if (!file) return [];
    const result = ctx.simulations.result(uri);
    const out: CodeLens[] = [];
    for (const item of file.ast.items) {
      if (item.type !== 'block' || item.kind !== 'topology') continue;
      const range = toRange(file, item.kindSpan);
      const running = ctx.simulations.isRunning(uri) ? (ctx.client?.vscode ? '$(sync~spin) Simulating…' : '⟳ Simulating…') : '▶ Run simulation';
      out.push({ range, command: { title: running, command: RUN_SIMULATION_COMMAND, arguments: [uri] } });
      if (result) out.push({ range, command: { title: summarize(result), command: SHOW_RESULTS_COMMAND, arguments: [uri] } });
      for (const host of item.items) {
        if (host.type !== 'block' || host.kind !== 'host') continue;
        const hr = toRange(file, host.kindSpan);
        out.push({ range: hr, command: { title: '▶ Run simulation', command: RUN_SIMULATION_COMMAND, arguments: [uri] } });
        const line = result && host.label ? hostSummary(result, host.label.text) : undefined;
        if (line) out.push({ range: hr, command: { title: line, command: SHOW_RESULTS_COMMAND, arguments: [uri] } });
      }
    }
    return out;
  });
}
