/**
 * Issue 19: GatewayThrottling from a gateway whose memory_limiter really refuses data. The gateway runs with
 * the memory limit the function renders from functionConfig `gatewayResources` (192Mi), enforced as a memory
 * cgroup (run-pod --memory-limit, as the kubelet does), so that the collector's memory_limiter (75 % of the
 * limit, spike 15 %) and GOMEMLIMIT (cgroupruntime, 80 %) work from the pod's limit, not the machine's. Its
 * backend holds every export unanswered (test/status-real/backends.ts), so what the gateway receives stays in
 * its memory; an SDK client pushes until the memory limiter refuses (test/status-real/burst-client.ts). The
 * status job, run twice as its CronJob would, reads the receivers' refused points from the real `:8888`.
 *
 * Stand-ins: run-pod for the kubelet, the controllers of test/status-real/controllers.ts.
 */
import { expect } from 'chai';
import { FLOW_MESSAGES } from '../../src/status/flow/reasons';
import { requireFlowPeers, stopwatch } from '../flow/support';
import { requirePeer } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import { startOtlpBackend, type OtlpBackend } from './backends';
import { startBurst, type Burst } from './burst-client';
import { syncDeploymentStatus, syncEndpointSlice } from './controllers';
import { argoHealth, fluxHealth, installFluxHealth } from './gitops-health';
import { scrapeSelfMetrics, waitForSelfMetrics } from './self-metrics';
import { expectCleanRun, GATEWAY, GATEWAY_WORKLOAD, metricPipeline, NS, runStatusJob, startStatusCluster, summary, type StatusCluster } from './support';

const REFUSED = 'otelcol_receiver_refused_metric_points_total';
const MEMORY_LIMIT = '192Mi';

describe('status job on a real gateway at its memory limit: GatewayThrottling (issue 19)', function () {
  this.timeout(240_000);
  let c: StatusCluster | undefined;
  let backend: OtlpBackend | undefined;
  let gateway: RunningPod | undefined;
  let burst: Burst | undefined;
  const clock = stopwatch();

  before(async function () {
    requireFlowPeers(this);
    requirePeer(this, 'lua-health');
    clock.restart();
    backend = await startOtlpBackend('hold');
    const pipeline = metricPipeline('throttled', { output: { otlp: { protocol: 'http', endpoint: { value: `http://127.0.0.1:${backend.port}` } } } });
    c = await startStatusCluster([pipeline], { gatewayReplicas: '1', statusWindowSeconds: '10', gatewayResources: `limits: {memory: ${MEMORY_LIMIT}}` });
    await installFluxHealth(c.cp, 'throttled');
    gateway = await runPod(c.outputFile, GATEWAY_WORKLOAD, { kubeconfig: c.cp.kubeconfig, podIp: c.ip(2), memoryLimit: true });
    syncDeploymentStatus(c.cp, NS, GATEWAY);
    await syncEndpointSlice(c.cp, NS, `${GATEWAY}-metrics`);
    clock.mark('gateway up');
    burst = await startBurst(`http://${c.ip(2)}:4318/v1/metrics`, 1000, 2, 250);
    const pod = gateway;
    await waitForSelfMetrics('the memory limiter to refuse data', c.ip(2), (m) => m.sum(REFUSED) > 0, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n--- gateway (tail) ---\n${pod.log().slice(-3000)}`);
    });
    clock.mark('memory limiter refusing');
  });

  after(async function () {
    this.timeout(60_000);
    clock.report();
    await burst?.stop();
    // Held exports would keep the collector's shutdown waiting for their timeouts.
    backend?.setMode('accept');
    await gateway?.stop(5000);
    await backend?.close();
    c?.stop();
  });

  it('the memory limiter works from the pod\'s limit and refuses at the receiver', async () => {
    expect(gateway!.log()).to.match(new RegExp(`"msg":"Using percentage memory limiter".*"total_memory_mib":${parseInt(MEMORY_LIMIT, 10)}`));
    const m = await scrapeSelfMetrics(c!.ip(2));
    expect(m.sum('otelcol_processor_refused_metric_points_total', { processor: 'memory_limiter' })).to.be.greaterThan(0);
    expect(m.sum(REFUSED, { receiver: 'otlp' })).to.be.greaterThan(0);
    // Nothing was lost at the exporter: the problem is the intake, not the backend's answers.
    expect(m.sum('otelcol_exporter_enqueue_failed_metric_points_total') + m.sum('otelcol_exporter_send_failed_metric_points_total')).to.equal(0);
  });

  it('two runs: GatewayThrottling, as the README promises; Argo CD Degraded, Flux still waiting', async () => {
    const first = await runStatusJob(c!);
    clock.mark('first run');
    expectCleanRun(first);
    expect(first.lines.find((l) => l.msg === 'evaluated')?.['pending']).to.deep.equal(['throttled']);
    const second = await runStatusJob(c!);
    clock.mark('second run');
    expectCleanRun(second);
    const p = c!.pipeline('throttled');
    expect(summary(p)).to.deep.equal({
      ConfigurationGenerated: ['True', 'GatewayConfigured'],
      GatewayHealthy: ['True', 'GatewayReady'],
      AgentHealthy: ['True', 'AgentNotRequired'],
      TelemetryFlowHealthy: ['False', 'GatewayThrottling'],
      Ready: ['False', 'GatewayThrottling'],
    });
    expect(p.status?.conditions?.find((x) => x.type === 'TelemetryFlowHealthy')?.message).to.equal(FLOW_MESSAGES.GatewayThrottling);
    expect(argoHealth(p)).to.deep.equal({ status: 'Degraded', message: `TelemetryFlowHealthy: ${FLOW_MESSAGES.GatewayThrottling}` });
    expect(fluxHealth(c!.cp, p)).to.deep.equal({ status: 'InProgress', failed: false, current: false });
  });
});
