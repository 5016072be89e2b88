/**
 * The real-world rules a check mirrors (DESIGN §4 **Profiles**: every rule
 * names its PSS / CIS / kube-linter reference in docs/checks.md and in
 * SARIF). One definition: the SARIF rules' `properties.tags` are read from
 * here, and test/checks/references.test.ts asserts that each code's entry in
 * docs/checks.md names the same references.
 *
 * Keyed by code strings, like the profile table: a code added later gets its
 * references here once its docs/checks.md entry names them.
 */

export type Reference =
  /** CIS Docker Benchmark recommendation, e.g. 5.4. */
  | { standard: 'cis-docker'; id: string }
  /** Kubernetes Pod Security Standards: the level and the control's name. */
  | { standard: 'pss'; level: 'Baseline' | 'Restricted'; control: string }
  /** A kube-linter check. */
  | { standard: 'kube-linter'; check: string }
  /** A Trivy misconfiguration id (KSV…). */
  | { standard: 'trivy'; id: string };

const cis = (...ids: string[]): Reference[] => ids.map((id) => ({ standard: 'cis-docker', id }));
const pss = (level: 'Baseline' | 'Restricted', control: string): Reference => ({ standard: 'pss', level, control });
const kube = (...checks: string[]): Reference[] => checks.map((check) => ({ standard: 'kube-linter', check }));
const trivy = (...ids: string[]): Reference[] => ids.map((id) => ({ standard: 'trivy', id }));

export const REFERENCES: Readonly<Record<string, readonly Reference[]>> = {
  VMX207: [...cis('5.4'), pss('Baseline', 'Privileged Containers'), ...kube('privileged-container')],
  VMX208: [...cis('5.9', '5.15', '5.16', '5.20'), pss('Baseline', 'Host Namespaces'), ...kube('host-network', 'host-pid', 'host-ipc')],
  VMX209: [...cis('4.1'), pss('Restricted', 'Running as Non-root'), ...kube('run-as-non-root')],
  VMX210: [...cis('5.5', '5.31'), pss('Baseline', 'HostPath Volumes'), ...kube('sensitive-host-mounts', 'docker-sock')],
  VMX215: [...cis('5.3'), pss('Baseline', 'Capabilities'), ...kube('privilege-escalation-container', 'drop-net-raw-capability'), ...trivy('KSV005')],
  VMX217: [pss('Baseline', 'Seccomp'), pss('Baseline', 'AppArmor'), pss('Baseline', 'SELinux'), ...cis('5.1', '5.2', '5.21'), ...trivy('KSV002', 'KSV104')],
  VMX218: [...cis('5.19')],
  VMX219: [...cis('5.17'), pss('Baseline', 'HostPath Volumes'), ...kube('sensitive-host-mounts'), ...trivy('KSV023')],
  VMX220: [pss('Baseline', 'HostPath Volumes'), ...kube('sensitive-host-mounts'), ...trivy('KSV023')],
  VMX221: [pss('Baseline', 'Capabilities'), ...cis('5.3'), ...kube('privilege-escalation-container'), ...trivy('KSV022')],
  VMX222: [...kube('drop-net-raw-capability'), pss('Restricted', 'Capabilities'), ...cis('5.3'), ...trivy('KSV003')],
  VMX223: [...cis('5.25'), pss('Restricted', 'Privilege Escalation'), ...kube('privilege-escalation-container'), ...trivy('KSV001')],
  VMX224: [...cis('5.12'), ...kube('no-read-only-root-fs'), ...trivy('KSV014')],
  VMX225: [...kube('latest-tag'), ...trivy('KSV013')],
  VMX308: [...cis('5.10'), ...kube('unset-memory-requirements')],
  VMX309: [...cis('5.29')],
};

/**
 * Codes that are security findings beyond the VMX2xx isolation family:
 * misleading names (Unicode TR39, VMX112) and containers without memory or
 * process limits, a denial of service of every neighbour (VMX308, VMX309;
 * CIS Docker Benchmark 5.10, 5.29).
 */
const SECURITY_CODES = new Set(['VMX112', 'VMX308', 'VMX309']);

/** Whether a code is a security finding: the VMX2xx family and SECURITY_CODES. */
export function isSecurityCode(code: string): boolean {
  return /^VMX2\d\d$/.test(code) || SECURITY_CODES.has(code);
}

/** A reference as a SARIF tag, in CodeQL's `external/…` style: `external/cis-docker/5.4`, `external/pss/baseline/host-namespaces`. */
export function referenceTag(r: Reference): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, '-');
  switch (r.standard) {
    case 'cis-docker':
      return `external/cis-docker/${r.id}`;
    case 'pss':
      return `external/pss/${slug(r.level)}/${slug(r.control)}`;
    case 'kube-linter':
      return `external/kube-linter/${r.check}`;
    case 'trivy':
      return `external/trivy/${r.id.toLowerCase()}`;
  }
}

/** The references of a code; none for most. */
export function referencesOf(code: string): readonly Reference[] {
  return Object.hasOwn(REFERENCES, code) ? REFERENCES[code] : [];
}
