/** Inlay hints with simulated figures beside limits and entities (only after a simulation). */
import { InlayHint, InlayHintKind } from 'vscode-languageserver';
import { inlayHints } from '../../../core/src/ide/inlay-hints';
import { ServerContext } from '../context';

export function registerInlayHints(ctx: ServerContext): void {
  ctx.connection.languages.inlayHint.on(({ textDocument, range }): InlayHint[] => {
    const uri = textDocument.uri;
    const sim = ctx.simulations.result(uri);
    const a = sim && ctx.analyzer.get(uri);
    const model = a?.result.model;
    if (!sim || !a || !model) return [];
    const span = { start: a.file.lines.offset(range.start), end: a.file.lines.offset(range.end) };
    return inlayHints(a.file, model, sim, span).map((h) => ({ position: a.file.lines.position(h.offset), label: h.label, kind: InlayHintKind.Type, tooltip: h.tooltip, paddingLeft: true }));
  });
}
