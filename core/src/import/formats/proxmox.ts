/** Placeholder: the proxmox importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const proxmoxImporter: Importer = {
  format: 'proxmox',
  title: 'proxmox',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the proxmox importer is not written yet`);
  },
};
