/**
 * A domain's `type` → the hypervisor block that holds it: `kvm`, `qemu`
 * (TCG: binary translation, type 2), `xen` (PV or HVM by `<os><type>`),
 * `hyperv` (a child `partition`), `vbox` (VirtualBox). libvirt-lxc domains
 * are containers, not VMs, and other drivers have no hypervisor kind here:
 * both are listed as not imported rather than guessed.
 */
import { ImportOutput } from '../types';
import { child, XmlElement } from './libvirt-xml';
import { domainVm } from './libvirt-domain';
import { HypervisorKind, hypervisorBlock, vmBlock } from './libvirt-vm';

const KINDS: Record<string, HypervisorKind> = { kvm: 'kvm', qemu: 'qemu', xen: 'xen', hyperv: 'hyperv', vbox: 'virtualbox' };

/** Xen's PV guest types (`<os><type>linux</type>` or `xen`): the guest kernel makes hypercalls. */
const XEN_PV_TYPES = new Set(['linux', 'xen']);

export function libvirtDomainBlocks(domain: XmlElement, name: string): ImportOutput {
  const type = domain.attrs.type ?? '';
  const domainName = child(domain, 'name')?.text ?? '(no name)';
  if (type === 'lxc') {
    return { blocks: [], notImported: [{ field: `domain ${domainName} (type='lxc')`, why: 'a libvirt-lxc container, not a VM; vmx import reads libvirt VMs only: write it as a container block' }] };
  }
  const kind = KINDS[type];
  if (!kind) return { blocks: [], notImported: [{ field: `domain ${domainName} (type='${type}')`, why: 'a libvirt driver with no hypervisor kind in a topology (kvm, qemu, xen, hyperv, vbox are read)' }] };
  const vm = vmBlock(domainVm(domain, name), kind === 'hyperv' ? 'partition' : 'vm');
  const osType = child(child(domain, 'os'), 'type')?.text ?? 'hvm';
  if (kind === 'qemu') return { blocks: [hypervisorBlock(kind, vm, { value: 'full', note: "domain type='qemu': QEMU's binary translation (TCG), no KVM" })], notImported: [] };
  if (kind === 'xen' && XEN_PV_TYPES.has(osType)) return { blocks: [hypervisorBlock(kind, vm, { value: 'para', note: `<os><type>${osType}</type>: a Xen PV guest` })], notImported: [] };
  return { blocks: [hypervisorBlock(kind, vm)], notImported: [] };
}
