/**
 * Issue 20, end to end: the Secrets of two MetricPipelines exist only in the cluster (in the gateway's
 * namespace, never in the function's input), and the gateway still delivers with the right credentials:
 *  (a) an OTLP/HTTP output whose endpoint and `Authorization: Bearer` token come from such a Secret; the token
 *      holds `$$` and `${env:HOME}`, which the collector would expand in an environment variable: it is read
 *      by bearertokenauth from the mounted file and arrives unchanged (the backend accepts only that token);
 *      the endpoint is joined with `path` at run time;
 *  (b) an mTLS output whose CA, client certificate and key come from such a Secret, mounted as files: the
 *      certificate is replaced in the running pod's Secret volume (what the kubelet does after a cert-manager
 *      renewal) and the backend sees the new client certificate without a restart or a re-render.
 *
 * Real: the function's output applied to a real kube-apiserver + etcd; the gateway is the real collector
 * (.peers/bin/otelcol) with the rendered config, env and volumes; the producer is the OpenTelemetry JS SDK
 * (test/flow/pod-client.ts); backend (a) is the real collector with bearertokenauth reading its token from a
 * file.
 * Stand-ins, and why:
 *  - the kubelet: scripts/peers/run-pod (no kubelet here). It resolves the env entries and the projected
 *    volume from the Secrets applied to the cluster, which the test gives it next to the output (the
 *    function never sees them); the volume refresh is the test writing the new files into that volume;
 *  - backend (b): a Node HTTPS server (startRecorder with TLS) that requires a client certificate and records
 *    its common name per connection: the collector's receiver verifies client certificates but does not
 *    report which one it saw.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { TLS_RELOAD_INTERVAL } from '../../src/constants';
import { daysFrom, makeCert } from '../support/certs';
import { startControlPlane, type ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, requireFlowPeers, startRecorder, startSink, stopProcess, stopwatch, waitFor, type Producer, type Recorder, type Sink } from './support';

const TOKEN = 't0k$$en-${env:HOME}-9d4c';
const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
const PRODUCER: Producer = { namespace: 'app-c', deployment: 'producer-c', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'flow_credentials_requests' };
const GATEWAY = 'Deployment/kyma-system/telemetry-metric-gateway';
const NOW = new Date();
const valid = { notBefore: daysFrom(NOW, -1), notAfter: daysFrom(NOW, 30) };
const CA = makeCert({ ...valid, ca: true, keySlot: 21, commonName: 'flow-ca' });
const SERVER = makeCert({ ...valid, ca: false, keySlot: 22, commonName: 'backend', issuer: CA, ipAddresses: ['127.0.0.1'] });
const CLIENT_ONE = makeCert({ ...valid, ca: false, keySlot: 23, commonName: 'client-one', issuer: CA });
const CLIENT_TWO = makeCert({ ...valid, ca: false, keySlot: 24, commonName: 'client-two', issuer: CA });

const ref = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, namespace: 'kyma-system', key } } });
const secret = (name: string, stringData: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'kyma-system' }, type: 'Opaque', stringData });

function pipeline(name: string, otlp: object): object {
  return {
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { input: { otlp: { namespaces: { include: [PRODUCER.namespace] } } }, output: { otlp: { protocol: 'http', ...otlp } } },
  };
}

describe('flow: Secrets only in the cluster deliver, a mounted client certificate rotates without a restart (issue 20)', function () {
  this.timeout(240_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  let bearerSink: Sink | undefined;
  let mtls: Recorder | undefined;
  let gateway: RunningPod | undefined;
  let producer: RunningPod | undefined;
  let output = '';
  let rotatedAfterMs = 0;
  const clock = stopwatch();

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow-cred-'));
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    cp = startControlPlane();
    [bearerSink, mtls] = await Promise.all([
      startSink(otelcol, dir, 'bearer', 'http', { auth: { id: 'bearertokenauth/in', config: { scheme: 'Bearer', filename: tokenFile } } }),
      startRecorder({ certPem: SERVER.certPem, keyPem: SERVER.keyPem, ca: CA.certPem }),
    ]);
    clock.mark('control plane and backends up');

    // The function sees only the pipelines; the Secrets exist only in the cluster.
    output = renderItems([
      pipeline('bearer', { path: 'v1/metrics', endpoint: ref('bearer-backend', 'endpoint'), headers: [{ name: 'Authorization', prefix: 'Bearer', ...ref('bearer-backend', 'token') }] }),
      pipeline('mtls', { endpoint: ref('mtls-backend', 'endpoint'), tls: { ca: ref('mtls-backend', 'ca.crt'), cert: ref('mtls-backend', 'tls.crt'), key: ref('mtls-backend', 'tls.key') } }),
    ]);
    const inCluster = [
      secret('bearer-backend', { endpoint: `http://127.0.0.1:${bearerSink.port}`, token: TOKEN }),
      secret('mtls-backend', { endpoint: `https://127.0.0.1:${mtls.port}`, 'ca.crt': CA.certPem, 'tls.crt': CLIENT_ONE.certPem, 'tls.key': CLIENT_ONE.keyPem }),
    ];
    const items = [...(parse(output) as { items: object[] }).items, ...inCluster];
    const clusterFile = path.join(dir, 'cluster.yaml');
    writeFileSync(clusterFile, stringify({ apiVersion: 'v1', kind: 'List', items }));
    await prepareControlPlane(cp, ['kyma-system', PRODUCER.namespace], [PRODUCER.namespace]);
    cp.kubectl(['apply', '-f', clusterFile]);
    gateway = await runPod(clusterFile, GATEWAY, { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1' });
    const producerFile = path.join(dir, 'producer.yaml');
    writeFileSync(producerFile, stringify(producerDeployment(PRODUCER, GATEWAY_IP)));
    cp.kubectl(['apply', '-f', producerFile]);
    producer = await runPod(producerFile, `Deployment/${PRODUCER.namespace}/${PRODUCER.deployment}`, { kubeconfig: cp.kubeconfig, podIp: PRODUCER.ip, node: 'node-1', ready: /pod-client: exporting/ });
    clock.mark('gateway and producer running');

    const detail = () => `\n--- gateway log (tail) ---\n${gateway?.log().slice(-4000)}\n--- bearer sink ---\n${bearerSink?.log().slice(-1500)}`;
    await waitFor('the bearer backend to receive', () => (readSink(bearerSink!.file).some((r) => r.metrics.includes(PRODUCER.metric)) ? true : undefined), 60_000, detail);
    await waitFor('the mTLS backend to see client-one', () => (mtls!.requests.some((r) => r.clientCommonName === 'client-one') ? true : undefined), 60_000, detail);
    clock.mark('both backends received');

    // What the kubelet does when cert-manager renews the certificate: the files change in the mounted volume.
    const volume = gateway.volumeDir('credentials');
    writeFileSync(path.join(volume, 'tls', 'mtls', 'tls.key'), CLIENT_TWO.keyPem);
    writeFileSync(path.join(volume, 'tls', 'mtls', 'tls.crt'), CLIENT_TWO.certPem);
    const rotatedAt = Date.now();
    await waitFor('the mTLS backend to see client-two', () => (mtls!.requests.some((r) => r.clientCommonName === 'client-two') ? true : undefined), 75_000, detail);
    rotatedAfterMs = Date.now() - rotatedAt;
    clock.mark('client-two seen');
    clock.report();
    process.stderr.write(`      new client certificate in use after ${rotatedAfterMs} ms (reload_interval ${TLS_RELOAD_INTERVAL})\n`);
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([producer?.stop(), gateway?.stop()]);
    await Promise.all([stopProcess(bearerSink?.process), mtls?.close()]);
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('renders no value of the Secrets: they were never in the input', () => {
    expect(output).to.not.include(TOKEN);
    expect(output).to.not.include(String(bearerSink!.port));
    expect(output).to.include('bearertokenauth/metricpipeline-bearer');
  });

  it('(a) the token with $$ and ${env:HOME} arrives unchanged: the backend accepts only that exact token', async () => {
    expect(readSink(bearerSink!.file).some((r) => r.attributes['k8s.namespace.name'] === PRODUCER.namespace && r.metrics.includes(PRODUCER.metric))).to.equal(true);
    const post = (token: string) =>
      fetch(`http://127.0.0.1:${bearerSink!.port}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{"resourceMetrics":[]}' }).then((r) => r.status);
    // What an environment variable would have delivered: `$$` -> `$`, `${env:HOME}` -> "" (run-pod sets no HOME).
    expect(await post('t0k$en--9d4c'), 'the expanded token is refused').to.equal(401);
    expect(await post(TOKEN), 'the literal token is accepted').to.equal(200);
    expect(gateway!.log()).to.not.match(/401|Unauthorized/);
  });

  it('(b) the backend sees the new client certificate after the files change, from the same collector process', () => {
    const names = mtls!.requests.map((r) => r.clientCommonName);
    expect(names).to.include('client-one').and.include('client-two');
    // Once the new one is in use, the old one is not presented again.
    expect(names.slice(names.indexOf('client-two'))).to.not.include('client-one');
    expect(gateway!.log().match(/Everything is ready/g), 'one collector start, no restart').to.have.length(1);
    expect(gateway!.child.exitCode).to.equal(null);
  });
});
