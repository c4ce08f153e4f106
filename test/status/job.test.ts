/**
 * The status job end to end: the real `run` code (cli.ts -> run-command.ts -> job.ts -> client-node) against
 * an in-process Kubernetes API server and collector pods serving /metrics. Asserts the stored status objects,
 * and that nothing but those statuses and the job's own state ConfigMap was written.
 */
import assert from 'node:assert/strict';
import { STATUS_JOB } from '../../src/constants';
import { READY_TRUE } from '../../src/status/conditions';
import { FLOW_MESSAGES } from '../../src/status/messages';
import { daemonSet, deployment, FakeCluster, NS, RENDERED_MESSAGE, T0, waitingPod } from './fake-cluster';
import { assertOnlyExpectedWrites, brief, cluster, condition, healthyExporters, log, runJob, AGENT_HEALTHY } from './job-harness';

const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

const CONFIGURED: [string, string, string] = ['True', 'GatewayConfigured', RENDERED_MESSAGE];
const GATEWAY_READY: [string, string, string] = ['True', 'GatewayReady', 'Metric Gateway Deployment is ready'];
const AGENT_READY: [string, string, string] = ['True', 'AgentReady', 'Metric Agent DaemonSet is ready'];
const AGENT_NOT_REQUIRED: [string, string, string] = ['True', 'AgentNotRequired', ''];
const FLOW_OK: [string, string, string] = ['True', 'FlowHealthy', FLOW_MESSAGES.FlowHealthy];
const READY: [string, string, string] = ['True', 'Healthy', READY_TRUE.message];

describe('status job: end to end against a fake API server and collectors', function () {
  this.timeout(30_000);
  let c: FakeCluster;
  afterEach(async () => {
    await c?.stop();
  });

  it('writes every condition of healthy pipelines, then leaves an unchanged status alone', async () => {
    c = await cluster();
    const first = await runJob(c);
    assert.equal(first.code, 0, JSON.stringify(first.logs));
    // No state yet: two scrape rounds as far apart as the 60 s budget allows after its 15 s reserve.
    assert.deepEqual(c.clock.sleeps, [45_000]);
    assert.equal(log(first, 'evaluated')?.['mode'], 'two-rounds');
    assert.deepEqual(brief(c, 'platform'), {
      ConfigurationGenerated: CONFIGURED,
      GatewayHealthy: GATEWAY_READY,
      AgentHealthy: AGENT_READY,
      TelemetryFlowHealthy: FLOW_OK,
      Ready: READY,
    });
    assert.deepEqual(brief(c, 'backend'), {
      ConfigurationGenerated: CONFIGURED,
      GatewayHealthy: GATEWAY_READY,
      AgentHealthy: AGENT_NOT_REQUIRED,
      TelemetryFlowHealthy: FLOW_OK,
      Ready: READY,
    });
    const status = c.kube.pipelineStatus('platform') as { observedGeneration: number; conditions: Record<string, unknown>[] };
    assert.equal(status.observedGeneration, 1);
    for (const cond of status.conditions) {
      assert.equal(cond['observedGeneration'], 1);
      assert.equal(cond['lastTransitionTime'], at(45));
    }
    assertOnlyExpectedWrites(c, ['backend', 'platform'], 'create');
    const state = c.kube.configMaps.get(`${NS}/${STATUS_JOB.stateConfigMap}`) as { metadata: { labels: Record<string, string> }; data: Record<string, string>; binaryData: Record<string, string> };
    assert.equal(state.metadata.labels['app.kubernetes.io/managed-by'], 'metricpipeline-fn');
    assert.ok(state.binaryData['snapshot.json.gz'] !== undefined, 'keeps the scrape for the next run');

    // A minute later: the previous run's scrape is the window's start; one scrape, no waiting, no writes.
    c.clock.advance(60);
    c.kube.requests.length = 0;
    const second = await runJob(c);
    assert.equal(second.code, 0);
    assert.deepEqual(c.clock.sleeps, [45_000, 0]);
    assert.equal(log(second, 'evaluated')?.['mode'], 'snapshot');
    assert.equal(log(second, 'evaluated')?.['windowSeconds'], 60);
    assertOnlyExpectedWrites(c, [], 'update');
    assert.deepEqual(log(second, 'done')?.['unchanged'], ['backend', 'platform']);
  });

  it('turns TelemetryFlowHealthy False only when a problem holds over two consecutive runs, and recovers at once', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': { exporters: { 'otlp_grpc/metricpipeline-a': { sent: 0, failed: 10 } } } } });
    const first = await runJob(c, { window: 30 });
    assert.equal(first.code, 0);
    assert.deepEqual(log(first, 'evaluated')?.['pending'], ['a']);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK, 'seen once: pending');

    c.clock.advance(30);
    const second = await runJob(c, { window: 30 });
    assert.equal(second.code, 0);
    assert.equal(log(second, 'evaluated')?.['windowSeconds'], 30);
    const dropped = ['False', 'GatewayAllTelemetryDataDropped', FLOW_MESSAGES.GatewayAllTelemetryDataDropped];
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], dropped);
    assert.deepEqual(brief(c, 'a')['Ready'], ['False', 'GatewayAllTelemetryDataDropped', `TelemetryFlowHealthy: ${FLOW_MESSAGES.GatewayAllTelemetryDataDropped}`]);
    // lastTransitionTime moves only for the conditions whose status flipped.
    assert.equal(condition(c, 'a', 'TelemetryFlowHealthy')?.['lastTransitionTime'], at(60));
    assert.equal(condition(c, 'a', 'Ready')?.['lastTransitionTime'], at(60));
    assert.equal(condition(c, 'a', 'ConfigurationGenerated')?.['lastTransitionTime'], at(30));

    c.gateway.setSpec('gw-1', healthyExporters(['a']));
    c.clock.advance(30);
    await runJob(c, { window: 30 });
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK);
    assert.deepEqual(brief(c, 'a')['Ready'], READY);
  });

  it('does not count a problem seen by a run too long ago, nor use its scrape', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': { exporters: { 'otlp_grpc/metricpipeline-a': { sent: 0, failed: 10 } } } } });
    await runJob(c, { window: 30 });
    c.clock.advance(11 * 60);
    const late = await runJob(c, { window: 30 });
    assert.ok(log(late, 'previous state is too old to use'));
    assert.equal(log(late, 'evaluated')?.['mode'], 'two-rounds');
    assert.deepEqual(log(late, 'evaluated')?.['pending'], ['a']);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK);
  });

  it('confirms a problem within one run when the window is at least 60 s; agent drops apply to every agent pipeline', async () => {
    const failingAgent = { exporters: { 'otlp_grpc/gateway': { sent: 0, failed: 20 } } };
    c = await cluster({ pipelines: { backend: false, platform: true, scraper: true }, agentPods: { 'agent-1': failingAgent, 'agent-2': failingAgent } });
    const run = await runJob(c, { window: 60, timeout: 120 });
    assert.equal(run.code, 0);
    assert.deepEqual(c.clock.sleeps, [60_000]);
    const agentDropped = ['False', 'AgentAllTelemetryDataDropped', FLOW_MESSAGES.AgentAllTelemetryDataDropped];
    assert.deepEqual(brief(c, 'platform')['TelemetryFlowHealthy'], agentDropped);
    assert.deepEqual(brief(c, 'scraper')['TelemetryFlowHealthy'], agentDropped);
    assert.deepEqual(brief(c, 'backend')['TelemetryFlowHealthy'], FLOW_OK, 'an OTLP-only pipeline does not depend on the agent');
    assert.deepEqual(brief(c, 'backend')['Ready'], READY);
  });

  it('reports a crash-looping gateway as a rollout first and as GatewayNotReady once it held', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': { exporters: {}, broken: true } } });
    c.kube.deployments.set(`${NS}/telemetry-metric-gateway`, deployment({ readyReplicas: 0 }));
    c.kube.pods = [
      waitingPod('telemetry-metric-gateway-7d9f-abcde', 'CrashLoopBackOff', 'back-off 40s restarting failed container=collector', { reason: 'Error', exitCode: 1 }),
      waitingPod('telemetry-metric-gateway-7d9f-fghij', 'CrashLoopBackOff', 'back-off 20s restarting failed container=collector', { reason: 'Error', exitCode: 1 }),
    ];
    await runJob(c);
    assert.deepEqual(brief(c, 'a')['GatewayHealthy'], ['True', 'RolloutInProgress', 'Pods are being started/updated']);
    assert.equal(brief(c, 'a')['TelemetryFlowHealthy']?.[1], 'GatewayProbingFailed');
    assert.deepEqual(brief(c, 'a')['Ready']?.slice(0, 2), ['False', 'GatewayProbingFailed'], 'Unknown outranks a rollout');

    c.clock.advance(60);
    await runJob(c);
    const crash = 'Pod is in the pending state because container: collector is not running due to: CrashLoopBackOff (last terminated: Error, exit code 1). Please check the container: collector logs.';
    assert.deepEqual(brief(c, 'a')['GatewayHealthy'], ['False', 'GatewayNotReady', crash]);
    assert.deepEqual(brief(c, 'a')['Ready'], ['False', 'GatewayNotReady', `GatewayHealthy: ${crash}`]);
    assertOnlyExpectedWrites(c, ['a']);
  });

  it('reports ConfigurationNotGenerated for every pipeline when no gateway was rendered, without probing', async () => {
    c = await cluster({ outcomes: 'none' });
    c.kube.deployments.clear();
    c.kube.daemonSets.clear();
    const run = await runJob(c);
    assert.equal(run.code, 0);
    const missing = `No Metric Gateway configuration found: ConfigMap ${NS}/telemetry-metric-gateway does not exist. The function renders no gateway when no MetricPipeline is valid (invalidPipelines: skip); check its results, or apply its output`;
    assert.deepEqual(brief(c, 'platform'), {
      ConfigurationGenerated: ['False', 'GatewayNotRendered', missing],
      GatewayHealthy: [
        'False',
        'GatewayConfigurationNotGenerated',
        "This MetricPipeline's specification is not applied to the configuration of the Metric Gateway. Check the 'ConfigurationGenerated' condition for more details",
      ],
      AgentHealthy: [
        'False',
        'AgentConfigurationNotGenerated',
        "This MetricPipeline's specification is not applied to the configuration of the Metric Agent. Check the 'ConfigurationGenerated' condition for more details",
      ],
      TelemetryFlowHealthy: ['False', 'ConfigurationNotGenerated', FLOW_MESSAGES.ConfigurationNotGenerated],
      Ready: ['False', 'GatewayNotRendered', `ConfigurationGenerated: ${missing}`],
    });
    assert.equal(c.gateway.scrapes + c.agent.scrapes, 0, 'nothing to scrape');
    assert.ok(!c.kube.requests.some((r) => r.path.includes('endpointslices')));
    assertOnlyExpectedWrites(c, ['backend', 'platform']);
  });

  it('reports pipelines left out under skip, and pipelines the function never saw', async () => {
    c = await cluster({
      pipelines: { backend: false, broken: false, late: false },
      outcomes: {
        backend: { rendered: true, reason: 'GatewayConfigured', message: RENDERED_MESSAGE },
        broken: { rendered: false, reason: 'EndpointInvalid', message: 'OTLP output endpoint invalid: missing port' },
      },
    });
    await runJob(c);
    assert.deepEqual(brief(c, 'broken')['ConfigurationGenerated'], ['False', 'EndpointInvalid', 'OTLP output endpoint invalid: missing port']);
    assert.equal(brief(c, 'broken')['GatewayHealthy']?.[1], 'GatewayConfigurationNotGenerated');
    assert.deepEqual(brief(c, 'broken')['AgentHealthy'], AGENT_NOT_REQUIRED);
    assert.equal(brief(c, 'broken')['TelemetryFlowHealthy']?.[1], 'ConfigurationNotGenerated');
    assert.deepEqual(brief(c, 'broken')['Ready'], ['False', 'EndpointInvalid', 'ConfigurationGenerated: OTLP output endpoint invalid: missing port']);
    assert.equal(brief(c, 'late')['ConfigurationGenerated']?.[1], 'PipelineNotRendered');
    assert.deepEqual(brief(c, 'backend')['Ready'], READY);
  });

  it('reports a certificate recorded as about to expire as expired once the date passed', async () => {
    c = await cluster({
      pipelines: { old: false, soon: false },
      outcomes: {
        old: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: 'TLS certificate is about to expire, configured certificate is valid until 2026-11-20' },
        soon: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: 'TLS CA certificate is about to expire, configured certificate is valid until 2026-12-01' },
      },
    });
    await runJob(c);
    assert.deepEqual(brief(c, 'old')['ConfigurationGenerated'], ['False', 'TLSCertificateExpired', 'TLS certificate expired on 2026-11-20']);
    assert.deepEqual(brief(c, 'soon')['ConfigurationGenerated'], ['True', 'TLSCertificateAboutToExpire', 'TLS CA certificate is about to expire, configured certificate is valid until 2026-12-01']);
    assert.deepEqual(brief(c, 'soon')['Ready'], READY);
  });

  it('keeps conditions of other writers and the existing lastTransitionTime of unchanged statuses', async () => {
    c = await cluster({ pipelines: { a: false } });
    const foreign = { type: 'example.com/Audited', status: 'True', reason: 'Checked', message: 'by someone else', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const old = { type: 'GatewayHealthy', status: 'True', reason: 'RolloutInProgress', message: 'Pods are being started/updated', observedGeneration: 1, lastTransitionTime: '2026-11-01T00:00:00Z' };
    (c.kube.pipelines.get('a') as Record<string, unknown>)['status'] = { conditions: [old, foreign] };
    await runJob(c);
    const conditions = (c.kube.pipelineStatus('a')?.['conditions'] ?? []) as Record<string, unknown>[];
    assert.deepEqual(conditions.map((x) => x['type']), ['ConfigurationGenerated', 'GatewayHealthy', 'AgentHealthy', 'TelemetryFlowHealthy', 'Ready', 'example.com/Audited']);
    assert.deepEqual(conditions[5], foreign);
    assert.equal(condition(c, 'a', 'GatewayHealthy')?.['lastTransitionTime'], '2026-11-01T00:00:00Z', 'status stayed True');
    assert.equal(condition(c, 'a', 'GatewayHealthy')?.['reason'], 'GatewayReady');
  });

  describe('conflicts, server errors and timeouts', () => {
    it('re-reads and retries on a real 409 (the spec changed meanwhile) and reports the new generation', async () => {
      c = await cluster({ pipelines: { a: false } });
      let touched = false;
      c.kube.onRequest = (r) => {
        if (r.method === 'PATCH' && !touched) {
          touched = true;
          c.kube.touchPipeline('a');
        }
      };
      const run = await runJob(c);
      assert.equal(run.code, 0);
      const trail = c.kube.requests.filter((r) => r.path.includes('/metricpipelines/a')).map((r) => `${r.method} ${r.status}`);
      assert.deepEqual(trail, ['PATCH 409', 'GET 200', 'PATCH 200']);
      const status = c.kube.pipelineStatus('a') as { observedGeneration: number; conditions: { observedGeneration: number }[] };
      assert.equal(status.observedGeneration, 2);
      assert.ok(status.conditions.every((x) => x.observedGeneration === 2));
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
      const started = Date.now();
      const run = await runJob(c, { callTimeout: 0.3 });
      assert.ok(Date.now() - started < 5000, 'a hanging call costs its timeout, not more');
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

    it('stays within its time budget with the real clock when calls hang', async () => {
      c = await cluster({ pipelines: { a: false } });
      c.kube.faults = [
        { method: 'GET', path: /deployments\//, times: 5, respond: 'hang' },
        { method: 'GET', path: /configmaps\//, times: 5, respond: 'hang' },
        { method: 'GET', path: /endpointslices$/, times: 5, respond: 'hang' },
      ];
      let stderr = '';
      const started = Date.now();
      const { main } = await import('../../src/status/cli');
      const code = await main(['run', '--timeout', '3', '--call-timeout', '1', '--window', '1'], { stdout: () => undefined, stderr: (t) => void (stderr += t) }, { kubeConfig: c.kube.kubeConfig() });
      const took = Date.now() - started;
      assert.ok(took < 4000, `took ${took} ms`);
      assert.equal(code, 0, stderr);
      assert.deepEqual(brief(c, 'a')['GatewayHealthy']?.slice(0, 2), ['Unknown', 'GatewayProbingFailed']);
      assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy']?.slice(0, 2), ['Unknown', 'GatewayProbingFailed']);
    });
  });

  it('reads every page of a paginated pipeline list', async () => {
    c = await cluster({ pipelines: { a: false, b: false, c: false } });
    c.kube.pageSize = 1;
    const run = await runJob(c);
    assert.equal(run.code, 0);
    assert.equal(c.kube.requests.filter((r) => r.path.endsWith('/metricpipelines') && r.method === 'GET').length, 3);
    assertOnlyExpectedWrites(c, ['a', 'b', 'c']);
  });

  it('scrapes the remaining pods when one pod fails, and reports GatewayProbingFailed when all fail', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': healthyExporters(['a']), 'gw-2': { exporters: {}, broken: true } } });
    const partly = await runJob(c);
    assert.deepEqual(log(partly, 'collector pods could not be scraped')?.['pods'], ['gw-2']);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK);

    c.gateway.setSpec('gw-1', { exporters: {}, broken: true });
    c.clock.advance(60);
    await runJob(c);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], ['Unknown', 'GatewayProbingFailed', FLOW_MESSAGES.GatewayProbingFailed]);
  });

  it('--dry-run writes nothing and logs the patches', async () => {
    c = await cluster();
    const run = await runJob(c, { extra: ['--dry-run'] });
    assert.equal(run.code, 0);
    assert.deepEqual(c.kube.writes(), []);
    const planned = run.logs.filter((l) => l['msg'] === 'dry run: would patch status');
    assert.deepEqual(planned.map((l) => l['pipeline']), ['backend', 'platform']);
    assert.equal(JSON.parse(planned[0]?.['patch'] as string).status.conditions.length, 5);
  });

  it('does nothing without MetricPipelines', async () => {
    c = new FakeCluster();
    await c.start();
    const run = await runJob(c);
    assert.equal(run.code, 0);
    assert.deepEqual(c.kube.writes(), []);
    assert.ok(log(run, 'no MetricPipelines; nothing to do'));
  });

  it('uses a v1alpha1 pipeline the same way (served under v1beta1 unchanged)', async () => {
    c = await cluster({ pipelines: { a: true } });
    (c.kube.pipelines.get('a') as Record<string, unknown>)['apiVersion'] = 'telemetry.kyma-project.io/v1alpha1';
    c.kube.daemonSets.set(`${NS}/telemetry-metric-agent`, daemonSet({ numberReady: 1 }));
    await runJob(c);
    assert.deepEqual(brief(c, 'a')['AgentHealthy'], ['True', 'RolloutInProgress', 'Pods are being started/updated']);
    void AGENT_HEALTHY;
  });
});
