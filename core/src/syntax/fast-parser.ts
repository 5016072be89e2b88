/**
 * The fast path of the parser: a hand-written scanner and recursive-descent
 * parser for VALID files, allocation-light (no token objects), about ten
 * times the speed of the Chevrotain path. It accepts exactly the language
 * of `parser.ts`'s grammar and builds the identical tree; at the first thing
 * it does not accept it gives up (returns undefined) and `parse()` re-parses
 * with the Chevrotain parser, which owns error recovery and messages.
 * test/syntax/fast-parser.test.ts checks both agree on valid inputs and that
 * the fast path gives up on every input the Chevrotain path reports.
 */
import { isUnitWord } from '../schema/units';
import { unquote } from './lexer';
import {
  AttributeNode,
  BlockNode,
  CallArgument,
  CommentNode,
  FileNode,
  ImportNode,
  ItemNode,
  LabelNode,
  NumberValue,
  StringValue,
  ValueNode,
} from './ast';

const enum T {
  EOF,
  Ident,
  Import,
  True,
  False,
  Number,
  String,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Equals,
  Comma,
  Semicolon,
  DotDot,
}

/** Thrown to abandon the fast path; caught in fastParse only. */
class GiveUp {}
const GIVE_UP = new GiveUp();

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 45;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** The whitespace set of the Chevrotain lexer: [ \t\r\n\f\v\uFEFF\u00A0]. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xfeff || c === 0xa0;
}
/** Characters `.` does not match in a JavaScript regular expression. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

class FastParser {
  private pos = 0;
  /** Current token: kind and offsets. */
  private kind = T.EOF;
  private start = 0;
  private end = 0;
  private depth = 0;
  /** Where the unit of the current Number token starts. */
  private unitStart = 0;
  readonly comments: CommentNode[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.advance();
  }

  /** The current token's kind (a method, so TypeScript does not narrow it across advance()). */
  private peek(): T {
    return this.kind;
  }

  /**
   * Names, kinds, enum words and units repeat thousands of times in a big
   * file: one string each instead of a copy per occurrence (the slice dies
   * young, which is cheap; the copies would be kept for the tree's life).
   */
  private readonly strings = new Map<string, string>();

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size < 4096) this.strings.set(s, s);
    return s;
  }

  private interned(): string {
    return this.intern(this.image());
  }

  private image(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Scan the next token into kind/start/end, collecting comments. */
  private advance(): void {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    for (;;) {
      while (p < n && isSpace(text.charCodeAt(p))) p++;
      if (p >= n) {
        this.kind = T.EOF;
        this.start = this.end = this.pos = n;
        return;
      }
      const c = text.charCodeAt(p);
      if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(p + 1) === 47)) {
        let e = p + 1;
        while (e < n) {
          const d = text.charCodeAt(e);
          if (d === 10 || d === 13) break;
          e++;
        }
        this.comments.push({ start: p, end: e, text: text.slice(p, e), block: false });
        p = e;
        continue;
      }
      if (c === 47 && text.charCodeAt(p + 1) === 42 /* * */) {
        const close = text.indexOf('*/', p + 2);
        if (close < 0) throw GIVE_UP;
        this.comments.push({ start: p, end: close + 2, text: text.slice(p, close + 2), block: true });
        p = close + 2;
        continue;
      }
      this.start = p;
      this.kind = this.scanToken(c, p);
      this.pos = this.end;
      return;
    }
  }

  private scanToken(c: number, p: number): T {
    const text = this.text;
    switch (c) {
      case 123:
        this.end = p + 1;
        return T.LBrace;
      case 125:
        this.end = p + 1;
        return T.RBrace;
      case 91:
        this.end = p + 1;
        return T.LBracket;
      case 93:
        this.end = p + 1;
        return T.RBracket;
      case 40:
        this.end = p + 1;
        return T.LParen;
      case 41:
        this.end = p + 1;
        return T.RParen;
      case 61:
        this.end = p + 1;
        return T.Equals;
      case 44:
        this.end = p + 1;
        return T.Comma;
      case 59:
        this.end = p + 1;
        return T.Semicolon;
      case 34:
        return this.scanString(p);
    }
    if (isDigit(c) || c === 45 /* - */ || c === 46 /* . */) {
      const e = this.scanNumber(p);
      if (e > 0) {
        this.end = e;
        return T.Number;
      }
      if (c === 46 && text.charCodeAt(p + 1) === 46) {
        this.end = p + 2;
        return T.DotDot;
      }
      throw GIVE_UP;
    }
    if (isIdentStart(c)) {
      let e = p + 1;
      const n = text.length;
      for (;;) {
        while (e < n && isIdentPart(text.charCodeAt(e))) e++;
        if (e + 1 < n && text.charCodeAt(e) === 46 && isIdentStart(text.charCodeAt(e + 1))) {
          e += 2;
          continue;
        }
        break;
      }
      this.end = e;
      const len = e - p;
      if (len === 6 && text.startsWith('import', p)) return T.Import;
      if (len === 4 && text.startsWith('true', p)) return T.True;
      if (len === 5 && text.startsWith('false', p)) return T.False;
      return T.Ident;
    }
    throw GIVE_UP;
  }

  /** -?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?[A-Za-z%]* ; returns the end, or 0 when it does not match. */
  private scanNumber(p: number): number {
    const text = this.text;
    const n = text.length;
    let e = p;
    if (text.charCodeAt(e) === 45) e++;
    if (isDigit(text.charCodeAt(e))) {
      while (e < n && isDigit(text.charCodeAt(e))) e++;
      if (text.charCodeAt(e) === 46 && isDigit(text.charCodeAt(e + 1))) {
        e += 2;
        while (e < n && isDigit(text.charCodeAt(e))) e++;
      }
    } else if (text.charCodeAt(e) === 46 && isDigit(text.charCodeAt(e + 1))) {
      e += 2;
      while (e < n && isDigit(text.charCodeAt(e))) e++;
    } else {
      return 0;
    }
    const x = text.charCodeAt(e);
    if (x === 101 || x === 69) {
      let f = e + 1;
      const sign = text.charCodeAt(f);
      if (sign === 43 || sign === 45) f++;
      if (isDigit(text.charCodeAt(f))) {
        while (f < n && isDigit(text.charCodeAt(f))) f++;
        e = f;
      }
    }
    this.unitStart = e;
    while (e < n) {
      const u = text.charCodeAt(e);
      if (isLetter(u) || u === 37) e++;
      else break;
    }
    return e;
  }

  private scanString(p: number): T {
    const text = this.text;
    const n = text.length;
    let e = p + 1;
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c === 34) {
        this.end = e + 1;
        return T.String;
      }
      if (c === 92) {
        if (e + 1 >= n || isLineTerminator(text.charCodeAt(e + 1))) throw GIVE_UP;
        e += 2;
        continue;
      }
      if (c === 10 || c === 13) throw GIVE_UP;
      e++;
    }
    throw GIVE_UP;
  }

  private expect(kind: T): number {
    if (this.peek() !== kind) throw GIVE_UP;
    const s = this.start;
    this.advance();
    return s;
  }

  file(): ItemNode[] {
    const items: ItemNode[] = [];
    for (;;) {
      const k = this.peek();
      if (k === T.EOF) return items;
      if (k === T.Semicolon || k === T.Comma) {
        this.advance();
        continue;
      }
      items.push(this.item());
    }
  }

  private item(): ItemNode {
    if (this.peek() === T.Import) return this.importDecl();
    if (this.peek() === T.String) return this.quotedAttribute();
    if (this.peek() !== T.Ident) throw GIVE_UP;
    const nameStart = this.start;
    const nameEnd = this.end;
    const name = this.interned();
    this.advance();
    if (this.peek() === T.Equals) return this.attribute(name, nameStart, nameEnd);
    return this.block(name, nameStart, nameEnd);
  }

  private importDecl(): ImportNode {
    const start = this.start;
    this.advance();
    if (this.peek() !== T.String) throw GIVE_UP;
    const path = this.stringNode();
    return { type: 'import', path, start, end: path.end };
  }

  private block(kind: string, kindStart: number, kindEnd: number): BlockNode {
    let label: LabelNode | undefined;
    const k = this.peek();
    if (k === T.Ident || k === T.String || k === T.Number) {
      // A number label is a whole number without sign or unit (`vm 101`); any other number is an error.
      if (k === T.Number && !this.isWholeNumber()) throw GIVE_UP;
      const quoted = k === T.String;
      const raw = this.interned();
      label = { text: quoted ? unquote(raw) : raw, quoted, start: this.start, end: this.end };
      this.advance();
    }
    const open = this.expect(T.LBrace);
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const items: ItemNode[] = [];
    for (;;) {
      const k = this.peek();
      if (k === T.RBrace) break;
      if (k === T.Semicolon || k === T.Comma) {
        this.advance();
        continue;
      }
      items.push(this.item());
    }
    this.depth--;
    const close = this.start;
    this.advance();
    return { type: 'block', kind, kindSpan: { start: kindStart, end: kindEnd }, label, items, openBrace: open, closeBrace: close, start: kindStart, end: close + 1 };
  }

  /** `"app.kubernetes.io/name" = "web"`: a string as the name (a label key), as the Chevrotain grammar accepts it. */
  private quotedAttribute(): AttributeNode {
    const nameStart = this.start;
    const nameEnd = this.end;
    const name = unquote(this.interned());
    this.advance();
    if (this.peek() !== T.Equals) throw GIVE_UP;
    const node = this.attribute(name, nameStart, nameEnd);
    node.quoted = true;
    return node;
  }

  private attribute(name: string, nameStart: number, nameEnd: number): AttributeNode {
    const eqEnd = this.end;
    this.advance();
    // The Chevrotain path reports `name =` at the end of a line followed by a new item: give up likewise.
    if (this.peek() === T.Ident && this.newlineBetween(eqEnd, this.start)) throw GIVE_UP;
    const value = this.value();
    return { type: 'attribute', name, nameSpan: { start: nameStart, end: nameEnd }, value, start: nameStart, end: value.end };
  }

  /** The current Number token is digits only. */
  private isWholeNumber(): boolean {
    for (let i = this.start; i < this.end; i++) if (!isDigit(this.text.charCodeAt(i))) return false;
    return true;
  }

  private newlineBetween(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private value(): ValueNode {
    switch (this.peek()) {
      case T.Number: {
        const from = this.numberNode();
        // `16 GiB`: the Chevrotain path reports a unit written apart from its number (unless `GiB =` follows); give up.
        if (from.unit === '' && this.peek() === T.Ident && !this.newlineBetween(from.end, this.start) && isUnitWord(this.image())) throw GIVE_UP;
        if (this.peek() !== T.DotDot) return from;
        this.advance();
        if (this.peek() !== T.Number) throw GIVE_UP;
        const to = this.numberNode();
        return { type: 'range', from, to, start: from.start, end: to.end };
      }
      case T.String:
        return this.stringNode();
      case T.True:
      case T.False: {
        const node: ValueNode = { type: 'boolean', value: this.peek() === T.True, start: this.start, end: this.end };
        this.advance();
        return node;
      }
      case T.Ident:
        return this.identOrCall();
      case T.LBracket:
        return this.list();
      default:
        throw GIVE_UP;
    }
  }

  private identOrCall(): ValueNode {
    const start = this.start;
    const end = this.end;
    const name = this.interned();
    this.advance();
    if (this.peek() !== T.LParen) return { type: 'ident', name, start, end };
    const open = this.start;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    this.advance();
    const args: CallArgument[] = [];
    while (this.peek() !== T.RParen) {
      args.push(this.argument());
      if (this.peek() === T.Comma) this.advance();
      else if (this.peek() !== T.RParen) throw GIVE_UP;
    }
    this.depth--;
    const close = this.start;
    this.advance();
    return { type: 'call', callee: name, calleeSpan: { start, end }, args, argsSpan: { start: open, end: close + 1 }, start, end: close + 1 };
  }

  private argument(): CallArgument {
    if (this.peek() === T.Ident) {
      // name = value, told apart from a value by the `=` after the name.
      const save = { pos: this.pos, kind: this.peek(), start: this.start, end: this.end, comments: this.comments.length };
      const nameStart = this.start;
      const nameEnd = this.end;
      const name = this.image();
      this.advance();
      if (this.peek() === T.Equals) {
        this.advance();
        const value = this.value();
        return { name, nameSpan: { start: nameStart, end: nameEnd }, value, start: nameStart, end: value.end };
      }
      this.pos = save.pos;
      this.kind = save.kind;
      this.start = save.start;
      this.end = save.end;
      this.comments.length = save.comments;
    }
    const value = this.value();
    return { value, start: value.start, end: value.end };
  }

  private list(): ValueNode {
    const open = this.start;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    this.advance();
    const items: ValueNode[] = [];
    while (this.peek() !== T.RBracket) {
      items.push(this.value());
      if (this.peek() === T.Comma) this.advance();
      else if (this.peek() !== T.RBracket) throw GIVE_UP;
    }
    this.depth--;
    const close = this.start;
    this.advance();
    return { type: 'list', items, start: open, end: close + 1 };
  }

  private stringNode(): StringValue {
    const node: StringValue = { type: 'string', value: unquote(this.image()), start: this.start, end: this.end };
    this.advance();
    return node;
  }

  private numberNode(): NumberValue {
    const raw = this.interned();
    const u = this.unitStart;
    const node: NumberValue = { type: 'number', value: Number(this.text.slice(this.start, u)), unit: u === this.end ? '' : this.intern(this.text.slice(u, this.end)), raw, start: this.start, end: this.end };
    this.advance();
    return node;
  }
}

/** Parse a valid file fast; undefined when the file has any syntax problem (the caller falls back). */
export function fastParse(text: string, maxDepth: number): FileNode | undefined {
  try {
    const p = new FastParser(text, maxDepth);
    const items = p.file();
    return { type: 'file', items, comments: p.comments, errors: [], start: 0, end: text.length };
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}
