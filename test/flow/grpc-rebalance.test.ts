/**
 * Issue 21: gRPC clients of the gateway reconnect after `gatewayMaxConnectionAge`, so that after a scale-out
 * load reaches the new replicas. Without a maximum age, an agent or SDK keeps its one connection (and its one
 * replica) for as long as both live.
 *
 * Real: the rendered gateway (the real collector, run by scripts/peers/run-pod against the real API server),
 * the OpenTelemetry JS SDK's gRPC exporter as the client (test/flow/pod-client.ts), a real collector as the
 * backend. The age is rendered at 2s here to keep the test short; the default (5m) is the golden files'.
 * Observed from outside both: the client's established TCP connections to the gateway (`ss`), whose source
 * ports change each time the server ends a connection with GOAWAY and the client dials again. Meanwhile the
 * backend keeps receiving: the reconnects lose no export.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../support/peers';
import { requireTool } from '../support/tools';
import { runPod, type RunningPod } from '../support/run-pod';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, requireFlowPeers, startSink, stopProcess, waitFor, type Sink } from './support';

const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCER = { namespace: 'app', deployment: 'producer', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'rebalance_requests' } as const;

/** Source ports of the producer's established connections to the gateway's gRPC port, as the kernel lists them. */
function clientPorts(): number[] {
  const r = spawnSync('ss', ['-Htn', 'state', 'established', 'dst', `${GATEWAY_IP}:4317`, 'src', PRODUCER.ip], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map((cols) => Number(cols[2]!.slice(cols[2]!.lastIndexOf(':') + 1)));
}

describe('flow: gRPC clients reconnect after the gateway\'s maximum connection age (issue 21)', function () {
  this.timeout(180_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  let sink: Sink | undefined;
  const pods: RunningPod[] = [];
  const seen = new Set<number>();
  let receivedBefore = 0;
  let receivedAfter = 0;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    requireTool(this, 'ss');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-rebalance-'));
    sink = await startSink(otelcol, dir, 'backend', 'grpc');
    cp = startControlPlane();
    const pipeline = {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'backend' },
      spec: { output: { otlp: { endpoint: { value: `http://127.0.0.1:${sink.port}` } } } },
    };
    const outputFile = path.join(dir, 'output.yaml');
    const output = renderItems([pipeline], { gatewayMaxConnectionAge: '2s' });
    writeFileSync(outputFile, output);
    await prepareControlPlane(cp, ['kyma-system', PRODUCER.namespace], [PRODUCER.namespace]);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
    pods.push(await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP }));

    const producerFile = path.join(dir, 'producer.yaml');
    writeFileSync(producerFile, stringify(producerDeployment(PRODUCER, GATEWAY_IP)));
    cp.kubectl(['apply', '-f', producerFile]);
    pods.push(await runPod(producerFile, `Deployment/${PRODUCER.namespace}/${PRODUCER.deployment}`, { kubeconfig: cp.kubeconfig, podIp: PRODUCER.ip, ready: /pod-client: exporting/ }));

    const count = () => readSink(sink!.file).filter((r) => r.metrics.includes(PRODUCER.metric)).length;
    await waitFor('the backend to receive the producer\'s data', () => (count() > 0 ? true : undefined), 60_000);
    receivedBefore = count();
    // The SDK exports every second; over ~10 s with a 2 s maximum age the server ends several connections.
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      for (const port of clientPorts()) seen.add(port);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The output pipeline batches for up to 10 s: wait for what was sent meanwhile.
    await waitFor('data exported during the reconnects', () => (count() > receivedBefore ? true : undefined), 30_000);
    receivedAfter = count();
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all(pods.map((p) => p.stop()));
    await stopProcess(sink?.process);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('renders the maximum age and its grace on the gRPC receiver', () => {
    const relay = spawnSync('grep', ['-A3', 'keepalive:', path.join(dir, 'output.yaml')], { encoding: 'utf8' }).stdout;
    expect(relay).to.contain('max_connection_age: 2s');
    expect(relay).to.contain('max_connection_age_grace: 30s');
  });

  it('the client dials again after each maximum age: several connections over 10 s, not one', () => {
    expect(seen.size, `source ports seen: ${[...seen].join(', ')}`).to.be.at.least(3);
  });

  it('loses no export to the reconnects: the backend keeps receiving', () => {
    expect(receivedAfter).to.be.greaterThan(receivedBefore);
    expect(pods[1]!.log()).to.not.match(/error|fail/i);
  });
});
