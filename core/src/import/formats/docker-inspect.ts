/** Placeholder: the docker-inspect importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const dockerInspectImporter: Importer = {
  format: 'docker-inspect',
  title: 'docker-inspect',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the docker-inspect importer is not written yet`);
  },
};
