/**
 * Issue 19, parts 2-4: the status job judging real collectors' self-metrics. One gateway carries five
 * pipelines whose backends fail in different ways, an agent cannot reach the gateway (test/status-real/
 * faults-fixture.ts); the job (its CronJob's container, through run-pod, with its own token) scrapes the
 * real `:8888/metrics` of the pods that the metrics Services' EndpointSlices list, and writes what the
 * README promises, which is read back with kubectl and judged by Argo CD's Lua check and Flux's CEL. A
 * second writer changes a status while the job runs (a real 409 from the API server). Then every fault is
 * repaired and the pipelines recover.
 *
 * Stand-ins: run-pod for the kubelet (collectors, producers, the job), /etc/hosts for cluster DNS, and the
 * controllers of test/status-real/controllers.ts (workload status, EndpointSlices, the target Pod).
 */
import { expect } from 'chai';
import { FLOW_MESSAGES, type FlowReason } from '../../src/status/flow/reasons';
import { readSink, requireFlowPeers, stopwatch, waitFor } from '../flow/support';
import { requirePeer } from '../support/peers';
import { EXPORT_CONSUMERS, PIPELINES, startDownSink, startFaultsFixture, type FaultsFixture, type Name } from './faults-fixture';
import { argoHealth, fluxHealth, installFluxHealth } from './gitops-health';
import { parseSelfMetrics, waitForSelfMetrics, type SelfMetrics } from './self-metrics';
import { expectCleanRun, runStatusJob, summary, waitReady, type Condition, type JobRun, type StatusCluster } from './support';

const SENT = 'otelcol_exporter_sent_metric_points_total';
const SEND_FAILED = 'otelcol_exporter_send_failed_metric_points_total';
const ENQUEUE_FAILED = 'otelcol_exporter_enqueue_failed_metric_points_total';
const QUEUE = 'otelcol_exporter_queue_size';
const CAPACITY = 'otelcol_exporter_queue_capacity';
const exporter = (name: Name) => ({ exporter: `${name === 'healthy' || name === 'scraped' ? 'otlp' : 'otlphttp'}/metricpipeline-${name}` });
const AGENT_EXPORTER = { exporter: 'otlp/gateway' };

/** The reason the README promises for each fault. */
const FAULTS: Record<Exclude<Name, 'healthy'>, FlowReason> = {
  down: 'GatewayAllTelemetryDataDropped',
  partial: 'GatewaySomeTelemetryDataDropped',
  slow: 'GatewayBufferFillingUp',
  scraped: 'AgentAllTelemetryDataDropped',
};

const OTHER_WRITER: Condition = { type: 'ExternalCheck', status: 'True', reason: 'Checked', message: 'written by another controller', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' };

/** Another controller's read-modify-write of the status, conditional on the resourceVersion it read. */
function writeOtherCondition(c: StatusCluster, name: string): void {
  const p = c.pipeline(name);
  const status = { ...(p.status ?? {}), conditions: [...(p.status?.conditions ?? []), OTHER_WRITER] };
  c.cp.kubectl(['replace', '--subresource=status', '-f', '-'], JSON.stringify({ ...p, status }));
}

/** How often the API server has answered a LIST of MetricPipelines (its own request counter). */
function pipelineLists(c: StatusCluster): number {
  return parseSelfMetrics(c.cp.kubectl(['get', '--raw', '/metrics'])).sum('apiserver_request_total', { resource: 'metricpipelines', verb: 'LIST' });
}

function evaluated(run: JobRun): { mode?: unknown; pending?: unknown } {
  const line = run.lines.find((l) => l.msg === 'evaluated');
  return line === undefined ? {} : { mode: line['mode'], pending: line['pending'] };
}

describe('status job on real collectors: faults, a concurrent writer, recovery (issue 19)', function () {
  this.timeout(300_000);
  let f: FaultsFixture | undefined;
  let capacity = 0;
  /** `down`'s conditions after the first run: transition times to compare with. */
  let firstDown: Condition[] = [];
  const clock = stopwatch();
  const gw = (): string => f!.ips.gateway;
  const wait = (what: string, ip: string, probe: (m: SelfMetrics) => boolean) => waitForSelfMetrics(what, ip, probe, 90_000);

  before(async function () {
    const otelcol = requireFlowPeers(this);
    requirePeer(this, 'lua-health');
    clock.restart();
    f = await startFaultsFixture(otelcol);
    clock.mark('fixture up');
    await installFluxHealth(f.c.cp, 'healthy');
    clock.mark('Flux policies in force');
    // The slow backend gets one burst: the exporters in flight plus 90 % of the queue, in batches of 1024
    // (the gateway's batch size), then nothing: the queue stays that full while every export is held.
    capacity = (await wait('the gateway', gw(), (m) => m.sum(CAPACITY, exporter('slow')) > 0)).sum(CAPACITY, exporter('slow'));
    const fx = f;
    const [burst] = await Promise.all([
      fx.startProducer('slow', (EXPORT_CONSUMERS + Math.ceil(0.9 * capacity)) * 1024, 3_600_000),
      fx.startProducer('healthy', 1),
      fx.startProducer('down', 8192),
      fx.startProducer('partial', 2048),
    ]);
    expect(await burst.stop(), burst.log()).to.equal(0); // the SDK's shutdown exports what it has, once
    clock.mark('producers started');
    await Promise.all([
      wait('down to drop data', gw(), (m) => m.sum(ENQUEUE_FAILED, exporter('down')) > 0),
      wait('partial to be refused some', gw(), (m) => m.sum(SEND_FAILED, exporter('partial')) > 0 && m.sum(SENT, exporter('partial')) > 0),
      wait('slow to fill its queue', gw(), (m) => m.sum(QUEUE, exporter('slow')) >= 0.8 * capacity),
      wait('the agent to drop data', f.ips.agent, (m) => m.sum(ENQUEUE_FAILED, AGENT_EXPORTER) > 0),
    ]);
    clock.mark('faults in place');
  });

  after(async function () {
    this.timeout(60_000);
    clock.report();
    await f?.stop();
  });

  it('first run: sees every fault, confirms none yet (a problem must hold over two runs when the window is short)', async () => {
    const run = await runStatusJob(f!.c);
    clock.mark('first run');
    expectCleanRun(run);
    expect(evaluated(run)).to.deep.include({ mode: 'two-rounds', pending: ['down', 'partial', 'scraped', 'slow'] });
    for (const name of PIPELINES) expect(summary(f!.c.pipeline(name))['TelemetryFlowHealthy'], name).to.deep.equal(['True', 'FlowHealthy']);
    firstDown = f!.c.pipeline('down').status?.conditions ?? [];
  });

  it('second run: the reason the README promises for each fault; concurrent writers get a 409 retried, their changes kept', async () => {
    const lists = pipelineLists(f!.c);
    const run = await runStatusJob(f!.c, async () => {
      // Once the job has listed the pipelines it waits for the rest of its window before writing. It will
      // write to `down` and `partial` (their flows turn False), with resourceVersions that are stale by then:
      // another controller adds a condition to one, a user edits the other's spec.
      await waitFor('the job to list the pipelines', () => (pipelineLists(f!.c) > lists ? true : undefined), 20_000);
      writeOtherCondition(f!.c, 'down');
      f!.c.cp.kubectl(['patch', 'metricpipeline', 'partial', '--type=merge', '-p', JSON.stringify({ spec: { output: { otlp: { headers: [{ name: 'X-Tenant', value: 'b' }] } } } })]);
    });
    clock.mark('second run');
    expectCleanRun(run);
    expect(evaluated(run).mode).to.equal('snapshot');
    const conflicted = run.lines.filter((l) => l.msg === 'status write conflicted; reading the MetricPipeline again').map((l) => String(l['pipeline']));
    expect(conflicted.sort()).to.deep.equal(['down', 'partial']);
    expect(f!.c.pipeline('down').status?.conditions?.find((c) => c.type === 'ExternalCheck')).to.deep.equal(OTHER_WRITER);
    // Re-read, the status is about the generation the user just wrote.
    const edited = f!.c.pipeline('partial');
    expect(edited.metadata.generation).to.equal(2);
    expect(edited.status?.observedGeneration).to.equal(2);
    expect(edited.status?.conditions?.map((c) => c.observedGeneration)).to.deep.equal([2, 2, 2, 2, 2]);
    // Nothing changed for `healthy` since the first run: nothing written. For `down`, only the conditions
    // whose status flipped got a new lastTransitionTime.
    expect(run.lines.find((l) => l.msg === 'done')?.['unchanged']).to.deep.equal(['healthy']);
    const moved = (f!.c.pipeline('down').status?.conditions ?? [])
      .filter((c) => c.type !== 'ExternalCheck')
      .map((c) => [c.type, c.lastTransitionTime !== firstDown.find((x) => x.type === c.type)?.lastTransitionTime]);
    expect(Object.fromEntries(moved)).to.deep.equal({ ConfigurationGenerated: false, GatewayHealthy: false, AgentHealthy: false, TelemetryFlowHealthy: true, Ready: true });

    const healthy = f!.c.pipeline('healthy');
    expect(summary(healthy)).to.deep.equal({
      ConfigurationGenerated: ['True', 'GatewayConfigured'],
      GatewayHealthy: ['True', 'GatewayReady'],
      AgentHealthy: ['True', 'AgentNotRequired'],
      TelemetryFlowHealthy: ['True', 'FlowHealthy'],
      Ready: ['True', 'Healthy'],
    });
    expect(waitReady(f!.c, 'healthy')).to.equal('metricpipeline.telemetry.kyma-project.io/healthy condition met');
    expect(argoHealth(healthy)).to.deep.equal({ status: 'Healthy', message: healthy.status?.conditions?.find((c) => c.type === 'Ready')?.message });
    expect(fluxHealth(f!.c.cp, healthy)).to.deep.equal({ status: 'Current', failed: false, current: true });

    for (const [name, reason] of Object.entries(FAULTS)) {
      const p = f!.c.pipeline(name);
      expect(summary(p), name).to.deep.include({ TelemetryFlowHealthy: ['False', reason], Ready: ['False', reason], GatewayHealthy: ['True', 'GatewayReady'] });
      expect(p.status?.conditions?.find((c) => c.type === 'TelemetryFlowHealthy')?.message, name).to.equal(FLOW_MESSAGES[reason]);
      expect(argoHealth(p), name).to.deep.equal({ status: 'Degraded', message: `TelemetryFlowHealthy: ${FLOW_MESSAGES[reason]}` });
      expect(fluxHealth(f!.c.cp, p), name).to.deep.equal({ status: 'InProgress', failed: false, current: false });
    }
    // Only the pipeline the agent feeds carries the agent's problem; the agent itself is ready.
    expect(summary(f!.c.pipeline('scraped'))['AgentHealthy']).to.deep.equal(['True', 'AgentReady']);
  });

  it('recovery: every backend repaired, the agent reaching the gateway: back to healthy, at once after a clean window', async () => {
    const fx = f!;
    await startDownSink(fx);
    fx.partial.setMode('accept');
    fx.slow.setMode('accept');
    await fx.agent.stop(5000);
    fx.target.setSeries(10);
    await fx.startAgent(gw());
    clock.mark('faults repaired');
    await Promise.all([
      wait('down to drain its queue', gw(), (m) => m.sum(SENT, exporter('down')) > 0 && m.sum(QUEUE, exporter('down')) <= 5),
      wait('slow to drain its queue', gw(), (m) => m.sum(SENT, exporter('slow')) > 0 && m.sum(QUEUE, exporter('slow')) === 0),
      wait('the new agent to deliver', fx.ips.agent, (m) => m.sum(SENT, AGENT_EXPORTER) > 0 && m.sum(ENQUEUE_FAILED, AGENT_EXPORTER) === 0),
    ]);
    clock.mark('queues drained');

    // This window still holds refusals from before the repair: partial stays False (seen by the run before too).
    const third = await runStatusJob(fx.c);
    clock.mark('third run');
    expectCleanRun(third);
    expect(summary(fx.c.pipeline('partial'))['TelemetryFlowHealthy']).to.deep.equal(['False', 'GatewaySomeTelemetryDataDropped']);

    // A clean window: recovery shows at once, without waiting for a second clean run.
    const fourth = await runStatusJob(fx.c);
    clock.mark('fourth run');
    expectCleanRun(fourth);
    for (const name of PIPELINES) {
      expect(waitReady(fx.c, name), name).to.equal(`metricpipeline.telemetry.kyma-project.io/${name} condition met`);
      const p = fx.c.pipeline(name);
      expect(summary(p)['TelemetryFlowHealthy'], name).to.deep.equal(['True', 'FlowHealthy']);
      expect(argoHealth(p).status, name).to.equal('Healthy');
      expect(fluxHealth(fx.c.cp, p).status, name).to.equal('Current');
    }
    expect(fx.c.pipeline('down').status?.conditions?.find((c) => c.type === 'ExternalCheck')).to.deep.equal(OTHER_WRITER);

    // The data flowed for real: each backend has its producer's (or the target's) metrics.
    const names = (file: string) => new Set(readSink(file).flatMap((r) => r.metrics));
    expect([...names(fx.sink.file)]).to.include.members(['app_healthy_requests', 'target_queue_depth']);
    expect([...names(fx.downSink!.file)]).to.include('app_down_requests');
  });
});
