/**
 * Proxmox VE guest configs → topology blocks: a qemu-server config
 * (/etc/pve/qemu-server/VMID.conf, `qm config VMID`) becomes a `vm VMID` in
 * `hypervisor kvm`; an LXC config (/etc/pve/lxc/VMID.conf, `pct config VMID`)
 * a `container VMID` on the host. The VMID is the file name's (`101.conf`),
 * else a `vmid:` line, else the guest's name. Mapping: docs/import/proxmox.md.
 */
import { Importer, ImportError, ImportInput, ImportOutput } from '../types';
import { parsePveConfig, PveConfig, splitPveConfig } from './proxmox-config';
import { isLxcKey, isQemuKey, PveKind, SIGNATURE_KEYS } from './proxmox-keys';
import { lxcBlocks } from './proxmox-lxc';
import { qemuBlocks } from './proxmox-qemu';

/**
 * Qemu or LXC: the keys decide when only one kind has some of them (`rootfs`,
 * `mp0` are a container's; `sockets`, `scsi0` a VM's); else the path
 * (`/etc/pve/lxc/…`, `/etc/pve/qemu-server/…`); else a VM.
 */
function kindOf(config: PveConfig, name: string): PveKind {
  const lxcOnly = config.entries.some((e) => isLxcKey(e.key) && !isQemuKey(e.key));
  const qemuOnly = config.entries.some((e) => isQemuKey(e.key) && !isLxcKey(e.key));
  if (lxcOnly !== qemuOnly) return lxcOnly ? 'lxc' : 'qemu';
  if (/(^|[\\/])lxc[\\/]/.test(name)) return 'lxc';
  return 'qemu';
}

/** The VMID: `101.conf`, else `vmid: 101`, else the name or hostname, else a fixed word. */
function labelOf(config: PveConfig, input: ImportInput, kind: PveKind): number | string {
  const file = /(?:^|[\\/_-])(\d+)\.conf$/.exec(input.name);
  if (file) return Number(file[1]);
  const vmid = config.entries.find((e) => e.key === 'vmid')?.value;
  if (vmid && /^\d+$/.test(vmid)) return Number(vmid);
  const named = config.entries.find((e) => e.key === (kind === 'lxc' ? 'hostname' : 'name'))?.value;
  return named || (kind === 'lxc' ? 'proxmox-ct' : 'proxmox-vm');
}

function detect(input: ImportInput): boolean {
  const r = splitPveConfig(input.text.slice(0, 1024 * 1024));
  if (!r.ok) return false;
  const known = r.config.entries.filter((e) => isQemuKey(e.key) || isLxcKey(e.key));
  return known.length >= 2 && known.some((e) => SIGNATURE_KEYS.test(e.key));
}

function convert(input: ImportInput): ImportOutput {
  const config = parsePveConfig(input.text, input.name);
  if (!config.entries.some((e) => isQemuKey(e.key) || isLxcKey(e.key))) throw new ImportError(`${input.name}: no qm.conf(5) or pct.conf(5) option in it; not a Proxmox guest config`);
  const kind = kindOf(config, input.name);
  const label = labelOf(config, input, kind);
  return kind === 'lxc' ? lxcBlocks(config, label, input.name) : qemuBlocks(config, label, input.name);
}

export const proxmoxImporter: Importer = {
  format: 'proxmox',
  title: 'Proxmox qemu-server or lxc config',
  detect,
  convert,
};
