/**
 * Issue 19, parts 3 and 4 without collectors running: a pipeline the function skipped (invalidPipelines:
 * skip), one created after the package was rendered, and a gateway Deployment whose Pod cannot be scheduled,
 * judged by the status job on a real API server,
 * read back with kubectl, and what Argo CD's health check and Flux's healthCheckExprs (README) make of the
 * objects the API server returns, before the job's first run, after each run, and for a new generation.
 *
 * Real: kube-apiserver + etcd, the function's output applied, the job as its CronJob runs it (run-pod), the
 * Argo CD Lua check under gopher-lua, the Flux CEL evaluated by the API server (test/status-real/
 * gitops-health.ts).
 * Stand-ins (test/status-real/controllers.ts): the ReplicaSet controller and the scheduler (the Pod of the
 * gateway Deployment, unschedulable because the only Node is cordoned), the Deployment controller (its
 * status) and the EndpointSlice controller (no ready pod: an empty slice).
 */
import { expect } from 'chai';
import { CONFIGURATION } from '../../src/status/conditions/messages';
import { FLOW_MESSAGES } from '../../src/status/flow/reasons';
import { requireFlowPeers, stopwatch } from '../flow/support';
import { requirePeer } from '../support/peers';
import { syncDeploymentStatus, syncEndpointSlice, unschedulablePod } from './controllers';
import { argoHealth, fluxHealth, installFluxHealth } from './gitops-health';
import { expectCleanRun, GATEWAY, metricPipeline, NS, runStatusJob, startStatusCluster, summary, type StatusCluster } from './support';

const MISSING = "One or more referenced Secrets are missing: Secret 'nowhere' of Namespace 'backends' is not in the input: add it to the input, or create it in Namespace 'kyma-system' and reference it there";
const NOT_RENDERED = CONFIGURATION.notRendered().message;

describe('status job on a real API server: a skipped pipeline and an unschedulable gateway (issue 19)', function () {
  this.timeout(180_000);
  let c: StatusCluster | undefined;
  let scheduler = '';
  const clock = stopwatch();

  before(async function () {
    requireFlowPeers(this);
    requirePeer(this, 'lua-health');
    clock.restart();
    const items = [
      metricPipeline('backend', { output: { otlp: { protocol: 'grpc', endpoint: { value: 'http://127.0.0.1:4317' } } } }),
      metricPipeline('invalid', { output: { otlp: { protocol: 'grpc', endpoint: { valueFrom: { secretKeyRef: { name: 'nowhere', namespace: 'backends', key: 'endpoint' } } } } } }),
    ];
    c = await startStatusCluster(items, { gatewayReplicas: '1', statusWindowSeconds: '10', invalidPipelines: 'skip' });
    // Applied straight to the cluster, never rendered: the gateway's configuration does not know it.
    c.cp.kubectl(['create', '-f', '-'], JSON.stringify(metricPipeline('late', { output: { otlp: { protocol: 'grpc', endpoint: { value: 'http://127.0.0.1:4317' } } } })));
    await installFluxHealth(c.cp, 'backend');
    // The only Node, cordoned (what `kubectl cordon` leaves): nothing can be scheduled onto it.
    c.cp.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }));
    scheduler = unschedulablePod(c.cp, NS, GATEWAY);
    expect(syncDeploymentStatus(c.cp, NS, GATEWAY)).to.equal(0);
    expect(await syncEndpointSlice(c.cp, NS, `${GATEWAY}-metrics`)).to.deep.equal([]);
    clock.mark('cluster up, gateway pod unschedulable');
  });

  after(function () {
    clock.report();
    c?.stop();
  });

  it('before the first run: no status; Argo CD Progressing, Flux cannot evaluate the expressions yet', () => {
    for (const name of ['backend', 'invalid', 'late']) {
      const p = c!.pipeline(name);
      expect(p.status, name).to.equal(undefined);
      expect(argoHealth(p), name).to.deep.equal({ status: 'Progressing', message: 'Waiting for the status job telemetry-metric-status to report' });
      const flux = fluxHealth(c!.cp, p);
      // kstatus turns an evaluation error into Unknown, which is not Current: Flux keeps waiting.
      expect(flux.status, name).to.equal('Unknown');
      expect(flux.failed, name).to.deep.equal({ error: 'no such key: status' });
    }
  });

  it('first run: the skipped and the unrendered pipeline fail on their configuration; the gateway is still given the benefit of a rollout', async () => {
    const run = await runStatusJob(c!);
    clock.mark('first run');
    expectCleanRun(run);
    expect(summary(c!.pipeline('invalid'))).to.deep.equal({
      ConfigurationGenerated: ['False', 'ReferencedSecretMissing'],
      GatewayHealthy: ['False', 'GatewayConfigurationNotGenerated'],
      AgentHealthy: ['True', 'AgentNotRequired'],
      TelemetryFlowHealthy: ['False', 'ConfigurationNotGenerated'],
      Ready: ['False', 'ReferencedSecretMissing'],
    });
    expect(c!.condition('invalid', 'ConfigurationGenerated')?.message).to.equal(MISSING);
    expect(c!.condition('invalid', 'TelemetryFlowHealthy')?.message).to.equal(FLOW_MESSAGES.ConfigurationNotGenerated);
    expect(argoHealth(c!.pipeline('invalid'))).to.deep.equal({ status: 'Degraded', message: `ConfigurationGenerated: ${MISSING}` });
    expect(fluxHealth(c!.cp, c!.pipeline('invalid'))).to.deep.equal({ status: 'Failed', failed: true });

    expect(summary(c!.pipeline('late'))).to.deep.equal({
      ConfigurationGenerated: ['False', 'PipelineNotRendered'],
      GatewayHealthy: ['False', 'GatewayConfigurationNotGenerated'],
      AgentHealthy: ['True', 'AgentNotRequired'],
      TelemetryFlowHealthy: ['False', 'ConfigurationNotGenerated'],
      Ready: ['False', 'PipelineNotRendered'],
    });
    expect(argoHealth(c!.pipeline('late'))).to.deep.equal({ status: 'Degraded', message: `ConfigurationGenerated: ${NOT_RENDERED}` });
    expect(fluxHealth(c!.cp, c!.pipeline('late'))).to.deep.equal({ status: 'Failed', failed: true });

    // A problem turns a workload False only when the previous run saw it too.
    expect(summary(c!.pipeline('backend'))).to.deep.equal({
      ConfigurationGenerated: ['True', 'GatewayConfigured'],
      GatewayHealthy: ['True', 'RolloutInProgress'],
      AgentHealthy: ['True', 'AgentNotRequired'],
      TelemetryFlowHealthy: ['Unknown', 'GatewayProbingFailed'],
      Ready: ['False', 'GatewayProbingFailed'],
    });
    expect(argoHealth(c!.pipeline('backend')).status).to.equal('Progressing');
    expect(fluxHealth(c!.cp, c!.pipeline('backend'))).to.deep.equal({ status: 'InProgress', failed: false, current: false });
  });

  it('second run: GatewayHealthy False with the scheduler\'s reason; Argo CD Degraded, Flux still waiting', async () => {
    const run = await runStatusJob(c!);
    clock.mark('second run');
    expectCleanRun(run);
    const backend = c!.pipeline('backend');
    expect(summary(backend)).to.deep.include({ GatewayHealthy: ['False', 'GatewayNotReady'], Ready: ['False', 'GatewayNotReady'] });
    const gateway = c!.condition('backend', 'GatewayHealthy');
    expect(gateway?.message).to.equal(`Pod is not scheduled: ${scheduler}`);
    expect(c!.condition('backend', 'Ready')?.message).to.equal(`GatewayHealthy: Pod is not scheduled: ${scheduler}`);
    expect(argoHealth(backend)).to.deep.equal({ status: 'Degraded', message: `GatewayHealthy: Pod is not scheduled: ${scheduler}` });
    expect(fluxHealth(c!.cp, backend)).to.deep.equal({ status: 'InProgress', failed: false, current: false });
    // `kubectl get metricpipelines`: the CRD's printer columns show the verdicts.
    const table = c!.cp.kubectl(['get', 'metricpipelines']).trim().split('\n');
    expect(table[0]).to.match(/^NAME\s+CONFIGURATION GENERATED\s+GATEWAY HEALTHY\s+AGENT HEALTHY\s+FLOW HEALTHY\s+READY\s+AGE$/);
    expect(table.slice(1).map((l) => l.split(/\s+/).slice(0, 6).join(' '))).to.deep.equal(['backend True False True Unknown False', 'invalid False False True False False', 'late False False True False False']);
  });

  it('a new generation of a pipeline is Progressing for Argo CD and in progress for Flux until the job reports on it', () => {
    c!.cp.kubectl(['patch', 'metricpipeline', 'backend', '--type=merge', '-p', JSON.stringify({ spec: { output: { otlp: { endpoint: { value: 'http://127.0.0.1:4318' } } } } })]);
    const p = c!.pipeline('backend');
    expect(p.metadata.generation).to.equal(2);
    expect(p.status?.observedGeneration).to.equal(1);
    expect(argoHealth(p)).to.deep.equal({ status: 'Progressing', message: 'Waiting for the status of generation 2' });
    expect(fluxHealth(c!.cp, p)).to.deep.equal({ status: 'InProgress' });
  });
});
