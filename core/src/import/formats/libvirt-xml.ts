/**
 * libvirt domain XML, read with fast-xml-parser into a small element tree
 * (name, attributes, text, children in document order). Safety first: libvirt
 * never writes a DOCTYPE, so a document with one (the only way to declare
 * entities, and so an entity-expansion bomb) is refused before parsing;
 * entity processing stays off; the input is validated first so malformed
 * XML is one line naming its line; nesting deeper than any domain is refused.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportError } from '../types';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** The element's own text, trimmed (`4` in `<vcpu>4</vcpu>`). */
  text: string;
  children: XmlElement[];
}

/** A domain is about 6 levels deep; 64 leaves room for any metadata and refuses a nesting bomb. */
const MAX_DEPTH = 64;

const ATTR_PREFIX = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR_PREFIX,
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  maxNestedTags: MAX_DEPTH,
});

/**
 * The root element's name of `text` when it looks like XML (after a
 * declaration and comments), else undefined. A DOCTYPE names the root too, so
 * a `<!DOCTYPE domain [...]>` bomb is taken for a domain and then refused by
 * parseXml, with the reason, rather than left unrecognised.
 */
export function xmlRootName(text: string): string | undefined {
  const m = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!DOCTYPE\s+)?([A-Za-z_][\w.:-]*)[\s/>[]/.exec(text.slice(0, 64 * 1024));
  return m?.[1];
}

type Ordered = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * XML's five predefined entities and character references, which libvirt
 * writes (`R&amp;D`, `&#10;`): decoded here because entity processing is off
 * in the parser. Nothing else is expanded, so nothing can grow.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** The parser's tree as XmlElements; its depth is bounded by maxNestedTags, so this recursion is too. */
function toElement(node: Ordered): XmlElement | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text' || tag.startsWith('?')) return undefined;
  const attrs: Record<string, string> = {};
  const rawAttrs = (node[':@'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(rawAttrs)) if (k.startsWith(ATTR_PREFIX)) attrs[k.slice(ATTR_PREFIX.length)] = decodeXmlText(String(v));
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of (node[tag] ?? []) as Ordered[]) {
    if ('#text' in child) texts.push(decodeXmlText(String(child['#text'])));
    else {
      const el = toElement(child);
      if (el) children.push(el);
    }
  }
  return { name: tag, attrs, text: texts.join(' ').trim(), children };
}

/** The root element of `text`; an ImportError (one line) for anything that is not well-formed XML without a DOCTYPE. */
export function parseXml(text: string, name: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ImportError(`${name}: XML with a DOCTYPE or entity declarations; refused (libvirt never writes one, and entities can expand without bound)`);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw new ImportError(`${name}:${valid.err.line}: not well-formed XML: ${valid.err.msg.split('\n')[0]}`);
  let ordered: Ordered[];
  try {
    ordered = parser.parse(text) as Ordered[];
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    if (/nested tags/i.test(message)) throw new ImportError(`${name}: XML nested deeper than ${MAX_DEPTH} levels; refused (a libvirt domain is a few levels deep)`);
    throw new ImportError(`${name}: not readable XML: ${message}`);
  }
  const roots = ordered.map((n) => toElement(n)).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new ImportError(`${name}: XML with ${roots.length} root elements; a libvirt domain has one, <domain>`);
  return roots[0];
}

export function child(el: XmlElement | undefined, tag: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === tag);
}

export function childrenOf(el: XmlElement | undefined, tag: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === tag) : [];
}

/** The element without its namespace prefix (`libosinfo:os` → `os`). */
export function localName(el: XmlElement): string {
  const i = el.name.indexOf(':');
  return i < 0 ? el.name : el.name.slice(i + 1);
}
