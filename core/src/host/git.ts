/**
 * A topology as a git revision has it, for `vmx diff --git REF FILE` and the
 * editor's "VMX: Compare with…" (vmx/diff). The one place that starts a
 * process: `git rev-parse --show-toplevel` and `git show REF:PATH`, run
 * without a shell with an argument array, the ref checked never to be an
 * option (`--output=…` would make git write a file). Front ends turn a
 * GitError into their own one-line error.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceProvider } from '../model/imports';
import { SourceFile } from '../model/types';

export class GitError extends Error {}

/** The real path of a file; its folder's when the file itself is gone from the working tree. */
export function realish(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return resolve(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** `git …` in a folder: its standard output, or a GitError with git's first line of complaint. */
function git(cwd: string, args: string[], what: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30_000 });
  if (r.error) throw new GitError(`${what}: cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  if (r.status !== 0) throw new GitError(`${what}: ${(r.stderr || `git exited with ${r.status}`).trim().split('\n')[0].replace(/^fatal: /, '')}`);
  return r.stdout;
}

/** One revision of the repository that holds `path`. */
export class GitRevision {
  private constructor(
    readonly ref: string,
    /** The repository's top level, real path. */
    readonly top: string,
  ) {}

  /** The revision `ref` of the repository holding `path` (GitError when there is none, or the ref is no ref). */
  static of(path: string, ref: string): GitRevision {
    if (ref.length === 0 || ref.startsWith('-') || /[\u0000-\u001f\u007f]/.test(ref)) throw new GitError(`invalid git ref '${ref}'`);
    const top = realish(git(dirname(realish(path)), ['rev-parse', '--show-toplevel'], `cannot compare '${path}' with ${ref}`).trim());
    return new GitRevision(ref, top);
  }

  /** `abs` relative to the top level with `/`, or undefined when it lies outside the repository. */
  pathInRepo(abs: string): string | undefined {
    const rel = relative(this.top, realish(abs));
    return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
  }

  /** The text of `rel` (a path from pathInRepo) at this revision. */
  show(rel: string): string {
    return git(this.top, ['show', `${this.ref}:${rel}`], `cannot read '${rel}' at ${this.ref}`);
  }

  /**
   * Sources as this revision has them: a file inside the repository is read
   * at the revision (missing there: a missing import of the old version);
   * one outside it comes from `outside` (the disk as it is now).
   */
  sources(make: (uri: string, text: string) => SourceFile, outside: SourceProvider, known: [string, SourceFile][] = []): SourceProvider {
    const cache = new Map<string, SourceFile | null>(known);
    return {
      get: (uri) => {
        const cached = cache.get(uri);
        if (cached !== undefined) return cached ?? undefined;
        const rel = uri.startsWith('file:') ? this.pathInRepo(fileURLToPath(uri)) : undefined;
        let file: SourceFile | null;
        if (rel === undefined) file = outside.get(uri) ?? null;
        else {
          try {
            file = make(uri, this.show(rel));
          } catch {
            file = null;
          }
        }
        cache.set(uri, file);
        return file ?? undefined;
      },
    };
  }
}
