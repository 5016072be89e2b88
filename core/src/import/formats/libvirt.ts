/**
 * libvirt domain XML (`virsh dumpxml NAME`, /etc/libvirt/qemu/NAME.xml) →
 * a `hypervisor` block holding the domain as a `vm` (a `partition` under
 * Hyper-V). The mapping is docs/import/libvirt.md; the XML is read by
 * libvirt-xml.ts (fast-xml-parser, no DOCTYPE, no entities), the domain by
 * libvirt-domain.ts (its CPU side in libvirt-cpu.ts, its memory in
 * libvirt-memory.ts, its devices in libvirt-devices.ts), the hypervisor by
 * libvirt-hypervisor.ts, and the VM is written by libvirt-vm.ts.
 */
import { Importer, ImportError, ImportInput, ImportOutput } from '../types';
import { libvirtDomainBlocks } from './libvirt-hypervisor';
import { parseXml, xmlRootName } from './libvirt-xml';

function convert(input: ImportInput): ImportOutput {
  const root = parseXml(input.text, input.name);
  if (root.name !== 'domain') throw new ImportError(`${input.name}: XML whose root is <${root.name}>, not a libvirt <domain>`);
  return libvirtDomainBlocks(root, input.name);
}

export const libvirtImporter: Importer = {
  format: 'libvirt',
  title: 'libvirt domain XML',
  detect: (input) => xmlRootName(input.text) === 'domain',
  convert,
};
