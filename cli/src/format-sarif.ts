/**
 * `--format sarif`: SARIF 2.1.0 with one rule per code, for GitHub code
 * scanning (docs/cli.md, "SARIF"). Validated against the standard's schema
 * by test/cli/sarif.test.ts.
 *
 * - Rules carry `properties.tags` — a family tag, `security` for security
 *   findings (VMX2xx, VMX112, VMX308, VMX309) and the references of
 *   core/src/diagnostics/references.ts as `external/cis-docker/5.4`,
 *   `external/pss/baseline/…`, `external/kube-linter/…` — and, for security
 *   rules, `properties.security-severity` (GitHub's CVSS-like score) from the
 *   severity the rule has in this run (its most severe result, so a profile
 *   or a severity setting counts; else its default): error 8.0 (high),
 *   warning 5.5 (medium), information 2.0 and hint 1.0 (low).
 * - `helpUri` is absolute (SARIF §3.49.12 wants an absolute URI, and GitHub
 *   links it as given): docs/checks.md under the repository of package.json's
 *   `repository` when the build found one, else the project's home, with the
 *   anchor GitHub gives the code's heading (`#vmx207--privileged-container`;
 *   the build reads the headings; `#vmx207` without them).
 * - Result locations are relative to `%SRCROOT%` (`originalUriBaseIds`):
 *   the git work tree holding the working directory, else the working
 *   directory, as a file: URI ending in `/`. Files outside it keep an
 *   absolute file: URI; standard input is `<stdin>`.
 */
import { relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CODES } from '../../core/src/diagnostics/codes';
import { isSecurityCode, referencesOf, referenceTag } from '../../core/src/diagnostics/references';
import { Diagnostic, Severity } from '../../core/src/diagnostics/types';
import { gitWorkTree } from './import-root';
import { STDIN_NAME } from './inputs';

declare const __REPOSITORY__: string | undefined;
declare const __CHECK_HEADINGS__: Record<string, string> | undefined;

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** GitHub code scanning's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', information: '2.0', hint: '1.0' };

/** The project's home, when the build saw no `repository` in package.json. */
export const PROJECT_URL = 'https://github.com/vmx-host-topology/vmx-host-topology';

/** `https://github.com/o/r` from package.json's `repository` (a string, `github:o/r`, `o/r`, or `{ url: 'git+https://…/r.git' }`). */
export function repositoryUrl(repository: unknown): string | undefined {
  const raw = typeof repository === 'string' ? repository : typeof repository === 'object' && repository !== null ? (repository as { url?: unknown }).url : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let url = raw.trim();
  const short = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url);
  if (short) url = `https://github.com/${short[1]}`;
  url = url.replace(/^git\+/, '').replace(/^git@([^:]+):/, 'https://$1/').replace(/^git:\/\//, 'https://').replace(/\.git$/, '').replace(/\/+$/, '');
  return /^https?:\/\/[^/]+\/.+/.test(url) ? url : undefined;
}

/** Where docs/checks.md is read on the web: `…/blob/main/docs/checks.md`. */
export function checksDocUrl(repository: unknown = typeof __REPOSITORY__ === 'string' ? __REPOSITORY__ : undefined): string {
  return `${repositoryUrl(repository) ?? PROJECT_URL}/blob/main/docs/checks.md`;
}

/**
 * The anchor GitHub gives a markdown heading (github-slugger): lower case,
 * every character but letters, marks, digits, connector punctuation, spaces
 * and hyphens dropped, spaces made hyphens. `VMX207 — privileged container`
 * → `vmx207--privileged-container`.
 */
export function githubAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** A code's anchor in docs/checks.md: from its heading when the build read it, else `vmxnnn`. */
export function checksAnchor(code: string, headings: Record<string, string> | undefined = typeof __CHECK_HEADINGS__ === 'object' ? __CHECK_HEADINGS__ : undefined): string {
  const heading = headings && Object.hasOwn(headings, code) ? headings[code] : undefined;
  return heading ? githubAnchor(heading) : code.toLowerCase();
}

/** The folder results are relative to: the git work tree holding `cwd`, else `cwd`. */
export function sourceRoot(cwd = process.cwd()): string {
  return gitWorkTree(cwd) ?? cwd;
}

/** A folder as a file: URI ending in `/`, as originalUriBaseIds wants. */
function folderUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A relative path as a URI reference: each segment percent-encoded, `/` between. */
function relativeUri(rel: string): string {
  return rel.split(sep).map((s) => encodeURIComponent(s)).join('/');
}

function familyTag(code: string): string {
  if (/^VMX[01]/.test(code)) return 'correctness';
  if (/^VMX2/.test(code)) return 'isolation';
  if (/^VMX3/.test(code)) return 'capacity';
  if (/^VMX4/.test(code)) return 'simulation';
  return 'drift';
}

export interface SarifOptions {
  /** The folder of %SRCROOT% (default: sourceRoot()). */
  srcRoot?: string;
  /** docs/checks.md on the web (default: checksDocUrl()). */
  checksUrl?: string;
}

export function formatSarif(entries: { path: string; uri?: string; diagnostics: Diagnostic[] }[], version: string, pathOf: (uri: string) => string, options: SarifOptions = {}): string {
  const srcRoot = options.srcRoot ?? sourceRoot();
  const checksUrl = options.checksUrl ?? checksDocUrl();
  // The severity each rule has in this run: its most severe result (profiles and settings count), else its default.
  const shown = new Map<string, Severity>();
  for (const e of entries) for (const d of e.diagnostics) {
    const s = shown.get(d.code);
    if (!s || RANK[d.severity] > RANK[s]) shown.set(d.code, d.severity);
  }
  const rules = CODES.map((c) => {
    const anchor = `${checksUrl}#${checksAnchor(c.code)}`;
    const security = isSecurityCode(c.code);
    const refs = referencesOf(c.code);
    const tags = [familyTag(c.code), ...(security ? ['security'] : []), ...refs.map(referenceTag)];
    return {
      id: c.code,
      name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
      shortDescription: { text: c.title },
      fullDescription: { text: `${c.code}: ${c.title}.` },
      help: {
        text: `${c.title}. See docs/checks.md#${c.code.toLowerCase()} for an example, the reason and the fix.`,
        markdown: `**${c.code}** — ${c.title}. See [docs/checks.md](${anchor}) for an example, the reason and the fix.`,
      },
      helpUri: anchor,
      defaultConfiguration: { level: LEVEL[c.severity] },
      properties: { tags, ...(security ? { 'security-severity': SECURITY_SEVERITY[shown.get(c.code) ?? c.severity] } : {}) },
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const region = (r: Diagnostic['range']) => ({ startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  const artifact = (uri: string, shownPath: string): { uri: string; uriBaseId?: string } => {
    if (shownPath === STDIN_NAME || !uri.startsWith('file:')) return { uri: shownPath.replace(/\\/g, '/') };
    const abs = fileURLToPath(uri);
    const rel = relative(srcRoot, abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
    return { uri: relativeUri(rel), uriBaseId: '%SRCROOT%' };
  };
  const results = entries.flatMap((e) =>
    e.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code) ?? -1,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: artifact(d.uri, e.path), region: region(d.range) } }],
      relatedLocations: (d.related ?? []).map((r, i) => ({
        id: i + 1,
        message: { text: r.message },
        physicalLocation: { artifactLocation: artifact(r.uri, pathOf(r.uri)), region: region(r.range) },
      })),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vmx', fullName: 'VMX Host Topology checker', version, informationUri: checksUrl.replace(/\/blob\/main\/docs\/checks\.md$/, ''), rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: folderUri(srcRoot) } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
