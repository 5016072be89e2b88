/**
 * Text we print or publish that came from a user's file (names, paths,
 * quoted values) must not act on the terminal or the reader: an ESC
 * sequence can erase earlier warnings on a terminal, a bidi control
 * (U+202E) reorders what the reader sees ("Trojan Source"), a zero-width
 * character hides a difference. Every control, format and line/paragraph
 * separator character is shown as an escape instead; everything else
 * passes unchanged. One definition, used by the reporter for messages and
 * by the CLI for each output line.
 */

// Cc: C0/C1 controls and DEL; Cf: format characters (bidi controls, zero-width
// characters, the BOM, soft hyphen…); Zl/Zp: U+2028/U+2029. A character class
// with the global flag: linear, no backtracking, safe on megabytes of text.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e' };

/** The escape shown for one invisible character: `\n`, `\e`, `\u202e`, `\u{e0041}`. */
export function escapeOf(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const cp = c.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** `text` with every control and format character replaced by a visible escape. */
export function visibleText(text: string, keep?: (c: string) => boolean): string {
  return text.replace(INVISIBLE, (c) => (keep?.(c) ? c : escapeOf(c)));
}

/** True when `text` holds a character visibleText would escape. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

/** The invisible characters of `text`, each once, in order of appearance. */
export function invisibleCharacters(text: string): string[] {
  return [...new Set(text.match(INVISIBLE) ?? [])];
}
