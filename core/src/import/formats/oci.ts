/** Placeholder: the oci importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const ociImporter: Importer = {
  format: 'oci',
  title: 'oci',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the oci importer is not written yet`);
  },
};
