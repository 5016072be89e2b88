/**
 * The language server: a thin LSP adapter over the core. It keeps the open
 * documents, re-analyses on change (debounced, newest edit wins) and
 * publishes diagnostics for every open file.
 */
import { Connection, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../core/src/analyze';
import { toLspDiagnostic } from './lsp/diagnostics';
import { Workspace } from './workspace';

export function startServer(connection: Connection): void {
  const workspace = new Workspace();
  const documents = new Map<string, TextDocument>();
  const pending = new Map<string, NodeJS.Timeout>();

  const validate = (uri: string): void => {
    const root = workspace.get(uri);
    if (!root) return;
    const result = analyze(root, workspace, { config: workspace.config });
    const own = result.diagnostics.filter((d) => d.uri === uri);
    void connection.sendDiagnostics({ uri, diagnostics: own.map(toLspDiagnostic) });
  };

  const schedule = (uri: string): void => {
    const t = pending.get(uri);
    if (t) clearTimeout(t);
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        // Everything open may import the changed file.
        for (const open of workspace.openUris()) validate(open);
      }, 50),
    );
  };

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    serverInfo: { name: 'vmx-language-server' },
  }));

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const doc = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    documents.set(doc.uri, doc);
    workspace.setOpen(doc.uri, doc.getText(), doc.version);
    schedule(doc.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return;
    const updated = TextDocument.update(doc, contentChanges, textDocument.version);
    documents.set(updated.uri, updated);
    workspace.setOpen(updated.uri, updated.getText(), updated.version);
    schedule(updated.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    documents.delete(textDocument.uri);
    workspace.close(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.listen();
}
