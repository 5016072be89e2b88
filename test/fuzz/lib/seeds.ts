/**
 * Seed topologies for mutation fuzzing: every `samples/*.vmx` of the
 * project, plus a few inline ones so the fuzzers have material even before
 * (or without) the samples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const INLINE_SEEDS: string[] = [
  `# A small KVM host with one VM and one container in it.
topology rack {
  description = "fuzz seed"
  simulate { duration = 10s; step = 10ms; seed = 7 }
  host node-1 {
    memory = 64GiB
    swap = 8GiB
    cpu { sockets = 2; cores = 8; threads = 2; features = [vmx, ept] }
    disk nvme0 { size = 2TB; iops = 400k; bandwidth = 3GBps }
    nic eth0 { bandwidth = 25Gbps }
    hypervisor kvm {
      virtualization = hardware
      vm db {
        vcpus = 4
        memory = 16GiB
        pin = [0..3]
        guest linux { kernel = "6.8" }
        volume data { path = "/srv/data"; size = 100GB }
        container postgres {
          image = "postgres:16"
          user = 999
          namespaces { user = private }
          cgroup { cpu.max = 2; memory.max = 8GiB; pids.max = 512 }
          mount data { type = volume; source = volume("data"); target = "/var/lib/postgresql" }
          workload { cpu = burst(base = 0.5, peak = 3, period = 10s, duty = 20%); memory = 4GiB }
        }
        workload { cpu = 2; memory = ramp(from = 1GiB, to = 12GiB, over = 60s) }
      }
    }
  }
}
`,
  `topology "hyper-v lab" {
  host hv1 {
    memory = 128GiB
    cpu { cores = 16; threads = 2; features = [vmx, ept, vpid] }
    os windows { reserved = 4GiB }
    hypervisor hyperv {
      dda = true
      partition root { role = parent; vcpus = 4; memory = 8GiB }
      partition web {
        vcpus = 8; memory = 32GiB
        guest windows { paravirt = false }
        device gpu { access = direct }
        workload { cpu = sine(mean = 4, amplitude = 2, period = 30s); iops = 5000iops }
      }
    }
  }
}
`,
  `import "common.vmx"
/* containers straight on the host OS */
topology edge {
  host pi {
    memory = 8GiB
    cpu { cores = 4 }
    os linux { kernel = "6.1"; cgroup = v2; reserved = 512MiB }
    volume logs { path = "/var/log/app" }
    container web {
      runtime = crun
      capabilities = [NET_BIND_SERVICE]
      namespaces { net = host; pid = private }
      cgroup { cpu.weight = 200; memory.high = 1GiB; memory.max = 2GiB; pids.max = 4k; io.max = [200MBps, 5000iops] }
      mount logs { source = volume("logs"); target = "/logs"; mode = ro }
      process nginx { count = 4; user = "www-data" }
      workload { cpu = steps([0s, 0.5], [30s, 2]); processes = 40; io = 20MBps; start = 5s; stop = 50s }
    }
    container sidecar {
      namespaces { net = container("web") }
      cgroup { cpu.shares = 512; memory.limit_in_bytes = 268435456; cpu.cfs_quota_us = 50000 }
      mount tmp { type = tmpfs; target = "/tmp" }
    }
  }
}
`,
  `topology broken {
  host h {
    memory = 4GiBB
    cpu { cores = 0 }
    hypervisor virtualbox { type = 1
      vm a { vcpus = 1e9; memory = -1GiB }
      vm a { vcpus = 2 memory = 1GiB }
    }
    contaner x { }
  }
`,
  `config.version = "8"
virtualHW.version = "19"
displayName = "Windows 11"
memsize = "8192"
numvcpus = "4"
`,
];

/** The project's samples, if any, and the inline seeds. */
export function loadSeeds(): { name: string; text: string }[] {
  const out = INLINE_SEEDS.map((text, i) => ({ name: `inline-${i}`, text }));
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return; // No samples folder: the inline seeds are enough.
    }
    for (const f of names) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.vmx')) out.push({ name: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk('samples');
  return out;
}
