/**
 * Issue 18, scenario 1, end to end: two MetricPipelines (an OTLP/gRPC output with a header token holding `$`
 * and `${env:HOME}`, an OTLP/HTTP output with basic auth), each taking OTLP from one namespace, rendered by
 * the function and run as they would run in a cluster.
 *
 * Real:
 *  - the function's output, applied (kubectl apply, not dry-run) to a real kube-apiserver + etcd
 *    (scripts/peers/control-plane) after the CRD from crd/ and the namespaces;
 *  - the gateway: the real collector (.peers/bin/otelcol, the product's components at 0.141.0) reading the
 *    rendered relay.conf byte for byte, with the rendered merged Secret as its environment, authorised by
 *    the rendered ServiceAccount/ClusterRole(Binding) through a TokenRequest token; its k8sattributes
 *    processor watches the real API server and associates by connection IP with real Pod objects;
 *  - the producers: the official OpenTelemetry JS SDK (@opentelemetry/sdk-metrics with the OTLP gRPC and
 *    HTTP metric exporters), one per namespace, in Deployments applied to the API server;
 *  - the backends: two more real collectors (otlp receiver requiring bearertokenauth / basicauth, file
 *    exporter writing JSON), run directly on 127.0.0.1.
 *
 * Stand-ins, and why:
 *  - the kubelet (and the Deployment/ReplicaSet controllers and the scheduler, which the peers do not have):
 *    scripts/peers/run-pod creates the ReplicaSet and Pod objects with spec.nodeName, sets status.podIP and
 *    phase Running through the status subresource, and runs the container with the env, volumes and
 *    service-account files the kubelet would give it, in a private mount namespace. Each pod gets its own
 *    loopback address as its pod IP (gateway 127.X.Y.2, producers 127.X.Y.3/.4; see SUBNET);
 *  - a pod's network namespace: the producer binds its outgoing connections to its pod IP (test/flow/
 *    pod-client.ts); the gateway listens on its pod IP because the rendered config says ${env:MY_POD_IP};
 *  - the image's entrypoint: run-pod maps the collector image to .peers/bin/otelcol; the producer's
 *    Deployment here names `node` and the compiled pod-client as its command.
 */
import { OTLPMetricExporter as GrpcExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { ControlPlane } from '../support/peers';
import { runFunction } from '../support/run-fn';
import { runPod, type RunningPod } from '../support/run-pod';
import { prepareControlPlane, producerDeployment, readSink, startSink, stopProcess, waitFor, type Received, type Sink, requireFlowPeers, stopwatch, controlPlaneSoon } from './support';

/** The gRPC pipeline's token: `$`, `$$` and `${env:HOME}` must arrive literally. */
const TOKEN = 'tok$en-$$-${env:HOME}';
const BASIC = { user: 'metrics-user', password: 'pa$$w${env:HOME}rd' };
/**
 * The pods' IPs: 127.X.Y.2 (gateway), .3 and .4 (producers), X.Y random per run, so that two runs at once do
 * not share the gateway's listeners (${env:MY_POD_IP}:4317/4318/8888/13133). Only a render with pprof on
 * would bind a fixed address (127.0.0.1:1777); these tests leave it off.
 */
const SUBNET = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}`;
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCERS = {
  a: { namespace: 'app-a', deployment: 'producer-a', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'flow_a_requests' },
  b: { namespace: 'app-b', deployment: 'producer-b', ip: `${SUBNET}.4`, protocol: 'http', metric: 'flow_b_requests' },
} as const;

/** A reader the test collects from itself, to export once and see the exporter's result. */
class ManualReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function render(grpcPort: number, httpPort: number): string {
  const ref = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, namespace: 'backends', key } } });
  const items = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backend-a', namespace: 'backends' }, stringData: { endpoint: `http://127.0.0.1:${grpcPort}`, token: `Bearer ${TOKEN}` } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backend-b', namespace: 'backends' }, stringData: { user: BASIC.user, password: BASIC.password } },
    {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'backend-a' },
      spec: {
        input: { otlp: { namespaces: { include: [PRODUCERS.a.namespace] } } },
        output: { otlp: { protocol: 'grpc', endpoint: ref('backend-a', 'endpoint'), headers: [{ name: 'Authorization', ...ref('backend-a', 'token') }] } },
      },
    },
    {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'backend-b' },
      spec: {
        input: { otlp: { namespaces: { include: [PRODUCERS.b.namespace] } } },
        output: {
          otlp: {
            protocol: 'http',
            endpoint: { value: `http://127.0.0.1:${httpPort}` },
            authentication: { basic: { user: ref('backend-b', 'user'), password: ref('backend-b', 'password') } },
          },
        },
      },
    },
  ];
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'registry.example.com/status:1' } };
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  expect(run.code, run.stderr).to.equal(0);
  return run.stdout;
}

describe('flow: two pipelines, real gateway, real API server (issue 18, scenario 1)', function () {
  this.timeout(240_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  const sinks: Record<'a' | 'b', Sink | undefined> = { a: undefined, b: undefined };
  let gateway: RunningPod | undefined;
  const producers: RunningPod[] = [];
  let received: Record<'a' | 'b', Received[]> = { a: [], b: [] };
  const clock = stopwatch();
  const mark = clock.mark;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow-'));

    // Each is recorded as soon as it is up, so that `after` stops it even when another fails to start.
    await Promise.all([
      startSink(otelcol, dir, 'backend-a', 'grpc', { auth: {
        id: 'bearertokenauth/in',
        // From a file: the token reaches the sink's check unexpanded.
        config: { scheme: 'Bearer', filename: (() => (writeFileSync(path.join(dir, 'token'), TOKEN), path.join(dir, 'token')))() },
      } }).then((s) => (sinks.a = s)),
      startSink(otelcol, dir, 'backend-b', 'http', { auth: {
        id: 'basicauth/in',
        config: { htpasswd: { file: (() => (writeFileSync(path.join(dir, 'htpasswd'), `${BASIC.user}:${BASIC.password}\n`), path.join(dir, 'htpasswd')))() } },
      } }).then((s) => (sinks.b = s)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    const sinkA = sinks.a!;
    const sinkB = sinks.b!;
    mark('control plane and sinks up');

    if (cp === undefined) throw new Error('no control plane');
    const output = render(sinkA.port, sinkB.port);
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    const items = (parse(output) as { items: object[] }).items;

    const podNamespaces = Object.values(PRODUCERS).map((p) => p.namespace);
    await prepareControlPlane(cp, ['kyma-system', 'backends', ...podNamespaces], podNamespaces);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    mark('rendered objects applied');

    gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' });
    mark('gateway ready');

    const producersFile = path.join(dir, 'producers.yaml');
    const deployments = Object.values(PRODUCERS).map((p) => producerDeployment(p, GATEWAY_IP));
    writeFileSync(producersFile, deployments.map((d) => stringify(d)).join('---\n'));
    cp.kubectl(['apply', '-f', producersFile]);
    for (const p of Object.values(PRODUCERS)) {
      producers.push(await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { kubeconfig: cp.kubeconfig, podIp: p.ip, node: 'node-1', ready: /pod-client: exporting/ }));
    }
    mark('producers started');

    // The output pipelines batch for up to 10 s; wait until each backend has enriched data from its producer.
    const enriched = (key: 'a' | 'b') => () => {
      const r = readSink(sinks[key]!.file);
      return r.some((x) => x.attributes['k8s.pod.name'] !== undefined && x.metrics.includes(PRODUCERS[key].metric)) ? r : undefined;
    };
    const detail = () => `\n--- gateway log (tail) ---\n${gateway?.log().slice(-6000)}\n--- sink a ---\n${sinks.a?.log().slice(-2000)}\n--- sink b ---\n${sinks.b?.log().slice(-2000)}`;
    await Promise.all([waitFor('backend-a to receive enriched data', enriched('a'), 60_000, detail), waitFor('backend-b to receive enriched data', enriched('b'), 60_000, detail)]);
    mark('both backends received');
    // Stop the producers (they flush) and let the gateway's batches drain, then read what arrived.
    await Promise.all(producers.map((p) => p.stop()));
    await gateway.stop(20_000);
    mark('producers and gateway stopped');
    received = { a: readSink(sinkA.file), b: readSink(sinkB.file) };
    clock.report();
    for (const key of ['a', 'b'] as const) {
      process.stderr.write(`      backend-${key}: ${received[key].length} resource(s); first: ${JSON.stringify(received[key][0])}\n`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...producers.map((p) => p.stop()), gateway?.stop()]);
    await Promise.all([stopProcess(sinks.a?.process), stopProcess(sinks.b?.process)]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each pipeline only its own namespace\'s data', () => {
    for (const [key, other] of [['a', 'b'], ['b', 'a']] as const) {
      expect(received[key], `backend-${key}`).to.not.be.empty;
      for (const r of received[key]) {
        expect(r.metrics, `backend-${key} got ${JSON.stringify(r)}`).to.not.include(PRODUCERS[other].metric);
        expect(r.attributes['k8s.namespace.name'], `backend-${key} got ${JSON.stringify(r.attributes)}`).to.equal(PRODUCERS[key].namespace);
      }
    }
  });

  it('delivered the credentials (the sinks only accept requests that carry them)', async () => {
    // The data above got through the sinks' authenticators; and the sinks do reject a wrong credential
    // (and accept the right one from here, so the check is on the value).
    const grpcExport = async (token: string): Promise<string | undefined> => {
      // The SDK's documented way to add gRPC metadata (read when the exporter is constructed).
      process.env['OTEL_EXPORTER_OTLP_METRICS_HEADERS'] = `authorization=Bearer ${token}`;
      let exporter: GrpcExporter;
      try {
        exporter = new GrpcExporter({ url: `http://127.0.0.1:${sinks.a!.port}` });
      } finally {
        delete process.env['OTEL_EXPORTER_OTLP_METRICS_HEADERS'];
      }
      const reader = new ManualReader();
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('probe').createCounter('flow_probe').add(1);
      const { resourceMetrics } = await reader.collect();
      const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(resourceMetrics, resolve));
      await Promise.all([provider.shutdown(), exporter.shutdown()]).catch(() => undefined);
      return result.code === 0 ? undefined : (result.error?.message ?? `export failed (${result.code})`);
    };
    expect(await grpcExport('wrong'), 'a wrong bearer token').to.match(/Unauthenticated|16|auth/i);
    expect(await grpcExport(TOKEN), 'the right bearer token').to.equal(undefined);
    const wrong = await fetch(`http://127.0.0.1:${sinks.b!.port}/v1/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${BASIC.user}:wrong`).toString('base64')}` },
      body: JSON.stringify({ resourceMetrics: [] }),
    });
    expect(wrong.status).to.equal(401);
    expect(received.a.length).to.be.greaterThan(0);
    expect(received.b.length).to.be.greaterThan(0);
  });

  it('enriches from the real API server: k8s.namespace.name, k8s.pod.name, service.name from the Deployment', () => {
    for (const key of ['a', 'b'] as const) {
      const p = PRODUCERS[key];
      const pod = producers[key === 'a' ? 0 : 1]!.podName;
      for (const r of received[key]) {
        const attrs = r.attributes;
        expect(attrs['k8s.namespace.name'], JSON.stringify(attrs)).to.equal(p.namespace);
        expect(attrs['k8s.pod.name'], JSON.stringify(attrs)).to.equal(pod);
        expect(attrs['k8s.deployment.name'], JSON.stringify(attrs)).to.equal(p.deployment);
        expect(attrs['k8s.node.name'], JSON.stringify(attrs)).to.equal('node-1');
        expect(attrs['service.name'], JSON.stringify(attrs)).to.equal(p.deployment);
      }
    }
  });

  it('authorises the gateway by the rendered RBAC only (no forbidden watch in its log)', () => {
    const as = ['--as', 'system:serviceaccount:kyma-system:telemetry-metric-gateway'];
    // `can-i` answers on stdout and exits 1 for "no".
    const can = (verb: string, resource: string) =>
      spawnSync('kubectl', ['--kubeconfig', cp!.kubeconfig, 'auth', 'can-i', verb, resource, ...as], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
    expect(can('watch', 'pods')).to.equal('yes');
    expect(can('list', 'replicasets.apps')).to.equal('yes');
    expect(can('list', 'secrets')).to.equal('no');
    expect(gateway!.log()).to.not.match(/forbidden|Unauthorized/i);
  });

  it('drops every kyma.* attribute before export', () => {
    for (const key of ['a', 'b'] as const) {
      for (const r of received[key]) expect(Object.keys(r.attributes).filter((k) => k.startsWith('kyma.')), JSON.stringify(r.attributes)).to.be.empty;
    }
  });
});
