/**
 * tokens → syntax tree (DESIGN §3). A Chevrotain EmbeddedActionsParser that
 * builds the tree directly (no CST), one instance reused for every parse as
 * Chevrotain's performance guide recommends.
 *
 * Error recovery aims at "one broken line gives one error": Chevrotain's
 * re-sync recovery skips to the next item, a value missing at the end of a
 * line is detected before it swallows the next line's name, and at most one
 * error is kept per line. When braces do not add up (a block left open at
 * the end of the file, a '}' outside every block), indentation says where
 * the brace is missing or extra (unclosed.ts) and the file is parsed again
 * with that repair, so one missing brace is one error on the right line and
 * the blocks after it keep their parents.
 */
import { createTokenInstance, EmbeddedActionsParser, IRecognitionException, IToken, TokenType, tokenMatcher } from 'chevrotain';
import {
  AttributeNode,
  BlockNode,
  CallArgument,
  CallValue,
  CommentNode,
  FileNode,
  ImportNode,
  ItemNode,
  LabelNode,
  ListValue,
  NumberValue,
  StringValue,
  SyntaxError,
  ValueNode,
} from './ast';
import { isUnitWord } from '../schema/units';
import { excerpt } from './excerpt';
import { findExtraBrace, findMissingOpen, findUnclosedBlock, UnclosedHint } from './unclosed';
import { LexResult, splitNumber, tokenize, unquote } from './lexer';
import {
  allTokens,
  Comma,
  DotDot,
  Equals,
  False,
  Identifier,
  Import,
  LabelLike,
  LBrace,
  LBracket,
  LParen,
  NameLike,
  NumberLiteral,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  StringLiteral,
  Stray,
  True,
} from './tokens';
import { IS_WHOLE_NUMBER } from './token-patterns';
import { intern } from '../text/intern';

/** Deepest nesting of `{`, `[` and `(` that is parsed; deeper content is skipped with one error. */
export const DEFAULT_MAX_DEPTH = 64;

class VmxParser extends EmbeddedActionsParser {
  text = '';
  extraErrors: SyntaxError[] = [];
  reportedUnclosed = false;
  /**
   * Blocks to close early, found by indentation (unclosed.ts): offset of the
   * token before which a block ends → offset of that block's '{'.
   */
  closeBefore = new Map<number, number>();
  /** The same blocks by the offset of their '{', with the error to report. */
  unclosedHints = new Map<number, UnclosedHint>();
  /** '}' found one too many by indentation (unclosed.ts), by offset: consumed as strays with this error. */
  strayBraces = new Map<number, SyntaxError>();
  /** '{' found missing by indentation (unclosed.ts), by the offset of the zero-width '{' put in its place: the error. */
  openHints = new Map<number, SyntaxError>();
  /** The first '}' outside every block (the file has one '}' too many): its error. */
  unmatchedError: SyntaxError | undefined;
  /** The end-of-file error of the innermost block left open. */
  unclosedError: SyntaxError | undefined;

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /**
   * Never pretend a '{' was there: that would pull the following items into a
   * bogus block. Re-syncing to the next item gives one error for the line.
   */
  override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    return tokType === RParen || tokType === RBracket;
  }

  private startsValue(t: IToken): boolean {
    // No array per call: this runs for every broken item.
    return tokenMatcher(t, NumberLiteral) || tokenMatcher(t, StringLiteral) || tokenMatcher(t, True) || tokenMatcher(t, False) || tokenMatcher(t, Identifier) || tokenMatcher(t, LBracket);
  }

  /** `name` followed by something that makes it neither an attribute nor a block. */
  private isBrokenItem(): boolean {
    if (!tokenMatcher(this.LA(1), Identifier)) return false;
    const second = this.LA(2);
    if (tokenMatcher(second, Equals) || tokenMatcher(second, LBrace)) return false;
    // `kind label {`, `kind web web2 {` (too many labels) and `kind label = {`: one error each in the block rule.
    return !this.headerThen(false) && !this.headerThen(true);
  }

  /**
   * `kind label… {` ahead (at most MAX_LABELS labels), with `=` before the
   * '{' when `equals` (`cpu = {`, `container web = {`: a block written like
   * an attribute).
   */
  private headerThen(equals: boolean): boolean {
    if (!tokenMatcher(this.LA(1), Identifier)) return false;
    let i = 2;
    // More than one label only on the kind's line: `description "x"` over `host h {` is no header.
    while (i <= MAX_LABELS + 1 && isLabelToken(this.LA(i)) && (i === 2 || !this.newlineBetween(this.LA(1).startOffset, this.LA(i).startOffset))) i++;
    if (equals) {
      if (!tokenMatcher(this.LA(i), Equals)) return false;
      i++;
    } else if (i === 2) return false;
    return tokenMatcher(this.LA(i), LBrace);
  }

  /**
   * `16 GiB`: a number without a unit, then on the same line a word that is
   * a unit of the schema (and not `name =`). One error, and the unit is
   * taken as glued on.
   */
  private detachedUnit(number: IToken): boolean {
    const next = this.LA(1);
    if (!tokenMatcher(next, Identifier) || !isUnitWord(next.image)) return false;
    if (tokenMatcher(this.LA(2), Equals)) return false;
    if (this.newlineBetween(this.end(number), next.startOffset)) return false;
    return splitNumber(number.image).unit === '';
  }

  /** True when there is a line break between two offsets. */
  private newlineBetween(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private end(t: IToken): number {
    return Math.min(t.startOffset + t.image.length, this.text.length);
  }

  /**
   * After `name =` at the end of a line, a `name =` or `kind {` on the next
   * line starts a new item: the value is missing, not that name.
   */
  private valueIsMissing(eq: IToken): boolean {
    const next = this.LA(1);
    const quotedName = tokenMatcher(next, StringLiteral);
    if (!tokenMatcher(next, Identifier) && !quotedName) return false;
    if (!this.newlineBetween(this.end(eq), next.startOffset)) return false;
    const second = this.LA(2);
    if (quotedName) return tokenMatcher(second, Equals);
    if (tokenMatcher(second, Equals) || tokenMatcher(second, LBrace)) return true;
    return isLabelToken(second) && tokenMatcher(this.LA(3), LBrace);
  }

  /*
   * Speed (ARCHITECTURE.md → Decisions, the parser): the arrays of
   * alternatives are built once per parser and cached in fields (Chevrotain's
   * performance guide), so their closures capture nothing of one call; each
   * alternative returns its node instead of pushing into a local.
   */
  private fileAlts?: { ALT: () => ItemNode | undefined }[];
  private blockAlts?: { ALT: () => ItemNode | undefined }[];
  private separatorAlts?: { ALT: () => void }[];
  private itemAlts?: { GATE?: () => boolean; ALT: () => ItemNode | undefined; IGNORE_AMBIGUITIES?: boolean }[];
  private valueAlts?: { ALT: () => ValueNode }[];

  file = this.RULE('file', (): ItemNode[] => {
    const items: ItemNode[] = [];
    this.MANY(() => {
      const item = this.OR(
        (this.fileAlts ??= [
          { ALT: () => this.SUBRULE(this.item) },
          {
            ALT: () => {
              this.SUBRULE(this.separatorOrStray);
              return undefined;
            },
          },
          {
            ALT: () => {
              const t = this.CONSUME(RBrace);
              this.ACTION(() => {
                const e = this.strayBraces.get(t.startOffset) ?? { start: t.startOffset, end: t.startOffset + 1, message: "unmatched '}': no block is open here" };
                this.unmatchedError ??= e;
                this.extraErrors.push(e);
              });
              return undefined;
            },
          },
        ]),
      );
      if (item) items.push(item);
    });
    return items;
  });

  /**
   * Items of a block body: items, separators, and stray tokens (one error
   * each, then go on). `open` is the offset of the block's '{': the body
   * ends early where indentation showed its '}' is missing (closeBefore).
   */
  blockItems = this.RULE('blockItems', (open: number): ItemNode[] => {
    const items: ItemNode[] = [];
    this.MANY({
      // A '}' goes on the body only when it is one found too many (so the last alternative below needs no gate of its own).
      GATE: () => (this.closeBefore.size === 0 || this.closeBefore.get(this.LA(1).startOffset) !== open) && (!tokenMatcher(this.LA(1), RBrace) || this.strayBraces.has(this.LA(1).startOffset)),
      DEF: () => {
        // A name can only start an item (no separator or stray is a name): skip the OR's lookahead.
        const item = !this.RECORDING_PHASE && tokenMatcher(this.LA(1), Identifier) ? this.SUBRULE(this.item) : this.OR2(
          (this.blockAlts ??= [
            { ALT: () => this.SUBRULE(this.item) },
            {
              ALT: () => {
                this.SUBRULE(this.separatorOrStray);
                return undefined;
              },
            },
            {
              ALT: () => {
                const t = this.CONSUME(RBrace);
                this.ACTION(() => this.extraErrors.push(this.strayBraces.get(t.startOffset)!));
                return undefined;
              },
            },
          ]),
        );
        if (item) items.push(item);
      },
    });
    return items;
  });

  separatorOrStray = this.RULE('separatorOrStray', (): void => {
    this.OR((this.separatorAlts ??= [
      { ALT: () => this.CONSUME(Semicolon) },
      { ALT: () => this.CONSUME(Comma) },
      {
        ALT: () => {
          const t = this.CONSUME(Stray);
          this.ACTION(() =>
            this.extraErrors.push({
              start: t.startOffset,
              end: this.end(t),
              message: `unexpected ${describeToken(t)}: expected an attribute ('name = value') or a block ('kind label { … }')`,
            }),
          );
        },
      },
    ]));
  });

  item = this.RULE('item', (): ItemNode | undefined => {
    // The three shapes of nearly every item, decided by the tokens the OR below would look at, without its
    // predicate machinery; these are exactly the alternatives it picks for them (the same rules, the same
    // occurrence indices, so recovery's follow sets are the recorded ones). Anything else goes to the OR.
    if (!this.RECORDING_PHASE) {
      const first = this.LA(1);
      const second = this.LA(2);
      if (tokenMatcher(second, Equals) && tokenMatcher(first, NameLike) && !tokenMatcher(this.LA(3), LBrace)) return this.SUBRULE(this.attribute);
      if (tokenMatcher(first, Identifier) && (tokenMatcher(second, LBrace) || (tokenMatcher(second, LabelLike) && tokenMatcher(this.LA(3), LBrace)))) return this.SUBRULE(this.block);
    }
    return this.OR(
      (this.itemAlts ??= [
        { GATE: () => this.isBrokenItem(), ALT: () => this.SUBRULE(this.brokenItem), IGNORE_AMBIGUITIES: true },
        { GATE: () => this.headerThen(true), ALT: () => this.SUBRULE2(this.block), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.attribute) },
        // `name = {` is taken by the gated alternative above: the common prefix with attribute is not ambiguous.
        { ALT: () => this.SUBRULE(this.block), IGNORE_AMBIGUITIES: true },
      ]),
    );
  });

  /**
   * A name followed by neither '=' nor a block header (`bandwidth 10Gbps`,
   * `memory }`): one error, the value (if any, on the same line) is still
   * parsed, and parsing goes on with the next item.
   */
  brokenItem = this.RULE('brokenItem', (): AttributeNode => {
    const name = this.CONSUME(Identifier);
    let value: ValueNode | undefined;
    this.OPTION({
      GATE: () => this.startsValue(this.LA(1)) && !this.newlineBetween(this.end(name), this.LA(1).startOffset),
      DEF: () => {
        value = this.SUBRULE(this.value);
      },
    });
    return this.ACTION(() => {
      this.extraErrors.push({
        start: name.startOffset,
        end: this.end(name),
        message: value ? `expected '=' between '${excerpt(name.image)}' and its value` : `'${excerpt(name.image)}' is not followed by '=' (an attribute) or '{' (a block)`,
      });
      return { type: 'attribute' as const, name: intern(name.image), nameSpan: { start: name.startOffset, end: this.end(name) }, value, start: name.startOffset, end: value ? value.end : this.end(name) };
    });
  });

  importDecl = this.RULE('importDecl', (): ImportNode => {
    const kw = this.CONSUME(Import);
    let path: StringValue | undefined;
    this.OPTION(() => {
      const t = this.CONSUME(StringLiteral);
      path = this.ACTION(() => this.stringNode(t));
    });
    return this.ACTION(() => {
      if (!path) this.extraErrors.push({ start: kw.startOffset, end: this.end(kw), message: 'import needs a path in quotes: import "common.vmx"' });
      return { type: 'import', path, start: kw.startOffset, end: path ? path.end : this.end(kw) };
    });
  });

  block = this.RULE('block', (): BlockNode => {
    const kind = this.CONSUME(Identifier);
    // A number, `true` or `false` too, so `vm 1.5 {` is one error and still a block.
    const labelToken = this.OPTION(this.blockLabel);
    // `container web web2 {`: one error for the extra labels, and still a block.
    this.extraLabels = [];
    this.MANY(this.extraLabel);
    const extra = this.extraLabels;
    // `cpu = { … }`: a block written like an attribute. One error, and still a block.
    const eq = this.RECORDING_PHASE || tokenMatcher(this.LA(2), LBrace) ? this.OPTION3(this.equalsBeforeBrace) : undefined;
    const open = this.CONSUME(LBrace);
    const items = this.SUBRULE(this.blockItems, { ARGS: [open.startOffset] }) ?? [];
    // Optional so an unclosed block keeps its items; reported by hand below.
    const close = this.OPTION2(this.closeBefore.size === 0 ? this.closingBrace : { GATE: () => this.closeBefore.get(this.LA(1).startOffset) !== open.startOffset, DEF: this.closingBrace });
    // Plain code under the recording flag instead of ACTION(closure): no closure per block.
    if (this.RECORDING_PHASE) return undefined as unknown as BlockNode;
    let label: LabelNode | undefined;
    if (labelToken) {
      const t = labelToken;
      const quoted = tokenMatcher(t, StringLiteral);
      const problem = labelProblem(t);
      if (problem) this.extraErrors.push({ start: t.startOffset, end: this.end(t), message: problem });
      label = { text: intern(quoted ? unquote(t.image) : t.image), quoted, start: t.startOffset, end: this.end(t) };
    }
    if (extra.length && label) {
      const words = [label.text, ...extra.map((t) => (tokenMatcher(t, StringLiteral) ? unquote(t.image) : t.image))].join(' ');
      const last = extra[extra.length - 1];
      this.extraErrors.push({
        start: extra[0].startOffset,
        end: this.end(last),
        message: `a block has one label, and '${excerpt(kind.image)}' has ${extra.length + 1}: put a name with spaces in quotes: ${excerpt(kind.image)} ${excerpt(JSON.stringify(words))} { … }`,
      });
    }
    if (eq) {
      const head = excerpt(label ? `${kind.image} ${label.quoted ? JSON.stringify(label.text) : label.text}` : kind.image);
      this.extraErrors.push({ start: eq.startOffset, end: eq.startOffset + 1, message: `a block has no '=' before its '{': write ${head} { … }`, fix: { title: `Remove '='`, edits: [{ start: eq.startOffset, end: eq.startOffset + 1, newText: '' }] } });
    }
    {
      const missingOpen = open.image === '' ? this.openHints.get(open.startOffset) : undefined;
      if (missingOpen) this.extraErrors.push(missingOpen);
      const closed = close !== undefined && !isNaN(close.startOffset);
      const hint = closed ? undefined : this.unclosedHints.get(open.startOffset);
      if (hint) {
        this.extraErrors.push(hint.error);
      } else if (!closed && !this.reportedUnclosed) {
        // At the end of the file only the innermost unclosed block is reported: one problem, one error.
        this.reportedUnclosed = true;
        const what = excerpt(label ? `${kind.image} ${label.quoted ? JSON.stringify(label.text) : label.text}` : kind.image);
        this.unclosedError = { start: kind.startOffset, end: this.end(kind), message: `block '${what}' is not closed: add the '}' that ends it` };
        this.extraErrors.push(this.unclosedError);
      }
      return {
        type: 'block',
        kind: intern(kind.image),
        kindSpan: { start: kind.startOffset, end: this.end(kind) },
        label,
        items,
        openBrace: open.startOffset,
        closeBrace: closed ? close!.startOffset : undefined,
        start: kind.startOffset,
        end: closed ? close!.startOffset + 1 : items.length ? items[items.length - 1].end : open.startOffset + 1,
      };
    }
  });


  private blockLabel = (): IToken => this.CONSUME(LabelLike);
  /** Labels after the first, collected here (reset by each block before its header's MANY: nothing nests in between). */
  private extraLabels: IToken[] = [];
  private extraLabel = (): void => {
    const t = this.CONSUME2(LabelLike);
    if (!this.RECORDING_PHASE) this.extraLabels.push(t);
  };
  /*
   * No GATE on these OPTIONs: Chevrotain wraps a gated OPTION's lookahead in
   * a new closure on every call (optionInternalLogic), 26 MB of garbage on
   * the 100k-line file. The rule tests the gate itself and calls the OPTION
   * only when it holds (always while recording the grammar).
   */
  /** `=` before a block's '{' (LA(2) is the '{'). */
  private equalsBeforeBrace = (): IToken => this.CONSUME(Equals);
  private closingBrace = (): IToken => this.CONSUME(RBrace);

  attribute = this.RULE('attribute', (): AttributeNode => {
    // A string as the name is a label key (`"app.kubernetes.io/name" = "web"`); only labels accept one (the resolver says so).
    const name = this.CONSUME(NameLike);
    const eq = this.CONSUME(Equals);
    const value = this.RECORDING_PHASE || !this.valueIsMissing(this.LA(0)) ? this.OPTION(this.attributeValue) : undefined;
    // Plain code under the recording flag instead of ACTION(closure): no closure per attribute.
    if (this.RECORDING_PHASE) return undefined as unknown as AttributeNode;
    {
      if (!value && !isNaN(eq.startOffset)) {
        this.extraErrors.push({ start: name.startOffset, end: this.end(eq), message: `'${excerpt(name.image)}' has no value after '='` });
      }
      const node: AttributeNode = {
        type: 'attribute',
        name: intern(tokenMatcher(name, StringLiteral) ? unquote(name.image) : name.image),
        nameSpan: { start: name.startOffset, end: this.end(name) },
        value,
        start: name.startOffset,
        end: value ? value.end : this.end(eq),
      };
      if (tokenMatcher(name, StringLiteral)) node.quoted = true;
      return node;
    }
  });

  /** The value after `name =`, unless the next line starts an item (the value is missing: the rule checks that first). */
  private attributeValue = (): ValueNode => this.SUBRULE(this.value);

  value = this.RULE('value', (): ValueNode => {
    return this.OR((this.valueAlts ??= [
      { ALT: () => this.SUBRULE(this.numberOrRange) },
      {
        ALT: () => {
          const t = this.CONSUME(StringLiteral);
          return this.RECORDING_PHASE ? (undefined as unknown as ValueNode) : this.stringNode(t);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(True);
          return this.RECORDING_PHASE ? (undefined as unknown as ValueNode) : { type: 'boolean' as const, value: true, start: t.startOffset, end: this.end(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(False);
          return this.RECORDING_PHASE ? (undefined as unknown as ValueNode) : { type: 'boolean' as const, value: false, start: t.startOffset, end: this.end(t) };
        },
      },
      { ALT: () => this.SUBRULE(this.identOrCall) },
      { ALT: () => this.SUBRULE(this.list) },
    ]));
  });

  numberOrRange = this.RULE('numberOrRange', (): ValueNode => {
    const from = this.CONSUME(NumberLiteral);
    const to = this.OPTION(this.rangeEnd);
    // LA(0) is the number, LA(-1) the '..' of a range.
    const unit = this.RECORDING_PHASE || (!tokenMatcher(this.LA(-1), DotDot) && this.detachedUnit(this.LA(0))) ? this.OPTION2(this.detachedUnitWord) : undefined;
    if (this.RECORDING_PHASE) return undefined as unknown as ValueNode;
    {
      const f = this.numberNode(from);
      if (unit) {
        const glued = from.image + unit.image;
        const span = { start: from.startOffset, end: this.end(unit) };
        this.extraErrors.push({ ...span, message: `write the unit next to the number: ${excerpt(glued)}`, fix: { title: `Write ${excerpt(glued)}`, edits: [{ ...span, newText: glued }] } });
        return { ...f, unit: unit.image, raw: glued, end: span.end };
      }
      if (!to) return f;
      const t = this.numberNode(to);
      return { type: 'range' as const, from: f, to: t, start: f.start, end: t.end };
    }
  });

  /** `..N` after a number. */
  private rangeEnd = (): IToken => {
    this.CONSUME(DotDot);
    return this.CONSUME2(NumberLiteral);
  };
  /** `16 GiB`'s unit, after a number that is not a range's end (numberOrRange checks that first). */
  private detachedUnitWord = (): IToken => this.CONSUME(Identifier);

  identOrCall = this.RULE('identOrCall', (): ValueNode => {
    const id = this.CONSUME(Identifier);
    const call = this.OPTION(this.callArguments);
    if (this.RECORDING_PHASE) return undefined as unknown as ValueNode;
    return call ?? { type: 'ident' as const, name: intern(id.image), start: id.startOffset, end: this.end(id) };
  });

  /** `(args…)` after a callee (LA(0) when it starts): a rule of its own would cost a frame per value. */
  private callArguments = (): CallValue => {
    {
      const id = this.LA(0);
      const open = this.CONSUME(LParen);
      const args: CallArgument[] = [];
      let needComma = false;
      this.MANY({
        // `burst(base = 1` and the next line `memory = 1GiB`: the ')' is missing, that line is not an argument.
        GATE: () => !(needComma && this.nextLineStartsItem()),
        DEF: () => {
          const arg = this.SUBRULE(this.argument);
          this.ACTION(() => {
            if (needComma) this.extraErrors.push({ start: arg.start, end: arg.end, message: "expected ',' between arguments" });
            args.push(arg);
          });
          needComma = true;
          this.OPTION2(() => {
            this.CONSUME(Comma);
            needComma = false;
          });
        },
      });
      let close: IToken | undefined;
      // Optional so a missing ')' is reported where the call opens (unclosed below), not on the next line.
      this.OPTION3(() => {
        close = this.CONSUME(RParen);
      });
      return this.ACTION(() => {
        const last = args.length ? args[args.length - 1].end : open.startOffset + 1;
        if (!close) this.unclosedBracket(id.image + '(', ')', id.startOffset, open, last);
        const end = close ? close.startOffset + 1 : last;
        return {
          type: 'call' as const,
          callee: intern(id.image),
          calleeSpan: { start: id.startOffset, end: this.end(id) },
          args,
          argsSpan: { start: open.startOffset, end },
          start: id.startOffset,
          end,
        };
      });
    }
  };

  argument = this.RULE('argument', (): CallArgument => {
    return this.OR([
      {
        ALT: () => {
          const name = this.CONSUME(Identifier);
          this.CONSUME(Equals);
          const value = this.SUBRULE(this.value);
          return this.ACTION(() => ({
            name: intern(name.image),
            nameSpan: { start: name.startOffset, end: this.end(name) },
            value,
            start: name.startOffset,
            end: value.end,
          }));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE2(this.value);
          return this.ACTION(() => ({ value, start: value.start, end: value.end }));
        },
      },
    ]);
  });

  list = this.RULE('list', (): ListValue => {
    const open = this.CONSUME(LBracket);
    const items: ValueNode[] = [];
    let needComma = false;
    this.MANY({
      // `[NET_ADMIN` and the next line `user = 1000`: the ']' is missing, that line is not an item.
      GATE: () => !(needComma && this.nextLineStartsItem()),
      DEF: () => {
        const v = this.SUBRULE(this.value);
        this.ACTION(() => {
          if (needComma) this.extraErrors.push({ start: v.start, end: v.end, message: "expected ',' between list items" });
          items.push(v);
        });
        needComma = true;
        this.OPTION(() => {
          this.CONSUME(Comma);
          needComma = false;
        });
      },
    });
    let close: IToken | undefined;
    // Optional so a missing ']' is reported where the list opens, not on the next line.
    this.OPTION2(() => {
      close = this.CONSUME(RBracket);
    });
    return this.ACTION(() => {
      const last = items.length ? items[items.length - 1].end : open.startOffset + 1;
      if (!close) this.unclosedBracket('[', ']', open.startOffset, open, last);
      const end = close ? close.startOffset + 1 : last;
      return { type: 'list' as const, items, start: open.startOffset, end };
    });
  });

  /** The next token starts a line and an item (`name =`, `kind label {`). */
  private nextLineStartsItem(): boolean {
    const next = this.LA(1);
    const prev = this.LA(0);
    // From the start of the previous token: an unterminated string's image got a '"' the text does not have.
    if (!tokenMatcher(next, Identifier) || !prev || isNaN(prev.startOffset) || !this.newlineBetween(prev.startOffset, next.startOffset)) return false;
    return tokenMatcher(this.LA(2), Equals) || this.headerThen(false) || tokenMatcher(this.LA(2), LBrace);
  }

  /** A '[' or a call's '(' without its closing bracket: one error where it opens, with a fix adding the bracket after the last item. */
  private unclosedBracket(what: string, closer: string, start: number, open: IToken, last: number): void {
    const shown = excerpt(what);
    this.extraErrors.push({
      start,
      end: open.startOffset + 1,
      message: `'${shown}' is not closed: add '${closer}' after its last ${closer === ')' ? 'argument' : 'item'}`,
      fix: { title: `Add '${closer}'`, edits: [{ start: last, end: last, newText: closer }] },
    });
  }

  private stringNode(t: IToken): StringValue {
    return { type: 'string', value: intern(unquote(t.image)), start: t.startOffset, end: this.end(t) };
  }

  private numberNode(t: IToken): NumberValue {
    const { value, unit } = splitNumber(t.image);
    return { type: 'number', value, unit: intern(unit), raw: intern(t.image), start: t.startOffset, end: this.end(t) };
  }
}

/** Tokens the parser takes as a label before '{': valid ones (a name, a string, a whole number) and ones it explains (`1.5`, `true`). */
function isLabelToken(t: IToken): boolean {
  return tokenMatcher(t, Identifier) || tokenMatcher(t, StringLiteral) || tokenMatcher(t, NumberLiteral) || tokenMatcher(t, True) || tokenMatcher(t, False);
}

/** Labels looked for before a '{' (`kind a b c {`); beyond that it is not taken for a block header. */
const MAX_LABELS = 4;

/** A whole number without sign or unit: a valid label (`vm 101`). */

/** Why a label token is not a label, or undefined when it is one. */
function labelProblem(t: IToken): string | undefined {
  if (tokenMatcher(t, NumberLiteral)) {
    if (IS_WHOLE_NUMBER.test(t.image)) return undefined;
    return `'${excerpt(t.image)}' cannot be a label: a label is a name, a string or a whole number (vm 101); write it in quotes: "${excerpt(t.image)}"`;
  }
  if (tokenMatcher(t, True) || tokenMatcher(t, False)) return `'${t.image}' cannot be a label: it is a keyword; write it in quotes: "${t.image}"`;
  return undefined;
}

let sharedParser: VmxParser | undefined;

function parser(): VmxParser {
  return (sharedParser ??= new VmxParser());
}

export interface ParseOptions {
  maxDepth?: number;
}


/**
 * text → syntax tree. Never throws; problems are in `errors`. One parser
 * for valid and broken text alike (issue 13): the Chevrotain grammar, with
 * its recovery.
 */
export function parse(text: string, options: ParseOptions = {}): FileNode {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const lexed = tokenize(text);
  const { items, errors } = parseTokens(text, lexed, maxDepth);
  return { type: 'file', items, comments: lexed.comments, errors, start: 0, end: text.length };
}

/** The same as parse(): the name the tests of recovery use. */
export function parseWithRecovery(text: string, maxDepth = DEFAULT_MAX_DEPTH): FileNode {
  return parse(text, { maxDepth });
}

/** What parseBlockAt found: the block, with offsets in the whole text. */
export interface BlockParse {
  block: BlockNode;
  /** Comments inside the range, offsets in the whole text. */
  comments: CommentNode[];
  /** Syntax errors inside the range (one per line), offsets in the whole text. */
  errors: SyntaxError[];
}

/**
 * Parse `text[start, end)` — the new text of one top-level block after an
 * edit — as the whole-file parse would parse it there, with every offset
 * (tree, comments, errors) in `text`. For incremental reparsing (issue 13):
 * undefined when the range is not exactly one block whose braces balance
 * (a '}' too few or too many, text before or after the block, two blocks),
 * and the caller then parses the whole file, whose indentation-based repair
 * (unclosed.ts) needs to see every block. `maxDepth` counts from the
 * block's own '{': for a block nested n levels deep pass maxDepth − n.
 */
export function parseBlockAt(text: string, start: number, end: number, options: ParseOptions = {}): BlockParse | undefined {
  if (!(start >= 0 && start < end && end <= text.length)) return undefined;
  const lexed = tokenize(text.slice(start, end));
  if (!bracesBalance(lexed.tokens)) return undefined;
  // Offsets in the whole text, so the parser's line checks read the real surroundings.
  // Indexed loops over tokens here and below: a for…of allocates an iterator result per token (24 MB on 100k lines).
  const tokens = lexed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    t.startOffset += start;
    if (t.endOffset !== undefined) t.endOffset += start;
  }
  for (const c of lexed.comments) shiftSpan(c, start);
  for (const e of lexed.errors) shiftError(e, start);
  const { items, errors } = parseTokens(text, lexed, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (items.length !== 1 || items[0].type !== 'block' || items[0].closeBrace === undefined) return undefined;
  return { block: items[0], comments: lexed.comments, errors };
}

/** Every '}' closes an open '{' and every '{' is closed. */
function bracesBalance(tokens: IToken[]): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === LBrace) depth++;
    else if (t.tokenType === RBrace && --depth < 0) return false;
  }
  return depth === 0;
}

function shiftSpan(s: { start: number; end: number }, by: number): void {
  s.start += by;
  s.end += by;
}

function shiftError(e: SyntaxError, by: number): void {
  shiftSpan(e, by);
  for (const edit of e.fix?.edits ?? []) shiftSpan(edit, by);
}

/** tokens (with their comments and lexing errors) → items and every syntax error, one per line. */
function parseTokens(text: string, lexed: LexResult, maxDepth: number): { items: ItemNode[]; errors: SyntaxError[] } {
  const errors: SyntaxError[] = [...lexed.errors];
  const tokens = limitDepth(lexed.tokens, maxDepth, errors);

  const p = parser();
  p.text = text;
  p.closeBefore = new Map();
  p.unclosedHints = new Map();
  let run = runParser(p, tokens, text);
  // Each repair below parses the whole file again; beyond REPARSE_LIMIT only the message is repaired.
  const reparse = text.length <= REPARSE_LIMIT;
  // A block left open at the end of the file: when a '}' is missing in the middle, every later '}'
  // closed the wrong block. Indentation shows which block it is; parse again closing that block there.
  for (let round = 0; round < MAX_UNCLOSED_ROUNDS && run.unclosedError; round++) {
    const hint = findUnclosedBlock(text, tokens, run.items, p.unclosedHints);
    if (!hint) break;
    if (!reparse) {
      replaceError(run.errors, run.unclosedError, hint.error);
      break;
    }
    p.unclosedHints.set(hint.openBrace, hint);
    p.closeBefore.set(hint.closeBefore, hint.openBrace);
    run = runParser(p, tokens, text);
  }
  // The mirror case: one '}' too many, and the '}' at the end matches nothing. Either a header lost
  // its '{' (`container web` over lines indented inside it: a zero-width '{' is put there), or a '}'
  // too many closed a block early (consumed as a stray).
  let current = tokens;
  for (let round = 0; round < MAX_UNCLOSED_ROUNDS && run.unmatchedError && !run.unclosedError; round++) {
    const open = findMissingOpen(text, current, p.openHints);
    const extra = open ? undefined : findExtraBrace(text, current, run.items, p.strayBraces);
    if (!open && !extra) break;
    if (!reparse) {
      replaceError(run.errors, run.unmatchedError, open ? open.error : extra!);
      break;
    }
    if (open) {
      p.openHints.set(open.at, open.error);
      current = withToken(current, createTokenInstance(LBrace, '', open.at, open.at, NaN, NaN, NaN, NaN));
    } else {
      p.strayBraces.set(extra!.start, extra!);
    }
    run = runParser(p, current, text);
  }
  p.input = [];
  p.text = '';
  p.closeBefore = new Map();
  p.unclosedHints = new Map();
  p.strayBraces = new Map();
  p.openHints = new Map();
  // A loop, not push(...): a million stray '}' would overflow the call stack as arguments.
  for (const e of run.errors) errors.push(e);
  return { items: run.items, errors: onePerLine(errors, text, new Set(lexed.errors)) };
}

/**
 * Texts up to this size are parsed again after each repair by indentation
 * (a missing '}' or '{', a '}' too many), so the tree follows the repair.
 * Beyond it (about 15,000 lines) only the error is repaired: a file being
 * typed in has an open block at every keystroke, and a parse of a big file
 * costs seconds.
 */
const REPARSE_LIMIT = 512 * 1024;

function replaceError(errors: SyntaxError[], old: SyntaxError, by: SyntaxError): void {
  const i = errors.indexOf(old);
  if (i >= 0) errors[i] = by;
}

/** `tokens` with `t` inserted in offset order (a new array: the lexer's stays as it was). */
function withToken(tokens: IToken[], t: IToken): IToken[] {
  let i = tokens.length;
  while (i > 0 && tokens[i - 1].startOffset > t.startOffset) i--;
  return [...tokens.slice(0, i), t, ...tokens.slice(i)];
}

/** Re-parses for blocks found open by indentation: each one costs a parse of the whole (broken) file. */
const MAX_UNCLOSED_ROUNDS = 3;

function runParser(p: VmxParser, tokens: IToken[], text: string): { items: ItemNode[]; errors: SyntaxError[]; unclosedError?: SyntaxError; unmatchedError?: SyntaxError } {
  p.extraErrors = [];
  p.reportedUnclosed = false;
  p.unmatchedError = undefined;
  p.unclosedError = undefined;
  p.input = tokens;
  const errors: SyntaxError[] = [];
  let items: ItemNode[] = [];
  // Chevrotain signals each recognition error with an exception it catches itself: without stacks
  // each costs far less, and a file being typed in has errors all the time. Restored after.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    items = p.file() ?? [];
  } catch (e) {
    // Chevrotain recovers from ordinary errors; anything else is still one diagnostic, never a crash.
    errors.push({ start: 0, end: Math.min(1, text.length), message: `the parser stopped: ${(e as Error).message.split('\n')[0].slice(0, 80)}` });
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  for (const e of p.errors) errors.push(toSyntaxError(e, text));
  for (const e of p.extraErrors) errors.push(e);
  return { items, errors, unclosedError: p.unclosedError, unmatchedError: p.unmatchedError };
}

/**
 * Drop whatever is nested deeper than `maxDepth` brackets, with one error at
 * the first bracket too deep, so 10,000 nested braces cannot overflow the stack.
 */
function limitDepth(tokens: IToken[], maxDepth: number, errors: SyntaxError[]): IToken[] {
  let depth = 0;
  let tooDeep = false;
  for (let i = 0; i < tokens.length; i++) {
    const tt = tokens[i].tokenType;
    if (tt === LBrace || tt === LBracket || tt === LParen) {
      if (++depth > maxDepth) {
        tooDeep = true;
        break;
      }
    } else if (tt === RBrace || tt === RBracket || tt === RParen) {
      if (depth > 0) depth--;
    }
  }
  if (!tooDeep) return tokens;
  const kept: IToken[] = [];
  depth = 0;
  let reported = false;
  for (const t of tokens) {
    const tt = t.tokenType;
    const opens = tt === LBrace || tt === LBracket || tt === LParen;
    const closes = tt === RBrace || tt === RBracket || tt === RParen;
    if (opens) depth++;
    if (depth > maxDepth) {
      // Drop the head of the too-deep item too (`kind label` before its '{'), so what remains still parses.
      if (opens && depth === maxDepth + 1) {
        while (kept.length && !isBoundary(kept[kept.length - 1].tokenType)) kept.pop();
      }
      if (!reported) {
        errors.push({ start: t.startOffset, end: t.startOffset + 1, message: `nesting deeper than ${maxDepth} levels: the content inside is not checked (limit: vmx.limits.maxNestingDepth)` });
        reported = true;
      }
    } else {
      kept.push(t);
    }
    if (closes && depth > 0) depth--;
  }
  return kept;
}

function isBoundary(tt: TokenType): boolean {
  return tt === LBrace || tt === RBrace || tt === LBracket || tt === LParen || tt === Semicolon || tt === Comma;
}

const RULE_EXPECTATIONS: Record<string, string> = {
  value: 'a value (a number or quantity, a string, true/false, a name, a list or a call)',
  numberOrRange: 'a number',
  argument: 'an argument (a value or name = value)',
  item: "an attribute ('name = value') or a block ('kind label { … }')",
  file: "a block ('kind label { … }') or an import",
  block: "a block ('kind label { … }')",
  attribute: "an attribute ('name = value')",
  identOrCall: 'a name or a call',
  list: "a list ('[a, b]')",
  importDecl: 'an import path in quotes',
};


function describeToken(t: IToken): string {
  if (t.tokenType.name === 'EOF' || isNaN(t.startOffset)) return 'the end of the file';
  return `'${excerpt(t.image)}'`;
}

function toSyntaxError(e: IRecognitionException, text: string): SyntaxError {
  const t = e.token;
  const atEnd = t.tokenType.name === 'EOF' || isNaN(t.startOffset);
  const start = atEnd ? text.length : t.startOffset;
  const end = atEnd ? text.length : Math.min(t.startOffset + t.image.length, text.length);
  const found = describeToken(t);
  let message: string;
  if (e.name === 'MismatchedTokenException') {
    const m = /-->\s*(.*?)\s*<--/.exec(e.message);
    const expected = m ? m[1] : 'something else';
    message = expected === "'}'" && atEnd ? "a block is not closed: expected '}' before the end of the file" : `expected ${expected} but found ${found}`;
  } else {
    const stack = e.context?.ruleStack ?? [];
    const rule = stack[stack.length - 1] ?? 'item';
    message = `expected ${RULE_EXPECTATIONS[rule] ?? 'something else'} but found ${found}`;
  }
  return { start, end, message };
}

/**
 * Keep one error per line, in text order: the first, unless the lexer found
 * one on that line (an unterminated string explains what the parser then
 * finds wrong after it).
 */
function onePerLine(errors: SyntaxError[], text: string, lexical: ReadonlySet<SyntaxError> = new Set()): SyntaxError[] {
  if (errors.length < 2) return errors;
  errors.sort((a, b) => a.start - b.start);
  const kept: SyntaxError[] = [];
  let lastLineEnd = -1;
  for (const e of errors) {
    if (e.start <= lastLineEnd) {
      if (lexical.has(e) && !lexical.has(kept[kept.length - 1])) kept[kept.length - 1] = e;
      continue;
    }
    kept.push(e);
    let i = e.start;
    while (i < text.length && text.charCodeAt(i) !== 10) i++;
    lastLineEnd = i;
  }
  return kept;
}

export function isTokenType(t: IToken, type: TokenType): boolean {
  return tokenMatcher(t, type);
}
