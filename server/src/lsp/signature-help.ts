/** textDocument/signatureHelp for workload patterns. */
import { SignatureHelp } from 'vscode-languageserver';
import { signatureAt } from '../../../core/src/ide/signature';
import { ServerContext } from '../context';
import { cursorTrees } from './cursor-trees';
import { markup, toPlainText } from '../markup';

export function registerSignatureHelp(ctx: ServerContext): void {
  ctx.connection.onSignatureHelp(({ textDocument, position }): SignatureHelp | null => {
    const doc = ctx.workspace.document(textDocument.uri);
    if (!doc) return null;
    const offset = doc.offsetAt(position);
    const s = signatureAt(doc.getText(), offset, cursorTrees(ctx).at(textDocument.uri, offset));
    if (!s) return null;
    const p = s.pattern;
    // signatureInformation.documentationFormat: markdown only to clients that read it.
    const md = ctx.client?.signatureMarkdown ?? true;
    return {
      signatures: [
        {
          label: p.signature,
          documentation: markup(p.doc, md),
          parameters: p.parameters.map((x) => {
            const i = p.signature.indexOf(x.name);
            return { label: i >= 0 ? ([i, i + x.name.length] as [number, number]) : x.name, documentation: md ? x.doc : toPlainText(x.doc) };
          }),
        },
      ],
      activeSignature: 0,
      activeParameter: s.active,
    };
  });
}
