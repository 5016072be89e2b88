/**
 * docker-compose files (the Compose Specification, and the older v2/v3
 * files it absorbed) → one container per service, one `volume` per named
 * volume (docs/import/compose.md has the table). Every key of the file and
 * of each service is mapped, listed as not imported, or — `version` alone —
 * ignored as meaningless.
 */
import { posix } from 'node:path';
import { containerBlock } from '../container';
import { attr, block, NotImported, str, TreeBlock } from '../tree';
import { Importer, ImportError, ImportInput } from '../types';
import { isRecord, looksLikeJson, parseJson, parseYamlDocuments } from '../yaml-input';
import { composeServiceRules, ComposeService } from './compose-service';
import { asRecord, asString, FieldRule, INFORMATIONAL, notImported, walkFields } from './fields';
import { newDockerContainer } from './docker-host-config';
import { hostPath } from './spec-values';

function detect(input: ImportInput): boolean {
  if (looksLikeJson(input.text)) {
    try {
      const value = JSON.parse(input.text) as unknown;
      return isRecord(value) && isRecord(value.services);
    } catch {
      return false;
    }
  }
  // A YAML mapping with a top-level `services:` key; convert parses (and reports malformed YAML).
  return /^services[ \t]*:/m.test(input.text) && !/^(apiVersion|kind)[ \t]*:/m.test(input.text);
}

function readFile(input: ImportInput): Record<string, unknown> {
  const docs = looksLikeJson(input.text) ? [parseJson(input.text, input.name)] : parseYamlDocuments(input.text, input.name);
  const file = docs[0];
  if (!isRecord(file) || !isRecord(file.services)) throw new ImportError(`${input.name}: no services mapping; not a compose file`);
  if (docs.length > 1) throw new ImportError(`${input.name}: ${docs.length} YAML documents; a compose file is one`);
  return file;
}

/**
 * The folder bind paths such as `./data` are relative to, as docker compose
 * takes it: the compose file's folder. The front end says where that is
 * (`ImportInput.dir`: importers do no I/O and do not ask the process); an
 * absolute name gives it too. Unknown → the source is left out, with a note.
 */
function baseDirOf(input: ImportInput): string | undefined {
  if (input.dir !== undefined && input.dir.startsWith('/')) return input.dir;
  return input.name.startsWith('/') ? posix.dirname(input.name) : undefined;
}

/**
 * A top-level named volume → a host `volume` block. The local driver's bind
 * form (`driver_opts: {type: none, o: bind, device: /srv/x}`) gives its path.
 */
function volumeBlock(name: string, value: unknown): TreeBlock {
  const out: NotImported[] = [];
  const b = block('volume', name);
  if (value !== null && value !== undefined) {
    const v = asRecordOr(value, out, name);
    const rules: Record<string, FieldRule> = {
      driver: (d) => {
        if (asString(d) !== 'local') out.push({ field: 'driver', why: `volume driver ${asString(d)}: where its data lives is the driver's` });
      },
      driver_opts: (o) => {
        const opts = asRecord(o);
        if (typeof opts.device === 'string' && opts.device.startsWith('/') && String(opts.o ?? '').split(',').includes('bind')) b.attributes.push(attr('path', str(hostPath(opts.device))));
        else out.push({ field: 'driver_opts', why: 'driver options (an NFS or other mount) are not modelled' });
      },
      external: notImported('created outside this file: its path and size are unknown here'),
      name: notImported('the volume’s name in Docker; the topology uses the key'),
      labels: notImported('volume labels are not modelled'),
    };
    walkFields(v, rules, out, '');
  }
  if (out.length) b.notImported = out;
  return b;
}

function asRecordOr(v: unknown, out: NotImported[], field: string): Record<string, unknown> {
  if (isRecord(v)) return v;
  out.push({ field, why: 'unreadable: expected a mapping' });
  return {};
}

function convert(input: ImportInput) {
  const file = readFile(input);
  const services = file.services as Record<string, unknown>;
  const fileLevel: NotImported[] = [];
  const declaredVolumes = new Map<string, unknown>();
  const containers: TreeBlock[] = [];
  const usedVolumes = new Set<string>();
  const volumeComments = new Map<string, string>();
  const byContainerName = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) if (isRecord(s) && typeof s.container_name === 'string') byContainerName.set(s.container_name, name);
  const resolve = (kind: 'service' | 'container', ref: string) =>
    kind === 'service' ? (Object.prototype.hasOwnProperty.call(services, ref) ? ref : undefined) : (byContainerName.get(ref) ?? (Object.prototype.hasOwnProperty.call(services, ref) ? ref : undefined));

  const topRules: Record<string, FieldRule> = {
    version: INFORMATIONAL,
    services: () => {
      for (const [name, value] of Object.entries(services)) {
        const c = newDockerContainer(name, resolve);
        const service: ComposeService = { c, baseDir: baseDirOf(input), usedVolumes, volumeComments };
        if (value !== null && value !== undefined) {
          if (isRecord(value)) walkFields(value, composeServiceRules(service), c.spec.notImported, '');
          else c.spec.notImported.push({ field: name, why: 'unreadable: a service is a mapping' });
        }
        service.finish?.();
        containers.push(containerBlock(c.spec));
      }
    },
    volumes: (v) => {
      for (const [name, value] of Object.entries(asRecord(v))) declaredVolumes.set(name, value);
    },
    name: notImported('the project name; containers keep their service names'),
    networks: notImported('networks are not modelled: a topology has namespaces, not addresses'),
    secrets: notImported('secrets are file contents, not isolation or resources'),
    configs: notImported('configs are file contents, not isolation or resources'),
    include: notImported('included compose files are not read: import them too'),
    models: notImported('AI models are not containers'),
  };
  walkFields(file, topRules, fileLevel, '', { unknownWhy: 'not a compose top-level key vmx import knows' });
  for (const name of usedVolumes) if (!declaredVolumes.has(name)) declaredVolumes.set(name, null);
  const volumes = [...declaredVolumes].map(([name, value]) => {
    const b = volumeBlock(name, value);
    const comment = volumeComments.get(name);
    if (comment !== undefined) b.comments = [comment];
    return b;
  });
  return { blocks: [...volumes, ...containers], notImported: fileLevel };
}

export const composeImporter: Importer = {
  format: 'compose',
  title: 'docker-compose file',
  detect,
  convert,
};
