/**
 * Random token streams from the language's vocabulary: schema kinds and
 * attribute names, quantities with every unit (and wrong ones), strings
 * with escapes, punctuation, comments, and bytes that are not part of the
 * language at all. Mostly nonsense, with enough real words to get deep
 * into the parser and the resolver.
 */
import fc from 'fast-check';
import { KINDS, PATTERNS, UNIT_KINDS } from '../../../core/src/schema';

const kindNames = KINDS.map((k) => k.name);
const attributeNames = [...new Set(KINDS.flatMap((k) => k.attributes.map((a) => a.name)))];
const enumWords = [...new Set(KINDS.flatMap((k) => [...(k.label.t === 'enum' ? k.label.values : []), ...k.attributes.flatMap((a) => (a.type.t === 'enum' ? a.type.values : a.type.t === 'names' ? a.type.known : []))]))];
const units = [...new Set(Object.values(UNIT_KINDS).flatMap((u) => Object.keys(u.units)))];
const calls = [...PATTERNS.map((p) => p.name), 'container', 'volume'];

const word = fc.constantFrom(...kindNames, ...attributeNames, ...enumWords, ...calls, 'max', 'private', 'host', 'root', 'import', 'true', 'false', 'x', 'a-b_c', 'x.y.z');

const number = fc.oneof(
  fc.integer({ min: -5, max: 100000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => String(d)),
  fc.constantFrom('0', '1e9', '1e12', '1e308', '1e309', '9007199254740993', '.5', '-0', '00', '4.', '1e', '0..7', '1..', '..3'),
);
const quantity = fc.tuple(number, fc.constantFrom(...units, 'GIB', 'xyz', '%%', 'k', 'iopsx')).map(([n, u]) => n + u);

const stringLit = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('""', '"\\u{110000}"', '"\\uD800"', '"\\', '"unterminated', '"a\\"b"', '"/etc"', '"/var/run/docker.sock"', '"../../etc/passwd.vmx"', '"\\n"'),
);

const punctuation = fc.constantFrom('{', '}', '[', ']', '(', ')', '=', ',', ';', '..', '.', '-', '+', '*', '/');
const comment = fc.constantFrom('# c\n', '// c\n', '/* c */', '/*', '*/', '# vmx-ignore\n', '# vmx-ignore VMX105\n');
const space = fc.constantFrom(' ', '\n', '\r\n', '\r', '\t', '', '\uFEFF', '\u00A0', '\u2028');
const garbage = fc.oneof(
  fc.constantFrom('\u0000', '\uFFFD', '\uD800', '\uDC00', '\u200B', 'é', '日本', '😀', '\\', '`', '@', '$', '~', '|', '&', '^', '?', '!', '<', '>', "'", '\u001b[31m'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

/** One token-ish fragment. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 3, arbitrary: quantity },
  { weight: 2, arbitrary: stringLit },
  { weight: 6, arbitrary: punctuation },
  { weight: 1, arbitrary: comment },
  { weight: 1, arbitrary: garbage },
);

/** A stream of fragments joined by random whitespace. */
export const tokenStream = (maxTokens = 60): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fragment, space), { maxLength: maxTokens }).map((parts) => parts.map(([t, s]) => t + s).join(''));

/**
 * Streams shaped like the language: `kind label { name = value … }` with
 * random words in every slot, so blocks, attributes and values are reached.
 */
const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    quantity,
    number,
    stringLit,
    word,
    fc.tuple(number, number).map(([a, b]) => `${a}..${b}`),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(fc.constantFrom(...calls), fc.array(fc.tuple(fc.option(word, { nil: undefined }), tie('value')), { maxLength: 4 })).map(([c, args]) => `${c}(${args.map(([n, v]) => (n ? `${n} = ${v}` : v)).join(', ')})`),
  ),
})).value;

export const structuredStream: fc.Arbitrary<string> = fc.letrec<{ item: string; block: string }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(word, value, space).map(([n, v, s]) => `${n} = ${v}${s || ' '}`),
    tie('block'),
    fragment,
  ),
  block: fc
    .tuple(word, fc.option(fc.oneof(word, stringLit), { nil: undefined }), fc.array(tie('item'), { maxLength: 5 }), fc.boolean())
    .map(([k, l, items, closed]) => `${k}${l ? ' ' + l : ''} {\n${items.join('\n')}\n${closed ? '}' : ''}\n`),
})).block;
