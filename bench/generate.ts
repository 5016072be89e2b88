/**
 * Generated topologies of a stated size for benchmarks: realistic hosts
 * (KVM with pinned VMs, containers in VMs and on the host), repeated until
 * the requested line count is reached.
 */

function hostBlock(i: number): string {
  const lines: string[] = [];
  lines.push(`  host node-${i} {`);
  lines.push(`    memory = 512GiB`);
  lines.push(`    swap = 16GiB`);
  lines.push(`    cpu { sockets = 2; cores = 32; threads = 2; features = [vmx, ept] }`);
  lines.push(`    disk nvme0 { size = 3.84TB; iops = 400k; bandwidth = 3GBps }`);
  lines.push(`    nic eth0 { bandwidth = 25Gbps }`);
  lines.push(`    os linux { kernel = "6.8"; cgroup = v2; reserved = 8GiB }`);
  lines.push(`    hypervisor kvm {`);
  lines.push(`      virtualization = hardware`);
  for (let v = 0; v < 4; v++) {
    lines.push(`      vm vm-${v} {`);
    lines.push(`        vcpus = 8`);
    lines.push(`        memory = 32GiB`);
    lines.push(`        pin = ${v * 8}..${v * 8 + 7}`);
    lines.push(`        memory_locked = true`);
    lines.push(`        guest linux { kernel = "6.1" }`);
    lines.push(`        workload { cpu = burst(base = 2, peak = 6, period = 10s, duty = 20%); memory = 20GiB }`);
    for (let c = 0; c < 2; c++) {
      lines.push(`        container app-${c} {`);
      lines.push(`          image = "registry.local/app:${c}"`);
      lines.push(`          user = 1000`);
      lines.push(`          cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true`);
      lines.push(`          namespaces { user = private }`);
      lines.push(`          cgroup {`);
      lines.push(`            cpu.weight = ${100 + c * 100}`);
      lines.push(`            cpu.max = 2`);
      lines.push(`            memory.max = 4GiB`);
      lines.push(`            memory.high = 3GiB`);
      lines.push(`            pids.max = 512`);
      lines.push(`          }`);
      lines.push(`          mount data { type = volume; source = volume("data-${v}"); target = "/data"; mode = ro }`);
      lines.push(`          workload { cpu = 500m; memory = 1GiB; processes = 40 }`);
      lines.push(`        }`);
    }
    lines.push(`        volume data-${v} { path = "/srv/data"; size = 100GiB }`);
    lines.push(`      }`);
  }
  lines.push(`    }`);
  lines.push(`    container node-exporter {`);
  lines.push(`      image = "prom/node-exporter:v1.8"`);
  lines.push(`      user = 65534  // nobody`);
  lines.push(`      cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true`);
  lines.push(`      namespaces { user = private }`);
  lines.push(`      cgroup { memory.max = 128MiB; pids.max = 64; cpu.max = 200m }`);
  lines.push(`      workload { cpu = 50m; memory = 40MiB; processes = 8 }`);
  lines.push(`    }`);
  lines.push(`  }`);
  return lines.join('\n');
}

/** A topology of at least `lines` lines. */
export function generateTopology(lines: number): string {
  const out: string[] = ['# generated benchmark topology', 'topology bench {', '  simulate { duration = 60s; step = 10ms; seed = 1 }'];
  let count = 3;
  for (let i = 0; count < lines - 1; i++) {
    const h = hostBlock(i);
    out.push(h);
    count += h.split('\n').length;
  }
  out.push('}');
  return out.join('\n') + '\n';
}
