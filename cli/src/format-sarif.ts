/** `--format sarif`: SARIF 2.1.0 with one rule per code, for GitHub code scanning. */
import { CODES } from '../../core/src/diagnostics/codes';
import { Diagnostic, Severity } from '../../core/src/diagnostics/types';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const HELP_URI = 'https://github.com/vmx-host-topology/vmx-host-topology/blob/main/docs/checks.md';

export function formatSarif(entries: { path: string; diagnostics: Diagnostic[] }[], version: string, pathOf: (uri: string) => string): string {
  const rules = CODES.map((c) => ({
    id: c.code,
    name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
    shortDescription: { text: c.title },
    fullDescription: { text: `${c.code}: ${c.title}.` },
    help: { text: `${c.title}. See docs/checks.md#${c.code.toLowerCase()} for an example, the reason and the fix.`, markdown: `**${c.code}** — ${c.title}. See [docs/checks.md](${HELP_URI}#${c.code.toLowerCase()}).` },
    helpUri: `${HELP_URI}#${c.code.toLowerCase()}`,
    defaultConfiguration: { level: LEVEL[c.severity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const region = (r: Diagnostic['range']) => ({ startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  const results = entries.flatMap((e) =>
    e.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code) ?? -1,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: e.path.replace(/\\/g, '/') }, region: region(d.range) } }],
      relatedLocations: (d.related ?? []).map((r, i) => ({
        id: i + 1,
        message: { text: r.message },
        physicalLocation: { artifactLocation: { uri: pathOf(r.uri).replace(/\\/g, '/') }, region: region(r.range) },
      })),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'vmx', fullName: 'VMX Host Topology checker', version, informationUri: HELP_URI.replace(/\/blob\/main\/docs\/checks\.md$/, ''), rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
