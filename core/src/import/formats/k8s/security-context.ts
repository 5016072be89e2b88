/**
 * A container's security settings: its own securityContext over the pod's
 * (Kubernetes: a container's field wins, the pod's is inherited), and the
 * legacy AppArmor annotation.
 */
import { ContainerSpec } from '../../container';
import { NotImported } from '../../tree';
import { SECURITY_MAPPED, SECURITY_NOT_IMPORTED } from './fields';
import { flag, integer, Json, notBooleans, notList, rec, strings, text } from './read';

type Security = Pick<ContainerSpec, 'user' | 'privileged' | 'capAdd' | 'capDrop' | 'seccomp' | 'apparmor' | 'selinux' | 'noNewPrivileges' | 'readOnlyRootfs'>;

export interface SecurityResult {
  spec: Security;
  comments: string[];
  notImported: NotImported[];
}

/** The container's field, else the pod's. */
function pick(container: Json, pod: Json, key: string): { value: unknown; from: 'container' | 'pod' } | undefined {
  if (container[key] !== undefined) return { value: container[key], from: 'container' };
  if (pod[key] !== undefined) return { value: pod[key], from: 'pod' };
  return undefined;
}

/**
 * A seccompProfile or appArmorProfile (Kubernetes 1.30+) → our `seccomp` or
 * `apparmor`: the two share their types; a Localhost profile is named as
 * each of our attributes names one (seccomp: "localhost/PATH", apparmor: the
 * profile's name).
 */
function profileOf(profile: Json | undefined, localhost: (name: string | undefined) => string | undefined): string | undefined {
  switch (text(profile?.type)) {
    case 'RuntimeDefault':
      return 'runtime-default';
    case 'Unconfined':
      return 'unconfined';
    case 'Localhost':
      return localhost(text(profile?.localhostProfile));
    default:
      return undefined;
  }
}

const seccomp = (profile: Json | undefined) => profileOf(profile, (name) => `localhost/${name ?? ''}`);
const apparmorField = (profile: Json | undefined) => profileOf(profile, (name) => name);

/** The annotation container.apparmor.security.beta.kubernetes.io/NAME: `runtime/default`, `unconfined`, `localhost/PROFILE`. */
function apparmorAnnotation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'runtime/default') return 'runtime-default';
  if (value === 'unconfined') return 'unconfined';
  if (value.startsWith('localhost/')) return value.slice('localhost/'.length);
  return undefined;
}

export const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export function securityOf(containerContext: unknown, podContext: unknown, apparmorAnnotationValue: string | undefined): SecurityResult {
  const c = rec(containerContext) ?? {};
  const p = rec(podContext) ?? {};
  const spec: Security = {};
  const comments: string[] = [];
  const notImported: NotImported[] = [];

  const uid = pick(c, p, 'runAsUser');
  const nonRoot = flag(pick(c, p, 'runAsNonRoot')?.value);
  if (uid && integer(uid.value) !== undefined) {
    spec.user = integer(uid.value);
    if (nonRoot && spec.user === 0) comments.push('runAsNonRoot with runAsUser 0: the kubelet refuses to start this container');
  } else if (nonRoot) {
    // The image's USER is unknown here; unset would mean root in our language, which the kubelet refuses to run.
    spec.user = 'non-root';
    comments.push('runAsNonRoot without runAsUser: the image’s user, which the kubelet checks is not UID 0 (the UID is unknown to an import)');
  }
  if (flag(c.privileged)) spec.privileged = true;
  // Kubernetes sets no_new_privs exactly when allowPrivilegeEscalation is false.
  if (flag(c.allowPrivilegeEscalation) === false) spec.noNewPrivileges = true;
  if (flag(c.readOnlyRootFilesystem)) spec.readOnlyRootfs = true;
  const caps = rec(c.capabilities);
  if (caps) {
    // A name the kernel might have is kept (an unknown one is VMX103 with did-you-mean); anything else is listed.
    const [add, drop] = [strings(caps.add), strings(caps.drop)].map((l) => l.filter((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n)));
    const odd = [...strings(caps.add), ...strings(caps.drop)].filter((n) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(n));
    if (odd.length) notImported.push({ field: `securityContext.capabilities ${odd.map((n) => JSON.stringify(n)).join(', ')}`, why: 'not capability names' });
    if (add.length) spec.capAdd = add;
    if (drop.length) spec.capDrop = drop;
  }
  const sc = pick(c, p, 'seccompProfile');
  if (sc) {
    const v = seccomp(rec(sc.value));
    if (v !== undefined) spec.seccomp = v;
    else notImported.push({ field: 'securityContext.seccompProfile', why: 'not a profile type Kubernetes knows (RuntimeDefault, Unconfined, Localhost)' });
  }
  const aa = rec(c.appArmorProfile) ? apparmorField(rec(c.appArmorProfile)) : apparmorAnnotation(apparmorAnnotationValue) ?? apparmorField(rec(p.appArmorProfile));
  if (aa !== undefined) spec.apparmor = aa;
  const se = rec(pick(c, p, 'seLinuxOptions')?.value);
  if (se) {
    const type = text(se.type);
    if (type !== undefined) spec.selinux = type;
    const rest = ['user', 'role', 'level'].filter((k) => se[k] !== undefined);
    if (rest.length) notImported.push({ field: `securityContext.seLinuxOptions ${rest.join(', ')}`, why: 'SELinux user, role and MCS level: vmx models the type only' });
  }
  const proc = text(c.procMount);
  if (proc === 'Unmasked') notImported.push({ field: 'securityContext.procMount: Unmasked', why: '/proc is not masked (only allowed with hostUsers: false): not modelled' });
  const win = rec(pick(c, p, 'windowsOptions')?.value);
  if (win) {
    const why = flag(win.hostProcess) ? 'a HostProcess container runs on the Windows host itself, not isolated: not modelled' : 'Windows credentials and user name: not modelled';
    notImported.push({ field: 'securityContext.windowsOptions', why });
  }
  notImported.push(...notBooleans(c, ['privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'runAsNonRoot'], 'securityContext.'));
  if (caps) notImported.push(...notList(caps, 'add', 'securityContext.capabilities.'), ...notList(caps, 'drop', 'securityContext.capabilities.'));
  const uidWritten = c.runAsUser ?? p.runAsUser;
  if (uidWritten !== undefined && integer(uidWritten) === undefined) notImported.push({ field: 'securityContext.runAsUser', why: 'not a UID (an integer)' });
  for (const key of Object.keys(c)) {
    if (SECURITY_MAPPED.has(key)) continue;
    notImported.push({ field: `securityContext.${key}`, why: SECURITY_NOT_IMPORTED[key] ?? 'not a SecurityContext field this importer knows' });
  }
  return { spec, comments, notImported };
}

/** Pod-level securityContext fields that are not inherited settings of a container: listed on the pod. */
const INHERITED = new Set(['runAsUser', 'runAsNonRoot', 'seccompProfile', 'appArmorProfile', 'seLinuxOptions', 'windowsOptions']);

export function podSecurityNotImported(podContext: unknown): NotImported[] {
  const p = rec(podContext) ?? {};
  return Object.keys(p)
    .filter((key) => !INHERITED.has(key))
    .map((key) => ({ field: `securityContext.${key}`, why: SECURITY_NOT_IMPORTED[key] ?? 'not a PodSecurityContext field this importer knows' }));
}
