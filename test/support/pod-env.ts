/**
 * Runs a command (the real collector) with the environment a rendered collector pod would have, derived from
 * the rendered objects rather than written by hand:
 *
 * - environment variables: the collector container's `env` (literal values; the downward API with the pod's
 *   values below; Secret and ConfigMap keys) and `envFrom` (the rendered merged Secret: each key, base64-decoded,
 *   exactly what the kubelet hands the container), plus what the kubelet adds to every container
 *   (KUBERNETES_SERVICE_HOST/PORT, HOSTNAME) and PATH. Nothing of the test process leaks in (HOME included), so
 *   a config that reads an undeclared variable sees it unset, as in the pod;
 * - files at absolute paths: the service-account token, CA and namespace (automountServiceAccountToken), and
 *   what a sidecar writes into an emptyDir the container mounts (the Istio certificates of the agent). They are
 *   bind-mounted over their paths in a private mount namespace (`unshare --mount --propagation private`), so
 *   the host's directories stay as they are; missing mount points are created (empty) and removed again when
 *   the process exits.
 *
 * The collector reads the rendered config unchanged: `configFile` writes the ConfigMap value byte for byte to a
 * temporary file, which the caller passes as `--config=file:<path>`.
 *
 * Needs root and util-linux `unshare` (`podEnvSupport` says whether both are there).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ISTIO } from '../../src/constants';
import { REPO_ROOT } from './run-fn';

/** A rendered Kubernetes object, as parsed from YAML. */
export type K8sObject = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The API server every pod is told about; nothing listens there, and `validate` never connects. */
export const KUBERNETES_SERVICE = { host: '127.0.0.1', port: '6443' } as const;
export const POD = { ip: '127.0.0.1', nodeName: 'node-1', hostIp: '127.0.0.1' } as const;

/** The test CA and a certificate it issued (fixtures/certs), standing in for the cluster's and Istio's PKI. */
const CERTS = path.join(REPO_ROOT, 'fixtures', 'certs');
const pem = (file: string) => readFileSync(path.join(CERTS, file), 'utf8');

export interface PodEnvironment {
  /** The container's complete environment. */
  env: Record<string, string>;
  /** Absolute directory -> file name -> content, bind-mounted over the directory. */
  files: Record<string, Record<string, string>>;
  /** The container's config file: the ConfigMap value behind `--config=<path>`, unchanged. */
  config: string;
  /** `<kind>/<name>` of the workload, for messages. */
  workload: string;
}

export interface PodEnvOptions {
  /**
   * Files a sidecar writes into an emptyDir volume, by volume name. Default: the Istio sidecar's workload
   * certificates in the agent's `istio-certs` volume (OUTPUT_CERTS).
   */
  sidecarFiles?: Record<string, Record<string, string>>;
  /** Service-account files (token, ca.crt, namespace); defaults are made up. */
  serviceAccount?: Record<string, string>;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string };
  };
}
interface EnvFrom {
  prefix?: string;
  secretRef?: { name: string; optional?: boolean };
  configMapRef?: { name: string; optional?: boolean };
}
interface Container {
  name: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  projected?: { sources: { secret?: { name: string; items?: { key: string; path: string }[] } }[] };
  emptyDir?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  volumes?: Volume[];
}

/** What the Istio sidecar writes with OUTPUT_CERTS (ISTIO.certPath); the prometheus receiver checks they exist. */
export function istioSidecarFiles(): Record<string, string> {
  return { 'root-cert.pem': pem('valid-ca.pem'), 'cert-chain.pem': pem('valid-cert.pem'), 'key.pem': pem('valid-key.pem') };
}

function find(objects: readonly K8sObject[], kind: string, name: string, namespace: string | undefined): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? 'default') === (namespace ?? 'default'));
}

/** A Secret's or ConfigMap's values as the kubelet hands them out (Secret `data` is base64). */
function valuesOf(object: K8sObject): Record<string, string> {
  if (object.kind === 'Secret') {
    const data = (object['data'] ?? {}) as Record<string, string>;
    const stringData = (object['stringData'] ?? {}) as Record<string, string>;
    return { ...Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])), ...stringData };
  }
  return { ...((object['data'] ?? {}) as Record<string, string>) };
}

function fieldValue(fieldPath: string, pod: { name: string; namespace: string; serviceAccount: string }): string {
  switch (fieldPath) {
    case 'status.podIP':
      return POD.ip;
    case 'status.hostIP':
      return POD.hostIp;
    case 'spec.nodeName':
      return POD.nodeName;
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'spec.serviceAccountName':
      return pod.serviceAccount;
    default:
      throw new Error(`pod-env: downward-API field ${fieldPath} is not modelled`);
  }
}

/** The pod spec of a Deployment, DaemonSet, StatefulSet or Job template. */
function podSpecOf(workload: K8sObject): PodSpec {
  const spec = workload['spec'] as { template?: { spec?: PodSpec } } | undefined;
  const podSpec = spec?.template?.spec;
  if (podSpec === undefined) throw new Error(`pod-env: ${workload.kind}/${workload.metadata.name} has no pod template`);
  return podSpec;
}

/**
 * The environment of `container` (default: the first) of `workload`'s pods, resolved against the other
 * rendered objects. Throws where the kubelet would refuse to start the container (a missing non-optional
 * Secret or key), because such a pod never runs any config.
 */
export function podEnvironment(objects: readonly K8sObject[], workload: K8sObject, options: PodEnvOptions = {}, containerName?: string): PodEnvironment {
  const spec = podSpecOf(workload);
  const container = containerName === undefined ? spec.containers[0] : spec.containers.find((c) => c.name === containerName);
  const where = `${workload.kind}/${workload.metadata.name}`;
  if (container === undefined) throw new Error(`pod-env: ${where} has no container ${containerName ?? ''}`);
  const namespace = workload.metadata.namespace ?? 'default';
  const pod = { name: `${workload.metadata.name}-0`, namespace, serviceAccount: spec.serviceAccountName ?? 'default' };
  const source = (kind: 'Secret' | 'ConfigMap', name: string, optional: boolean | undefined): Record<string, string> | undefined => {
    const object = find(objects, kind, name, namespace);
    if (object === undefined && optional !== true) throw new Error(`pod-env: ${where} needs ${kind} ${namespace}/${name}, which is not rendered`);
    return object === undefined ? undefined : valuesOf(object);
  };

  // The kubelet's own variables first; envFrom, then env, override them in that order.
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.name,
    KUBERNETES_SERVICE_HOST: KUBERNETES_SERVICE.host,
    KUBERNETES_SERVICE_PORT: KUBERNETES_SERVICE.port,
  };
  for (const from of container.envFrom ?? []) {
    const values = from.secretRef
      ? source('Secret', from.secretRef.name, from.secretRef.optional)
      : from.configMapRef
        ? source('ConfigMap', from.configMapRef.name, from.configMapRef.optional)
        : undefined;
    for (const [k, v] of Object.entries(values ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (from === undefined) env[e.name] = e.value ?? '';
    else if (from.fieldRef) env[e.name] = fieldValue(from.fieldRef.fieldPath, pod);
    else if (from.secretKeyRef || from.configMapKeyRef) {
      const ref = (from.secretKeyRef ?? from.configMapKeyRef)!;
      const values = source(from.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name, ref.optional);
      const value = values?.[ref.key];
      if (value === undefined && ref.optional !== true) throw new Error(`pod-env: ${where}: env ${e.name} refers to missing key ${ref.key}`);
      if (value !== undefined) env[e.name] = value;
    } else throw new Error(`pod-env: ${where}: env ${e.name} uses a source that is not modelled`);
  }

  const files: Record<string, Record<string, string>> = {};
  if (spec.automountServiceAccountToken !== false) {
    files[SERVICE_ACCOUNT_DIR] = options.serviceAccount ?? { token: 'pod-env-service-account-token', 'ca.crt': pem('valid-ca.pem'), namespace };
  }
  const sidecarFiles = options.sidecarFiles ?? { [ISTIO.certVolume]: istioSidecarFiles() };
  let config: string | undefined;
  const configArg = (container.args ?? []).map((a) => /^--config=(?:file:)?(\/.+)$/.exec(a)?.[1]).find((p) => p !== undefined);
  for (const mount of container.volumeMounts ?? []) {
    const volume = (spec.volumes ?? []).find((v) => v.name === mount.name);
    if (volume === undefined) throw new Error(`pod-env: ${where} mounts undefined volume ${mount.name}`);
    if (volume.configMap) {
      const values = source('ConfigMap', volume.configMap.name, false)!;
      const items = volume.configMap.items ?? Object.keys(values).map((key) => ({ key, path: key }));
      for (const item of items) {
        if (values[item.key] === undefined) throw new Error(`pod-env: ${where}: ConfigMap ${volume.configMap.name} has no key ${item.key}`);
        if (configArg === path.posix.join(mount.mountPath, item.path)) config = values[item.key];
      }
    } else if (volume.emptyDir) {
      files[mount.mountPath] = sidecarFiles[volume.name] ?? {};
    } else if (volume.projected && volume.projected.sources.every((s) => s.secret !== undefined)) {
      // The gateway's credentials volume (issue 20): Secret keys as files, paths with subdirectories.
      const projected: Record<string, string> = {};
      for (const { secret } of volume.projected.sources) {
        const values = source('Secret', secret!.name, false)!;
        for (const item of secret!.items ?? Object.keys(values).map((key) => ({ key, path: key }))) {
          if (values[item.key] === undefined) throw new Error(`pod-env: ${where}: Secret ${secret!.name} has no key ${item.key}`);
          projected[item.path] = values[item.key]!;
        }
      }
      files[mount.mountPath] = projected;
    } else {
      throw new Error(`pod-env: ${where}: volume ${volume.name} is of a kind that is not modelled`);
    }
  }
  if (config === undefined) throw new Error(`pod-env: ${where}: no mounted ConfigMap key behind its --config argument`);
  return { env, files, config, workload: where };
}

/** Collector workloads among rendered objects: Deployments and DaemonSets whose container reads a mounted config. */
export function collectorWorkloads(objects: readonly K8sObject[]): K8sObject[] {
  return objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'DaemonSet') && (podSpecOf(o).containers[0]?.args ?? []).some((a) => a.startsWith('--config=')));
}

// ------------------------------------------------------------------------------------------------ running

/** Whether this process can run commands in a pod environment; `why` says what is missing. */
export function podEnvSupport(): { ok: boolean; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'bind mounts in a private mount namespace need root' };
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined) return { ok: false, why: 'util-linux unshare is not on PATH' };
  if (probe.status !== 0) return { ok: false, why: 'unshare --mount fails here (no CAP_SYS_ADMIN?)' };
  return { ok: true, why: '' };
}

const createdMountPoints: string[] = [];
let cleanupRegistered = false;

/** Creates a missing mount point (and parents); they are removed again, if still empty, when the process exits. */
function ensureMountPoint(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  if (missing.length === 0) return;
  mkdirSync(dir, { recursive: true });
  createdMountPoints.push(...missing);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on('exit', removeCreatedMountPoints);
  }
}

/** Removes the mount points this process created, deepest first, where they are still empty. */
export function removeCreatedMountPoints(): void {
  for (const dir of createdMountPoints.splice(0).reverse()) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // Already gone, or something else uses it now: leave it.
    }
  }
}

export interface PodRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command args` with `pod`'s environment and files; `{config}` in an argument is replaced by the path
 * of a file holding `pod.config` unchanged. Asynchronous, so that callers can run several at once.
 */
export function runInPod(pod: PodEnvironment, command: string, args: readonly string[], timeoutMs = 60_000): Promise<PodRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-pod-'));
  const configFile = path.join(dir, 'relay.conf');
  writeFileSync(configFile, pod.config);
  const binds: [string, string][] = Object.entries(pod.files).map(([target, files], i) => {
    const from = path.join(dir, `mount-${i}`);
    mkdirSync(from);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(from, name)), { recursive: true });
      writeFileSync(path.join(from, name), content);
    }
    ensureMountPoint(target);
    return [from, target];
  });
  // sh -c '<mounts>; exec "$@"' sh <command> <args...>: nothing of the command line is interpreted by the shell.
  const script = [...binds.map((_, i) => `mount --bind "$${2 * i + 1}" "$${2 * i + 2}" || exit 125`), `shift ${2 * binds.length}`, 'exec "$@"'].join('\n');
  const argv = ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', ...binds.flat(), command, ...args.map((a) => a.replaceAll('{config}', configFile))];
  return new Promise((resolve) => {
    const child = spawn('unshare', argv, { env: pod.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (code: number, extra = '') => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr: stderr + extra });
    };
    child.on('error', (e) => finish(-1, `\n${e.message}`));
    child.on('close', (code, signal) => finish(code ?? -1, signal !== null ? `\nkilled by ${signal}` : ''));
  });
}
