/**
 * Running the function image with podman, the way the repository's scripts do: podman reads
 * scripts/container/containers.conf, and kpt/kustomize find the `docker` shim first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/run-fn';

export const SCRIPTS = path.join(REPO_ROOT, 'scripts', 'container');
/** What `npm run test:container` builds and every container test runs. */
export const DEV_IMAGE = 'localhost/metricpipeline-fn:dev';
export const SIDECAR_IMAGE = 'localhost/metricpipeline-fn-argocd-cmp:dev';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of podman, kpt and kustomize: our containers.conf (unless one is set) and the shim. */
export function containerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CONTAINERS_CONF: process.env['CONTAINERS_CONF'] ?? path.join(SCRIPTS, 'containers.conf'),
    PATH: `${path.join(SCRIPTS, 'shim')}:${process.env['PATH'] ?? ''}`,
    ...extra,
  };
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Run {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.input,
    env: opts.env ?? containerEnv(),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const error = r.error ? `\n${r.error.message}` : '';
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${error}` };
}

export function podman(args: string[], input?: string | Buffer): Run {
  return run('podman', args, input === undefined ? {} : { input });
}

/** The last lines of a long log, enough to see why a build failed. */
function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

function runScript(script: string, what: string): number {
  const started = Date.now();
  const r = run('bash', [path.join(SCRIPTS, script)], { timeoutMs: 30 * 60_000 });
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${tail(`${r.stdout}\n${r.stderr}`)}`);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`      [container] ${what}: ${seconds.toFixed(1)} s\n`);
  return seconds;
}

let imageBuilt = false;
let sidecarBuilt = false;

/** Builds DEV_IMAGE from the Dockerfile once per test run (podman's layer cache makes reruns quick). */
export function ensureImage(): void {
  if (imageBuilt) return;
  runScript('build-image.sh', `built ${DEV_IMAGE}`);
  imageBuilt = true;
}

/** Builds the Argo CD plugin sidecar from examples/argocd/sidecar/Dockerfile on top of DEV_IMAGE. */
export function ensureSidecarImage(): void {
  ensureImage();
  if (sidecarBuilt) return;
  runScript('build-argocd-sidecar.sh', `built ${SIDECAR_IMAGE}`);
  sidecarBuilt = true;
}

/** A scratch directory, removed by the returned cleanup. */
export function scratch(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `mpfn-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A directory holding only the named executables (symlinks), to put first on PATH. */
export function binDir(parent: string, tools: Record<string, string>): string {
  const dir = path.join(parent, 'bin');
  mkdirSync(dir, { recursive: true });
  for (const [name, target] of Object.entries(tools)) symlinkSync(target, path.join(dir, name));
  return dir;
}

/** The `docker …` command lines the shim saw (DOCKER_SHIM_LOG), only the `run` ones. */
export function shimRuns(logFile: string): string[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('docker run '));
}

/** Creates an empty shim log file and returns its path. */
export function shimLog(dir: string): string {
  const file = path.join(dir, 'docker-shim.log');
  appendFileSync(file, '');
  return file;
}

