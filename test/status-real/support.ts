/**
 * The cluster every status-real test works in: a real kube-apiserver + etcd (scripts/peers/control-plane),
 * the MetricPipeline CRD, the function's output applied to it (the MetricPipelines, created through the API,
 * the collectors' objects and the status job's ServiceAccount, RBAC and CronJob), and the status job run as
 * its CronJob's container would run: `node /app/function/metricpipeline-status run ...` through
 * scripts/peers/run-pod (the kubelet stand-in), with the image's files at /app and a TokenRequest token of
 * its own ServiceAccount, so that the rendered RBAC is all that authorises it.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { prepareControlPlane, randomSubnet, renderItems } from '../flow/support';
import { startControlPlane, type ControlPlane } from '../support/peers';
import { REPO_ROOT } from '../support/run-fn';
import { runPod, type RunningPod } from '../support/run-pod';

export const NS = 'kyma-system';
export const GATEWAY = 'telemetry-metric-gateway';
export const AGENT = 'telemetry-metric-agent';
export const GATEWAY_WORKLOAD = `Deployment/${NS}/${GATEWAY}`;
export const AGENT_WORKLOAD = `DaemonSet/${NS}/${AGENT}`;
export const STATUS_SA = `system:serviceaccount:${NS}:telemetry-metric-status`;

/** What the image holds under /app (Dockerfile: the launchers and the bundles). */
const IMAGE_DIRS = { '/app/function': path.join(REPO_ROOT, 'function'), '/app/dist/bundle': path.join(REPO_ROOT, 'dist', 'bundle') };

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface Pipeline {
  apiVersion: string;
  kind: string;
  metadata: { name: string; generation: number; resourceVersion: string; annotations?: Record<string, string> };
  spec: unknown;
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

export interface StatusCluster {
  cp: ControlPlane;
  dir: string;
  /** The function's output (a ResourceList), which run-pod reads the workloads from. */
  outputFile: string;
  /** 127.X.Y.n: this run's pod IPs. */
  ip(n: number): string;
  pipeline(name: string): Pipeline;
  condition(name: string, type: string): Condition | undefined;
  stop(): void;
}

export function metricPipeline(name: string, spec: object): object {
  return { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name }, spec };
}

/** Renders `items` with `config`, starts a control plane and applies the output to it. */
export async function startStatusCluster(items: object[], config: Record<string, string>, namespaces: string[] = []): Promise<StatusCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-status-real-'));
  const output = renderItems(items, config);
  const outputFile = path.join(dir, 'output.yaml');
  writeFileSync(outputFile, output);
  let cp: ControlPlane | undefined;
  try {
    cp = startControlPlane();
    await prepareControlPlane(cp, [NS, ...namespaces], namespaces);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
  } catch (e) {
    cp?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const plane = cp;
  const subnet = randomSubnet();
  const pipeline = (name: string): Pipeline => JSON.parse(plane.kubectl(['get', 'metricpipeline', name, '-o', 'json'])) as Pipeline;
  return {
    cp: plane,
    dir,
    outputFile,
    ip: (n) => `${subnet}.${n}`,
    pipeline,
    condition: (name, type) => pipeline(name).status?.conditions?.find((c) => c.type === type),
    stop: () => {
      plane.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface JobRun {
  code: number | null;
  /** The job's JSON log lines (stderr), parsed. */
  lines: { level: string; msg: string; [key: string]: unknown }[];
  log: string;
  podName: string;
}

/** One run of the status CronJob's container; `during` runs once the job has logged its start (a concurrent writer). */
export async function runStatusJob(c: StatusCluster, during?: (job: RunningPod) => Promise<void>): Promise<JobRun> {
  const job = await runPod(c.outputFile, `CronJob/${NS}/telemetry-metric-status`, {
    kubeconfig: c.cp.kubeconfig,
    podIp: c.ip(9),
    ready: /"msg":"status job started"/,
    imageDirs: IMAGE_DIRS,
    timeoutMs: 30_000,
  });
  try {
    if (during !== undefined) await during(job);
    // activeDeadlineSeconds of the rendered Job: 90 s.
    const timer = setTimeout(() => void job.stop(1000), 90_000);
    const code = await job.exited;
    clearTimeout(timer);
    const log = job.log();
    const lines = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as JobRun['lines'][number]);
    return { code, lines, log, podName: job.podName };
  } finally {
    await job.stop(1000);
  }
}

/** The job ran to the end, wrote (or kept) every status, and logged no error. */
export function expectCleanRun(run: JobRun): void {
  expect(run.code, run.log).to.equal(0);
  expect(run.lines.filter((l) => l.level === 'error' || l.level === 'warn'), run.log).to.deep.equal([]);
  expect(run.log).to.not.match(/forbidden|Unauthorized/i);
}

/** `kubectl wait --for=condition=Ready`: the README's way to wait for a healthy pipeline. */
export function waitReady(c: StatusCluster, name: string, timeoutSeconds = 5): string {
  return c.cp.kubectl(['wait', '--for=condition=Ready', `metricpipeline/${name}`, `--timeout=${timeoutSeconds}s`]).trim();
}

/** type -> [status, reason] of a pipeline's conditions, for compact assertions. */
export function summary(p: Pipeline): Record<string, [string, string]> {
  return Object.fromEntries((p.status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason]]));
}
