/** textDocument/signatureHelp for workload patterns. */
import { SignatureHelp } from 'vscode-languageserver';
import { signatureAt } from '../../../core/src/ide/signature';
import { ServerContext } from '../context';

export function registerSignatureHelp(ctx: ServerContext): void {
  ctx.connection.onSignatureHelp(({ textDocument, position }): SignatureHelp | null => {
    const doc = ctx.workspace.document(textDocument.uri);
    if (!doc) return null;
    const s = signatureAt(doc.getText(), doc.offsetAt(position));
    if (!s) return null;
    const p = s.pattern;
    return {
      signatures: [
        {
          label: p.signature,
          documentation: { kind: 'markdown', value: p.doc },
          parameters: p.parameters.map((x) => {
            const i = p.signature.indexOf(x.name);
            return { label: i >= 0 ? ([i, i + x.name.length] as [number, number]) : x.name, documentation: x.doc };
          }),
        },
      ],
      activeSignature: 0,
      activeParameter: s.active,
    };
  });
}
