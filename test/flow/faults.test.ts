/**
 * Issue 18, scenario 5, end to end: faults. Two MetricPipelines, each to its own backend. Backend A goes
 * down (killed, as in a crash): A's exporter queue fills and the gateway's own metrics (`:8888`) say so,
 * while backend B keeps receiving; the status job's evaluation of those real scrapes blames A only. A comes
 * back on the same address: the queued data and new data arrive. Malformed OTLP from a client is rejected
 * (HTTP protobuf, HTTP JSON, gRPC) and the gateway keeps running and delivering.
 *
 * Real:
 *  - the function's output, applied to a real kube-apiserver + etcd (scripts/peers/control-plane);
 *  - the gateway: the real collector (.peers/bin/otelcol) reading the rendered config unchanged, authorised by
 *    the rendered RBAC; its self-metrics are its Prometheus endpoint as rendered (level detailed), read with
 *    the status job's parser and judged with the status job's evaluation (src/status);
 *  - the producers: the official OpenTelemetry JS SDK (test/flow/pod-client.ts) in Deployments; producer A
 *    reports 10,000 series per export so that A's queue (256 / 2 pipelines = 128 batches of at most 1024
 *    points) fills in seconds rather than minutes;
 *  - the backends: real collectors (otlp receiver, file exporter); A is restarted on its old port;
 *  - the malformed clients: Node's fetch and @grpc/grpc-js (the gRPC library the OTLP gRPC exporter uses)
 *    with identity serializers, so the garbage reaches the gateway's wire unaltered.
 *
 * Stand-ins, and why:
 *  - the kubelet and the controllers: scripts/peers/run-pod, as in two-pipelines.test.ts; each pod gets its
 *    own loopback address as its pod IP;
 *  - a pod's network namespace: pod-client binds its connections to its pod IP.
 */
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { evaluate, type FlowHealthResult } from '../../src/status/flow/evaluate';
import { parseSnapshot } from '../../src/status/metrics/samples';
import type { ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import { grpcExport } from './grpc-export';
import { scrapeSelfMetrics, type SelfMetrics } from './self-metrics';
import { tailSink, type SinkTail } from './sink-tail';
import { prepareControlPlane, producerDeployment, randomSubnet, renderItems, requireFlowPeers, startSink, stopProcess, stopwatch, waitFor, type Producer, type Sink, controlPlaneSoon } from './support';

const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCERS: Record<'a' | 'b', Producer> = {
  a: { namespace: 'app-a', deployment: 'producer-a', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'fault_a_requests', series: 10_000 },
  b: { namespace: 'app-b', deployment: 'producer-b', ip: `${SUBNET}.4`, protocol: 'http', metric: 'fault_b_requests' },
};
const PIPELINES = { a: 'backend-a', b: 'backend-b' } as const;
/** The exporter ids the README documents (and the status job reads back from the `exporter` label). */
const EXPORTERS = { a: `otlp/metricpipeline-${PIPELINES.a}`, b: `otlphttp/metricpipeline-${PIPELINES.b}` } as const;
/** Names as the 0.141 collector exposes them with the rendered reader (`without_type_suffix: false`). */
const M = {
  queueSize: 'otelcol_exporter_queue_size',
  queueCapacity: 'otelcol_exporter_queue_capacity',
  sent: 'otelcol_exporter_sent_metric_points_total',
  sendFailed: 'otelcol_exporter_send_failed_metric_points_total',
  enqueueFailed: 'otelcol_exporter_enqueue_failed_metric_points_total',
} as const;
/** The batch processor's send_batch_max_size: no request to an exporter holds more points. */
const MAX_BATCH = 1024;
/** Not an OTLP message: field 31 with wire type 7, which no protobuf decoder accepts. */
const GARBAGE = Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);

function render(portA: number, portB: number): string {
  const pipeline = (name: string, namespace: string, protocol: 'grpc' | 'http', port: number) => ({
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { input: { otlp: { namespaces: { include: [namespace] } } }, output: { otlp: { protocol, endpoint: { value: `http://127.0.0.1:${port}` } } } },
  });
  return renderItems([pipeline(PIPELINES.a, PRODUCERS.a.namespace, 'grpc', portA), pipeline(PIPELINES.b, PRODUCERS.b.namespace, 'http', portB)]);
}

async function post(url: string, contentType: string, body: Buffer | string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

interface Observed {
  /** Scraped right after A went down, when A's queue was full, and after the malformed requests. */
  down: SelfMetrics;
  full: SelfMetrics;
  end: SelfMetrics;
  /** Wall-clock marks (ms): A killed, A restarted (before its process started), malformed requests sent. */
  tStop: number;
  tRestart: number;
  tMalformed: number;
  status: Record<string, FlowHealthResult>;
  malformed: { protobuf: { status: number; body: string }; json: { status: number; body: string }; grpc?: grpc.ServiceError };
  health: { status: number; body: string };
}

describe('flow: a backend down, back, and malformed OTLP (issue 18, scenario 5)', function () {
  this.timeout(240_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  const sinks: { a?: Sink; aBack?: Sink; b?: Sink } = {};
  const tails: Partial<Record<'a' | 'aBack' | 'b', SinkTail>> = {};
  let gateway: RunningPod | undefined;
  const producers: RunningPod[] = [];
  let seen: Observed | undefined;
  const clock = stopwatch();
  const mark = clock.mark;
  const metricsUrl = `http://${GATEWAY_IP}:8888/metrics`;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow5-'));
    await Promise.all([
      startSink(otelcol, dir, 'backend-a', 'grpc').then((s) => (sinks.a = s)),
      startSink(otelcol, dir, 'backend-b', 'http').then((s) => (sinks.b = s)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    if (cp === undefined) throw new Error('no control plane');
    const portA = sinks.a!.port;
    tails.a = tailSink(sinks.a!.file);
    tails.b = tailSink(sinks.b!.file);
    mark('control plane and sinks up');

    const output = render(portA, sinks.b!.port);
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    const podNamespaces = Object.values(PRODUCERS).map((p) => p.namespace);
    await prepareControlPlane(cp, ['kyma-system', ...podNamespaces], podNamespaces);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
    gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' });
    const producersFile = path.join(dir, 'producers.yaml');
    writeFileSync(producersFile, Object.values(PRODUCERS).map((p) => stringify(producerDeployment(p, GATEWAY_IP))).join('---\n'));
    cp.kubectl(['apply', '-f', producersFile]);
    for (const p of Object.values(PRODUCERS)) {
      producers.push(await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { kubeconfig: cp.kubeconfig, podIp: p.ip, node: 'node-1', ready: /pod-client: exporting/ }));
    }
    mark('gateway and producers running');

    const detail = () =>
      `\n--- gateway log (tail) ---\n${gateway?.log().slice(-5000)}\n--- sink a ---\n${sinks.a?.log().slice(-1500)}\n--- sink a (back) ---\n${sinks.aBack?.log().slice(-1500)}\n--- sink b ---\n${sinks.b?.log().slice(-1500)}`;
    const arrived = (key: 'a' | 'aBack' | 'b', metric: string, from = 0, to?: number) => () => {
      tails[key]!.poll();
      return tails[key]!.points(metric, from, to) > 0 ? true : undefined;
    };
    await Promise.all([
      waitFor('backend A to receive', arrived('a', PRODUCERS.a.metric), 60_000, detail),
      waitFor('backend B to receive', arrived('b', PRODUCERS.b.metric), 60_000, detail),
    ]);
    mark('both backends received');

    // 1. Backend A crashes. Its exporter retries (5 s .. 30 s, for up to 300 s) while new batches queue up.
    sinks.a!.process.kill('SIGKILL');
    await stopProcess(sinks.a!.process);
    const tStop = Date.now();
    const down = await scrapeSelfMetrics(metricsUrl);
    await waitFor('A\'s exporter queue to fill and refuse batches', async () => {
      const m = await scrapeSelfMetrics(metricsUrl);
      const size = m.value(M.queueSize, { exporter: EXPORTERS.a }) ?? 0;
      const capacity = m.value(M.queueCapacity, { exporter: EXPORTERS.a }) ?? Infinity;
      return size >= capacity && (m.value(M.enqueueFailed, { exporter: EXPORTERS.a }) ?? 0) > 0 ? true : undefined;
    }, 60_000, detail);
    mark('A\'s queue full');
    // B's batches leave every 10 s (the batch timeout): wait for one made after A went down.
    await waitFor('backend B to keep receiving while A is down', arrived('b', PRODUCERS.b.metric, tStop), 30_000, detail);
    mark('B received during the outage');
    // A is still down, so its queue cannot drain: this scrape has it full, and B's sends since `down`.
    const fullScrape = await scrapeSelfMetrics(metricsUrl);
    const status = evaluate({
      gateway: { before: parseSnapshot(down.text), after: parseSnapshot(fullScrape.text) },
      windowSeconds: (Date.now() - tStop) / 1000,
      pipelines: [PIPELINES.a, PIPELINES.b],
    });

    // 2. A comes back on the same address; malformed OTLP meanwhile.
    const tRestart = Date.now();
    sinks.aBack = await startSink(otelcol, dir, 'backend-a-back', 'grpc', { port: portA });
    tails.aBack = tailSink(sinks.aBack.file);
    mark('A back');
    const tMalformed = Date.now();
    const malformed = {
      protobuf: await post(`http://${GATEWAY_IP}:4318/v1/metrics`, 'application/x-protobuf', GARBAGE),
      json: await post(`http://${GATEWAY_IP}:4318/v1/metrics`, 'application/json', '{"resourceMetrics": [{"resource": '),
      grpc: await grpcExport(`${GATEWAY_IP}:4317`, GARBAGE),
    };
    mark('malformed requests sent');
    await Promise.all([
      waitFor('A to receive the data queued while it was down', arrived('aBack', PRODUCERS.a.metric, tStop, tRestart), 90_000, detail),
      waitFor('A to receive data made after the malformed requests', arrived('aBack', PRODUCERS.a.metric, tMalformed), 90_000, detail),
      waitFor('B to receive data made after the malformed requests', arrived('b', PRODUCERS.b.metric, tMalformed), 30_000, detail),
    ]);
    mark('both backends received after the malformed requests');
    const healthRes = await fetch(`http://${GATEWAY_IP}:13133/`, { signal: AbortSignal.timeout(5000) });
    const health = { status: healthRes.status, body: await healthRes.text() };
    const end = await scrapeSelfMetrics(metricsUrl);
    seen = { down, full: fullScrape, end, tStop, tRestart, tMalformed, status, malformed, health };

    await Promise.all(producers.map((p) => p.stop()));
    await gateway.stop(20_000);
    for (const t of Object.values(tails)) t.poll();
    mark('stopped');
    clock.report();
    process.stderr.write(`      self-metrics with A's queue full:\n${fullScrape.lines(...Object.values(M).map((n) => `${n}{`)).map((l) => `        ${l}`).join('\n')}\n`);
    process.stderr.write(`      status evaluation: ${JSON.stringify(status)}\n`);
  });

  const at = (m: SelfMetrics, name: string, key: 'a' | 'b') => m.value(name, { exporter: EXPORTERS[key] }) ?? 0;

  it('fills A\'s exporter queue while A is down; the batches it cannot take count as A\'s enqueue failures', () => {
    const { down, full, end } = seen!;
    // The function divides 256 batches among the pipelines.
    expect(full.value(M.queueCapacity, { exporter: EXPORTERS.a })).to.equal(128);
    expect(at(full, M.queueSize, 'a'), 'A\'s queue when full').to.equal(128);
    expect(at(down, M.queueSize, 'a'), 'A\'s queue right after A went down').to.be.lessThan(128);
    expect(at(full, M.enqueueFailed, 'a')).to.be.greaterThan(0);
    expect(at(end, M.enqueueFailed, 'a')).to.be.at.least(at(full, M.enqueueFailed, 'a'));
  });

  it('does not count A\'s failed sends while the retry window lasts (max_elapsed_time 300 s)', () => {
    // The exporter helper runs queue -> obsreport -> retry -> export: a request counts as send-failed only
    // once its retries are exhausted (or the error is permanent). A refused connection is retried, so during
    // an outage shorter than 300 s the collector reports it through the queue and enqueue failures only.
    const { down, full } = seen!;
    expect(at(full, M.sendFailed, 'a'), 'A\'s send_failed').to.equal(at(down, M.sendFailed, 'a'));
    expect(at(full, M.sent, 'a'), 'nothing reaches A while it is down').to.equal(at(down, M.sent, 'a'));
  });

  it('keeps pipeline B flowing while A is down: B\'s exporter sends, its queue stays (nearly) empty, B\'s backend receives', () => {
    const { down, full, end, tStop, tRestart } = seen!;
    expect(at(full, M.sent, 'b'), 'B sent during the outage').to.be.greaterThan(at(down, M.sent, 'b'));
    // The size counts a batch until its send is done: one may be on its way at the moment of the scrape.
    expect(at(full, M.queueSize, 'b')).to.be.at.most(1);
    for (const name of [M.enqueueFailed, M.sendFailed]) expect(at(end, name, 'b'), `B's ${name}`).to.equal(0);
    expect(tails.b!.points(PRODUCERS.b.metric, tStop, tRestart), 'B\'s points made during the outage').to.be.greaterThan(0);
    expect(tails.b!.metrics()).to.deep.equal([PRODUCERS.b.metric]);
  });

  it('the status job\'s evaluation of these scrapes sees A dropping data and its buffer full, and nothing wrong with B', () => {
    const { status } = seen!;
    // Shorter than the 60 s a problem must hold, so the problems are observed but still pending.
    expect(status[PIPELINES.a]!.problems).to.include.members(['GatewayAllTelemetryDataDropped', 'GatewayBufferFillingUp']);
    expect(status[PIPELINES.a]!.pending).to.include.members(['GatewayAllTelemetryDataDropped', 'GatewayBufferFillingUp']);
    expect(status[PIPELINES.b]!.problems).to.deep.equal([]);
    expect(status[PIPELINES.b]!.reason).to.equal('FlowHealthy');
  });

  it('delivers to A again once it is back: the queued batches (within the retry window), then new data', () => {
    const { tStop, tRestart, tMalformed } = seen!;
    const queued = tails.aBack!.points(PRODUCERS.a.metric, tStop, tRestart);
    process.stderr.write(`      A back: ${queued} points made during the outage, ${tails.aBack!.points(PRODUCERS.a.metric, tRestart)} after\n`);
    expect(queued, 'points made while A was down').to.be.greaterThan(0);
    // Only what the queue held survives the outage; the rest was refused (enqueue failures above).
    expect(queued, 'at most the queue\'s 128 batches (+ the batch processor\'s partial batch)').to.be.at.most(129 * MAX_BATCH);
    expect(tails.aBack!.points(PRODUCERS.a.metric, tMalformed), 'points made after A came back').to.be.greaterThan(0);
    expect(tails.aBack!.namespaces(PRODUCERS.a.metric)).to.deep.equal([PRODUCERS.a.namespace]);
    expect(tails.aBack!.metrics()).to.deep.equal([PRODUCERS.a.metric]);
  });

  it('rejects malformed OTLP: 400 for garbage protobuf and invalid JSON over HTTP, an error status over gRPC', () => {
    const { malformed } = seen!;
    expect(malformed.protobuf.status, malformed.protobuf.body).to.equal(400);
    expect(malformed.json.status, malformed.json.body).to.equal(400);
    // grpc-go itself answers a request it cannot unmarshal with INTERNAL, before the receiver sees it.
    expect(malformed.grpc?.code, malformed.grpc?.message).to.equal(grpc.status.INTERNAL);
    expect(malformed.grpc?.details).to.match(/unmarshal/i);
  });

  it('counts the rejected requests in its HTTP and gRPC server metrics, not as refused metric points', () => {
    const { full, end } = seen!;
    const http400 = (m: SelfMetrics) => m.value('http_server_request_duration_seconds_count', { http_response_status_code: '400', server_port: '4318' }) ?? 0;
    const grpcFailed = (m: SelfMetrics) => m.value('rpc_server_duration_milliseconds_count', { rpc_method: 'Export', rpc_grpc_status_code: String(grpc.status.INTERNAL) }) ?? 0;
    expect(http400(end) - http400(full)).to.equal(2);
    expect(grpcFailed(end) - grpcFailed(full)).to.equal(1);
    // Nothing was decoded, so no point was refused (the status job's "throttling" stays quiet).
    expect(end.value('otelcol_receiver_refused_metric_points_total') ?? 0).to.equal(0);
  });

  it('keeps running after malformed input: healthy, and both backends receive newer data', () => {
    const { health, tMalformed } = seen!;
    expect(health.status, health.body).to.equal(200);
    expect(tails.aBack!.points(PRODUCERS.a.metric, tMalformed)).to.be.greaterThan(0);
    expect(tails.b!.points(PRODUCERS.b.metric, tMalformed)).to.be.greaterThan(0);
    expect(gateway!.log()).to.not.match(/panic|fatal/i);
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...producers.map((p) => p.stop()), gateway?.stop()]);
    await Promise.all([stopProcess(sinks.a?.process), stopProcess(sinks.aBack?.process), stopProcess(sinks.b?.process)]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });
});

