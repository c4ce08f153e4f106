/**
 * The status job end to end: the real `run` code (cli.ts -> cli/run.ts -> job/status-job.ts -> client-node) against
 * an in-process Kubernetes API server and collector pods serving /metrics. Asserts the stored status objects,
 * and that nothing but those statuses and the job's own state ConfigMap was written. It keeps what needs a
 * controllable clock (windows of a minute and more, state ten minutes old, recorded certificate expiry) or
 * pod states only a kubelet writes (a crash loop); the hold rule, recovery, skipped and unrendered pipelines
 * and other writers' conditions are proven on a real API server and real collectors in test/status-real/.
 */
import assert from 'node:assert/strict';
import { STATUS_JOB } from '../../../src/constants';
import { aboutToExpireMessage } from '../../../src/contract/certificate-expiry';
import { READY_TRUE } from '../../../src/status/conditions/messages';
import { FLOW_MESSAGES } from '../../../src/status/flow/reasons';
import { daemonSet, deployment, FakeCluster, NS, RENDERED_MESSAGE, T0, waitingPod } from '../support/fake-cluster';
import { assertOnlyExpectedWrites, brief, cluster, healthyExporters, log, runJob, AGENT_HEALTHY } from '../support/job-harness';

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

  it('reports a certificate recorded as about to expire as expired once its recorded expiry passed', async () => {
    const expiring = (certificate: 'cert' | 'ca', expiresAt: string) => {
      const expiry = { certificate, expiresAt: new Date(expiresAt) };
      return { rendered: true, reason: 'TLSCertificateAboutToExpire', message: aboutToExpireMessage(expiry), expiry };
    };
    // The clock starts at 2026-11-24T10:00:00Z.
    c = await cluster({
      pipelines: { old: false, soon: false, hour: false },
      outcomes: { old: expiring('cert', '2026-11-20T12:00:00Z'), soon: expiring('ca', '2026-12-01T00:00:00Z'), hour: expiring('cert', '2026-11-24T09:00:00Z') },
    });
    await runJob(c);
    assert.deepEqual(brief(c, 'old')['ConfigurationGenerated'], ['False', 'TLSCertificateExpired', 'TLS certificate expired on 2026-11-20']);
    assert.deepEqual(brief(c, 'hour')['ConfigurationGenerated'], ['False', 'TLSCertificateExpired', 'TLS certificate expired on 2026-11-24'], 'the recorded instant, not the day');
    assert.deepEqual(brief(c, 'soon')['ConfigurationGenerated'], ['True', 'TLSCertificateAboutToExpire', 'TLS CA certificate is about to expire, configured certificate is valid until 2026-12-01']);
    assert.deepEqual(brief(c, 'soon')['Ready'], READY);
  });

  it('reads the outcome annotation of an older function (no format version), expiry from its message', async () => {
    c = await cluster({
      pipelines: { old: false, soon: false, today: false },
      outcomesFormat: 'legacy',
      outcomes: {
        old: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: 'TLS certificate is about to expire, configured certificate is valid until 2026-11-20' },
        soon: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: 'TLS CA certificate is about to expire, configured certificate is valid until 2026-12-01' },
        today: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: 'TLS certificate is about to expire, configured certificate is valid until 2026-11-24' },
      },
    });
    await runJob(c);
    assert.deepEqual(brief(c, 'old')['ConfigurationGenerated'], ['False', 'TLSCertificateExpired', 'TLS certificate expired on 2026-11-20']);
    assert.deepEqual(brief(c, 'today')['ConfigurationGenerated']?.[1], 'TLSCertificateAboutToExpire', 'only the day is recorded: not before it is over');
    assert.deepEqual(brief(c, 'soon')['ConfigurationGenerated'], ['True', 'TLSCertificateAboutToExpire', 'TLS CA certificate is about to expire, configured certificate is valid until 2026-12-01']);
    assert.deepEqual(brief(c, 'soon')['Ready'], READY);
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
