/**
 * Virtualization modes and nesting: VMX201 (hardware mode without VT-x/AMD-V),
 * VMX202 (paravirtualizing a guest that cannot be), VMX203 (type against
 * kind), VMX213 (VM in a VM without nested virtualization), VMX214 (Kata
 * without hardware virtualization).
 */
import { kernelName } from '../model/references';
import { Hypervisor, isUnknown, Kernel, Vm } from '../model/types';
import { hypervisorName } from '../isolation';
import { attributeDefault } from '../schema';
import type { CheckContext } from './index';
import { fix, fixes, replaceValue, setAttribute } from './fixes';
import { at, attrPlace, header, related } from './where';

export function checkVirtualization(ctx: CheckContext): void {
  for (const host of ctx.model.hosts) {
    const hv = host.hypervisor;
    if (!hv) continue;
    hardwareWithoutFeature(ctx, hv);
    typeAgainstKind(ctx, hv);
    for (const vm of host.allVms) {
      paravirtualizedGuest(ctx, vm);
      if (vm.outerVm) nestedWithoutSupport(ctx, vm, vm.outerVm);
    }
  }
  kataWithoutHardware(ctx);
}

/** VMX201 */
function hardwareWithoutFeature(ctx: CheckContext, hv: Hypervisor): void {
  const host = hv.host;
  // Unknown features (VMX103 on them) may well list vmx/svm; an unknown mode may not be hardware.
  if (hv.virtualization !== 'hardware' || host.kernel.hardwareVirtualization || (!host.cpu.block || isUnknown(host.cpu.block, 'features')) || isUnknown(hv.block, 'virtualization')) return;
  const cpuBlock = host.cpu.block;
  const featuresNode = cpuBlock?.attributes.get('features')?.node;
  const itemsText = (() => {
    const v = featuresNode?.value;
    if (!v) return [];
    const items = v.type === 'list' ? v.items : [v];
    return items.map((i) => cpuBlock!.file.text.slice(i.start, i.end));
  })();
  const addFeature = (f: string) =>
    cpuBlock && fix(`Add ${f} to the host CPU's features (${f === 'vmx' ? 'Intel VT-x' : 'AMD-V'})`, [featuresNode ? replaceValue(cpuBlock.file, featuresNode, `[${[...itemsText, f].join(', ')}]`) : setAttribute(cpuBlock, 'features', `[${f}]`)], f === 'vmx');
  const toFull = fix('Switch to full virtualization (virtualization = full)', [setAttribute(hv.block, 'virtualization', 'full')]);
  const written = attrPlace(hv.block, 'virtualization');
  const place = written ?? header(hv.block);
  const cpuPlace = attrPlace(cpuBlock, 'features') ?? (cpuBlock ? header(cpuBlock) : header(host.block));
  ctx.reporter.report(
    'VMX201',
    place.file,
    place.span,
    `${hypervisorName(hv)} uses hardware virtualization${written ? '' : ' (the default)'}, but the CPU of host ${host.name} lists neither vmx (Intel VT-x) nor svm (AMD-V): without them there is no VMX root mode to run guests under. Add the feature, or use full virtualization`,
    { related: [related(cpuPlace, `the CPU features of host ${host.name}`)], fixes: fixes(addFeature('vmx'), addFeature('svm'), toFull) },
  );
}

/** VMX202 */
function paravirtualizedGuest(ctx: CheckContext, vm: Vm): void {
  if (vm.hypervisor.virtualization !== 'para' || !vm.guest) return;
  const g = vm.guest;
  const windows = g.kind === 'windows';
  const notPv = g.block.attributes.get('paravirt')?.value === false;
  if (!windows && !notPv) return;
  const place = windows ? header(g.block) : at(g.block, 'paravirt');
  const why = windows ? 'a Windows kernel cannot be modified to make hypercalls (it only has PV drivers)' : 'its kernel is declared not paravirtualized (paravirt = false), so it would execute privileged instructions the hypervisor does not trap';
  const hvPlace = attrPlace(vm.hypervisor.block, 'virtualization') ?? header(vm.hypervisor.block);
  ctx.reporter.report('VMX202', place.file, place.span, `${vm.kind} ${vm.name} runs ${windows ? 'a Windows guest' : `a ${g.kind} guest`} under paravirtualization: ${why}. Use hardware (or full) virtualization for it`, {
    related: [related(hvPlace, `${hypervisorName(vm.hypervisor)} paravirtualizes its guests`)],
  });
}

/** VMX203 */
function typeAgainstKind(ctx: CheckContext, hv: Hypervisor): void {
  const written = hv.block.attributes.get('type');
  // The type the kind implies, without what is written: the schema's default for a block of that label.
  const implied = attributeDefault('hypervisor', 'type', { label: hv.kind }) as 1 | 2 | undefined;
  if (!written || typeof written.value !== 'number' || implied === undefined || written.value === implied) return;
  const why = implied === 2 ? `${hypervisorName(hv)} runs as a program on a host OS (type 2), not on the bare hardware` : `${hypervisorName(hv)} runs on the hardware itself (type 1), not as a program on a host OS`;
  ctx.reporter.report('VMX203', hv.block.file, written.node, `type = ${written.value} contradicts hypervisor ${hv.kind}: ${why}`, {
    fixes: fixes(fix(`Set type = ${implied}`, [replaceValue(hv.block.file, written.node, String(implied))], true)),
  });
}

/** VMX213 */
/** Whether a kernel has hardware virtualization is unknown when a value it is derived from is (VMX103/VMX104 on it). */
function hardwareUnknown(kernel: Kernel): boolean {
  const o = kernel.owner;
  if (o.kind === 'host') return !o.cpu.block || isUnknown(o.cpu.block, 'features'); // no cpu block (VMX108): its features are unknown, not empty
  return isUnknown(o.block, 'nested') || isUnknown(o.hypervisor.block, 'virtualization') || (kernel.outer !== undefined && hardwareUnknown(kernel.outer));
}

function nestedWithoutSupport(ctx: CheckContext, vm: Vm, outer: Vm): void {
  if (outer.kernel.hardwareVirtualization || hardwareUnknown(outer.kernel)) return;
  const hv = vm.hypervisor;
  const place = header(vm.block);
  let why: string;
  const extras: Parameters<typeof ctx.reporter.report>[4] = {};
  if (!outer.nested) {
    why = `${outer.kind} ${outer.name} does not expose hardware virtualization to its guest (nested = false), so its guest cannot run a hypervisor`;
    // Offered only when nested = true is enough: hardware mode, and hardware virtualization beneath the outer VM.
    const beneath = outer.outerVm ? outer.outerVm.kernel.hardwareVirtualization : outer.host.kernel.hardwareVirtualization;
    if (hv.virtualization === 'hardware' && beneath) extras.fixes = fixes(fix(`Set nested = true on ${outer.kind} ${outer.name}`, [setAttribute(outer.block, 'nested', 'true')], true));
    extras.related = [related(attrPlace(outer.block, 'nested') ?? header(outer.block), `the outer ${outer.kind}`)];
  } else if (hv.virtualization !== 'hardware') {
    why = `nested virtualization needs hardware virtualization, and ${hypervisorName(hv)} uses ${hv.virtualization === 'para' ? 'paravirtualization' : 'full virtualization'}`;
    extras.related = [related(attrPlace(hv.block, 'virtualization') ?? header(hv.block), 'the virtualization mode')];
  } else {
    why = `nested = true on ${outer.kind} ${outer.name} has nothing to expose: ${kernelName(outer.kernel.outer ?? outer.host.kernel)} has no hardware virtualization itself`;
    extras.related = [related(attrPlace(outer.block, 'nested') ?? header(outer.block), `the outer ${outer.kind}`)];
  }
  ctx.reporter.report('VMX213', place.file, place.span, `${vm.kind} ${vm.name} is a VM inside ${outer.kind} ${outer.name}, but ${why}`, extras);
}

/** VMX214 */
function kataWithoutHardware(ctx: CheckContext): void {
  for (const c of ctx.model.containers) {
    if (c.runtime !== 'kata' || c.kernel.hardwareVirtualization || hardwareUnknown(c.kernel)) continue;
    const owner = c.kernel.owner;
    const place = at(c.block, 'runtime');
    let why: string;
    const options = [];
    if (owner.kind === 'host') {
      why = `the CPU of host ${owner.name} lists neither vmx nor svm`;
    } else if (!owner.nested) {
      why = `${owner.kind} ${owner.name} does not expose hardware virtualization to its guest (nested = false)`;
      const outerHw = owner.outerVm ? owner.outerVm.kernel.hardwareVirtualization : owner.host.kernel.hardwareVirtualization;
      if (owner.hypervisor.virtualization === 'hardware' && outerHw) options.push(fix(`Set nested = true on ${owner.kind} ${owner.name}`, [setAttribute(owner.block, 'nested', 'true')], true));
    } else {
      why = `${owner.kind} ${owner.name} has nested = true, but there is no hardware virtualization beneath it to expose`;
    }
    options.push(fix('Use gVisor instead (runtime = gvisor): a sandbox that needs no hardware virtualization', [setAttribute(c.block, 'runtime', 'gvisor')]));
    ctx.reporter.report('VMX214', place.file, place.span, `container ${c.name} uses Kata Containers, which runs it in a lightweight VM, but hardware virtualization is not available to ${kernelName(c.kernel)}: ${why}`, {
      fixes: fixes(...options),
      related: owner.kind === 'host' ? undefined : [related(attrPlace(owner.block, 'nested') ?? header(owner.block), `${owner.kind} ${owner.name}`)],
    });
  }
}
