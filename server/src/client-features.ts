/** The client capabilities (LSP 3.17 InitializeParams) that shape the server's answers, read once. */
import { InitializeParams } from 'vscode-languageserver';
import { ClientFeatures } from './context';
import { prefersMarkdown } from './markup';

export function clientFeatures(params: InitializeParams): ClientFeatures {
  const caps = params.capabilities ?? {};
  const td = caps.textDocument;
  const encodings = Array.isArray(caps.general?.positionEncodings) ? caps.general.positionEncodings : [];
  // The server picks one of the client's encodings; UTF-16 (our native, and the LSP's default) whenever it is offered.
  const positionEncoding = !encodings.includes('utf-16') && encodings.includes('utf-8') ? 'utf-8' : 'utf-16';
  const resolveProps = td?.codeAction?.resolveSupport?.properties;
  return {
    vscode: params.clientInfo?.name === 'Visual Studio Code',
    hoverMarkdown: prefersMarkdown(td?.hover?.contentFormat),
    completionMarkdown: prefersMarkdown(td?.completion?.completionItem?.documentationFormat),
    completionResolveDocumentation: td?.completion?.completionItem?.resolveSupport?.properties?.includes('documentation') === true,
    signatureMarkdown: prefersMarkdown(td?.signatureHelp?.signatureInformation?.documentationFormat),
    hierarchicalSymbols: td?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: !!td?.codeAction?.codeActionLiteralSupport,
    codeActionResolveEdit: !!td?.codeAction?.codeActionLiteralSupport && Array.isArray(resolveProps) && resolveProps.includes('edit'),
    pullDiagnostics: !!td?.diagnostic,
    diagnosticRelated: td?.diagnostic?.relatedDocumentSupport === true,
    diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
    positionEncoding,
  };
}
