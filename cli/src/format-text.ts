/** `--format text`: one line per diagnostic, like a compiler; colour only on a TTY. */
import { Diagnostic, Severity } from '../../core/src/diagnostics/types';
import { visibleText } from '../../core/src/diagnostics/visible-text';

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };

export function formatText(entries: { path: string; diagnostics: Diagnostic[] }[], colour: boolean): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { path, diagnostics } of entries) {
    for (const d of diagnostics) {
      counts[d.severity]++;
      // Paths and messages carry user text: shown escaped, so a name cannot drive the terminal.
      const where = `${visibleText(path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const sev = colour ? `${COLOURS[d.severity]}${d.severity}\x1b[0m` : d.severity;
      lines.push(`${colour ? `\x1b[1m${where}\x1b[0m` : where}: ${sev} ${d.code}: ${visibleText(d.message)}`);
      for (const r of d.related ?? []) lines.push(`    related: ${visibleText(r.message)} (line ${r.range.start.line + 1})`);
    }
  }
  const files = entries.length;
  const summary = `${files} file${files === 1 ? '' : 's'} checked: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information + counts.hint} info`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
