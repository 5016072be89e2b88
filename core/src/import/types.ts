/**
 * What an importer is: a pure function from one input's text to the blocks
 * it contributes to the imported host (DESIGN §7.1). Importers never read
 * files; the CLI and the editor hand them text.
 */
import { NotImported, TreeBlock } from './tree';

/** The formats of `vmx import --from` (normative names, DESIGN §7.1). */
export type ImportFormat = 'compose' | 'k8s' | 'oci' | 'docker-inspect' | 'libvirt' | 'proxmox';

export interface ImportInput {
  /** How the input is named in messages and comments: its path, or `-` for standard input. */
  name: string;
  text: string;
  /**
   * The absolute folder the input's relative paths are relative to (a compose
   * file's `./data`): the file's folder, or the working directory for
   * standard input. Given by the front end; importers never ask the process.
   */
  dir?: string;
}

export interface ImportOutput {
  /**
   * Blocks for the imported host: `container`, `pod`, `group`, `volume`, and
   * `hypervisor` blocks holding `vm`s (hypervisors of one kind from several
   * inputs are merged into one).
   */
  blocks: TreeBlock[];
  /** Whole parts of the input with no place in a topology (a Service, a ConfigMap): listed on the host. */
  notImported: NotImported[];
}

export interface Importer {
  format: ImportFormat;
  /** What the format is, for --help and messages ("docker-compose file"). */
  title: string;
  /** True when the text looks like this format (content, not the file name, decides; the name may help). */
  detect(input: ImportInput): boolean;
  /** The input as topology blocks; throws ImportError (a one-line message) on input it cannot read. */
  convert(input: ImportInput): ImportOutput;
}

/** Input an importer cannot read: malformed, of another format, too large. One line, no stack. */
export class ImportError extends Error {}
