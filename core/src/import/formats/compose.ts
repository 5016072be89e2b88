/** Placeholder: the compose importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const composeImporter: Importer = {
  format: 'compose',
  title: 'compose',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the compose importer is not written yet`);
  },
};
