/** The usage texts: `vmx --help` and each command's own `vmx <command> --help` (docs/cli.md says the same at length). */

export const USAGE = `usage: vmx <command> [options] FILE…

commands:
  check      report every diagnostic the editor would show (text, JSON, SARIF)
  simulate   run the resource simulation and report per entity
  fmt        format files as the editor does
  diff       what a change does: findings and simulated figures, old vs new
  import     turn compose, Kubernetes, OCI, docker inspect, libvirt and
             Proxmox files into a topology
  discover   the live machine (or a captured proc/ and sys/ tree) as a topology
  drift      a topology file against the live machine: what differs (VMX501–504)
  help       show this help

options:
  --version  print the version
  -h, --help show this help; vmx <command> --help shows a command's options

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.
See docs/cli.md.`;

const CONFIG_OPTIONS = `  --config FILE            use this vmx.config.json (default: the nearest
                           vmx.config.json above each FILE; its "limits" may
                           only lower the defaults)
  --profile NAME           default, baseline or restricted (the Kubernetes Pod
                           Security Standards levels): raise the severities of
                           some security checks (docs/checks.md); overrides
                           the config file's "profile"; --severity still wins
  --severity CODE=LEVEL    set a code's severity: off, hint, information,
                           warning or error (repeatable; VMX308,VMX309=hint)
  --threshold NAME=NUMBER  set a threshold of docs/checks.md, e.g.
                           vcpuOvercommitRatio=8 (repeatable)
  --limit NAME=NUMBER      set a limit of docs/limits.md, e.g.
                           maxFileSize=100000000 (the only way to raise one)
  --import-root DIR        imports must lie in DIR, symlinks resolved (default:
                           the git work tree holding each FILE, else its
                           folder); others are refused with VMX109`;

export const COMMAND_HELP: Record<string, string> = {
  check: `usage: vmx check [options] FILE|DIR…

Report every diagnostic the editor would show. A DIR is searched recursively
for *.vmx files (sorted; node_modules and dot-folders skipped); - reads
standard input.

options:
  --format text|json|sarif output format (default: text)
  --no-simulate            static checks only, no simulation findings (VMX4xx)
  --fail-on error|warning|information|hint
                           exit 1 when a finding of this severity or a higher
                           one remains (default: error)
  --baseline FILE          findings recorded in FILE do not fail and are not
                           shown; new ones do
  --write-baseline FILE    record the current findings in FILE and exit 0
${CONFIG_OPTIONS}
  -h, --help               show this help

Exit status: 0 nothing fails, 1 a finding at or above --fail-on that is not in
the baseline, 2 usage error or unreadable file. See docs/cli.md.`,

  simulate: `usage: vmx simulate [options] FILE

Run the resource simulation and report per entity: a table, or JSON. Only a
file without errors is simulated; otherwise its errors are printed (exit 1).
- reads standard input.

options:
  --format text|json       output format (default: text)
  --duration D             simulated time: 30s, 2min, 1.5h or seconds
                           (default: the file's simulate block, else 60 s)
  --seed N                 seed of the random numbers (default: the file's, else 1)
  --series N               N points of time series per entity in JSON (default 0)
${CONFIG_OPTIONS}
  -h, --help               show this help

Exit status: 0 no errors, 1 errors (static or found by the simulation), 2 usage
error or unreadable file. See docs/cli.md.`,

  fmt: `usage: vmx fmt [--check] FILE|DIR…

Format files as the editor does (indentation, spacing, blank lines), in place;
line endings and a byte order mark are kept. A DIR is searched recursively for
*.vmx files. - formats standard input to standard output.

options:
  --check                  write nothing; list the files that are not
                           formatted and exit 1 if there are any
  -h, --help               show this help

A file with syntax errors is never rewritten: one line on stderr names it and
the exit status is 2 (after the other files are formatted).

Exit status: 0 formatted (or, with --check, already formatted), 1 with --check:
some file is not formatted, 2 usage error, unreadable file or syntax errors.
See docs/cli.md.`,

  import: `usage: vmx import [--from FORMAT] [--host NAME] [--like FILE.vmx] [-o OUT] FILE…

Turn the files you already have into one topology on one host: docker-compose
files, Kubernetes manifests (Pod, Deployment, StatefulSet, DaemonSet, Job,
CronJob, ReplicaSet; multi-document YAML; kubectl get -o json Lists), OCI
runtime-spec config.json, docker inspect JSON, libvirt domain XML (virsh
dumpxml) and Proxmox qemu-server and lxc configs. The format is detected from
each file's content. - reads standard input. Every field that has no place in
a topology is a "# not imported: FIELD — why" comment where it was, and the
count is printed on stderr.

options:
  --from FORMAT            read every FILE as compose, k8s, oci,
                           docker-inspect, libvirt or proxmox
  --host NAME              the host's name (default: imported)
  --like FILE.vmx          take the host's hardware (memory, swap, cpu, disk,
                           nic, os) from the first host of FILE.vmx; without
                           it the host's hardware is unknown and says so
  -o, --output OUT         write the topology to OUT (default: standard output)
  -h, --help               show this help

Exit status: 0 imported, 2 usage error, unreadable, malformed or unrecognised
input (one line on stderr; nothing is written). See docs/import.md.`,

  discover: `usage: vmx discover [--root DIR] [--host NAME] [-o OUT]

The live machine as a topology, read-only: CPUs (sockets, cores, threads,
features), memory, swap, kernel, cgroup version; KVM and its running QEMU
VMs; the cgroup tree (systemd slices as groups, kubelet pods, docker,
containerd, CRI-O, podman and LXC containers) with each level's limits and
weights; each container's namespaces against PID 1's, user, effective
capabilities, seccomp and bind mounts. What cannot be read is a
"# not readable: PATH — reason" comment, never a failure.

options:
  --root DIR               read DIR/proc and DIR/sys (a captured tree) instead
                           of /proc and /sys; nothing outside DIR is read
  --host NAME              the host's name (default: the machine's host name)
  -o, --output OUT         write the topology to OUT (default: standard output)
  -h, --help               show this help

Exit status: 0 discovered (whatever could not be read is a comment), 2 usage
error or a --root that is not a directory. See docs/discover.md.`,

  drift: `usage: vmx drift [--root DIR] [--format text|json|sarif] FILE

Compare FILE with the live machine (or a captured tree, --root): the machine
is discovered (vmx discover), parsed like any topology, and matched with
FILE's first host by entity id (containers also by their full id label).
Findings are warnings on the declaring line: VMX501 declared but not found,
VMX502 running but not declared (on the host's line), VMX503 a setting
differs (both values in the message), VMX504 the hardware differs (CPUs,
memory, swap, kernel, cgroup version).

options:
  --root DIR               read DIR/proc and DIR/sys instead of /proc and /sys
  --format text|json|sarif output format (default: text), the shapes of check
  --severity CODE=LEVEL    set a code's severity: off, hint, information,
                           warning or error (repeatable; VMX502=off)
  --config FILE            use this vmx.config.json (default: the nearest one
                           above FILE); its severities apply
  -h, --help               show this help

"# vmx-ignore VMX503" on the line above silences one finding, as in check.

Exit status: 0 no drift shown, 1 drift found (any VMX501–VMX504 not turned
off), 2 usage error or unreadable FILE. See docs/discover.md.`,
};
