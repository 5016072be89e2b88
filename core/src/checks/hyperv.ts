/**
 * Hyper-V partitions: exactly one parent partition per Hyper-V host
 * (VMX204); a child reaches a device directly only with Discrete Device
 * Assignment (VMX205).
 */
import { isUnknown, Vm } from '../model/types';
import type { CheckContext } from './index';
import { fix, fixes, setAttribute } from './fixes';
import { at, attrPlace, header, MAX_RELATED, related } from './where';

/** Beyond this many parents, the "keep one" fix is not offered (it would edit them all). */
const MAX_FIX_EDITS = 50;

export function checkHyperV(ctx: CheckContext): void {
  for (const host of ctx.model.hosts) {
    const hv = host.hypervisor;
    if (!hv || hv.kind !== 'hyperv') continue;
    // A partition whose role is unknown (VMX103 on it) may be the parent, or one too many.
    if (hv.vms.some((v) => isUnknown(v.block, 'role'))) continue;
    const parents = hv.vms.filter((v) => v.role === 'parent');
    if (parents.length === 0) {
      const place = header(hv.block);
      ctx.reporter.report('VMX204', place.file, place.span, `Hyper-V on host ${host.name} has no parent partition: exactly one partition must have role = parent — it runs the management OS, owns the hardware and serves the children's devices over VMBus`);
    }
    if (parents.length > 1) {
      for (const p of parents) {
        const place = at(p.block, 'role');
        const others: Vm[] = [];
        for (const o of parents) if (o !== p && others.length < Math.max(MAX_RELATED, MAX_FIX_EDITS)) others.push(o);
        ctx.reporter.report(
          'VMX204',
          place.file,
          place.span,
          `Hyper-V on host ${host.name} has ${parents.length} parent partitions (${parents.slice(0, 5).map((o) => o.name).join(', ')}${parents.length > 5 ? ', …' : ''}): there is exactly one, the root partition that owns the hardware; make the others children`,
          {
            related: others.slice(0, MAX_RELATED).map((o) => related(at(o.block, 'role'), `the other parent partition, ${o.name}`)),
            fixes: parents.length <= MAX_FIX_EDITS ? fixes(fix(`Keep ${p.name} as the only parent (role = child on the others)`, others.map((o) => setAttribute(o.block, 'role', 'child')))) : [],
          },
        );
      }
    }
    // An invalid dda (VMX103) is unknown: it may be on.
    if (hv.dda || isUnknown(hv.block, 'dda')) continue;
    for (const vm of host.allVms) {
      if (vm.role !== 'child') continue;
      for (const d of vm.devices) {
        if (d.access !== 'direct') continue;
        const place = at(d.block, 'access');
        ctx.reporter.report(
          'VMX205',
          place.file,
          place.span,
          `device ${d.name} is assigned directly to child partition ${vm.name}, but Discrete Device Assignment is off (dda = false): a child reaches devices only through its VSCs over VMBus to the parent`,
          {
            related: [related(attrPlace(hv.block, 'dda') ?? header(hv.block), 'the Hyper-V hypervisor')],
            fixes: fixes(
              fix('Enable Discrete Device Assignment (dda = true)', [setAttribute(hv.block, 'dda', 'true')], true),
              fix('Go through VMBus instead (access = paravirtual)', [setAttribute(d.block, 'access', 'paravirtual')]),
            ),
          },
        );
      }
    }
  }
}
