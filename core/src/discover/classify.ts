/**
 * What a cgroup is, from its name and place (the naming schemes of systemd,
 * the container runtimes, kubelet and libvirt): a container of docker,
 * containerd (CRI), CRI-O, podman or LXC; a Kubernetes pod; a libvirt VM;
 * a systemd slice; or nothing of ours (a service, a session).
 */

export type Engine = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'lxc';

export type CgroupRole =
  | { role: 'container'; engine: Engine; id: string; name: string }
  | { role: 'pod'; uid: string; qos?: 'burstable' | 'besteffort' }
  | { role: 'vm'; name: string }
  | { role: 'slice' }
  | { role: 'other' };

const HEX64 = '([0-9a-f]{64})';

/** systemd escapes `-` in unit names as `\x2d` (machine-qemu\x2d1\x2dweb.scope). */
export function unescapeUnit(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The 12 hex characters docker and crictl show. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}

/** A pod uid as kubelet writes it in slice names (`_` for `-`), back to its own spelling. */
function podUid(text: string): string {
  return text.replace(/_/g, '-');
}

/** `name`: the cgroup's own name; `parent`: its parent's name; `inPod`: it is below a pod cgroup. */
export function classifyCgroup(name: string, parent: string | undefined, inPod: boolean): CgroupRole {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^docker-${HEX64}\\.scope$`).exec(name))) return container('docker', m[1]);
  if ((m = new RegExp(`^cri-containerd-${HEX64}\\.scope$`).exec(name))) return container('containerd', m[1]);
  if ((m = new RegExp(`^crio-${HEX64}\\.scope$`).exec(name))) return container('cri-o', m[1]);
  if ((m = new RegExp(`^libpod-${HEX64}\\.scope$`).exec(name))) return container('podman', m[1]);
  // cgroupfs drivers: /docker/<id>; a pod's containers are plain ids below the pod.
  if ((m = new RegExp(`^${HEX64}$`).exec(name)) && (parent === 'docker' || inPod)) return container(inPod ? 'containerd' : 'docker', m[1]);
  if ((m = /^lxc\.payload\.(.+)$/.exec(name))) return { role: 'container', engine: 'lxc', id: m[1], name: m[1] };
  if (parent === 'lxc' && !name.startsWith('lxc.')) return { role: 'container', engine: 'lxc', id: name, name };
  if ((m = /^kubepods-(?:(burstable|besteffort)-)?pod([0-9a-f_-]+)\.slice$/.exec(name))) return { role: 'pod', uid: podUid(m[2]), qos: m[1] as 'burstable' | 'besteffort' | undefined };
  if ((m = /^pod([0-9a-f-]{36})$/.exec(name))) return { role: 'pod', uid: m[1] };
  const unit = unescapeUnit(name);
  if ((m = /^machine-qemu-\d+-(.+)\.scope$/.exec(unit))) return { role: 'vm', name: m[1] };
  if (name.endsWith('.slice')) return { role: 'slice' };
  return { role: 'other' };
}

function container(engine: Engine, id: string): CgroupRole {
  return { role: 'container', engine, id, name: shortId(id) };
}
