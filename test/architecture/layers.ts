/**
 * The import-boundary check: the rules are the table in ARCHITECTURE.md
 * ("Import boundaries"), parsed here, so the document and the test cannot
 * disagree; the imports are read with the TypeScript compiler's
 * preProcessFile (imports, re-exports, dynamic import() and require()).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface Rule {
  /** Path prefixes (`core/src/sim/`) or files (`core/src/analyze`, no `.ts`) the rule applies to. */
  files: string[];
  except: string[];
  /** Forbidden targets: repo paths as above, or bare module names (`fs` for `node:fs`). */
  forbidden: string[];
  why: string;
}

/** An import of one file: the repo-relative path it resolves to (relative specifiers), or the bare module name. */
export interface Import {
  from: string;
  target: string;
  spelled: string;
}

const cells = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
/** `node:fs` → `fs`; `core/src/analyze.ts` → `core/src/analyze`; folders keep their `/`. */
const normal = (token: string) => token.replace(/^node:/, '').replace(/\.ts$/, '');

/** The rows of the table after the `layers-table` marker of ARCHITECTURE.md. */
export function parseRules(markdown: string): Rule[] {
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.includes('layers-table'));
  if (at < 0) throw new Error('ARCHITECTURE.md has no layers-table marker');
  const rows: Rule[] = [];
  for (const line of lines.slice(at + 3)) {
    if (!line.startsWith('|')) break;
    const [files, except, forbidden, why] = cells(line);
    rows.push({ files: ticked(files).map(normal), except: ticked(except).map(normal), forbidden: ticked(forbidden).map(normal), why });
  }
  return rows;
}

/** Does `path` (repo-relative, no `.ts`) fall under `prefix` (a folder ending in `/`, or a file)? */
export function under(path: string, prefix: string): boolean {
  return prefix.endsWith('/') ? (path + '/').startsWith(prefix) : path === prefix || path.startsWith(prefix + '/');
}

/** The imports of one source text, `file` repo-relative. */
export function importsOf(file: string, text: string): Import[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => {
    const target = fileName.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), fileName)).replace(/\.(ts|js)$/, '') : fileName.replace(/^node:/, '');
    return { from: file, target, spelled: fileName };
  });
}

/** Every import a rule forbids, as "file imports 'x' (why)". */
export function violations(imports: Import[], rules: Rule[]): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const from = i.from.replace(/\.ts$/, '');
    for (const r of rules) {
      if (!r.files.some((f) => under(from, f)) || r.except.some((e) => under(from, e))) continue;
      if (r.forbidden.some((f) => under(i.target, f))) out.push(`${i.from} imports '${i.spelled}' — ${r.why}`);
    }
  }
  return out;
}

/** Every .ts file under the given top folders of the repo, repo-relative with `/`. */
export function sourceFiles(root: string, tops: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const t of tops) walk(join(root, t));
  return out.sort();
}

export function repoImports(root: string): Import[] {
  return sourceFiles(root, ['core', 'server', 'client', 'cli']).flatMap((f) => importsOf(f, readFileSync(join(root, f), 'utf8')));
}

