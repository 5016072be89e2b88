/** Placeholder: the k8s importer is being written (issue 10). */
import { Importer, ImportError } from '../types';

export const k8sImporter: Importer = {
  format: 'k8s',
  title: 'k8s',
  detect: () => false,
  convert: (input) => {
    throw new ImportError(`${input.name}: the k8s importer is not written yet`);
  },
};
