/**
 * Runs scripts/peers/run-pod (the stand-in for the kubelet: see that script) as a child process and waits for
 * the collector it runs to be ready; `stop()` ends it (SIGTERM, then SIGKILL to its process group) and resolves
 * when it has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './run-fn';

export const RUN_POD = path.join(REPO_ROOT, 'scripts', 'peers', 'run-pod');

export interface RunningPod {
  /** The Pod object's name, as run-pod reported it. */
  podName: string;
  /** Everything run-pod and the container wrote so far (stdout and stderr). */
  log(): string;
  /**
   * The host directory behind a ConfigMap/Secret/projected volume: writing there is what the kubelet does
   * when the Secret changes (the container sees it at once; the kubelet takes up to a minute).
   */
  volumeDir(name: string): string;
  /** Ends the container (SIGTERM to run-pod, which passes it on; SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
  /** Resolves with the exit code when the container has ended by itself (a Job's pod). */
  exited: Promise<number | null>;
  child: ChildProcess;
}

export interface RunPodOptions {
  kubeconfig: string;
  podIp: string;
  node?: string;
  /** The node's host IP (the Node object's InternalIP and the pod's status.hostIP); run-pod's default 127.0.0.1. */
  hostIp?: string;
  /** Extra /etc/hosts entries, name -> 127.x.y.z: stand in for cluster DNS (Service names) and node names. */
  hosts?: Record<string, string>;
  /** The container's CA bundle (/etc/ssl/certs/ca-certificates.crt) instead of the host's: run-pod --ca-bundle. */
  caBundle?: string;
  /** What in the log means the container is ready; default: the collector's "Everything is ready". */
  ready?: RegExp;
  timeoutMs?: number;
  /** The image's files: container path -> host directory (run-pod --image-dir), for a command inside the image. */
  imageDirs?: Record<string, string>;
  /** Enforce the container's resources.limits.memory with a memory cgroup, as the kubelet does (run-pod --memory-limit). */
  memoryLimit?: boolean;
  /** Create that cgroup under this directory (run-pod --memory-cgroup; implies memoryLimit), where only a nested one is writable. */
  memoryCgroup?: string;
}

/** Starts `workload` (KIND/NAMESPACE/NAME) of the rendered `outputFile`; resolves once it is ready. */
export async function runPod(outputFile: string, workload: string, options: RunPodOptions): Promise<RunningPod> {
  const args = [
    outputFile,
    workload,
    '--kubeconfig',
    options.kubeconfig,
    '--pod-ip',
    options.podIp,
    ...(options.node ? ['--node', options.node] : []),
    ...(options.hostIp ? ['--host-ip', options.hostIp] : []),
    ...Object.entries(options.hosts ?? {}).flatMap(([name, ip]) => ['--add-host', `${name}=${ip}`]),
    ...(options.caBundle ? ['--ca-bundle', options.caBundle] : []),
    ...Object.entries(options.imageDirs ?? {}).flatMap(([to, from]) => ['--image-dir', `${to}=${from}`]),
    ...(options.memoryLimit === true ? ['--memory-limit'] : []),
    ...(options.memoryCgroup ? ['--memory-cgroup', options.memoryCgroup] : []),
  ];
  // Its own process group: should run-pod not pass SIGTERM on in time, SIGKILL goes to the group (run-pod,
  // unshare and the container), so that nothing it started outlives the test.
  const child = spawn(RUN_POD, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  exited.then(() => (done = true));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (done) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const ready = options.ready ?? /Everything is ready/;
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  while (!ready.test(log)) {
    if (done) throw new Error(`run-pod ${workload} exited (${child.exitCode}) before it was ready:\n${log}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`run-pod ${workload} was not ready in ${options.timeoutMs ?? 60_000} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const podName = /created Pod [^/\s]+\/(\S+)/.exec(log)?.[1] ?? '';
  const volumeDir = (name: string): string => {
    const dir = new RegExp(`volume ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at (\\S+)`).exec(log)?.[1];
    if (dir === undefined) throw new Error(`run-pod ${workload} has no volume ${name}:\n${log}`);
    return dir;
  };
  return { podName, log: () => log, stop, exited, child, volumeDir };
}
