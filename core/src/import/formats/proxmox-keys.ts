/**
 * The options of qm.conf(5) and pct.conf(5) (Proxmox VE 8), as names and
 * indexed families, and why each option that maps to nothing is not
 * imported. Detection needs known keys, and a key outside these lists is
 * reported as unknown, never taken for a setting.
 */

/** Keys PVE itself writes into both kinds of config (bookkeeping of snapshots and edits). */
const BOOKKEEPING = ['digest', 'parent', 'snaptime', 'vmstate', 'runningmachine', 'runningcpu', 'meta', 'delete'];

const QEMU_KEYS = new Set([
  ...BOOKKEEPING,
  'acpi', 'affinity', 'agent', 'amd-sev', 'arch', 'args', 'autostart', 'balloon', 'bios', 'boot', 'bootdisk', 'cdrom', 'cicustom', 'cipassword', 'citype', 'ciupgrade', 'ciuser',
  'cores', 'cpu', 'cpulimit', 'cpuunits', 'description', 'efidisk0', 'freeze', 'hookscript', 'hotplug', 'hugepages', 'import-working-storage', 'intel-tdx', 'ivshmem', 'keephugepages', 'keyboard', 'kvm',
  'localtime', 'lock', 'machine', 'memory', 'migrate_downtime', 'migrate_speed', 'name', 'nameserver', 'numa', 'onboot', 'ostype', 'protection', 'reboot', 'rng0', 'scsihw', 'searchdomain',
  'shares', 'smbios1', 'smp', 'sockets', 'spice_enhancements', 'sshkeys', 'startdate', 'startup', 'tablet', 'tags', 'tdf', 'template', 'tpmstate0', 'vcpus', 'vga', 'vmgenid', 'vmid', 'vmstatestorage', 'watchdog',
]);
const QEMU_INDEXED = /^(hostpci|ide|sata|scsi|virtio|net|unused|usb|serial|parallel|ipconfig|numa|audio|virtiofs)\d+$/;

const LXC_KEYS = new Set([
  ...BOOKKEEPING,
  'arch', 'cmode', 'console', 'cores', 'cpulimit', 'cpuunits', 'debug', 'description', 'entrypoint', 'env', 'features', 'hookscript', 'hostname', 'lock', 'memory', 'nameserver',
  'onboot', 'ostype', 'protection', 'rootfs', 'searchdomain', 'startup', 'swap', 'tags', 'template', 'timezone', 'tty', 'unprivileged', 'vmid',
]);
const LXC_INDEXED = /^(mp|dev|net|unused)\d+$/;

export type PveKind = 'qemu' | 'lxc';

export function isQemuKey(key: string): boolean {
  return QEMU_KEYS.has(key) || QEMU_INDEXED.test(key);
}

export function isLxcKey(key: string): boolean {
  return LXC_KEYS.has(key) || LXC_INDEXED.test(key) || key.startsWith('lxc.');
}


/** Keys a Proxmox guest config almost always has; detection wants one beside a second known key. */
export const SIGNATURE_KEYS = /^(memory|cores|sockets|ostype|rootfs|hostname|vmgenid|smbios1|scsihw|bootdisk|boot|unprivileged|arch|(net|scsi|virtio|ide|sata|mp)\d+)$/;

const MANAGEMENT = 'Proxmox management (start order, locks, protection, templates, hooks); no place in a topology';
const CLOUD_INIT = 'cloud-init settings for the guest; no place in a topology';
const FIRMWARE = 'firmware, machine type and boot settings; no place in a topology';
const GUEST_IO = 'a console or guest-visible device with no place in a topology';

/** Why an option of either kind is not imported (indexed families by their prefix). */
export const UNMAPPED_WHY: Record<string, string> = {
  digest: 'the checksum PVE keeps of the file',
  parent: 'the snapshot the current configuration derives from',
  snaptime: 'a snapshot’s time',
  vmstate: 'the saved RAM of a snapshot',
  runningmachine: 'the machine type the running VM started with',
  runningcpu: 'the CPU flags the running VM started with',
  meta: 'PVE’s own record of when and by which version the VM was created',
  delete: 'options a pending change removes',
  acpi: FIRMWARE, bios: FIRMWARE, boot: FIRMWARE, bootdisk: FIRMWARE, machine: FIRMWARE, smbios1: FIRMWARE, vmgenid: FIRMWARE, efidisk0: 'the disk holding the UEFI variables; ' + FIRMWARE,
  tpmstate0: 'the disk holding a virtual TPM’s state; no place in a topology',
  arch: 'the emulated CPU architecture; no place in a topology',
  onboot: MANAGEMENT, startup: MANAGEMENT, protection: MANAGEMENT, lock: MANAGEMENT, template: MANAGEMENT, hookscript: MANAGEMENT, autostart: MANAGEMENT, reboot: MANAGEMENT,
  migrate_downtime: 'live-migration tuning; no place in a topology', migrate_speed: 'live-migration tuning; no place in a topology',
  freeze: 'start with the CPU stopped; no place in a topology', startdate: 'the guest clock; no place in a topology', localtime: 'the guest clock; no place in a topology', tdf: 'the guest clock; no place in a topology',
  keyboard: GUEST_IO, tablet: GUEST_IO, vga: 'the display adapter; harmless, no place in a topology', serial: GUEST_IO, parallel: GUEST_IO, audio: GUEST_IO, spice_enhancements: GUEST_IO, watchdog: 'a guest watchdog; no place in a topology', rng0: 'an entropy source for the guest; no place in a topology', ivshmem: 'shared memory between host and guest; no place in a topology',
  agent: 'the QEMU guest agent channel; no place in a topology',
  args: 'raw QEMU command-line arguments: they can add any device or option; read them by hand',
  hotplug: 'which device types may be hot-plugged; no place in a topology',
  numa: 'NUMA emulation; the topology has no NUMA nodes',
  shares: 'the weight of this VM when auto-ballooning takes memory back; not modelled',
  keephugepages: 'keep huge pages allocated after shutdown; no place in a topology',
  'amd-sev': 'memory encryption (AMD SEV); no attribute models it', 'intel-tdx': 'memory encryption (Intel TDX); no attribute models it',
  'import-working-storage': 'storage for disk imports; no place in a topology', vmstatestorage: 'storage for snapshot RAM; no place in a topology',
  cicustom: CLOUD_INIT, cipassword: CLOUD_INIT, citype: CLOUD_INIT, ciupgrade: CLOUD_INIT, ciuser: CLOUD_INIT, ipconfig: CLOUD_INIT, sshkeys: CLOUD_INIT,
  nameserver: 'DNS settings for the guest; no place in a topology', searchdomain: 'DNS settings for the guest; no place in a topology',
  unused: 'a disk detached from the guest: not attached, nothing reaches it',
  virtiofs: 'a host directory shared into the guest (virtiofs): the guest reads (or writes) that host path; no device or volume models it — check the path by hand',
  cmode: 'the console mode; no place in a topology', console: 'the console; no place in a topology', tty: 'the number of ttys; no place in a topology', debug: 'LXC debug logging; no place in a topology',
  timezone: 'the container’s time zone; no place in a topology', entrypoint: 'the init the container runs; no workload is modelled from it', env: 'environment variables for the init; no place in a topology',
  net: 'a network interface; the interfaces of a container are not modelled (its net namespace is its own, the default)',
};

export function unmappedWhy(key: string): string {
  return UNMAPPED_WHY[key] ?? UNMAPPED_WHY[key.replace(/\d+$/, '')] ?? 'not an option of qm.conf(5) or pct.conf(5); left as it is';
}
