/**
 * The status job against a fake API server that answers with conflicts, server errors and hanging calls:
 * the run retries what is worth retrying, reports reads it could not make as Unknown conditions, and
 * counts writes it could not make in its exit code. (job.test.ts covers the answers of a healthy cluster.)
 * These are the faults a real API server cannot be made to produce on demand: 5xx answers, calls that hang
 * past their timeout, more conflicts in a row than the job retries. A single 409 from a concurrent writer is
 * proven on the real one (test/status-real/flow-faults.test.ts).
 */
import assert from 'node:assert/strict';
import { READY_TRUE } from '../../../src/status/conditions/messages';
import { FLOW_MESSAGES } from '../../../src/status/flow/reasons';
import type { FakeCluster } from '../support/fake-cluster';
import { brief, cluster, log, runJob } from '../support/job-harness';

const FLOW_OK: [string, string, string] = ['True', 'FlowHealthy', FLOW_MESSAGES.FlowHealthy];
const READY: [string, string, string] = ['True', 'Healthy', READY_TRUE.message];

describe('status job: conflicts, server errors and timeouts', function () {
  this.timeout(30_000);
  let c: FakeCluster;
  afterEach(async () => {
    await c?.stop();
  });

  it('gives up on a pipeline after repeated conflicts, writes the others, and exits 3', async () => {
    c = await cluster();
    c.kube.faults = [{ method: 'PATCH', path: /metricpipelines\/backend\/status$/, times: 4, respond: 409 }];
    const run = await runJob(c);
    assert.equal(run.code, 3);
    assert.deepEqual(log(run, 'done')?.['failed'], ['backend']);
    assert.deepEqual(log(run, 'done')?.['written'], ['platform']);
    assert.equal(c.kube.requests.filter((r) => r.path.endsWith('/metricpipelines/backend/status')).length, 4);
    assert.equal(c.kube.pipelineStatus('backend'), undefined);
  });

  it('retries server errors on listing and on writing', async () => {
    c = await cluster({ pipelines: { a: false } });
    c.kube.faults = [
      { method: 'GET', path: /metricpipelines$/, times: 1, respond: 500 },
      { method: 'PATCH', path: /status$/, times: 2, respond: 503 },
    ];
    const run = await runJob(c);
    assert.equal(run.code, 0, JSON.stringify(run.logs));
    assert.deepEqual(brief(c, 'a')['Ready'], READY);
    assert.equal(run.logs.filter((l) => l['msg'] === 'status write failed; retrying').length, 2);
  });

  it('writes nothing and exits 4 when the pipelines cannot be listed', async () => {
    c = await cluster();
    c.kube.faults = [{ method: 'GET', path: /metricpipelines$/, times: 2, respond: 500 }];
    const run = await runJob(c);
    assert.equal(run.code, 4);
    assert.deepEqual(c.kube.writes(), []);
    assert.match(log(run, 'MetricPipelines could not be listed; no status written')?.['error'] as string, /500 Internal error occurred/);
  });

  it('turns API errors and timeouts on reads into Unknown conditions', async () => {
    c = await cluster();
    c.kube.faults = [
      { method: 'GET', path: /deployments\/telemetry-metric-gateway$/, times: 1, respond: 'hang' },
      { method: 'GET', path: /daemonsets\/telemetry-metric-agent$/, times: 2, respond: 500 },
      { method: 'GET', path: /configmaps\/telemetry-metric-gateway$/, times: 2, respond: 503 },
    ];
    const run = await runJob(c, { callTimeout: 0.3 });
    assert.equal(run.code, 0);
    assert.deepEqual(brief(c, 'platform')['GatewayHealthy'], [
      'Unknown',
      'GatewayProbingFailed',
      'Could not read the Metric Gateway Deployment telemetry-metric-gateway: get deployment kyma-system/telemetry-metric-gateway: no answer within 300 ms',
    ]);
    assert.deepEqual(brief(c, 'platform')['AgentHealthy']?.slice(0, 2), ['Unknown', 'AgentProbingFailed']);
    assert.match(brief(c, 'platform')['AgentHealthy']?.[2] as string, /get daemonset kyma-system\/telemetry-metric-agent: 500 Internal error occurred: etcd leader changed$/);
    assert.deepEqual(brief(c, 'platform')['ConfigurationGenerated']?.slice(0, 2), ['Unknown', 'ConfigurationProbingFailed']);
    // Unknown configuration: the flow is still evaluated, as if the pipelines were rendered.
    assert.deepEqual(brief(c, 'platform')['TelemetryFlowHealthy'], FLOW_OK);
    assert.equal(brief(c, 'platform')['Ready']?.[0], 'False');
  });

  it('counts a status write that times out as not written', async () => {
    c = await cluster();
    c.kube.faults = [{ method: 'PATCH', path: /metricpipelines\/platform\/status$/, times: 1, respond: 'hang' }];
    const run = await runJob(c, { callTimeout: 0.3 });
    assert.equal(run.code, 3);
    assert.match(log(run, 'status not written')?.['error'] as string, /no answer within 300 ms/);
    assert.deepEqual(brief(c, 'backend')['Ready'], READY);
  });

  it('ends with Unknown conditions, not a hang, under the real clock when calls hang', async () => {
    c = await cluster({ pipelines: { a: false } });
    c.kube.faults = [
      { method: 'GET', path: /deployments\//, times: 5, respond: 'hang' },
      { method: 'GET', path: /configmaps\//, times: 5, respond: 'hang' },
      { method: 'GET', path: /endpointslices$/, times: 5, respond: 'hang' },
    ];
    let stderr = '';
    const { main } = await import('../../../src/status/cli');
    const code = await main(['run', '--timeout', '3', '--call-timeout', '1', '--window', '1'], { stdout: () => undefined, stderr: (t) => void (stderr += t) }, { kubeConfig: c.kube.kubeConfig() });
    assert.equal(code, 0, stderr);
    assert.deepEqual(brief(c, 'a')['GatewayHealthy']?.slice(0, 2), ['Unknown', 'GatewayProbingFailed']);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy']?.slice(0, 2), ['Unknown', 'GatewayProbingFailed']);
  });
});
