/**
 * "Convert this VMware .vmx into a topology vm": numvcpus, memsize,
 * guestOS, vhv.enable, disks and NICs become a `vm` block on an ESXi host
 * sized to hold it (the host is a placeholder to edit).
 */
import { parseVmwareConfig } from '../checks/vmware';
import { nameFrom } from '../syntax/token-patterns';

const DISK_BUS = /^(scsi|sata|ide|nvme)(\d+):(\d+)\.present$/;
const PARAVIRTUAL_DEVICES = new Set(['pvscsi', 'vmxnet3', 'vmxnet2', 'vmxnet']);

export function convertVmware(text: string): string {
  const v = parseVmwareConfig(text);
  const name = nameFrom(v.get('displayname') ?? '', 'converted-vm');
  const vcpus = positiveInt(v.get('numvcpus'), 1);
  const memoryMiB = positiveInt(v.get('memsize'), 1024);
  const guestOs = v.get('guestos') ?? '';
  const guest = /^win/i.test(guestOs) ? 'windows' : /freebsd/i.test(guestOs) ? 'freebsd' : 'linux';
  const nested = v.get('vhv.enable')?.toUpperCase() === 'TRUE';

  const devices: string[] = [];
  for (const [key, value] of v) {
    const disk = DISK_BUS.exec(key);
    if (disk && value.toUpperCase() === 'TRUE') {
      const [, bus, ctl, unit] = disk;
      const file = v.get(`${bus}${ctl}:${unit}.filename`);
      if (v.get(`${bus}${ctl}:${unit}.devicetype`)?.includes('cdrom')) continue;
      const controller = v.get(`${bus}${ctl}.virtualdev`) ?? bus;
      devices.push(device(`${bus}${ctl}-${unit}`, PARAVIRTUAL_DEVICES.has(controller) || bus === 'nvme' ? 'paravirtual' : 'emulated', file ? `disk ${file} on ${controller}` : `disk on ${controller}`));
    }
    const nic = /^ethernet(\d+)\.present$/.exec(key);
    if (nic && value.toUpperCase() === 'TRUE') {
      const dev = v.get(`ethernet${nic[1]}.virtualdev`) ?? 'e1000';
      devices.push(device(`eth${nic[1]}`, PARAVIRTUAL_DEVICES.has(dev) ? 'paravirtual' : 'emulated', `NIC ${dev}${v.get(`ethernet${nic[1]}.networkname`) ? ` on ${v.get(`ethernet${nic[1]}.networkname`)}` : ''}`));
    }
  }

  // A placeholder host with room for the VM: twice its vCPUs and memory.
  const hostCores = Math.max(2, vcpus * 2);
  const hostMemoryGiB = Math.max(4, Math.ceil((memoryMiB * 2) / 1024));
  const lines = [
    `# Converted from the VMware configuration of "${(v.get('displayname') ?? name).replace(/"/g, "'")}".`,
    '# The host is a placeholder sized to hold the VM: describe the real one.',
    `topology ${name} {`,
    `  host esxi-host {`,
    `    memory = ${hostMemoryGiB}GiB`,
    `    cpu {`,
    `      cores = ${hostCores}`,
    `      features = [vmx, ept]`,
    `    }`,
    `    hypervisor esxi {`,
    `      virtualization = hardware`,
    `      vm ${name} {`,
    `        vcpus = ${vcpus}`,
    `        memory = ${memoryMiB}MiB`,
    ...(nested ? ['        nested = true'] : []),
    `        guest ${guest} {${guestOs ? ` # guestOS "${guestOs.replace(/"/g, "'")}"` : ''}`,
    `        }`,
    ...devices.map((d) => `        ${d}`),
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ];
  return lines.join('\n') + '\n';
}

function device(name: string, access: string, what: string): string {
  return `device ${nameFrom(name, 'device')} { access = ${access} } # ${what.replace(/[\r\n]/g, ' ')}`;
}


function positiveInt(s: string | undefined, fallback: number): number {
  const n = s === undefined ? NaN : parseInt(s, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
