/**
 * Blocks and attributes against the schema: unknown kinds (VMX101) and
 * attributes (VMX102), wrong values (VMX103/104), duplicate names (VMX105),
 * misplaced blocks (VMX107), missing required attributes (VMX108), and
 * attributes set twice (VMX110). Produces the ResolvedBlock tree.
 */
import { Reporter } from '../diagnostics/reporter';
import { attributeSpec, childKinds, didYouMean, hasFreeAttributes, isEntityKind, kindSpec, KINDS, KindSpec, requiredMissing } from '../schema';
import { AttributeNode, BlockNode, blockHeaderSpan, ItemNode } from '../syntax/ast';
import { ResolvedAttribute, ResolvedBlock, SourceFile } from './types';
import { AttributeTable } from './attributes';
import { coerce, describeValue } from './values';
import { DEFAULT_LIMITS, Limits } from '../config';
import { attributeLimitProblem, cpuListProblem, cpuListSize } from './limits';
import { IS_NAME } from '../syntax/token-patterns';

type Siblings = Map<string, Map<string, BlockNode>>;
/** Shared by blocks without child blocks; never written (only child blocks register in it). */
const NO_SIBLINGS: Siblings = new Map();

function blockTitle(node: BlockNode): string {
  return node.label ? `${node.kind} ${node.label.quoted ? JSON.stringify(node.label.text) : node.label.text}` : node.kind;
}

function lineOf(file: SourceFile, offset: number): number {
  return file.lines.position(offset).line + 1;
}

export class StructureChecker {
  readonly blocks: ResolvedBlock[] = [];
  /** CPUs listed by `pin`/`cpuset.cpus` values so far (limits.maxPinnedCpus). */
  private listedCpus = 0;

  constructor(
    private readonly reporter: Reporter,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  /** The top-level items of one file. `topLevel` collects its valid topology blocks. */
  checkFile(file: SourceFile, topLevel: ResolvedBlock[]): void {
    for (const item of file.ast.items) {
      if (item.type === 'attribute') {
        this.reporter.report('VMX107', file, item.nameSpan, `'${item.name}' is an attribute outside any block: attributes belong inside a block such as topology { … }`);
      } else if (item.type === 'block') {
        const b = this.block(item, undefined, file, new Map());
        if (b.valid && b.kind === 'topology') topLevel.push(b);
      }
    }
  }

  private block(node: BlockNode, parent: ResolvedBlock | undefined, file: SourceFile, siblings: Siblings): ResolvedBlock {
    const parentKind = parent?.kind ?? 'file';
    const spec = kindSpec(node.kind);
    const block: ResolvedBlock = { kind: node.kind, label: node.label?.text, node, file, parent, children: [], attributes: new AttributeTable<ResolvedAttribute>(), valid: false };
    this.blocks.push(block);
    if (!spec) {
      this.unknownKind(node, parent, file);
      return block;
    }
    block.valid = this.placement(node, parent, file);
    this.label(node, file);
    this.checkNameCharacters(node, file);
    this.duplicate(node, file, siblings);

    // Most blocks (cpu, cgroup, workload…) hold only attributes: no sibling index for them.
    const childSiblings: Siblings = node.items.some((i) => i.type === 'block') ? new Map() : NO_SIBLINGS;
    for (const item of node.items) this.item(item, block, file, childSiblings);

    if (block.valid || spec.parents.includes(parentKind)) this.required(block, file);
    return block;
  }

  private item(item: ItemNode, block: ResolvedBlock, file: SourceFile, siblings: Siblings): void {
    if (item.type === 'attribute') this.attribute(item, block, file);
    else if (item.type === 'block') {
      const child = this.block(item, block, file, siblings);
      block.children.push(child);
    } else {
      this.reporter.report('VMX107', file, item, 'import is only allowed at the top level of a file, outside every block');
    }
  }

  private unknownKind(node: BlockNode, parent: ResolvedBlock | undefined, file: SourceFile): void {
    const parentKind = parent?.kind ?? 'file';
    if (parent && attributeSpec(parent.kind, node.kind)) {
      this.reporter.report('VMX101', file, node.kindSpan, `'${node.kind}' is an attribute of ${parent.kind}, not a block: write ${node.kind} = …`);
      return;
    }
    const allowed = childKinds(parentKind, parent?.label).map((k) => k.name);
    const guess = didYouMean(node.kind, allowed) ?? didYouMean(node.kind, KINDS.map((k) => k.name));
    const where = allowed.length ? ` (in ${parentKind === 'file' ? 'a file' : parentKind}: ${allowed.join(', ')})` : '';
    this.reporter.report('VMX101', file, node.kindSpan, `unknown block kind '${node.kind}'${guess ? `: did you mean '${guess}'?` : ''}${where}`);
  }

  private placement(node: BlockNode, parent: ResolvedBlock | undefined, file: SourceFile): boolean {
    const spec = kindSpec(node.kind)!;
    const parentKind = parent?.kind ?? 'file';
    if (!spec.parents.includes(parentKind)) {
      const where = spec.parents.map((p) => (p === 'file' ? 'the top level' : p)).join(', ');
      const inside = parentKind === 'file' ? 'at the top level' : `inside '${parent!.kind}'`;
      this.reporter.report('VMX107', file, node.kindSpan, `'${node.kind}' is not allowed ${inside}: it belongs in ${where}`);
      return false;
    }
    const labels = spec.parentLabels?.[parentKind];
    if (labels && parent && (!parent.label || !labels.includes(parent.label))) {
      this.reporter.report('VMX107', file, node.kindSpan, `'${node.kind}' is only allowed in '${parentKind} ${labels.join('|')}', and this is '${parentKind}${parent.label ? ' ' + parent.label : ''}'${node.kind === 'partition' ? ': use vm' : ''}`);
      return false;
    }
    return parent === undefined || parent.valid;
  }

  private label(node: BlockNode, file: SourceFile): void {
    const spec = kindSpec(node.kind)!;
    const label = spec.label;
    if (label.t === 'none') {
      if (node.label) this.reporter.report('VMX103', file, node.label, `'${node.kind}' blocks take no label: write ${node.kind} { … }`);
      return;
    }
    if (!node.label) {
      if (label.required) {
        const example = label.t === 'enum' ? label.values[0] : 'name';
        this.reporter.report('VMX108', file, node.kindSpan, `'${node.kind}' needs ${label.what}: ${node.kind} ${example} { … }`);
      }
      return;
    }
    if (label.t === 'enum' && !label.values.includes(node.label.text)) {
      const guess = didYouMean(node.label.text, label.values);
      this.reporter.report('VMX103', file, node.label, `'${node.label.text}' is not a known ${label.what.replace(/^the /, '')}: expected one of ${label.values.join(', ')}${guess ? `; did you mean '${guess}'?` : ''}`);
    }
    if (node.label.text === '') this.reporter.report('VMX103', file, node.label, `${label.what} cannot be empty`);
  }

  /**
   * Characters a name may not hold. `/` joins the labels of an entity and
   * its ancestors into its id (`node-1/web`): host "a/b" would read as
   * container b of host a, and ids would collide.
   */
  private checkNameCharacters(node: BlockNode, file: SourceFile): void {
    const label = node.label;
    if (!label || !isEntityKind(node.kind) || !label.text.includes('/')) return;
    this.reporter.report('VMX103', file, label, "names cannot contain '/': it separates the parts of entity ids");
  }

  /** Siblings by kind, then by label ('' for single-instance kinds); no string building on the hot path. */
  private duplicate(node: BlockNode, file: SourceFile, siblings: Siblings): void {
    const spec = kindSpec(node.kind)!;
    const label = spec.single ? '' : node.label?.text;
    if (label === undefined) return;
    let byLabel = siblings.get(node.kind);
    if (!byLabel) siblings.set(node.kind, (byLabel = new Map()));
    const first = byLabel.get(label);
    if (!first) {
      byLabel.set(label, node);
      return;
    }
    const span = spec.single ? node.kindSpan : node.label!;
    const message = spec.single
      ? `a second '${node.kind}' block here: there is one per ${(node.kind === 'cpu' || node.kind === 'os' || node.kind === 'hypervisor') ? 'host' : 'parent'} (the first is on line ${lineOf(file, first.start)}); merge them`
      : `duplicate ${node.kind} name '${node.label!.text}': ${blockTitle(first)} is already declared on line ${lineOf(file, first.start)}; names are unique among siblings`;
    this.reporter.report('VMX105', file, span, message, { related: [{ file, span: blockHeaderSpan(first), message: `first ${blockTitle(first)}` }] });
  }

  private attribute(node: AttributeNode, block: ResolvedBlock, file: SourceFile): void {
    if (node.quoted && kindSpec(block.kind) && !hasFreeAttributes(block.kind)) {
      const bare = IS_NAME.test(node.name);
      this.reporter.report('VMX102', file, node.nameSpan, `a quoted attribute name is only allowed in labels { … }: ${bare ? `write ${node.name} = … without the quotes` : `${block.kind} has no attribute ${JSON.stringify(node.name)}; free keys go in labels { ${JSON.stringify(node.name)} = "…" }`}`);
      return;
    }
    const spec = attributeSpec(block.kind, node.name);
    if (!spec) {
      if (!kindSpec(block.kind)) return;
      const asChild = childKinds(block.kind, block.label).find((k) => k.name === node.name);
      if (asChild) {
        this.reporter.report('VMX102', file, node.nameSpan, `'${node.name}' is a block, not an attribute: write ${node.name} { … }`);
        return;
      }
      const names = kindSpec(block.kind)!.attributes.map((a) => a.name);
      const guess = didYouMean(node.name, names);
      const known = names.length <= 12 ? ` (${block.kind} has: ${names.join(', ')})` : '';
      this.reporter.report('VMX102', file, node.nameSpan, `unknown attribute '${node.name}' in ${block.kind}${guess ? `: did you mean '${guess}'?` : known}`);
      return;
    }
    const key = spec.aliasOf ?? spec.name;
    const earlier = block.attributes.get(key);
    if (earlier) {
      const same = earlier.name === node.name ? `'${node.name}' is set twice` : `'${node.name}' sets ${key} again (as '${earlier.name}' did)`;
      const earlierText = earlier.node.value ? file.text.slice(earlier.node.value.start, earlier.node.value.end) : '';
      const deleteStart = file.lines.lineStart(file.lines.position(earlier.node.start).line);
      const lineEndPos = file.lines.position(earlier.node.end);
      const sameLineAsNext = file.lines.position(node.start).line === lineEndPos.line;
      const removal = sameLineAsNext
        ? { start: earlier.node.start, end: node.start }
        : { start: deleteStart, end: file.lines.lineStart(lineEndPos.line + 1) > earlier.node.end ? file.lines.lineStart(lineEndPos.line + 1) : earlier.node.end };
      this.reporter.report('VMX110', file, node.nameSpan, `${same} in this ${block.kind}: this value replaces ${earlierText ? `${earlierText} ` : 'the one '}from line ${lineOf(file, earlier.node.start)}`, {
        related: [{ file, span: earlier.node, message: 'the earlier value, which is ignored' }],
        fixes: [{ title: `Remove the earlier ${earlier.name}${earlierText ? ` = ${earlierText}` : ''}`, preferred: true, edits: [{ uri: file.uri, range: file.lines.range(removal.start, removal.end), newText: '' }] }],
      });
    }
    let value: unknown;
    let raw: unknown;
    let period: number | undefined;
    let invalid = false;
    // CPU lists are expanded CPU by CPU: their total is bounded before anything is built (limits.maxPinnedCpus).
    const cpus = node.value && spec.type.t === 'cpus' ? cpuListSize(node.value) : 0;
    const tooManyCpus = cpus > 0 ? cpuListProblem(node.name, file.text.slice(node.value!.start, node.value!.end), cpus, this.listedCpus, this.limits) : undefined;
    if (tooManyCpus) {
      this.reporter.report('VMX111', file, node.value!, tooManyCpus);
      invalid = true;
    }
    else this.listedCpus += cpus;
    if (node.value && !tooManyCpus) {
      const r = coerce(spec, node.value);
      if (r.ok) value = spec.convert && typeof r.value === 'number' ? spec.convert(r.value) : r.value;
      if (r.ok && spec.convert) raw = r.value;
      if (r.ok) period = r.period;
      else {
        this.reporter.report(r.problem.code, file, r.problem.span, `${node.name}: ${r.problem.message}`);
        invalid = true;
      }
      const overLimit = r.ok ? attributeLimitProblem(block.kind, spec, value, () => file.text.slice(node.value!.start, node.value!.end), this.limits) : undefined;
      if (overLimit) {
        // Beyond a resource guard: reported, and left out of the model like an invalid value.
        this.reporter.report('VMX111', file, node.value, overLimit);
        value = undefined;
        invalid = true;
      }
    }
    const resolved: ResolvedAttribute = invalid ? { name: node.name, key, spec, node, value, invalid } : { name: node.name, key, spec, node, value };
    if (!invalid && raw !== undefined) resolved.raw = raw;
    if (!invalid && period !== undefined) resolved.period = period;
    block.attributes.set(resolved);
  }

  private required(block: ResolvedBlock, file: SourceFile): void {
    const spec = kindSpec(block.kind)!;
    // Hot path (every block): nothing allocated when nothing is missing.
    if (block.kind !== 'mount' && requiredAttributes(spec).every((a) => block.attributes.has(a)) && (spec.requiredChildren ?? []).every((k) => block.children.some((c) => c.kind === k))) return;
    const missing = spec.attributes.filter((a) => requiredMissing(a, block.attributes)).map((a) => a.name);
    if (block.kind === 'mount' && !block.attributes.has('source')) {
      const type = block.attributes.get('type')?.value;
      if (type !== 'tmpfs') missing.unshift('source');
    }
    const missingChildren = (spec.requiredChildren ?? []).filter((k) => !block.children.some((c) => c.kind === k));
    if (!missing.length && !missingChildren.length) return;
    const parts = [...missing.map((m) => `${m} = …`), ...missingChildren.map((k) => `${k} { … }`)];
    const why = REQUIRED_WHY[block.kind] ?? '';
    this.reporter.report('VMX108', file, blockHeaderSpan(block.node), `${blockTitle(block.node)} is missing ${parts.join(' and ')}${why}`);
  }
}

const requiredByKind = new Map<string, string[]>();
function requiredAttributes(spec: KindSpec): string[] {
  let names = requiredByKind.get(spec.name);
  if (!names) requiredByKind.set(spec.name, (names = spec.attributes.filter((a) => a.required).map((a) => a.name)));
  return names;
}

const REQUIRED_WHY: Record<string, string> = {
  vm: ': a VM has a fixed number of vCPUs and a fixed amount of vRAM',
  partition: ': a partition has a fixed number of vCPUs and a fixed amount of memory',
  host: ': the checks and the simulation need its CPUs and memory',
  cpu: ': logical CPUs = sockets × cores × threads',
  mount: '',
};

export { describeValue };
