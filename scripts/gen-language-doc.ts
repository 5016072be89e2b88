/**
 * Generates docs/language.md — the language reference — from the schema:
 * a hand-written preamble (syntax, comments, values, units, patterns,
 * references, entities, imports) followed by one section per block kind
 * with its attribute table and documentation. Run: `npm run docs`
 * (`node --import tsx scripts/gen-language-doc.ts`), or with `--check`
 * to fail when the committed reference is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NAME_SEGMENT_SOURCE, WHOLE_NUMBER_SOURCE } from '../core/src/syntax/token-patterns';
import {
  AttributeSpec,
  childKinds,
  describeDefault,
  formatNormalised,
  KINDS,
  KindSpec,
  LimitNature,
  PATTERNS,
  REFERENCE_CALLS,
  UNIT_DOCS,
  UNIT_KINDS,
  UnitKind,
  ValueType,
} from '../core/src/schema';

export const LANGUAGE_DOC_PATH = fileURLToPath(new URL('../docs/language.md', import.meta.url));

/** Table cells cannot hold a raw `|` or a newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(s: string): string {
  return '`' + s + '`';
}

function kindLink(name: string): string {
  return `[${code(name)}](#kind-${name})`;
}

const UNIT_KIND_ORDER: UnitKind[] = ['size', 'cpu', 'time', 'frequency', 'rate', 'iops', 'count', 'ratio'];

function unitOf(type: ValueType): UnitKind | undefined {
  return type.t === 'quantity' || type.t === 'pattern' ? type.unit : undefined;
}

function typeText(type: ValueType): string {
  switch (type.t) {
    case 'quantity':
      return `${type.integer ? 'whole ' : ''}quantity${type.unlimited ? ' or `max`' : ''}`;
    case 'integer':
      return 'integer';
    case 'boolean':
      return '`true` / `false`';
    case 'string':
      return 'string';
    case 'path':
      return 'absolute path (string)';
    case 'enum':
      return type.values.map(code).join(', ') + (type.orString ? ', or a string' : '');
    case 'names':
      return `list of names${type.open ? '' : ' (closed set)'}`;
    case 'cpus':
      return 'logical CPUs: INT, range or list';
    case 'namespace':
      return '`private`, `host` or `container("name")`';
    case 'mountSource':
      return 'path string or `volume("name")`';
    case 'user':
      return '`root`, a name, a string or a UID';
    case 'pattern':
      return 'quantity or pattern';
    case 'ioLimit':
      return 'data rate and/or I/O rate (a list)';
  }
}

function unitText(type: ValueType): string {
  const unit = unitOf(type);
  if (type.t === 'ioLimit') return '[rate](#unit-rate), [iops](#unit-iops)';
  if (!unit) return '—';
  const info = UNIT_KINDS[unit];
  const extra = type.t === 'quantity' && type.bareScale !== undefined ? ' (bare number: bytes)' : '';
  return `[${unit}](#unit-${unit}) (${info.normalised})${extra}`;
}

function defaultText(spec: AttributeSpec): string {
  if (spec.required) return '**required**';
  return describeDefault(spec) ?? '—';
}

function rangeText(spec: AttributeSpec): string {
  const unit = unitOf(spec.type);
  const show = (v: number) => (unit ? formatNormalised(v, unit) : String(v));
  const { min, max, minExclusive } = spec;
  if (min !== undefined && max !== undefined) return `${show(min)}–${show(max)}`;
  if (min !== undefined) return `${minExclusive ? '>' : '≥'} ${show(min)}`;
  if (max !== undefined) return `≤ ${show(max)}`;
  return '—';
}

const NATURE_TEXT: Record<LimitNature, string> = {
  share: 'a **share**: work-conserving, only matters under contention, never caps a group that has the resource to itself',
  'hard-limit': 'a **hard limit**: enforced even when the resource is idle',
  throttle: 'a **throttle**: slows and reclaims above it, never kills',
  protection: 'a **protection**: keeps the group’s memory from being reclaimed, limits nobody',
  placement: '**placement**: where the group may run, not how much it gets',
};

function labelText(kind: KindSpec): string {
  const l = kind.label;
  if (l.t === 'none') return 'none';
  if (l.t === 'name') return `${l.what} (a name or a string)${l.required ? '' : ', optional'}`;
  return `${l.what}: ${l.values.map(code).join(', ')}${l.required ? '' : ', optional'}`;
}

function parentsText(kind: KindSpec): string {
  return kind.parents
    .map((p) => {
      const where = p === 'file' ? 'the top level of a file' : kindLink(p);
      const labels = kind.parentLabels?.[p];
      return labels ? `${where} (only ${labels.map((l) => `${code(`${p} ${l}`)}`).join(', ')})` : where;
    })
    .join(', ');
}

function kindSection(kind: KindSpec): string {
  const out: string[] = [];
  out.push(`<a id="kind-${kind.name}"></a>`, '', `### ${code(kind.name)}`, '', kind.summary, '');
  const children = childKinds(kind.name);
  const facts = [
    `- **Label:** ${labelText(kind)}`,
    `- **Appears in:** ${parentsText(kind)}${kind.single ? ' — at most one per parent' : ''}`,
    `- **Children:** ${children.length ? children.map((c) => kindLink(c.name)).join(', ') : 'none'}`,
  ];
  if (kind.requiredChildren?.length) facts.push(`- **Required children:** ${kind.requiredChildren.map(kindLink).join(', ')}`);
  if (kind.entity) facts.push('- **Entity:** yes — reported on by the simulation and the CLI, with an id (see [Entities](#entities-and-ids))');
  out.push(...facts, '', kind.doc, '');
  if (kind.label.t === 'enum') {
    out.push(`**Labels of ${code(kind.name)}:**`, '');
    for (const v of kind.label.values) out.push(`- ${code(v)} — ${kind.label.valueDocs[v] ?? ''}`.trimEnd());
    out.push('');
  }

  if (kind.freeAttributes) {
    out.push(`**Attributes:** any name (a name, dotted allowed, or a string: \`"app.kubernetes.io/name"\`), each ${typeText(kind.freeAttributes.type)} — ${kind.freeAttributes.doc}`, '');
  }
  if (kind.attributes.length === 0) {
    if (!kind.freeAttributes) out.push('No attributes.', '');
    return out.join('\n');
  }
  out.push('| attribute | type | unit | default | range | summary |', '| --- | --- | --- | --- | --- | --- |');
  for (const a of kind.attributes) {
    out.push(`| ${code(a.name)} | ${cell(typeText(a.type))} | ${cell(unitText(a.type))} | ${cell(defaultText(a))} | ${cell(rangeText(a))} | ${cell(a.summary)} |`);
  }
  out.push('');
  for (const a of kind.attributes) {
    out.push(`#### ${code(`${kind.name}.${a.name}`.replace(/^([^.]+)\./, '$1 › '))}`, '', a.doc);
    if (a.nature) out.push('', `It is ${NATURE_TEXT[a.nature]}.`);
    const values = a.type.t === 'enum' ? a.type.values : a.type.t === 'names' ? a.type.known : a.valueDocs ? Object.keys(a.valueDocs) : [];
    const documented = values.filter((v) => a.valueDocs?.[v]);
    if (a.type.t === 'enum' || documented.length) {
      out.push('');
      for (const v of values) {
        if (a.type.t === 'names' && !a.valueDocs?.[v]) continue;
        out.push(`- ${code(v)}${a.valueDocs?.[v] ? ` — ${a.valueDocs[v]}` : ''}`);
      }
      if (a.type.t === 'names') {
        const others = a.type.known.filter((v) => !a.valueDocs?.[v]);
        if (others.length) out.push(`- also known: ${others.map(code).join(', ')}${a.type.open ? '; other names are accepted' : ''}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

function kindTree(): string {
  const lines: string[] = [];
  // Each kind's children are listed once, where it first appears; later
  // occurrences (a container in a host, a vm or a partition) point back.
  const expanded = new Set<string>();
  const visit = (kind: KindSpec, depth: number) => {
    const label = kind.label.t === 'none' ? '' : ` ${kind.label.t === 'enum' ? kind.label.values.join(' \\| ') : 'LABEL'}`;
    const children = childKinds(kind.name);
    const again = expanded.has(kind.name) && children.length > 0;
    lines.push(`${'  '.repeat(depth)}- ${kindLink(kind.name)}${label}${again ? ' (children as above)' : ''}`);
    if (again) return;
    expanded.add(kind.name);
    for (const c of children) visit(c, depth + 1);
  };
  for (const top of childKinds('file')) visit(top, 0);
  return lines.join('\n');
}

function unitsTable(): string {
  const out = ['| kind | normalised to | units | example |', '| --- | --- | --- | --- |'];
  for (const kind of UNIT_KIND_ORDER) {
    const info = UNIT_KINDS[kind];
    const units = Object.keys(info.units).map((u) => (u === '' ? 'bare number' : code(u)));
    out.push(`| <a id="unit-${kind}"></a>${kind} (${info.noun}) | ${info.normalised} | ${units.join(', ')} | ${cell(info.example)} |`);
  }
  out.push('', '| unit | meaning |', '| --- | --- |');
  for (const [unit, meaning] of Object.entries(UNIT_DOCS)) out.push(`| ${code(unit)} | ${cell(meaning)} |`);
  return out.join('\n');
}

function patternsSection(): string {
  const out: string[] = [];
  for (const p of PATTERNS) {
    out.push(`- ${code(p.signature)} — ${p.doc}`);
    for (const param of p.parameters) {
      const unit = param.unit === 'value' ? 'in the attribute’s unit' : param.unit === 'time' ? 'a duration' : 'a ratio';
      out.push(`  - ${code(param.name)} (${unit}${param.optional ? ', optional' : ''}): ${param.doc}`);
    }
  }
  return out.join('\n');
}

function referencesSection(): string {
  return REFERENCE_CALLS.map((r) => `- ${code(`${r.name}("name")`)} — ${r.doc}`).join('\n');
}

function preamble(): string {
  return `# The .vmx language reference

<!-- GENERATED by scripts/gen-language-doc.ts from core/src/schema — edit the schema or the generator, then run \`npm run docs\`. -->

A \`.vmx\` file declares a **host topology**: physical hosts, the hypervisor
on each, its VMs (or Hyper-V partitions), the containers on a host OS or
inside a guest, their namespaces and cgroup limits, and the workloads that
drive the resource simulation. This reference is generated from the schema
the language server, the CLI and the checks all read, so it lists every
block kind and attribute there is. The check codes (\`VMX001\`…) are
described in [checks.md](checks.md).

- [Files](#files)
- [Syntax](#syntax)
- [Comments](#comments)
- [Values](#values)
- [Quantities and units](#quantities-and-units)
- [Workload patterns](#workload-patterns)
- [References and scope](#references-and-scope)
- [Entities and ids](#entities-and-ids)
- [Groups, pods, requests and labels](#groups-pods-requests-and-labels)
- [Imports](#imports)
- [Limits, shares and protections](#limits-shares-and-protections)
- [Block kinds](#block-kinds)

## Files

Topology files end in \`.vmx\` (language id \`vmx\`) and are UTF-8; a byte
order mark is ignored. VMware's own virtual-machine configurations also end
in \`.vmx\` (\`config.version = "8"\`, \`virtualHW.version = "19"\`, …): such a
file is recognised, gets a single information message (VMX001) and is not
checked as a topology.

## Syntax

Whitespace and newlines are insignificant; \`;\` and \`,\` may separate items.

\`\`\`
file      := (import | block)*
import    := 'import' STRING                      // path relative to this file
block     := KIND LABEL? '{' item* '}'
item      := attribute | block
attribute := (NAME | STRING) '=' value           // STRING names only in labels
value     := quantity | NUMBER | STRING | 'true' | 'false'
           | IDENT | range | list | call
range     := INT '..' INT                          // 0..7, inclusive
list      := '[' (value (',' value)* ','?)? ']'
call      := IDENT '(' (arg (',' arg)*)? ')'        // container("web"), burst(peak = 3, …)
arg       := value | NAME '=' value
KIND      := IDENT                                  // a block kind, below
LABEL     := STRING | IDENT | INT                   // INT: a whole number, vm 101 (a Proxmox VMID)
NAME      := IDENT ('.' IDENT)*                     // cpu.max, memory.high
IDENT     := ${NAME_SEGMENT_SOURCE}
INT       := ${WHOLE_NUMBER_SOURCE}
\`\`\`

A block is a kind, an optional label (its name, or for some kinds a variant
such as \`hypervisor kvm\`; a name may be a whole number, \`vm 101\`), and a
body in braces:

\`\`\`vmx
topology edge {
  host node-1 {
    memory = 64GiB
    cpu { cores = 16; threads = 2; features = [vmx, ept] }
    os linux { cgroup = v2, reserved = 4GiB }
    container web {
      user = 1000
      cgroup { cpu.max = 2, memory.max = 4GiB, pids.max = 256 }
      workload { cpu = burst(base = 500m, peak = 2, period = 10s, duty = 20%) }
    }
  }
}
\`\`\`

Names of siblings of one kind must be unique (VMX105). Setting an attribute
twice in one block is a warning (VMX110): the last value wins. An attribute
name in quotes is a label key, allowed only in \`labels\`
(\`labels { "app.kubernetes.io/name" = "web" }\`); anywhere else it is VMX102.

## Comments

\`# …\` and \`// …\` run to the end of the line; \`/* … */\` may span lines (it
does not nest). A line comment \`# vmx-ignore VMX208 VMX209\` silences those
codes on the next line when it stands alone on its line, or on its own line
when it ends a line of code; without codes it silences every code there.

\`\`\`vmx
# vmx-ignore VMX208
namespaces { net = host }   // the load balancer must own the host's ports
\`\`\`

## Values

| value | written | example |
| --- | --- | --- |
| quantity | a number glued to its unit, no space | \`4GiB\`, \`500m\`, \`10ms\`, \`25%\` |
| number | decimal, optional fraction and exponent | \`16\`, \`1.5\`, \`2e3\` |
| string | double quotes; escapes \`\\"\` \`\\\\\` \`\\n\` \`\\t\` \`\\r\` \`\\uXXXX\` \`\\u{…}\`; one line | \`"postgres:16"\` |
| boolean | \`true\` or \`false\` | \`nested = true\` |
| name | a bare identifier: an enum value, a user, a feature flag | \`hardware\`, \`private\`, \`postgres\` |
| range | two integers, inclusive | \`0..7\` |
| list | square brackets, commas, trailing comma allowed | \`[0, 2, 4..7]\`, \`[vmx, ept]\` |
| call | a pattern or a reference, positional or named arguments | \`ramp(from = 1GiB, to = 4GiB, over = 60s)\` |

Enum values may be written bare or quoted (\`mode = ro\`, \`mode = "ro"\`).
A value of the wrong type, unit or enum value is an error that names what
was expected (VMX103); a value outside the attribute's range is VMX104.

## Quantities and units

A quantity is a number glued to a unit. Which units an attribute accepts
depends on its unit kind; every value is normalised (bytes, CPUs, seconds…)
before it is checked or simulated. A bare number is accepted where the table
lists "bare number"; a bare whole number where a size is expected is bytes
(\`memory.max = 1073741824\`, as the kernel writes it); for durations and the
other kinds only \`0\` may be written bare. A machine's memory (a host's
\`memory\`, \`swap\`, an OS's \`reserved\`, a VM's \`memory\`, \`memory_min\`,
\`memory_max\`) written as a bare number below 1 MiB is taken for a unit left
out and refused with a suggestion (\`memory = 16\`: did you mean 16GiB?).
A unit of the wrong kind is an error that names the expected kind
(\`memory = 2GHz\`: "a size is expected here").

${unitsTable()}

Sizes: \`KB MB GB TB\` (and the Kubernetes spellings \`K M G T\`) are powers
of 10, \`KiB MiB GiB TiB\` (and \`Ki Mi Gi Ti\`) powers of 2; Docker's
\`512m\` is refused with both readings offered (\`Mi\` is what Docker means).
CPU amounts: \`1.5\` is one and a half CPUs, \`500m\` half a CPU, \`50%\` half
of one CPU. Where a limit accepts \`max\` (\`cpu.max\`, \`memory.max\`,
\`pids.max\`, …) it means no limit. \`cpu.max\` also takes the kernel's own
\`"QUOTA PERIOD"\` in microseconds: \`"50000 100000"\` is 0.5 CPU, \`"25000 50000"\`
too with a 50 ms period (kept for the simulation), \`"max 100000"\` and \`"max"\`
no limit; the kernel's periods are 1000–1000000 µs.

## Workload patterns

A \`workload\` attribute is a demand over time: a plain quantity is constant,
or one of these calls (arguments by name, in the attribute's unit unless
stated):

${patternsSection()}

\`\`\`vmx
workload {
  cpu = burst(base = 500m, peak = 3, period = 20s, duty = 25%)
  memory = ramp(from = 1GiB, to = 6GiB, over = 60s)
  processes = steps([0s, 40], [30s, 120])
}
\`\`\`

## References and scope

Two calls name another block:

${referencesSection()}

A container lives on a **kernel**: the host OS for a container in a
\`host\`, the guest OS for a container in a \`vm\` or \`partition\` — however
deep it sits in \`group\`s and \`pod\`s. \`container("x")\` (in \`namespaces\`)
resolves to a container on the same kernel — namespaces cannot be shared
across kernels. \`volume("x")\` (a mount's \`source\`) resolves in the
container's pod first (a pod's own \`volume\`), then in its kernel, then
outwards to the host, which is how a mount can be seen to cross a VM
boundary (VMX212). An unresolved reference is VMX106, with a suggestion
when a similar name exists.

Logical CPUs (\`pin\`, \`cpuset.cpus\`) are numbered from 0 up to
sockets × cores × threads − 1 of the host.

## Entities and ids

The blocks the simulation and the CLI report on are **entities**: \`host\`,
\`vm\`, \`partition\`, \`group\`, \`pod\` and \`container\`. An entity's **id**
is the labels of its entity ancestors and itself joined by \`/\` (the
topology is not part of it): \`node-1\`, \`node-1/db\`, \`node-1/db/postgres\`,
\`node-1/web\`, \`node-1/kubepods/burstable/pod-web/nginx\`. Two entities with
one id are an error (VMX105). Labels may be whole numbers (\`vm 101\`, a
Proxmox VMID).

## Groups, pods, requests and labels

A \`group\` is a level of its kernel's cgroup tree (a systemd slice such as
\`kubepods.slice\` or \`system.slice\`, any parent cgroup): its \`cgroup\`
weights and limits apply to everything beneath it, level by level, as the
kernel applies them. Groups nest; they hold groups, pods and containers.

A \`pod\` is a Kubernetes pod: a cgroup around its containers, which share
its network, IPC and UTS namespaces (the pause container's) — with each
other, never with the host — and its PID namespace with \`share_pid = true\`.
So a pod's containers neither share with the host (VMX208) nor join each
other (VMX216): that is the pod's design. A namespace written \`host\` (a
\`hostNetwork\` pod) or \`container("x")\` is still what it says. The
containers of one pod also count as one writer of a volume (VMX211).
A pod's \`qos\` is derived when omitted, by the kubelet's rules: \`guaranteed\`
when every container has CPU and memory limits (\`cpu.max\`, \`memory.max\`)
equal to its requests (a request left out is its limit), \`besteffort\` when
no container has any request or limit, \`burstable\` otherwise.

A container's \`requests\` (\`cpu\`, \`memory\`) are the scheduler's view,
not limits. \`requests.cpu\` sets the container's weight when its cgroup sets
neither \`cpu.weight\` nor \`cpu.shares\`, by the kubelet's conversion:
shares = max(2, ⌊milli-CPUs × 1024 / 1000⌋), and on cgroup v2 runc's weight =
1 + ⌊(shares − 2) × 9999 / 262142⌋ (\`250m\` → 256 shares → weight 10,
\`1\` → 1024 → 39); a \`cgroup = v1\` kernel uses the shares. In a pod,
Kubernetes' defaulting applies: a CPU request left out is the CPU limit, and
none at all is 2 shares; the pod's cgroup weight (unless written) comes from
the sum of its containers' requests. \`cpu.shares\` converts the same way.
A container in a group
or pod whose cgroup sets \`memory.max\` (\`pids.max\`) is bounded by it: no
VMX308 (VMX309) for it — a kubeadm node caps \`kubepods\` at its allocatable
memory.

\`labels { KEY = "value" }\` is free metadata on a host, VM, partition,
group, pod or container: KEY a name (dotted allowed) or a string; values are
strings (VMX103 otherwise); nothing checks or simulates them.

A \`vm\` with \`balloon = true\` (a KVM balloon, Hyper-V Dynamic Memory) moves
between \`memory_min\` and \`memory_max\` with demand and starts at \`memory\`:
memory_min ≤ memory ≤ memory_max (VMX104). \`memory\` may be left out when
\`memory_max\` is given (it is then \`memory_max\`, as libvirt's \`<memory>\` and
Proxmox's \`memory\` mean); \`memory_min\` and \`memory_max\` default to
\`memory\`. Either of them without \`balloon = true\` is VMX103, naming balloon.
Host memory checks count a ballooned VM at \`memory_min\` (VMX305): the
balloon gives the rest back.

## Imports

\`import "path.vmx"\` at the top level of a file (outside every block) loads
another file; the path is relative to the importing file. Every file of the
import graph is read once however often it is imported, and the top-level
\`topology\` blocks of all of them merge into one topology — so a shared file
can declare hosts that several topologies use, and is a valid topology on
its own. A missing file or an import cycle is VMX109 on the import line.

\`\`\`vmx
import "shared/object-storage-node.vmx"

topology eu-west-1a { host compute-17 { … } }
\`\`\`

## Limits, shares and protections

Not every cgroup key is a limit. The reference marks each one:

${(Object.keys(NATURE_TEXT) as LimitNature[]).map((n) => `- ${code(n)} — ${NATURE_TEXT[n]}.`).join('\n')}

## Block kinds

Where each kind may appear:

${kindTree()}
`;
}

export function languageDocText(): string {
  const sections = KINDS.map(kindSection);
  return `${preamble()}\n${sections.join('\n')}`.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function main(): void {
  const text = languageDocText();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(LANGUAGE_DOC_PATH, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error('docs/language.md is stale: run npm run docs');
      process.exit(1);
    }
    return;
  }
  writeFileSync(LANGUAGE_DOC_PATH, text);
  console.log(`wrote ${LANGUAGE_DOC_PATH}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
