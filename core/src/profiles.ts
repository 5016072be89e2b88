/**
 * Profiles (DESIGN §4, "Added codes" and **Profiles**): `default`,
 * `baseline`, `restricted` — the Kubernetes Pod Security Standards levels.
 * A profile only raises severities: each entry is the severity a code is
 * raised to under that profile, and a diagnostic already more severe keeps
 * its own. `default` raises nothing; `restricted` includes `baseline`.
 *
 * The table is keyed by code strings, so a profile can name a code before
 * its check exists (test/cli/profiles.test.ts ties the table to CODES).
 *
 * Precedence, applied in one place (`configuredSeverity`, used by
 * analyze.ts's final pass and by the server's simulation findings):
 * the severity the check reported → raised by the profile (never lowered)
 * → replaced by the user's explicit `severities` setting for that code
 * (vmx.config.json, `--severity`, `vmx.severities`), which always wins,
 * `off` included: a per-code choice is more specific than a profile.
 */
import { Severity } from './diagnostics/types';

export const PROFILES = ['default', 'baseline', 'restricted'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** One line per profile, for help texts, the VS Code setting and the config schema. */
export const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  default: 'The default severities of docs/checks.md.',
  baseline: 'Kubernetes Pod Security Standards Baseline: any host-path bind mount (VMX220) is a warning.',
  restricted: 'Kubernetes Pod Security Standards Restricted: Baseline, plus NET_RAW kept (VMX222) and privilege escalation allowed (VMX223) are warnings, a writable root filesystem (VMX224) is information.',
};

/** DESIGN §4's "Added codes" table: the severity each code is raised to under each profile. */
export const PROFILE_SEVERITIES: Record<ProfileName, Readonly<Record<string, Severity>>> = {
  default: {},
  baseline: {
    VMX220: 'warning',
  },
  restricted: {
    VMX220: 'warning',
    VMX222: 'warning',
    VMX223: 'warning',
    VMX224: 'information',
  },
};

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function isProfileName(v: unknown): v is ProfileName {
  return typeof v === 'string' && (PROFILES as readonly string[]).includes(v);
}

/** The severity of a diagnostic of `code` reported as `reported`, under `profile`: raised, never lowered. */
export function profileSeverity(profile: ProfileName | undefined, code: string, reported: Severity): Severity {
  const raised = profile ? PROFILE_SEVERITIES[profile][code] : undefined;
  return raised !== undefined && RANK[raised] > RANK[reported] ? raised : reported;
}

/**
 * The severity a diagnostic is shown with, or `off` when it is not shown:
 * the user's explicit setting for its code if there is one, else the
 * reported severity raised by the profile.
 */
export function configuredSeverity(config: { severities: Record<string, Severity | 'off'>; profile?: ProfileName }, code: string, reported: Severity): Severity | 'off' {
  return Object.hasOwn(config.severities, code) ? config.severities[code] : profileSeverity(config.profile, code, reported);
}
