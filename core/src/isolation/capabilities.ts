/**
 * The capability model (DESIGN §3.1): the kernel's capability list, the
 * runtime's default set, and what a container really holds —
 * effective = (default ∪ cap_add) − cap_drop; `ALL` in cap_drop drops
 * every capability, `ALL` in cap_add (or `privileged`) grants every one.
 * Every capability rule reads the effective set from here.
 *
 * Names are written without the `CAP_` prefix; the schema accepts them
 * case-insensitively, with or without `CAP_` (`cap_sys_admin` is
 * `SYS_ADMIN`), and normalises them to this spelling. This module has no
 * imports: the schema reads the list from it.
 */

/** Linux's capabilities (include/uapi/linux/capability.h, 0–40), without `CAP_`. */
export const KERNEL_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

/** What `cap_add`/`cap_drop` accept: every kernel capability, and `ALL`. */
export const CAPABILITY_NAMES: readonly string[] = ['ALL', ...[...KERNEL_CAPABILITIES].sort()];

/** Docker's and containerd's default set (DESIGN §3.1, exactly). */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/**
 * Kubernetes Pod Security Standards, Baseline level, "Capabilities": the
 * only capabilities a container may add. The runtime default set without
 * `NET_RAW`.
 */
export const PSS_BASELINE_CAPABILITIES: readonly string[] = RUNTIME_DEFAULT_CAPABILITIES.filter((c) => c !== 'NET_RAW');

/** `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
export function normaliseCapability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

export interface CapabilityInput {
  privileged: boolean;
  /** `cap_add` (the `capabilities` attribute), normalised. */
  add: readonly string[];
  /** `cap_drop`, normalised. */
  drop: readonly string[];
}

export interface EffectiveCapabilities {
  /** Every capability the container's processes hold, in the kernel's order. */
  set: ReadonlySet<string>;
  /** All of them (privileged, or `ALL` added and not dropped). */
  all: boolean;
  /** Held although not in the runtime default: added by `cap_add` (or privileged). */
  added: string[];
  /** Of the runtime default, the ones still held. */
  keptDefaults: string[];
}

/**
 * effective = (default ∪ cap_add) − cap_drop, with `ALL` as Docker reads it:
 * `cap_drop = [ALL]` starts from nothing and keeps only what cap_add names
 * (the usual `cap_drop = [ALL] cap_add = [NET_BIND_SERVICE]`); `cap_add =
 * [ALL]` holds every capability but the dropped ones; privileged holds all.
 */
export function effectiveCapabilities(input: CapabilityInput): EffectiveCapabilities {
  const set = new Set<string>();
  const dropAll = input.drop.includes('ALL');
  const addAll = input.add.includes('ALL');
  if (input.privileged) {
    for (const c of KERNEL_CAPABILITIES) set.add(c);
  } else if (addAll) {
    for (const c of KERNEL_CAPABILITIES) if (!input.drop.includes(c)) set.add(c);
  } else if (dropAll) {
    for (const c of input.add) if (KERNEL_CAPABILITIES.includes(c)) set.add(c);
  } else {
    for (const c of RUNTIME_DEFAULT_CAPABILITIES) set.add(c);
    for (const c of input.add) if (KERNEL_CAPABILITIES.includes(c)) set.add(c);
    for (const c of input.drop) set.delete(c);
  }
  const ordered = new Set(KERNEL_CAPABILITIES.filter((c) => set.has(c)));
  return {
    set: ordered,
    all: ordered.size === KERNEL_CAPABILITIES.length,
    added: [...ordered].filter((c) => !RUNTIME_DEFAULT_CAPABILITIES.includes(c)),
    keptDefaults: RUNTIME_DEFAULT_CAPABILITIES.filter((c) => ordered.has(c)),
  };
}
