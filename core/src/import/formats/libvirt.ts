/** Placeholder: the libvirt importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const libvirtImporter: Importer = {
  format: 'libvirt',
  title: 'libvirt',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the libvirt importer is not written yet`);
  },
};
