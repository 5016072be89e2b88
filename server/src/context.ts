/** What every LSP provider gets: the connection, the files, the analyses, the simulations, the settings. */
import { Connection, Position, Range } from 'vscode-languageserver';
import { SourceFile } from '../../core/src/model/types';
import { Span } from '../../core/src/syntax/ast';
import { Analysis, Analyzer } from './analysis';
import { ServerSettings } from './settings';
import { Simulations } from './simulation/simulations';
import { Workspace } from './workspace';

export interface ServerContext {
  connection: Connection;
  workspace: Workspace;
  analyzer: Analyzer;
  simulations: Simulations;
  settings: ServerSettings;
  /** Re-publish diagnostics and refresh views for these roots soon. */
  schedule(uris: string[]): void;
  /** The client supports workspace/inlayHint/refresh and workspace/codeLens/refresh. */
  refresh: { inlayHints: boolean; codeLens: boolean };
  /** The client declared textDocument.completion.completionItem.snippetSupport (else completion sends plain text). */
  snippetSupport?: boolean;
  /** What the client declared it reads (initialize's capabilities); absent before initialize. */
  client?: ClientFeatures;
}

/** The client capabilities the answers depend on (LSP 3.17), read once at initialize. */
export interface ClientFeatures {
  /** clientInfo.name === 'Visual Studio Code': `$(icon)` syntax in titles. */
  vscode: boolean;
  hoverMarkdown: boolean;
  completionMarkdown: boolean;
  /** completionItem.resolveSupport.properties includes 'documentation': left to completionItem/resolve. */
  completionResolveDocumentation: boolean;
  signatureMarkdown: boolean;
  hierarchicalSymbols: boolean;
  codeActionLiterals: boolean;
  /** codeAction.resolveSupport.properties includes 'edit': edits are filled by codeAction/resolve. */
  codeActionResolveEdit: boolean;
  /** textDocument.diagnostic declared: pull diagnostics, no publishDiagnostics. */
  pullDiagnostics: boolean;
  /** textDocument.diagnostic.relatedDocumentSupport: reports may carry relatedDocuments. */
  diagnosticRelated: boolean;
  /** workspace.diagnostics.refreshSupport. */
  diagnosticRefresh: boolean;
  /** The position encoding negotiated (general.positionEncodings). */
  positionEncoding: 'utf-16' | 'utf-8';
}

export interface At {
  analysis: Analysis;
  file: SourceFile;
  offset: number;
}

/** The up-to-date analysis of a document and the offset of a position in it. */
export function at(ctx: ServerContext, uri: string, position: Position): At | undefined {
  const analysis = ctx.analyzer.get(uri);
  if (!analysis) return undefined;
  return { analysis, file: analysis.file, offset: analysis.file.lines.offset(position) };
}

export function toRange(file: SourceFile, span: Span): Range {
  return file.lines.range(span.start, span.end);
}
