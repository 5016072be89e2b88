/** Signature help for workload patterns: `burst(` shows its parameters, the one being typed highlighted. */
import { patternSpec, PatternSpec } from '../schema';
import { identifierBefore, lineStartBefore } from './text-scan';

export interface SignatureInfo {
  pattern: PatternSpec;
  /** Index into pattern.parameters of the parameter being written. */
  active: number;
}

/** Looks back from the cursor on its line for an open pattern call. */
export function signatureAt(text: string, offset: number): SignatureInfo | undefined {
  const lineStart = lineStartBefore(text, offset);
  const prefix = text.slice(lineStart, offset);
  let depth = 0;
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '[' && depth > 0) depth--;
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = identifierBefore(prefix, i);
      const pattern = callee && patternSpec(callee.name);
      if (!pattern) return undefined;
      const args = prefix.slice(i + 1);
      return { pattern, active: activeParameter(pattern, args) };
    }
  }
  return undefined;
}

function activeParameter(p: PatternSpec, args: string): number {
  if (p.variadicPairs) return 0;
  const current = args.slice(topLevelCommas(args) + 1);
  const named = /^\s*([A-Za-z_]\w*)\s*=?/.exec(current);
  const byName = named ? p.parameters.findIndex((x) => x.name === named[1]) : -1;
  if (byName >= 0) return byName;
  let commas = 0;
  let depth = 0;
  for (const c of args) {
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) commas++;
  }
  return Math.min(commas, p.parameters.length - 1);
}

function topLevelCommas(args: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) last = i;
  }
  return last;
}
