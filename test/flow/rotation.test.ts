/**
 * Issue 18, scenario 4, end to end: rotating a credential. A MetricPipeline's OTLP/HTTP output sends an
 * `Authorization: Bearer …` header from a Secret. The gateway runs with the old token; the token is rotated
 * (the backend now accepts only the new one, the Secret gets the new value) and the function re-renders:
 * the pod template's `checksum/config` changes (which is what rolls the Deployment in a cluster), the old
 * gateway is stopped, the new objects are applied and the gateway is started from them: the backend gets
 * data again, with the new token, and the new gateway never sends the old one.
 *
 * Real:
 *  - the function's output (both renders), applied to a real kube-apiserver + etcd
 *    (scripts/peers/control-plane);
 *  - the gateway: the real collector (.peers/bin/otelcol) reading the rendered config unchanged with the
 *    rendered merged Secret as its environment; authorised by the rendered RBAC;
 *  - the producer: the official OpenTelemetry JS SDK (test/flow/pod-client.ts) in a Deployment, running
 *    through the rotation (its exports fail while no gateway runs, as they would during a rollout);
 *  - the backend: the real collector (otlp HTTP receiver with bearertokenauth reading the token from a file,
 *    file exporter writing JSON); rotated by restarting it on the same address with the new token.
 *
 * Stand-ins, and why:
 *  - the kubelet and the Deployment controller: scripts/peers/run-pod, as in two-pipelines.test.ts. There is
 *    no rollout controller, so the roll that the changed checksum causes in a cluster is done by hand:
 *    stop the old gateway pod, apply, start a pod from the new template (same pod IP, which stands for the
 *    Service);
 *  - a pod's network namespace: pod-client binds its connections to its pod IP.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, startSink, stopProcess, waitFor, type Producer, type Sink, requireFlowPeers, stopwatch, controlPlaneSoon } from './support';

const OLD_TOKEN = 'old-token-7f3a1c';
const NEW_TOKEN = 'new-token-9b2e4d';
const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCER: Producer = { namespace: 'app-a', deployment: 'producer-a', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'flow_rotation_requests' };
const GATEWAY = 'Deployment/kyma-system/telemetry-metric-gateway';

interface Item {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
}

function render(port: number, token: string): { output: string; items: Item[] } {
  const output = renderItems([
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backend', namespace: 'backends' }, stringData: { token: `Bearer ${token}` } },
    {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'backend' },
      spec: {
        input: { otlp: { namespaces: { include: [PRODUCER.namespace] } } },
        output: {
          otlp: {
            protocol: 'http',
            endpoint: { value: `http://127.0.0.1:${port}` },
            headers: [{ name: 'Authorization', valueFrom: { secretKeyRef: { name: 'backend', namespace: 'backends', key: 'token' } } }],
          },
        },
      },
    },
  ]);
  return { output, items: (parse(output) as { items: Item[] }).items };
}

const checksumOf = (items: Item[]) =>
  items.find((i) => i.kind === 'Deployment' && i.metadata.name === 'telemetry-metric-gateway')?.spec?.template?.metadata?.annotations?.['checksum/config'];

/** Every value of the function's own Secrets in kyma-system (the merged Secret the gateway gets as env). */
function gatewaySecretValues(items: Item[]): string[] {
  return items
    .filter((i) => i.kind === 'Secret' && i.metadata.namespace === 'kyma-system')
    .flatMap((i) => [...Object.values(i.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')), ...Object.values(i.stringData ?? {})]);
}

async function post(port: number, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/metrics`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ resourceMetrics: [] }),
  });
  return res.status;
}

describe('flow: rotating a Secret value re-renders, rolls and delivers with the new token (issue 18, scenario 4)', function () {
  this.timeout(300_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  let port = 0;
  const sinks: { old?: Sink; new?: Sink } = {};
  const gateways: RunningPod[] = [];
  let producer: RunningPod | undefined;
  let before_: { items: Item[]; checksum?: string; rerendered?: string } = { items: [] };
  let after_: { items: Item[]; checksum?: string; live?: string } = { items: [] };
  let oldGatewayLog = '';
  let newGatewayLog = '';
  const clock = stopwatch();
  const mark = clock.mark;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow4-'));
    const tokenFile = path.join(dir, 'token');
    const bearer = { id: 'bearertokenauth/in', config: { scheme: 'Bearer', filename: tokenFile } };

    writeFileSync(tokenFile, OLD_TOKEN);
    await Promise.all([
      startSink(otelcol, dir, 'backend-old', 'http', { auth: bearer }).then((s) => (sinks.old = s)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    port = sinks.old!.port;
    if (cp === undefined) throw new Error('no control plane');
    mark('control plane and sink up');

    // 1. Render with the old token, apply, run the gateway and a producer; the backend receives.
    const first = render(port, OLD_TOKEN);
    before_ = { items: first.items, checksum: checksumOf(first.items), rerendered: checksumOf(render(port, OLD_TOKEN).items) };
    const firstFile = path.join(dir, 'output-1.yaml');
    writeFileSync(firstFile, first.output);
    await prepareControlPlane(cp, ['kyma-system', 'backends', PRODUCER.namespace], [PRODUCER.namespace]);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: first.items }));
    gateways.push(await runPod(firstFile, GATEWAY, { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' }));
    const producersFile = path.join(dir, 'producer.yaml');
    writeFileSync(producersFile, stringify(producerDeployment(PRODUCER, GATEWAY_IP)));
    cp.kubectl(['apply', '-f', producersFile]);
    producer = await runPod(producersFile, `Deployment/${PRODUCER.namespace}/${PRODUCER.deployment}`, { kubeconfig: cp.kubeconfig, podIp: PRODUCER.ip, node: 'node-1', ready: /pod-client: exporting/ });
    mark('old gateway and producer running');
    const arrived = (sink: () => Sink | undefined) => () =>
      readSink(sink()!.file).some((r) => r.attributes['k8s.namespace.name'] === PRODUCER.namespace && r.metrics.includes(PRODUCER.metric)) ? true : undefined;
    const detail = () =>
      gateways.map((g, i) => `\n--- gateway ${i + 1} log (tail) ---\n${g.log().slice(-4000)}`).join('') +
      `\n--- sink old ---\n${sinks.old?.log().slice(-1500)}\n--- sink new ---\n${sinks.new?.log().slice(-1500)}`;
    await waitFor('the backend to receive with the old token', arrived(() => sinks.old), 60_000, detail);
    mark('received with the old token');

    // 2. Rotate: the backend accepts only the new token from now on (restarted on the same address).
    await stopProcess(sinks.old!.process);
    writeFileSync(tokenFile, NEW_TOKEN);
    sinks.new = await startSink(otelcol, dir, 'backend-new', 'http', { auth: bearer, port });
    mark('backend rotated');
    // The old gateway still sends the old token: rejected (its exporter logs the 401), nothing arrives.
    await waitFor('the old gateway to be rejected', () => (/401|Unauthorized/i.test(gateways[0]!.log()) ? true : undefined), 60_000, detail);
    mark('old gateway rejected');

    // 3. Re-render with the new Secret value; roll by hand: stop, apply, start from the new objects.
    const second = render(port, NEW_TOKEN);
    after_ = { items: second.items, checksum: checksumOf(second.items) };
    const secondFile = path.join(dir, 'output-2.yaml');
    writeFileSync(secondFile, second.output);
    await gateways[0]!.stop(20_000);
    oldGatewayLog = gateways[0]!.log();
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: second.items }));
    after_.live = cp.kubectl(['get', 'deployment', 'telemetry-metric-gateway', '-n', 'kyma-system', '-o', 'jsonpath={.spec.template.metadata.annotations.checksum/config}']).trim();
    mark('new objects applied');
    gateways.push(await runPod(secondFile, GATEWAY, { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' }));
    mark('new gateway ready');
    await waitFor('the backend to receive with the new token', arrived(() => sinks.new), 60_000, detail);
    mark('received with the new token');
    await producer.stop();
    await gateways[1]!.stop(20_000);
    newGatewayLog = gateways[1]!.log();
    mark('producer and gateway stopped');
    clock.report();
    process.stderr.write(`      checksum/config: ${before_.checksum} -> ${after_.checksum} (live: ${after_.live})\n`);
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([producer?.stop(), ...gateways.map((g) => g.stop())]);
    await Promise.all([stopProcess(sinks.old?.process), stopProcess(sinks.new?.process)]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('re-rendering with a changed Secret value changes checksum/config (and only then)', () => {
    expect(before_.checksum).to.match(/^[0-9a-f]{64}$/);
    expect(before_.rerendered, 'the same input renders the same checksum').to.equal(before_.checksum);
    expect(after_.checksum).to.match(/^[0-9a-f]{64}$/);
    expect(after_.checksum).to.not.equal(before_.checksum);
    expect(after_.live, 'the applied Deployment carries the new checksum').to.equal(after_.checksum);
  });

  it('the merged Secret carries the new value, not the old one; the checksum does not reveal either', () => {
    const values = gatewaySecretValues(after_.items).join('\n');
    expect(values).to.include(NEW_TOKEN);
    expect(values).to.not.include(OLD_TOKEN);
    expect(gatewaySecretValues(before_.items).join('\n')).to.include(OLD_TOKEN);
    const rendered = stringify(after_.items.filter((i) => i.kind !== 'Secret'));
    expect(rendered).to.not.include(NEW_TOKEN);
  });

  it('the old gateway, still sending the old token, is rejected by the rotated backend', () => {
    expect(oldGatewayLog).to.match(/401|Unauthorized/i);
  });

  it('after the roll the backend accepts the new gateway\'s data (it accepts only the new token)', async () => {
    expect(readSink(sinks.new!.file).some((r) => r.metrics.includes(PRODUCER.metric))).to.equal(true);
    expect(await post(port, OLD_TOKEN), 'the rotated backend rejects the old token').to.equal(401);
    expect(await post(port, NEW_TOKEN), 'and accepts the new one').to.equal(200);
  });

  it('the new gateway never sends the old token (no rejection in its log)', () => {
    expect(newGatewayLog).to.not.match(/401|Unauthorized|Unauthenticated/i);
    expect(newGatewayLog).to.not.include(OLD_TOKEN);
  });
});
