/**
 * A running QEMU's command line as a `vm`: `-name guest=NAME`, `-smp`,
 * `-m`, KVM acceleration, locked memory (`-overcommit mem-lock=on`,
 * `-realtime mlock=on`, `-mem-prealloc`) and VFIO devices (`-device
 * vfio-pci,…`: direct access). QEMU's own documentation (qemu(1)) is the
 * reference for each option's syntax.
 */

export interface QemuVm {
  name?: string;
  vcpus?: number;
  memory?: number;
  kvm: boolean;
  memoryLocked: boolean;
  /** VFIO devices: their `id=` (or vfio-N). */
  vfio: string[];
  problems: string[];
}

export function isQemu(argv: string[]): boolean {
  const exe = (argv[0] ?? '').split('/').pop() ?? '';
  return exe.startsWith('qemu-system-') || exe === 'qemu-kvm';
}

/** `key=value,key=value` options of one argument; the bare first item under ''. */
function options(arg: string): Map<string, string> {
  const out = new Map<string, string>();
  arg.split(',').forEach((part, i) => {
    const eq = part.indexOf('=');
    if (eq < 0) out.set(i === 0 ? '' : part, i === 0 ? part : 'on');
    else out.set(part.slice(0, eq), part.slice(eq + 1));
  });
  return out;
}

/** QEMU sizes: a bare number is MiB for -m; suffixes K M G T are binary. */
export function qemuSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)[bB]?$/.exec(text.trim());
  if (!m) return undefined;
  const factor = { '': 1024 ** 2, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * factor);
}

function smp(arg: string): number | undefined {
  const o = options(arg);
  const first = o.get('') ?? '';
  const n = /^\d+$/.test(first) ? Number(first) : o.has('cpus') ? Number(o.get('cpus')) : undefined;
  if (n !== undefined && n > 0) return n;
  const product = ['sockets', 'dies', 'clusters', 'cores', 'threads'].reduce((p, k) => p * (o.has(k) ? Number(o.get(k)) : 1), 1);
  return Number.isInteger(product) && product > 0 && ['sockets', 'cores', 'threads'].some((k) => o.has(k)) ? product : undefined;
}

export function parseQemu(argv: string[]): QemuVm {
  const vm: QemuVm = { kvm: false, memoryLocked: false, vfio: [], problems: [] };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i].replace(/^--/, '-');
    const next = argv[i + 1];
    const takes = (): string | undefined => (next === undefined ? undefined : (i++, next));
    switch (flag) {
      case '-name': {
        const v = takes();
        if (v !== undefined) {
          const o = options(v);
          vm.name = o.get('guest') ?? (o.get('') || undefined);
        }
        break;
      }
      case '-smp': {
        const v = takes();
        if (v !== undefined) vm.vcpus = smp(v);
        if (vm.vcpus === undefined) vm.problems.push(`-smp ${v ?? ''}: no CPU count`);
        break;
      }
      case '-m': {
        const v = takes();
        if (v !== undefined) {
          const o = options(v);
          vm.memory = qemuSize(o.get('size') ?? o.get('') ?? '');
        }
        if (vm.memory === undefined) vm.problems.push(`-m ${v ?? ''}: no memory size`);
        break;
      }
      case '-enable-kvm':
        vm.kvm = true;
        break;
      case '-accel':
      case '-machine':
      case '-M': {
        const o = options(takes() ?? '');
        if (o.get('') === 'kvm' || o.get('accel')?.split(':').includes('kvm')) vm.kvm = true;
        break;
      }
      case '-overcommit':
        if (options(takes() ?? '').get('mem-lock') === 'on') vm.memoryLocked = true;
        break;
      case '-realtime':
        if (options(takes() ?? '').get('mlock') === 'on') vm.memoryLocked = true;
        break;
      case '-mem-prealloc':
        vm.memoryLocked = true;
        break;
      case '-device': {
        const o = options(takes() ?? '');
        if (o.get('') === 'vfio-pci') vm.vfio.push(o.get('id') ?? `vfio-${vm.vfio.length + 1}`);
        break;
      }
    }
  }
  // QEMU's defaults when the options are absent: one CPU, 128 MiB.
  vm.vcpus ??= vm.problems.some((p) => p.startsWith('-smp')) ? undefined : 1;
  vm.memory ??= vm.problems.some((p) => p.startsWith('-m ')) ? undefined : 128 * 1024 ** 2;
  return vm;
}
