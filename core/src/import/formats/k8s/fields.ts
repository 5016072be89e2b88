/**
 * Every field of a PodSpec and a Container, classified: mapped (read by
 * pod.ts / container.ts) or not imported, with the reason written in the
 * output. A field not in these tables is listed as unknown, so nothing a
 * manifest says is dropped in silence.
 */

export const HARMLESS = 'not a resource or isolation setting';
const SCHEDULING = 'scheduling: vmx models one host';
const NAMING = 'name resolution and service discovery: ' + HARMLESS;

/** PodSpec fields pod.ts reads. */
export const POD_MAPPED = new Set([
  'containers',
  'initContainers',
  'volumes',
  'securityContext',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'shareProcessNamespace',
  'runtimeClassName',
  'os',
  'nodeName',
]);

/** PodSpec fields that have no place in a topology, and why. */
export const POD_NOT_IMPORTED: Record<string, string> = {
  affinity: SCHEDULING,
  nodeSelector: SCHEDULING,
  tolerations: SCHEDULING,
  topologySpreadConstraints: SCHEDULING,
  schedulerName: SCHEDULING,
  schedulingGates: SCHEDULING,
  readinessGates: 'rollout readiness: ' + HARMLESS,
  priority: 'scheduling and eviction order: vmx models one host',
  priorityClassName: 'scheduling and eviction order: vmx models one host',
  preemptionPolicy: 'scheduling and eviction order: vmx models one host',
  dnsPolicy: NAMING,
  dnsConfig: NAMING,
  hostAliases: NAMING,
  hostname: NAMING,
  hostnameOverride: NAMING,
  subdomain: NAMING,
  setHostnameAsFQDN: NAMING,
  enableServiceLinks: NAMING,
  serviceAccountName: 'API identity: vmx does not model the cluster API’s permissions (its token is mounted into the containers unless automountServiceAccountToken is false)',
  serviceAccount: 'API identity (the deprecated spelling of serviceAccountName): vmx does not model the cluster API’s permissions',
  automountServiceAccountToken: 'API credentials: the service account token mount is not modelled',
  imagePullSecrets: 'registry credentials: ' + HARMLESS,
  restartPolicy: 'lifecycle: ' + HARMLESS,
  terminationGracePeriodSeconds: 'lifecycle: ' + HARMLESS,
  activeDeadlineSeconds: 'lifecycle: ' + HARMLESS,
  ephemeralContainers: 'debugging containers added to a running pod (kubectl debug): not part of the workload',
  resourceClaims: 'dynamic resource allocation (devices a driver hands out): not modelled',
  resources: 'pod-level resources (the PodLevelResources feature): not modelled, so the pod cgroup is left out',
  overhead: 'the RuntimeClass’s overhead, which the kubelet adds to the pod cgroup: not modelled, so the pod cgroup is left out',
};

/** Container fields container.ts reads. */
export const CONTAINER_MAPPED = new Set(['name', 'image', 'resources', 'securityContext', 'volumeMounts', 'restartPolicy', 'ports']);

/** Container fields that have no place in a topology, and why. */
export const CONTAINER_NOT_IMPORTED: Record<string, string> = {
  command: HARMLESS,
  args: HARMLESS,
  workingDir: HARMLESS,
  env: HARMLESS,
  envFrom: HARMLESS,
  stdin: HARMLESS,
  stdinOnce: HARMLESS,
  tty: HARMLESS,
  terminationMessagePath: HARMLESS,
  terminationMessagePolicy: HARMLESS,
  imagePullPolicy: HARMLESS,
  lifecycle: 'lifecycle hooks: ' + HARMLESS,
  livenessProbe: 'health probe: ' + HARMLESS,
  readinessProbe: 'health probe: ' + HARMLESS,
  startupProbe: 'health probe: ' + HARMLESS,
  resizePolicy: 'in-place resize policy: ' + HARMLESS,
  volumeDevices: 'raw block devices from a PersistentVolumeClaim: not modelled',
};

/** SecurityContext fields security-context.ts reads (pod or container level). */
export const SECURITY_MAPPED = new Set([
  'runAsUser',
  'runAsNonRoot',
  'privileged',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'capabilities',
  'seccompProfile',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'windowsOptions',
]);

export const SECURITY_NOT_IMPORTED: Record<string, string> = {
  runAsGroup: 'the primary group: vmx models the user, not groups',
  supplementalGroups: 'groups: vmx models the user, not groups',
  supplementalGroupsPolicy: 'groups: vmx models the user, not groups',
  fsGroup: 'volume ownership: vmx models the user, not groups',
  fsGroupChangePolicy: 'volume ownership: vmx models the user, not groups',
  seLinuxChangePolicy: 'how volumes are relabelled: ' + HARMLESS,
  sysctls: 'namespaced kernel parameters of the pod: vmx does not model sysctls',
};

/** Workload spec fields read by objects.ts; the others are rollout and selection settings. */
export const WORKLOAD_MAPPED = new Set(['template', 'replicas', 'parallelism', 'volumeClaimTemplates', 'jobTemplate', 'schedule']);
