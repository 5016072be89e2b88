/**
 * `vmx drift` (DESIGN §7.1): a topology file against the live machine. The
 * machine is discovered (core/src/discover), its text goes through the
 * normal parse/resolve pipeline like any file, and the two models are
 * compared: the file's first host is the machine.
 * - VMX501 an entity (group, pod, container, vm) declared but not running,
 *   on its header; one whose parent entity is already missing is implied;
 * - VMX502 an entity running but not declared, on the host's header;
 * - VMX503 a setting of a matched entity differs, on the declaring line,
 *   both values in the message;
 * - VMX504 the hardware differs: CPUs, memory, swap, kernel, cgroup version.
 */
import { Reporter } from '../diagnostics/reporter';
import { Diagnostic } from '../diagnostics/types';
import { resolve } from '../model/resolve';
import { Model, ResolvedBlock, SourceFile } from '../model/types';
import { createSourceFile } from '../source';
import { DriftEntity, entityName, headerSpan, hostEntities, matchEntities } from './entities';
import { hardwareDrift } from './hardware';
import { settingsDrift } from './settings';

export const LIVE_URI = 'vmx-discover:live.vmx';

/** The live machine's topology text as a model (its own diagnostics are not drift, and are dropped). */
export function liveModel(text: string): Model {
  const file = createSourceFile(LIVE_URI, text);
  return resolve(file, { get: (uri) => (uri === LIVE_URI ? file : undefined) }, new Reporter());
}

function hostBlock(model: Model, file?: SourceFile): ResolvedBlock | undefined {
  const host = model.hosts.find((h) => !file || h.block.file === file) ?? model.hosts[0];
  return host?.block;
}

/** Whether the nearest entity above `e` (if any) is in `set`: a child of something missing is implied by it. */
function parentIn(e: DriftEntity, set: Set<DriftEntity>): boolean {
  return e.parent !== undefined && set.has(e.parent);
}

export function driftFindings(declared: Model, live: Model): Diagnostic[] {
  const reporter = new Reporter();
  const dHost = hostBlock(declared, declared.root);
  const lHost = hostBlock(live);
  if (!dHost || !lHost) return [];
  hardwareDrift(declared, live, reporter);
  const dEntities = hostEntities(dHost);
  const lEntities = hostEntities(lHost);
  const pairs = matchEntities(dEntities, lEntities);
  const matchedLive = new Set(pairs.values());
  const missing = new Set(dEntities.filter((d) => !pairs.has(d)));
  for (const d of missing) {
    if (parentIn(d, missing)) continue;
    reporter.report('VMX501', d.block.file, headerSpan(d.block), `drift: ${entityName(d)} is declared in the file but not found on the live host`);
  }
  const extra = new Set(lEntities.filter((l) => !matchedLive.has(l)));
  for (const l of extra) {
    if (parentIn(l, extra)) continue;
    const cgroup = l.block.children.find((c) => c.kind === 'labels')?.attributes.get('cgroup')?.value;
    reporter.report('VMX502', dHost.file, headerSpan(dHost), `drift: ${entityName(l)} runs on the live host but is not declared in the file${typeof cgroup === 'string' ? ` (cgroup ${cgroup})` : ''}`);
  }
  for (const [d, l] of pairs) settingsDrift(d, l, reporter);
  return reporter.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}
