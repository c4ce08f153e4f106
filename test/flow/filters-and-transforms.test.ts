/**
 * Issue 18, scenario 2, end to end: one gateway, six MetricPipelines each to its own backend, showing that
 * what the MetricPipeline says is what the running gateway does:
 *  - `all`          (no namespace selector, gRPC)           → every producer's data arrives;
 *  - `include-a`    (namespaces.include [app-a], gRPC)      → only app-a's; the SDK's cumulative counter stays cumulative;
 *  - `exclude-a`    (namespaces.exclude [app-a], gRPC, temporality delta, a transform setting a resource
 *                   attribute and renaming a metric, a filter dropping a metric by name)
 *                   → no app-a data, no dropped metric, the attribute and the new name, delta temporality;
 *  - `custom-path`  (HTTP, path /custom/v1/metrics)          → the backend receives on that path;
 *  - `plain`        (HTTP, compression none)                 → requests without Content-Encoding;
 *  - `gzipped`      (HTTP, compression default)              → requests with Content-Encoding: gzip.
 *
 * Real:
 *  - the function's output, applied to a real kube-apiserver + etcd (scripts/peers/control-plane);
 *  - the gateway: the real collector (.peers/bin/otelcol) reading the rendered config unchanged, authorised
 *    by the rendered RBAC; its k8sattributes processor associates by connection IP with real Pod objects,
 *    which is what the namespace selection works on;
 *  - the producers: the official OpenTelemetry JS SDK (test/flow/pod-client.ts), one per namespace
 *    (app-a gRPC, app-b HTTP, app-c gRPC), in Deployments applied to the API server;
 *  - the backends of `all`, `include-a`, `exclude-a`, `custom-path`: real collectors (otlp receiver, file
 *    exporter writing JSON; `custom-path`'s receiver has metrics_url_path /custom/v1/metrics).
 *
 * Stand-ins, and why:
 *  - the kubelet (and the Deployment/ReplicaSet controllers and the scheduler): scripts/peers/run-pod, as in
 *    two-pipelines.test.ts; each pod gets its own loopback address as its pod IP;
 *  - a pod's network namespace: pod-client binds its connections to its pod IP;
 *  - the backends of `plain` and `gzipped`: a small Node HTTP server that records each request's path and
 *    Content-Encoding and answers 200 with an empty response (the collector's otlp receiver accepts either
 *    encoding and does not tell which it got, so the wire is observed here instead).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import {
  prepareControlPlane,
  producerDeployment,
  randomSubnet,
  readSink,
  renderItems,
  startRecorder,
  startSink,
  stopProcess,
  waitFor,
  type Producer,
  type Received,
  type Recorder,
  type Sink,
  requireFlowPeers,
  stopwatch, controlPlaneSoon } from './support';

const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCERS: Record<'a' | 'b' | 'c', Producer> = {
  a: { namespace: 'app-a', deployment: 'producer-a', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'flow_a_requests' },
  b: { namespace: 'app-b', deployment: 'producer-b', ip: `${SUBNET}.4`, protocol: 'http', metric: 'flow_b_requests' },
  c: { namespace: 'app-c', deployment: 'producer-c', ip: `${SUBNET}.5`, protocol: 'grpc', metric: 'flow_c_requests' },
};
const RENAMED = 'flow_b_renamed';
const CUSTOM_PATH = '/custom/v1/metrics';

type SinkKey = 'all' | 'include-a' | 'exclude-a' | 'custom-path';
type RecorderKey = 'plain' | 'gzipped';

function pipeline(name: string, spec: object): object {
  return { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name }, spec };
}

function render(sinks: Record<SinkKey, Sink>, recorders: Record<RecorderKey, Recorder>): string {
  const grpc = (port: number) => ({ protocol: 'grpc', endpoint: { value: `http://127.0.0.1:${port}` } });
  const httpOut = (port: number) => ({ protocol: 'http', endpoint: { value: `http://127.0.0.1:${port}` } });
  return renderItems([
    pipeline('all', { output: { otlp: grpc(sinks.all.port) } }),
    pipeline('include-a', { input: { otlp: { namespaces: { include: [PRODUCERS.a.namespace] } } }, output: { otlp: grpc(sinks['include-a'].port) } }),
    pipeline('exclude-a', {
      input: { otlp: { namespaces: { exclude: [PRODUCERS.a.namespace] } } },
      transform: [
        { statements: ['set(resource.attributes["x"], "y")'] },
        { conditions: [`metric.name == "${PRODUCERS.b.metric}"`], statements: [`set(metric.name, "${RENAMED}")`] },
      ],
      filter: [{ conditions: [`metric.name == "${PRODUCERS.c.metric}"`] }],
      output: { otlp: { ...grpc(sinks['exclude-a'].port), temporality: 'delta' } },
    }),
    pipeline('custom-path', { input: { otlp: { namespaces: { include: [PRODUCERS.b.namespace] } } }, output: { otlp: { ...httpOut(sinks['custom-path'].port), path: CUSTOM_PATH } } }),
    pipeline('plain', { input: { otlp: { namespaces: { include: [PRODUCERS.b.namespace] } } }, output: { otlp: { ...httpOut(recorders.plain.port), compression: 'none' } } }),
    pipeline('gzipped', { input: { otlp: { namespaces: { include: [PRODUCERS.b.namespace] } } }, output: { otlp: httpOut(recorders.gzipped.port) } }),
    // Six pipelines: one over the default limit of five.
  ], { maxPipelines: '6' });
}

describe('flow: namespace selection, transform, filter, temporality, path, compression (issue 18, scenario 2)', function () {
  this.timeout(300_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  const sinks: Partial<Record<SinkKey, Sink>> = {};
  const recorders: Partial<Record<RecorderKey, Recorder>> = {};
  let gateway: RunningPod | undefined;
  const producers: RunningPod[] = [];
  let received: Record<SinkKey, Received[]> = { all: [], 'include-a': [], 'exclude-a': [], 'custom-path': [] };
  const clock = stopwatch();
  const mark = clock.mark;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow2-'));

    // Each is recorded as soon as it is up, so that `after` stops it even when another fails to start.
    await Promise.all([
      startSink(otelcol, dir, 'all', 'grpc').then((s) => (sinks.all = s)),
      startSink(otelcol, dir, 'include-a', 'grpc').then((s) => (sinks['include-a'] = s)),
      startSink(otelcol, dir, 'exclude-a', 'grpc').then((s) => (sinks['exclude-a'] = s)),
      startSink(otelcol, dir, 'custom-path', 'http', { metricsPath: CUSTOM_PATH }).then((s) => (sinks['custom-path'] = s)),
      startRecorder().then((r) => (recorders.plain = r)),
      startRecorder().then((r) => (recorders.gzipped = r)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    mark('control plane and sinks up');
    if (cp === undefined) throw new Error('no control plane');

    const output = render(sinks as Record<SinkKey, Sink>, recorders as Record<RecorderKey, Recorder>);
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    const items = (parse(output) as { items: object[] }).items;
    const namespaces = Object.values(PRODUCERS).map((p) => p.namespace);
    await prepareControlPlane(cp, ['kyma-system', ...namespaces], namespaces);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    mark('rendered objects applied');

    gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' });
    mark('gateway ready');

    const producersFile = path.join(dir, 'producers.yaml');
    writeFileSync(producersFile, Object.values(PRODUCERS).map((p) => stringify(producerDeployment(p, GATEWAY_IP))).join('---\n'));
    cp.kubectl(['apply', '-f', producersFile]);
    for (const p of Object.values(PRODUCERS)) {
      producers.push(await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { kubeconfig: cp.kubeconfig, podIp: p.ip, node: 'node-1', ready: /pod-client: exporting/ }));
    }
    mark('producers started');

    const has = (key: SinkKey, ok: (r: Received) => boolean) => () => (readSink(sinks[key]!.file).some(ok) ? true : undefined);
    const enriched = (r: Received, ns: string) => r.attributes['k8s.namespace.name'] === ns && r.attributes['k8s.pod.name'] !== undefined;
    const detail = () =>
      `\n--- gateway log (tail) ---\n${gateway?.log().slice(-6000)}\n` +
      Object.values(sinks).map((s) => `--- sink ${s!.name} ---\n${s!.log().slice(-1500)}`).join('\n') +
      `\n--- recorders --- plain ${recorders.plain?.requests.length}, gzipped ${recorders.gzipped?.requests.length}`;
    await Promise.all([
      ...(['a', 'b', 'c'] as const).map((k) => waitFor(`all to receive ${k}`, has('all', (r) => enriched(r, PRODUCERS[k].namespace) && r.metrics.includes(PRODUCERS[k].metric)), 90_000, detail)),
      waitFor('include-a to receive a', has('include-a', (r) => enriched(r, PRODUCERS.a.namespace) && r.metrics.includes(PRODUCERS.a.metric)), 90_000, detail),
      waitFor('exclude-a to receive b (renamed, delta)', has('exclude-a', (r) => enriched(r, PRODUCERS.b.namespace) && r.detail.some((m) => m.name === RENAMED && m.temporality === 'delta')), 90_000, detail),
      waitFor('custom-path to receive b', has('custom-path', (r) => enriched(r, PRODUCERS.b.namespace)), 90_000, detail),
      waitFor('plain to be called', () => (recorders.plain!.requests.length > 0 ? true : undefined), 90_000, detail),
      waitFor('gzipped to be called', () => (recorders.gzipped!.requests.length > 0 ? true : undefined), 90_000, detail),
    ]);
    mark('all backends received');
    await Promise.all(producers.map((p) => p.stop()));
    await gateway.stop(20_000);
    mark('producers and gateway stopped');
    received = { all: readSink(sinks.all!.file), 'include-a': readSink(sinks['include-a']!.file), 'exclude-a': readSink(sinks['exclude-a']!.file), 'custom-path': readSink(sinks['custom-path']!.file) };
    clock.report();
    for (const [k, r] of Object.entries(received)) process.stderr.write(`      ${k}: ${r.length} resource(s); first: ${JSON.stringify(r[0])}\n`);
    for (const k of ['plain', 'gzipped'] as const) process.stderr.write(`      ${k}: ${recorders[k]!.requests.length} request(s); first: ${JSON.stringify(recorders[k]!.requests[0])}\n`);
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...producers.map((p) => p.stop()), gateway?.stop()]);
    await Promise.all(Object.values(sinks).map((s) => stopProcess(s?.process)));
    await Promise.all(Object.values(recorders).map((r) => r?.close()));
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const namespacesOf = (rs: Received[]) => [...new Set(rs.map((r) => r.attributes['k8s.namespace.name']))].sort();

  it('without a namespace selector, delivers every namespace (so each producer\'s data did reach the gateway)', () => {
    expect(namespacesOf(received.all)).to.include.members(['app-a', 'app-b', 'app-c']);
    const names = received.all.flatMap((r) => r.metrics);
    expect(names).to.include.members([PRODUCERS.a.metric, PRODUCERS.b.metric, PRODUCERS.c.metric]);
    expect(names, 'the other pipelines\' transforms do not leak into this one').to.not.include(RENAMED);
    for (const r of received.all) expect(r.attributes['x'], JSON.stringify(r.attributes)).to.equal(undefined);
  });

  it('namespaces.include: only the included namespace arrives', () => {
    expect(received['include-a']).to.not.be.empty;
    expect(namespacesOf(received['include-a'])).to.deep.equal([PRODUCERS.a.namespace]);
    for (const r of received['include-a']) expect(r.metrics, JSON.stringify(r)).to.not.include.members([PRODUCERS.b.metric, PRODUCERS.c.metric]);
  });

  it('namespaces.exclude: everything but the excluded namespace arrives', () => {
    expect(received['exclude-a']).to.not.be.empty;
    expect(namespacesOf(received['exclude-a'])).to.not.include(PRODUCERS.a.namespace);
    expect(namespacesOf(received['exclude-a'])).to.include(PRODUCERS.b.namespace);
    for (const r of received['exclude-a']) expect(r.metrics, JSON.stringify(r)).to.not.include(PRODUCERS.a.metric);
  });

  it('transform: sets the resource attribute and renames the metric', () => {
    for (const r of received['exclude-a']) expect(r.attributes['x'], JSON.stringify(r.attributes)).to.equal('y');
    const names = received['exclude-a'].flatMap((r) => r.metrics);
    expect(names).to.include(RENAMED);
    expect(names).to.not.include(PRODUCERS.b.metric);
  });

  it('filter: drops the metric it names (which the unfiltered pipeline did get)', () => {
    expect(received.all.flatMap((r) => r.metrics)).to.include(PRODUCERS.c.metric);
    expect(received['exclude-a'].flatMap((r) => r.metrics)).to.not.include(PRODUCERS.c.metric);
  });

  it('temporality delta: the SDK\'s cumulative counter arrives as delta; without it, cumulative', () => {
    const temporalities = (rs: Received[], name: string) => [...new Set(rs.flatMap((r) => r.detail.filter((m) => m.name === name).map((m) => m.temporality)))];
    expect(temporalities(received['include-a'], PRODUCERS.a.metric)).to.deep.equal(['cumulative']);
    expect(temporalities(received.all, PRODUCERS.b.metric)).to.deep.equal(['cumulative']);
    expect(temporalities(received['exclude-a'], RENAMED)).to.deep.equal(['delta']);
  });

  it('path: the HTTP output posts to the custom path (the backend listens only there)', async () => {
    const r = received['custom-path'];
    expect(r).to.not.be.empty;
    expect(namespacesOf(r)).to.deep.equal([PRODUCERS.b.namespace]);
    // The sink's receiver does not answer on the default path: the data above came in on CUSTOM_PATH.
    const res = await fetch(`http://127.0.0.1:${sinks['custom-path']!.port}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).to.equal(404);
    const ok = await fetch(`http://127.0.0.1:${sinks['custom-path']!.port}${CUSTOM_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(ok.status).to.equal(200);
  });

  it('compression: none sends uncompressed requests, the default sends gzip', () => {
    const plain = recorders.plain!.requests;
    const gzipped = recorders.gzipped!.requests;
    expect(plain).to.not.be.empty;
    expect(gzipped).to.not.be.empty;
    for (const r of [...plain, ...gzipped]) {
      expect(r.method).to.equal('POST');
      expect(r.url).to.equal('/v1/metrics');
    }
    for (const r of plain) expect(r.headers['content-encoding'] ?? 'identity', JSON.stringify(r.headers)).to.equal('identity');
    for (const r of gzipped) expect(r.headers['content-encoding'], JSON.stringify(r.headers)).to.equal('gzip');
  });
});
