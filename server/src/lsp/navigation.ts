/** Definition, references, document highlight and rename of blocks named by container("…") and volume("…"). */
import { DocumentHighlight, DocumentHighlightKind, ErrorCodes, Location, ResponseError, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Model } from '../../../core/src/model/types';
import { referencesTo, renameEdits, targetAt, Location as CoreLocation } from '../../../core/src/ide/references';
import { at, ServerContext } from '../context';

export function registerNavigation(ctx: ServerContext): void {
  const c = ctx.connection;
  const toLocation = (l: CoreLocation): Location | undefined => {
    const f = ctx.workspace.get(l.uri);
    return f ? { uri: l.uri, range: f.lines.range(l.span.start, l.span.end) } : undefined;
  };
  const lookup = (uri: string, position: { line: number; character: number }) => {
    const a = at(ctx, uri, position);
    const model = a?.analysis.result.model;
    if (!a || !model) return undefined;
    const target = targetAt(a.file, model, a.offset);
    return target ? { a, model, target } : undefined;
  };
  /** Every open root's model that contains the file: a file may be open and also imported by another open file. */
  const models = (uri: string, first: Model): Model[] => {
    const out = [first];
    for (const r of ctx.analyzer.rootsContaining(uri, ctx.workspace.openUris())) {
      const m = r.result.model;
      if (m && !out.includes(m)) out.push(m);
    }
    return out;
  };
  const dedupe = (locs: CoreLocation[]): CoreLocation[] => {
    const seen = new Set<string>();
    return locs.filter((l) => {
      const k = `${l.uri}#${l.span.start}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  const allRefs = (uri: string, found: NonNullable<ReturnType<typeof lookup>>, includeDeclaration: boolean): CoreLocation[] => {
    const out: CoreLocation[] = [];
    for (const m of models(uri, found.model)) {
      const file = m.files.get(found.target.declaration.uri);
      const t = file && targetAt(file, m, found.target.declaration.span.start);
      if (t) out.push(...referencesTo(m, t, includeDeclaration));
    }
    return dedupe(out);
  };

  c.onDefinition(({ textDocument, position }) => {
    const found = lookup(textDocument.uri, position);
    return found ? (toLocation(found.target.declaration) ?? null) : null;
  });

  c.onReferences(({ textDocument, position, context }) => {
    const found = lookup(textDocument.uri, position);
    if (!found) return [];
    return allRefs(textDocument.uri, found, context.includeDeclaration)
      .map(toLocation)
      .filter((l): l is Location => !!l);
  });

  c.onDocumentHighlight(({ textDocument, position }): DocumentHighlight[] => {
    const found = lookup(textDocument.uri, position);
    if (!found) return [];
    return referencesTo(found.model, found.target, true)
      .filter((l) => l.uri === textDocument.uri)
      .map((l) => ({ range: found.a.file.lines.range(l.span.start, l.span.end), kind: l === found.target.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  });

  c.onPrepareRename(({ textDocument, position }) => {
    const found = lookup(textDocument.uri, position);
    if (!found) return null;
    const decl = found.target.declaration;
    // The range under the cursor: the declaration or the reference string.
    for (const l of referencesTo(found.model, found.target, true)) {
      if (l.uri === textDocument.uri && found.a.offset >= l.span.start && found.a.offset <= l.span.end) {
        return { range: found.a.file.lines.range(l.span.start, l.span.end), placeholder: found.target.name };
      }
    }
    return toLocation(decl)?.range ?? null;
  });

  c.onRenameRequest(({ textDocument, position, newName }): WorkspaceEdit | ResponseError => {
    // LSP requires newName; without it the edits would carry no text (or "undefined").
    if (typeof newName !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'invalid params: rename needs newName, a string');
    const found = lookup(textDocument.uri, position);
    if (!found) return new ResponseError(-32803, 'nothing to rename here: rename works on container, volume and entity names');
    const checked = renameEdits(found.model, found.target, newName);
    if ('error' in checked) return new ResponseError(-32803, checked.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const l of allRefs(textDocument.uri, found, true)) {
      const f = ctx.workspace.get(l.uri);
      if (!f) continue;
      (changes[l.uri] ??= []).push({ range: f.lines.range(l.span.start, l.span.end), newText: newName });
    }
    return { changes };
  });
}
