/**
 * The tree around the cursor for completion and signature help (issue 13:
 * they "answer from the last good tree plus the edited block — never wait
 * for a full analysis"). The base is the last analysed tree of the
 * document, or the one this module parsed when there was none yet (once:
 * a 100k-line file is not parsed per keystroke); the edits since are what
 * differs between its text and the current text (core changedRange), and
 * only the block around the cursor is parsed (core treeAround).
 *
 * An analysed tree replaces the base only when it has no syntax errors:
 * beyond 512 KiB the parser does not repair a missing '}' in the tree (only
 * in the message), so a broken tree of a big file can nest every later
 * block wrongly, while an older tree plus the edited block reads the block
 * being typed as the whole-file parse would. The analysis an edit made
 * stale counts (Analyzer.last): right after an edit the last analysis is
 * still the nearest text, and parsing the current one instead costs the
 * whole file.
 * When the edits since the base spread over more than REBASE characters
 * (typing in two places far apart), the text is parsed once more as the
 * next base, so the region parsed stays the edited block.
 */
import { changedRange, CursorTree, treeAround } from '../../../core/src/incremental/edited-tree';
import { TextEdit } from '../../../core/src/incremental/reparse';
import { SourceFile } from '../../../core/src/model/types';
import { FileNode } from '../../../core/src/syntax/ast';
import { parse } from '../../../core/src/syntax/parser';
import { Analyzer } from '../analysis';
import { Workspace } from '../workspace';

interface Base {
  text: string;
  tree: FileNode;
  /** The analysed file it came from, if any (to see when a newer analysis exists). */
  from?: SourceFile;
  /**
   * The base this one replaced, kept while the document is nearer to it: a
   * newer analysis is not always nearer. After an edit at A (analysed in a
   * pause) then undone, and an edit at B, the newer text differs from the
   * document at A and B — a span across the file to parse — the older at B
   * only. Dropped once the document is further than REBASE from it (it
   * costs a second text comparison per request, and a tree, while kept).
   */
  older?: Base;
}

/** Characters the edits since the base may span before the text is parsed again as the next base. */
const REBASE = 64 * 1024;

/** Documents whose base is kept: the ones being typed in; an older one is parsed again when asked. */
const MAX_DOCUMENTS = 4;

export class CursorTrees {
  private readonly bases = new Map<string, Base>();

  constructor(
    private readonly workspace: Pick<Workspace, 'document' | 'config'>,
    private readonly analyzer: Pick<Analyzer, 'last'>,
  ) {}

  /** The tree around `offset` of the open document `uri`; undefined when it is not open or over the size limit. */
  at(uri: string, offset: number): CursorTree | undefined {
    const doc = this.workspace.document(uri);
    if (!doc) {
      this.bases.delete(uri);
      return undefined;
    }
    const text = doc.getText();
    const limits = this.workspace.config.limits;
    // The analysis does not parse a file over the limit either (core/src/source.ts).
    if (text.length > limits.maxFileSize) return undefined;
    const { base, edit } = this.nearest(uri, this.base(uri, text, limits.maxNestingDepth), text);
    const around = treeAround(base.tree, edit ? [edit] : [], text, offset, limits.maxNestingDepth);
    if (spanOf(edit) > REBASE) this.bases.set(uri, { text, tree: parse(text, { maxDepth: limits.maxNestingDepth }) });
    return around;
  }

  /** `base`, or the one it replaced when the document is nearer to that; the edit from the one chosen. */
  private nearest(uri: string, base: Base, text: string): { base: Base; edit: TextEdit | undefined } {
    const edit = changedRange(base.text, text);
    if (!base.older) return { base, edit };
    const fromOlder = changedRange(base.older.text, text);
    if (spanOf(fromOlder) < spanOf(edit)) return { base: base.older, edit: fromOlder };
    // Too far from the document to be of use again (the next step would parse the text as a new base): let it go.
    if (spanOf(fromOlder) > REBASE) this.bases.set(uri, { ...base, older: undefined });
    return { base, edit };
  }

  private base(uri: string, text: string, maxDepth: number): Base {
    let base = this.bases.get(uri);
    // The last analysis, current or made stale by the edits since: its text is nearer than none.
    const analysed = this.analyzer.last(uri)?.file;
    if (analysed && analysed !== base?.from && analysed.text.length <= this.workspace.config.limits.maxFileSize) {
      const tree = analysed.ast;
      if (!base || tree.errors.length === 0) base = { text: analysed.text, tree, from: analysed, older: base && { ...base, older: undefined } };
    }
    base ??= { text, tree: parse(text, { maxDepth }) };
    // Most recently used last: the first is the one dropped.
    this.bases.delete(uri);
    this.bases.set(uri, base);
    if (this.bases.size > MAX_DOCUMENTS) this.bases.delete(this.bases.keys().next().value!);
    return base;
  }
}

/** How much of the text an edit covers (0 for none). */
function spanOf(edit: TextEdit | undefined): number {
  return edit ? Math.max(edit.end - edit.start, edit.length) : 0;
}

const perServer = new WeakMap<object, CursorTrees>();

/** The one CursorTrees of a server (completion and signature help share the bases). */
export function cursorTrees(ctx: { workspace: Workspace; analyzer: Analyzer }): CursorTrees {
  let trees = perServer.get(ctx);
  if (!trees) perServer.set(ctx, (trees = new CursorTrees(ctx.workspace, ctx.analyzer)));
  return trees;
}
