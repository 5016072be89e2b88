/**
 * `# vmx-ignore VMX208 VMX209` silences those codes on the next line when
 * the comment stands alone on its line, or on its own line when it ends a
 * line of code. Without codes it silences every code there.
 */
import { SourceFile } from './model/types';

const IGNORE = /vmx-ignore\b([^\n]*)/;

export interface Suppressions {
  isSuppressed(code: string, line: number): boolean;
}

export function suppressions(file: SourceFile): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  for (const c of file.ast.comments) {
    if (c.block) continue;
    const m = IGNORE.exec(c.text);
    if (!m) continue;
    const codes = m[1].match(/VMX\d{3}/g);
    const pos = file.lines.position(c.start);
    const lineStart = file.lines.lineStart(pos.line);
    const alone = file.text.slice(lineStart, c.start).trim() === '';
    const line = alone ? pos.line + 1 : pos.line;
    const prev = byLine.get(line);
    if (!codes || prev === 'all') byLine.set(line, 'all');
    else byLine.set(line, new Set([...(prev ?? []), ...codes]));
  }
  return {
    isSuppressed(code: string, line: number): boolean {
      const s = byLine.get(line);
      return s === 'all' || (s !== undefined && s.has(code));
    },
  };
}
