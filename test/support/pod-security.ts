/**
 * Pod Security Standard "restricted" (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
 * policy version "latest"; baseline checks included, since restricted contains baseline) plus our own rule:
 * every container has a read-only root filesystem. Input is a plain pod spec as emitted; nothing is defaulted,
 * so a field the admission controller would require must be set explicitly.
 */

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map((v) => obj(v) ?? {}) : [];
}

function get(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) current = obj(current)?.[key];
  return current;
}

/** The pod spec of a workload object (Pod, Deployment & co., Job, CronJob), or undefined for other kinds. */
export function podSpecOf(object: unknown): Obj | undefined {
  const kind = get(object, 'kind');
  if (kind === 'Pod') return obj(get(object, 'spec'));
  if (kind === 'CronJob') return obj(get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
  return obj(get(object, 'spec', 'template', 'spec'));
}

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_RESTRICTED = new Set(['RuntimeDefault', 'Localhost']);

function containersOf(spec: Obj): { path: string; container: Obj }[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    list(spec[field]).map((container, i) => ({ path: `${field}[${i}]`, container })),
  );
}

function podLevel(spec: Obj): string[] {
  const out: string[] = [];
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[host] === true) out.push(`${host} must not be true`);
  }
  if (get(spec, 'securityContext', 'windowsOptions', 'hostProcess') === true) out.push('securityContext.windowsOptions.hostProcess must not be true');
  list(spec['volumes']).forEach((volume, i) => {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type === 'hostPath') out.push(`volumes[${i}] (${String(volume['name'])}) must not be a hostPath volume`);
    else if (type === undefined || !RESTRICTED_VOLUME_TYPES.has(type)) out.push(`volumes[${i}] (${String(volume['name'])}) has type ${String(type)}, not allowed under restricted`);
  });
  list(get(spec, 'securityContext', 'sysctls')).forEach((sysctl, i) => {
    if (!SAFE_SYSCTLS.has(String(sysctl['name']))) out.push(`securityContext.sysctls[${i}] ${String(sysctl['name'])} is not a safe sysctl`);
  });
  return out;
}

/** Checks that apply to the pod-level and each container-level securityContext alike. */
function securityContextChecks(sc: Obj | undefined, where: string): string[] {
  if (sc === undefined) return [];
  const out: string[] = [];
  if (sc['runAsNonRoot'] === false) out.push(`${where}.runAsNonRoot must not be false`);
  if (sc['runAsUser'] === 0) out.push(`${where}.runAsUser must not be 0`);
  const seccomp = get(sc, 'seccompProfile', 'type');
  if (seccomp !== undefined && !SECCOMP_RESTRICTED.has(String(seccomp))) out.push(`${where}.seccompProfile.type must be RuntimeDefault or Localhost, got ${String(seccomp)}`);
  if (get(sc, 'appArmorProfile', 'type') === 'Unconfined') out.push(`${where}.appArmorProfile.type must not be Unconfined`);
  const selinux = obj(sc['seLinuxOptions']);
  if (selinux !== undefined) {
    if (!SELINUX_TYPES.has(String(selinux['type'] ?? ''))) out.push(`${where}.seLinuxOptions.type ${String(selinux['type'])} is not allowed`);
    if (selinux['user'] !== undefined || selinux['role'] !== undefined) out.push(`${where}.seLinuxOptions.user and .role must not be set`);
  }
  if (get(sc, 'windowsOptions', 'hostProcess') === true) out.push(`${where}.windowsOptions.hostProcess must not be true`);
  return out;
}

function containerLevel(path: string, container: Obj, pod: Obj): string[] {
  const out: string[] = [];
  const sc = obj(container['securityContext']);
  const where = `${path}.securityContext`;
  out.push(...securityContextChecks(sc, where));
  if (sc?.['privileged'] === true) out.push(`${where}.privileged must not be true`);
  if (sc?.['allowPrivilegeEscalation'] !== false) out.push(`${where}.allowPrivilegeEscalation must be false`);
  if (sc?.['procMount'] !== undefined && sc['procMount'] !== 'Default') out.push(`${where}.procMount must be Default`);
  const drop = get(sc, 'capabilities', 'drop');
  if (!Array.isArray(drop) || !drop.includes('ALL')) out.push(`${where}.capabilities.drop must include ALL`);
  const add = get(sc, 'capabilities', 'add');
  if (Array.isArray(add)) {
    for (const cap of add) if (cap !== 'NET_BIND_SERVICE') out.push(`${where}.capabilities.add must only contain NET_BIND_SERVICE, got ${String(cap)}`);
  }
  const nonRoot = sc?.['runAsNonRoot'] ?? get(pod, 'securityContext', 'runAsNonRoot');
  if (nonRoot !== true) out.push(`${where}.runAsNonRoot must be true (on the container or the pod)`);
  const seccomp = get(sc, 'seccompProfile', 'type') ?? get(pod, 'securityContext', 'seccompProfile', 'type');
  if (seccomp === undefined) out.push(`${where}.seccompProfile.type must be set (on the container or the pod)`);
  list(container['ports']).forEach((port, i) => {
    if (port['hostPort'] !== undefined && port['hostPort'] !== 0) out.push(`${path}.ports[${i}].hostPort must not be set`);
  });
  // Our own rule, stricter than the standard: the collectors write nothing to their filesystem.
  if (sc?.['readOnlyRootFilesystem'] !== true) out.push(`${where}.readOnlyRootFilesystem must be true`);
  return out;
}

/** Every violation of "restricted" (and of our read-only root filesystem rule); empty when compliant. */
export function restrictedViolations(podSpec: unknown): string[] {
  const spec = obj(podSpec);
  if (spec === undefined) return ['pod spec must be an object'];
  const containers = containersOf(spec);
  if (containers.length === 0) return ['pod spec has no containers'];
  return [
    ...podLevel(spec),
    ...securityContextChecks(obj(spec['securityContext']), 'securityContext'),
    ...containers.flatMap(({ path, container }) => containerLevel(path, container, spec)),
  ];
}
