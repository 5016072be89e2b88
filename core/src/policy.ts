/**
 * THE rule for what a user sees of the diagnostics an analysis produced:
 * `# vmx-ignore` comments silence (suppress.ts), then the profile raises and
 * the user's per-code settings win, `off` hides (profiles.ts). The pipeline
 * (analyze.ts), the server's simulation findings and `vmx drift` all apply
 * it through applyPolicy, so the CLI and the editor cannot disagree.
 */
import { CheckConfig } from './config';
import { Diagnostic } from './diagnostics/types';
import { SourceFile } from './model/types';
import { configuredSeverity } from './profiles';
import { suppressions, Suppressions, UNSUPPRESSIBLE } from './suppress';

/** The suppressions of each file, parsed once per application. */
export class FileSuppressions {
  private readonly byUri = new Map<string, Suppressions>();
  constructor(private readonly fileOf: (uri: string) => SourceFile | undefined) {}
  of(uri: string): Suppressions | undefined {
    let s = this.byUri.get(uri);
    if (!s) {
      const file = this.fileOf(uri);
      if (file) this.byUri.set(uri, (s = suppressions(file)));
    }
    return s;
  }
  /** Syntax errors, limits and the hygiene codes are never silenced (an invalid file always gets a diagnostic). */
  silences(d: Diagnostic): boolean {
    return !UNSUPPRESSIBLE.has(d.code) && (this.of(d.uri)?.isSuppressed(d.code, d.range.start.line) ?? false);
  }
}

export interface PolicyOptions {
  /** Diagnostics to add after suppression and before severities: the VMX113/VMX114 of the suppression comments themselves. */
  hygiene?: (sup: FileSuppressions) => Diagnostic[];
  /** The suppressions to use (and record uses in); a fresh set when not given. */
  suppressions?: FileSuppressions;
}

/** Suppressions, then configured severities: the diagnostics a user sees, each with its shown severity (set in place). */
export function applyPolicy(diagnostics: Diagnostic[], fileOf: (uri: string) => SourceFile | undefined, config: CheckConfig, options: PolicyOptions = {}): Diagnostic[] {
  const sup = options.suppressions ?? new FileSuppressions(fileOf);
  const kept = diagnostics.filter((d) => !sup.silences(d));
  if (options.hygiene) kept.push(...options.hygiene(sup));
  const shown: Diagnostic[] = [];
  for (const d of kept) {
    const setting = configuredSeverity(config, d.code, d.severity);
    if (setting === 'off') continue;
    d.severity = setting;
    shown.push(d);
  }
  return shown;
}
