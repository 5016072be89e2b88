/**
 * `vmx drift FILE [--root DIR] [--format text|json|sarif]` (DESIGN §7.1):
 * FILE against the live machine (or a captured tree). The machine is
 * discovered with the file's host name, parsed and resolved like any file,
 * and compared (core/src/drift): VMX501–VMX504, on the declaring lines, in
 * check's formats; `# vmx-ignore` comments and the severities of
 * vmx.config.json and --severity apply as in check. Exit 1 when there is any drift — a CI job that runs
 * `vmx drift` wants to fail when the machine no longer matches its file —
 * and when FILE has structural errors (VMX1xx, shown instead: a broken file
 * is no description to compare; its security findings are check's business); 0 without drift; 2 usage error or unreadable FILE.
 */
import { discoverTopology } from '../../../core/src/discover';
import { analyze } from '../../../core/src/analyze';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { applyPolicy } from '../../../core/src/policy';
import { SourceFile } from '../../../core/src/model/types';
import { CheckConfig } from '../../../core/src/config';
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { driftFindings, liveModel } from '../../../core/src/drift';
import { parseCommandArgs } from '../args';
import { configFor } from '../config-file';
import { configFlags } from './check';
import { CliError, DiskSources, Output, pathToUri, readTopologyFile, VERSION } from '../files';
import { formatJson } from '../format-json';
import { formatSarif } from '../format-sarif';
import { formatText } from '../format-text';
import { checkImportRootFlag, importRootFor } from '../import-root';
import { inputName } from '../inputs';
import { systemReaderFor } from '../system-reader';

/** As check shows findings: `# vmx-ignore VMX502` silences one, the configuration's severities (vmx.config.json, --severity) apply, `off` hides. */
function shown(findings: Diagnostic[], file: SourceFile, config: CheckConfig): Diagnostic[] {
  return applyPolicy(findings, (uri) => (uri === file.uri ? file : undefined), config);
}

export function runDrift(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('drift', args, {
    root: { type: 'string' },
    format: { type: 'string', default: 'text' },
    severity: { type: 'string', multiple: true, default: [] as string[] },
    config: { type: 'string' },
    'import-root': { type: 'string' },
  });
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`unknown --format '${format}': expected text, json or sarif`);
  if (positionals.length !== 1) throw new CliError(positionals.length === 0 ? 'drift needs a FILE (see vmx drift --help)' : 'drift takes one FILE (see vmx drift --help)');
  const reader = systemReaderFor(values.root);
  const path = positionals[0];
  const { config } = configFor(path, configFlags({ config: values.config, severity: values.severity }, out));
  const sources = new DiskSources(config, { importRoot: importRootFor(path, checkImportRootFlag(values['import-root'])) });
  const uri = pathToUri(path);
  const file = sources.add(uri, readTopologyFile(path));
  // The file through the whole pipeline, as check sees it: its structural errors (VMX001, VMX1xx) make it no description to compare.
  const analysis = analyze(file, sources, { config });
  const entry = (diagnostics: typeof analysis.diagnostics) => [{ path: inputName(path), uri, diagnostics }];
  const write = (entries: ReturnType<typeof entry>) => {
    if (format === 'json') out.stdout(formatJson(entries, (u) => (u === uri ? inputName(path) : u)));
    else if (format === 'sarif') out.stdout(formatSarif(entries, VERSION, (u) => (u === uri ? inputName(path) : u)));
    else out.stdout(formatText(entries, out.isTty && !process.env.NO_COLOR));
  };
  const errors = analysis.diagnostics.filter((d) => /^VMX(001|1\d\d)$/.test(d.code) && (d.severity === 'error' || d.code === 'VMX001'));
  const declared = analysis.model;
  if (errors.length || !declared) {
    write(entry(errors));
    out.stderr(`vmx drift: ${visibleText(inputName(path))} has errors; fix them first (drift compares a valid description)\n`);
    return 1;
  }
  const host = declared.hosts.find((h) => h.block.file === file) ?? declared.hosts[0];
  if (!host) throw new CliError(`${inputName(path)} declares no host to compare with the machine`);
  const discovered = discoverTopology(reader, { hostName: host.name });
  const findings = shown(driftFindings(declared, liveModel(discovered.text)), file, config);
  write(entry(findings));
  const n = findings.length;
  out.stderr(`vmx drift: ${visibleText(inputName(path))} against ${visibleText(reader.description)}: ${n} finding${n === 1 ? '' : 's'}${discovered.notes.length ? ` (${discovered.notes.length} part${discovered.notes.length === 1 ? '' : 's'} of the machine not read)` : ''}\n`);
  return n ? 1 : 0;
}
