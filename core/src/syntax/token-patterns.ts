/**
 * The language's name, number and string patterns: the one definition. The
 * lexer's tokens (tokens.ts) are built from them, and so is every other
 * reader of .vmx text — completion's line tokens, the file sniffer
 * (source.ts), the importers' printer deciding what prints bare, rename, the
 * TextMate grammar generator and the language reference. No second copy is
 * written anywhere (test/architecture/patterns.test.ts). Plain strings and
 * RegExps, no Chevrotain, so the generators can read them too.
 */

/** One segment of a name: `cpu`, `node-1`, `_x`. */
export const NAME_SEGMENT_SOURCE = '[A-Za-z_][A-Za-z0-9_-]*';
/** A name: segments joined by dots, `cpu.max`. */
export const NAME_SOURCE = `${NAME_SEGMENT_SOURCE}(?:\\.${NAME_SEGMENT_SOURCE})*`;
/** A number's figures, without its unit: `16`, `-1.5`, `.5`, `2e3`. */
export const NUMBER_VALUE_SOURCE = '-?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?';
/** The unit glued to a number (`GiB`, `ms`, `%`); the resolver checks which. */
export const UNIT_SUFFIX_SOURCE = '[A-Za-z%]*';
/** A number with its unit glued on, as the lexer reads it: `4GiB`, `500m`. */
export const NUMBER_SOURCE = `${NUMBER_VALUE_SOURCE}${UNIT_SUFFIX_SOURCE}`;
/** A whole number, as a label (`vm 101`, a Proxmox VMID) or a range's bound. */
export const WHOLE_NUMBER_SOURCE = '[0-9]+';
/** A string on one line, with backslash escapes. */
export const STRING_SOURCE = '"(?:[^"\\\\\\n\\r]|\\\\.)*"';
/** A string cut by the end of the line. */
export const UNTERMINATED_STRING_SOURCE = '"(?:[^"\\\\\\n\\r]|\\\\.)*';

const whole = (source: string) => new RegExp(`^(?:${source})$`);

/** A whole string that is one name segment (`node-1`): what prints as a bare word. */
export const IS_NAME_SEGMENT = whole(NAME_SEGMENT_SOURCE);
/** A whole string that is one name (`cpu.weight`, `node-1`). */
export const IS_NAME = whole(NAME_SOURCE);
/** A whole string that is one number, its unit included (`4GiB`, `-1.5e3`). */
export const IS_NUMBER = whole(NUMBER_SOURCE);
/** A whole string that is a whole number (`101`). */
export const IS_WHOLE_NUMBER = whole(WHOLE_NUMBER_SOURCE);

/** The words the lexer reads as keywords, never as names: a label or list word spelled so is quoted. */
export const KEYWORDS: readonly string[] = ['import', 'true', 'false'];

/**
 * A name segment made from any text — a mount's path, a device, a VM's
 * display name: each run of characters a name cannot hold becomes one '-'
 * (dashes included, so no run of them is left), a dash at either end goes,
 * and a name that would start with a digit or be a keyword gets
 * `fallback-` in front;
 * `fallback` alone when nothing is left. Linear in the text (a trim by
 * /-+$/ retries at every dash of a long run).
 */
export function nameFrom(text: string, fallback: string): string {
  let name = text.replace(/[^A-Za-z0-9_]+/g, '-');
  if (name.startsWith('-')) name = name.slice(1);
  if (name.endsWith('-')) name = name.slice(0, -1);
  if (name === '') return fallback;
  // A digit cannot start a name, and a keyword is not one (`mount true` would not parse).
  return /^[0-9]/.test(name) || KEYWORDS.includes(name) ? `${fallback}-${name}` : name;
}
