/**
 * The one list of importers. A format of ImportFormat without an importer
 * here is a compile error; detection tries them in DETECTION_ORDER (the most
 * specific signature first: XML, then JSON shapes, then YAML shapes, then
 * Proxmox's `key: value` lines).
 */
import { Importer, ImportFormat } from './types';
import { composeImporter } from './formats/compose';
import { k8sImporter } from './formats/k8s';
import { ociImporter } from './formats/oci';
import { dockerInspectImporter } from './formats/docker-inspect';
import { libvirtImporter } from './formats/libvirt';
import { proxmoxImporter } from './formats/proxmox';

export const IMPORTERS: { readonly [F in ImportFormat]: Importer } = {
  compose: composeImporter,
  k8s: k8sImporter,
  oci: ociImporter,
  'docker-inspect': dockerInspectImporter,
  libvirt: libvirtImporter,
  proxmox: proxmoxImporter,
};

export const DETECTION_ORDER: readonly ImportFormat[] = ['libvirt', 'oci', 'docker-inspect', 'k8s', 'compose', 'proxmox'];

export const IMPORT_FORMATS = Object.keys(IMPORTERS) as ImportFormat[];
