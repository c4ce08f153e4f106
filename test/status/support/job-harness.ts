/** Runs the real `metricpipeline-status run` code in-process against a FakeCluster. */
import assert from 'node:assert/strict';
import { GATEWAY, STATUS_JOB } from '../../../src/constants';
import type { PipelineOutcome } from '../../../src/contract/outcome-annotation';
import { main } from '../../../src/status/cli';
import type { RecordedRequest } from './fake-kube';
import { daemonSet, deployment, FakeCluster, NS, outcomesAnnotation, pipelineSpec, rendered, type PodSpec } from './fake-cluster';

export interface JobRun {
  code: number;
  stdout: string;
  logs: Record<string, unknown>[];
}

export interface RunFlags {
  window?: number;
  timeout?: number;
  callTimeout?: number;
  extra?: string[];
}

export async function runJob(cluster: FakeCluster, flags: RunFlags = {}): Promise<JobRun> {
  let stdout = '';
  let stderr = '';
  const argv = [
    'run',
    '--namespace',
    NS,
    '--window',
    String(flags.window ?? 60),
    '--timeout',
    String(flags.timeout ?? 60),
    '--call-timeout',
    String(flags.callTimeout ?? 2),
    ...(flags.extra ?? []),
  ];
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, { kubeConfig: cluster.kube.kubeConfig(), clock: cluster.clock });
  const lines = stderr.split('\n').filter((l) => l !== '');
  const logs = lines.map((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(typeof parsed['time'], 'string', line);
    assert.ok(['debug', 'info', 'warn', 'error'].includes(parsed['level'] as string), line);
    assert.equal(typeof parsed['msg'], 'string', line);
    return parsed;
  });
  return { code, stdout, logs };
}

export interface ClusterOptions {
  /** Pipeline name -> whether it pulls (needs the agent). */
  pipelines?: Record<string, boolean>;
  gatewayPods?: Record<string, PodSpec>;
  agentPods?: Record<string, PodSpec>;
  outcomes?: Record<string, PipelineOutcome> | 'none';
  /** How the outcome annotation is written: as the current function writes it (default), or as before format versions. */
  outcomesFormat?: 'current' | 'legacy';
}

export function healthyExporters(names: string[]): PodSpec {
  return { exporters: Object.fromEntries(names.map((n) => [`otlp_grpc/metricpipeline-${n}`, { sent: 100 }])) };
}

export const AGENT_HEALTHY: PodSpec = { exporters: { 'otlp_grpc/gateway': { sent: 50 } } };

/** Two pipelines by default: `backend` (OTLP only) and `platform` (prometheus input, needs the agent). */
export async function cluster(options: ClusterOptions = {}): Promise<FakeCluster> {
  const c = new FakeCluster();
  await c.start();
  const pipelines = options.pipelines ?? { backend: false, platform: true };
  const names = Object.keys(pipelines);
  for (const [name, pulls] of Object.entries(pipelines)) c.kube.addPipeline(name, pipelineSpec(pulls));
  for (const [pod, spec] of Object.entries(options.gatewayPods ?? { 'telemetry-metric-gateway-7d9f-abcde': healthyExporters(names), 'telemetry-metric-gateway-7d9f-fghij': healthyExporters(names) })) {
    await c.gateway.addPod(pod, spec);
  }
  if (Object.values(pipelines).some((p) => p)) {
    for (const [pod, spec] of Object.entries(options.agentPods ?? { 'telemetry-metric-agent-node1': AGENT_HEALTHY, 'telemetry-metric-agent-node2': AGENT_HEALTHY })) {
      await c.agent.addPod(pod, spec);
    }
    c.kube.daemonSets.set(`${NS}/telemetry-metric-agent`, daemonSet());
  }
  c.publishEndpoints();
  c.kube.deployments.set(`${NS}/${GATEWAY.name}`, deployment());
  if (options.outcomes !== 'none') c.kube.setConfigMap(NS, GATEWAY.name, { annotations: outcomesAnnotation(options.outcomes ?? rendered(...names), options.outcomesFormat), data: { 'relay.conf': 'receivers: {}\n' } });
  return c;
}

export type Brief = Record<string, [string, string, string]>;

/** type -> [status, reason, message] of a pipeline's stored conditions. */
export function brief(c: FakeCluster, pipeline: string): Brief {
  const conditions = (c.kube.pipelineStatus(pipeline)?.['conditions'] ?? []) as Record<string, unknown>[];
  return Object.fromEntries(conditions.map((x) => [x['type'] as string, [x['status'], x['reason'], x['message']] as [string, string, string]]));
}

const STATE_PATH = `/api/v1/namespaces/${NS}/configmaps`;

/** Asserts the job wrote nothing but status patches of these pipelines and its own state ConfigMap. */
export function assertOnlyExpectedWrites(c: FakeCluster, patched: string[], state: 'create' | 'update' | 'none' | 'any' = 'any'): void {
  assert.deepEqual(c.kube.unexpected, [], 'no request outside the job API');
  const writes = c.kube.writes();
  const patches = writes.filter((w) => w.method === 'PATCH');
  for (const w of patches) assert.match(w.path, /^\/apis\/telemetry\.kyma-project\.io\/v1beta1\/metricpipelines\/[^/]+\/status$/);
  assert.deepEqual([...new Set(patches.filter((w) => w.status === 200).map(nameOf))].sort(), [...patched].sort(), 'patched pipelines');
  const others = writes.filter((w) => w.method !== 'PATCH');
  for (const w of others) {
    const ok = (w.method === 'POST' && w.path === STATE_PATH) || (w.method === 'PUT' && w.path === `${STATE_PATH}/${STATUS_JOB.stateConfigMap}`);
    assert.ok(ok, `unexpected write ${w.method} ${w.path}`);
    if (w.method === 'POST') assert.equal((w.body as { metadata: { name: string } }).metadata.name, STATUS_JOB.stateConfigMap);
  }
  if (state === 'create') assert.deepEqual(others.map((w) => w.method), ['POST']);
  if (state === 'update') assert.deepEqual(others.map((w) => w.method), ['PUT']);
  if (state === 'none') assert.deepEqual(others, []);
}

function nameOf(r: RecordedRequest): string {
  return r.path.split('/')[5] as string;
}

export function log(run: JobRun, msg: string): Record<string, unknown> | undefined {
  return run.logs.find((l) => l['msg'] === msg);
}
