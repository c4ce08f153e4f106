/**
 * Issue 18, the backends requirement, end to end: one backend per MetricPipeline, each requiring what that
 * pipeline's output sends, all material from the pipelines' Secrets:
 *  - `tls-grpc`    gRPC over TLS, the server verified with `tls.ca`;
 *  - `mtls-http`   HTTP over mutual TLS (`tls.ca`, `tls.cert`, `tls.key`) on a custom path;
 *  - `oauth2-grpc` gRPC over TLS with OAuth2 client credentials (`authentication.oauth2`: tokenURL, clientID,
 *                  clientSecret holding `$` and `${env:HOME}`, scopes, params): the gateway gets a token from a
 *                  token endpoint in this test and the backend accepts only that bearer token.
 * (Basic auth, a bearer header and a custom HTTP path without TLS are covered by two-pipelines.test.ts and
 * filters-and-transforms.test.ts.) Written against behaviour — data arrives, or the backend refuses it — not
 * against how the function renders the TLS material.
 *
 * Real:
 *  - the function's output, applied to a real kube-apiserver + etcd (scripts/peers/control-plane);
 *  - the gateway: the real collector (.peers/bin/otelcol) reading the rendered config unchanged, with the
 *    rendered Secret and volumes as the kubelet would give them (scripts/peers/run-pod);
 *  - the producers: the official OpenTelemetry JS SDK (test/flow/pod-client.ts), one per namespace;
 *  - the backends: real collectors (otlp receiver with TLS — `client_ca_file` for mTLS — and, for OAuth2,
 *    bearertokenauth; file exporter); certificates made here (test/support/certs.ts).
 *
 * Stand-ins, and why:
 *  - the kubelet and the controllers: scripts/peers/run-pod, as in two-pipelines.test.ts;
 *  - the token endpoint: a small HTTPS server in this test (test/flow/token-endpoint.ts); no OAuth2 server
 *    runs here. Its certificate comes from a second CA that stands for the public CAs of the collector
 *    image's CA bundle: the rendered oauth2client has no TLS setting (neither has Kyma's), so the gateway
 *    trusts the token endpoint through that bundle, which run-pod --ca-bundle provides;
 *  - a pod's network namespace: pod-client binds its connections to its pod IP.
 */
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { daysFrom, issueCert, makeCert, type CertPair } from '../support/certs';
import type { ControlPlane } from '../support/peers';
import { runPod, type RunningPod } from '../support/run-pod';
import { grpcExport } from './grpc-export';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint';
import { prepareControlPlane, producerDeployment, randomSubnet, readSink, renderItems, requireFlowPeers, startSink, stopProcess, stopwatch, waitFor, type Producer, type Received, type Sink, controlPlaneSoon } from './support';

const SUBNET = randomSubnet();
const GATEWAY_IP = `${SUBNET}.2`;
type Key = 'tls-grpc' | 'mtls-http' | 'oauth2-grpc';
const KEYS: Key[] = ['tls-grpc', 'mtls-http', 'oauth2-grpc'];
const PRODUCERS: Record<Key, Producer> = {
  'tls-grpc': { namespace: 'app-a', deployment: 'producer-a', ip: `${SUBNET}.3`, protocol: 'grpc', metric: 'secure_tls_requests' },
  'mtls-http': { namespace: 'app-b', deployment: 'producer-b', ip: `${SUBNET}.4`, protocol: 'http', metric: 'secure_mtls_requests' },
  'oauth2-grpc': { namespace: 'app-c', deployment: 'producer-c', ip: `${SUBNET}.5`, protocol: 'grpc', metric: 'secure_oauth2_requests' },
};
const MTLS_PATH = '/mtls/v1/metrics';
const OAUTH = {
  clientId: 'metric-gateway',
  // `$`, `$$` and `${env:HOME}` must reach the token endpoint literally.
  clientSecret: 'cs$cr3t-$$-${env:HOME}',
  scope: 'metrics.write',
  audience: 'metrics-backend',
  token: 'oauth2-access-token-5c1e',
  path: '/oauth2/token',
};

interface Certs {
  ca: CertPair;
  server: CertPair;
  client: CertPair;
  /** Stands for a public CA of the image's bundle; signs only the token endpoint's certificate. */
  publicCa: CertPair;
  tokenServer: CertPair;
}

function makeCerts(): Certs {
  const now = new Date();
  const validity = { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 365) };
  const ca = makeCert({ ...validity, ca: true, keySlot: 10, commonName: 'flow backends CA' });
  const publicCa = makeCert({ ...validity, ca: true, keySlot: 13, commonName: 'flow public CA' });
  return {
    ca,
    server: issueCert({ ...validity, issuer: ca, keySlot: 11, commonName: 'backend', usage: 'server', ipAddresses: ['127.0.0.1'] }),
    client: issueCert({ ...validity, issuer: ca, keySlot: 12, commonName: 'telemetry-metric-gateway', usage: 'client' }),
    publicCa,
    tokenServer: issueCert({ ...validity, issuer: publicCa, keySlot: 14, commonName: 'token endpoint', usage: 'server', ipAddresses: ['127.0.0.1'] }),
  };
}

function render(ports: Record<Key, number>, certs: Certs, tokenUrl: string): string {
  const ref = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, namespace: 'backends', key } } });
  const pipeline = (name: Key, output: object) => ({
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { input: { otlp: { namespaces: { include: [PRODUCERS[name].namespace] } } }, output: { otlp: output } },
  });
  const secret = (name: string, stringData: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'backends' }, stringData });
  return renderItems([
    secret('tls', { endpoint: `https://127.0.0.1:${ports['tls-grpc']}`, ca: certs.ca.certPem }),
    secret('mtls', { ca: certs.ca.certPem, cert: certs.client.certPem, key: certs.client.keyPem }),
    secret('oauth2', { ca: certs.ca.certPem, clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret }),
    pipeline('tls-grpc', { protocol: 'grpc', endpoint: ref('tls', 'endpoint'), tls: { ca: ref('tls', 'ca') } }),
    pipeline('mtls-http', {
      protocol: 'http',
      endpoint: { value: `https://127.0.0.1:${ports['mtls-http']}` },
      path: MTLS_PATH,
      tls: { ca: ref('mtls', 'ca'), cert: ref('mtls', 'cert'), key: ref('mtls', 'key') },
    }),
    pipeline('oauth2-grpc', {
      protocol: 'grpc',
      endpoint: { value: `https://127.0.0.1:${ports['oauth2-grpc']}` },
      tls: { ca: ref('oauth2', 'ca') },
      authentication: {
        oauth2: { tokenURL: { value: tokenUrl }, clientID: ref('oauth2', 'clientId'), clientSecret: ref('oauth2', 'clientSecret'), scopes: [OAUTH.scope], params: { audience: OAUTH.audience } },
      },
    }),
  ]);
}

/** One OTLP/HTTP POST of an empty request over TLS with Node's https; resolves with the status or the error. */
function httpsPost(port: number, tls: https.RequestOptions): Promise<number | Error> {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path: MTLS_PATH, method: 'POST', headers: { 'Content-Type': 'application/json' }, timeout: 10_000, ...tls }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', resolve);
    req.end(JSON.stringify({ resourceMetrics: [] }));
  });
}

describe('flow: TLS, mTLS and OAuth2 backends (issue 18, backends)', function () {
  this.timeout(240_000);
  let dir = '';
  let cp: ControlPlane | undefined;
  let certs: Certs | undefined;
  const sinks: Partial<Record<Key, Sink>> = {};
  let tokenEndpoint: TokenEndpoint | undefined;
  let gateway: RunningPod | undefined;
  const producers: RunningPod[] = [];
  let received: Partial<Record<Key, Received[]>> = {};
  const clock = stopwatch();
  const mark = clock.mark;

  before(async function () {
    const otelcol = requireFlowPeers(this);
    clock.restart();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-flow-secure-'));
    const c = (certs = makeCerts());
    const file = (name: string, content: string) => (writeFileSync(path.join(dir, name), content), path.join(dir, name));
    const serverTls = { certFile: file('server.crt', c.server.certPem), keyFile: file('server.key', c.server.keyPem) };
    const bearer = { id: 'bearertokenauth/in', config: { scheme: 'Bearer', filename: file('token', OAUTH.token) } };
    mark('certificates made');

    await Promise.all([
      startSink(otelcol, dir, 'tls-grpc', 'grpc', { tls: serverTls }).then((s) => (sinks['tls-grpc'] = s)),
      startSink(otelcol, dir, 'mtls-http', 'http', { tls: { ...serverTls, clientCaFile: file('ca.crt', c.ca.certPem) }, metricsPath: MTLS_PATH }).then((s) => (sinks['mtls-http'] = s)),
      startSink(otelcol, dir, 'oauth2-grpc', 'grpc', { tls: serverTls, auth: bearer }).then((s) => (sinks['oauth2-grpc'] = s)),
      startTokenEndpoint(c.tokenServer, OAUTH.path, { clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret, params: { scope: OAUTH.scope, audience: OAUTH.audience }, token: OAUTH.token }).then((t) => (tokenEndpoint = t)),
      controlPlaneSoon().then((c) => (cp = c)),
    ]);
    if (cp === undefined) throw new Error('no control plane');
    mark('control plane, sinks and token endpoint up');

    const output = render({ 'tls-grpc': sinks['tls-grpc']!.port, 'mtls-http': sinks['mtls-http']!.port, 'oauth2-grpc': sinks['oauth2-grpc']!.port }, c, tokenEndpoint!.url);
    const outputFile = path.join(dir, 'output.yaml');
    writeFileSync(outputFile, output);
    const podNamespaces = KEYS.map((k) => PRODUCERS[k].namespace);
    await prepareControlPlane(cp, ['kyma-system', 'backends', ...podNamespaces], podNamespaces);
    cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: (parse(output) as { items: object[] }).items }));
    gateway = await runPod(outputFile, 'Deployment/kyma-system/telemetry-metric-gateway', { kubeconfig: cp.kubeconfig, podIp: GATEWAY_IP, node: 'node-1', caBundle: file('public-ca-bundle.crt', c.publicCa.certPem) });
    const producersFile = path.join(dir, 'producers.yaml');
    writeFileSync(producersFile, KEYS.map((k) => stringify(producerDeployment(PRODUCERS[k], GATEWAY_IP))).join('---\n'));
    cp.kubectl(['apply', '-f', producersFile]);
    for (const k of KEYS) {
      const p = PRODUCERS[k];
      producers.push(await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { kubeconfig: cp.kubeconfig, podIp: p.ip, node: 'node-1', ready: /pod-client: exporting/ }));
    }
    mark('gateway and producers running');

    const detail = () => `\n--- gateway log (tail) ---\n${gateway?.log().slice(-6000)}${KEYS.map((k) => `\n--- sink ${k} ---\n${sinks[k]?.log().slice(-1500)}`).join('')}\n--- token requests ---\n${JSON.stringify(tokenEndpoint?.requests)}`;
    await Promise.all(
      KEYS.map((k) => waitFor(`backend ${k} to receive its producer's data`, () => (readSink(sinks[k]!.file).some((r) => r.metrics.includes(PRODUCERS[k].metric)) ? true : undefined), 60_000, detail)),
    );
    mark('every backend received');
    await Promise.all(producers.map((p) => p.stop()));
    await gateway.stop(20_000);
    received = Object.fromEntries(KEYS.map((k) => [k, readSink(sinks[k]!.file)]));
    mark('stopped');
    clock.report();
    process.stderr.write(`      token requests: ${JSON.stringify(tokenEndpoint!.requests.map((r) => ({ ...r, clientSecret: r.clientSecret === OAUTH.clientSecret ? '(as in the Secret)' : r.clientSecret })))}\n`);
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...producers.map((p) => p.stop()), gateway?.stop()]);
    await Promise.all(KEYS.map((k) => stopProcess(sinks[k]?.process)));
    await tokenEndpoint?.close();
    cp?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each pipeline\'s data to its own backend, and only there', () => {
    for (const k of KEYS) {
      const got = received[k]!;
      expect(got, k).to.not.be.empty;
      for (const r of got) {
        expect(r.metrics, `${k} got ${JSON.stringify(r)}`).to.deep.equal([PRODUCERS[k].metric]);
        expect(r.attributes['k8s.namespace.name'], k).to.equal(PRODUCERS[k].namespace);
      }
    }
  });

  it('the TLS backend takes only TLS connections verified against the Secret\'s CA', async () => {
    const address = `127.0.0.1:${sinks['tls-grpc']!.port}`;
    expect((await grpcExport(address, Buffer.alloc(0)))?.code, 'plaintext').to.equal(grpc.status.UNAVAILABLE);
    expect(await grpcExport(address, Buffer.alloc(0), { credentials: grpc.credentials.createSsl(Buffer.from(certs!.ca.certPem)) }), 'TLS with the CA').to.equal(undefined);
  });

  it('the mTLS backend refuses a client without a certificate from the CA, and takes the one from the Secret', async () => {
    const port = sinks['mtls-http']!.port;
    expect(await httpsPost(port, { ca: certs!.ca.certPem }), 'no client certificate').to.be.instanceOf(Error);
    expect(await httpsPost(port, { ca: certs!.ca.certPem, cert: certs!.client.certPem, key: certs!.client.keyPem }), 'the Secret\'s client certificate').to.equal(200);
  });

  it('the OAuth2 backend takes only the token endpoint\'s token, which the gateway obtained', async () => {
    const address = `127.0.0.1:${sinks['oauth2-grpc']!.port}`;
    const tls = () => grpc.credentials.createSsl(Buffer.from(certs!.ca.certPem));
    expect((await grpcExport(address, Buffer.alloc(0), { credentials: tls(), metadata: { authorization: 'Bearer wrong' } }))?.code).to.equal(grpc.status.UNAUTHENTICATED);
    expect(await grpcExport(address, Buffer.alloc(0), { credentials: tls(), metadata: { authorization: `Bearer ${OAUTH.token}` } })).to.equal(undefined);
  });

  it('the gateway asked the token endpoint with exactly the configured client id, secret, scope and params', () => {
    const requests = tokenEndpoint!.requests;
    expect(requests, 'token requests').to.not.be.empty;
    for (const r of requests) {
      expect(r.status, JSON.stringify(r)).to.equal(200);
      expect(r.method).to.equal('POST');
      expect(r.path).to.equal(OAUTH.path);
      expect(r.contentType).to.match(/^application\/x-www-form-urlencoded/);
      expect(r.clientId).to.equal(OAUTH.clientId);
      expect(r.clientSecret).to.equal(OAUTH.clientSecret);
      expect(r.form['grant_type']).to.equal('client_credentials');
      expect(r.form['scope']).to.equal(OAUTH.scope);
      expect(r.form['audience']).to.equal(OAUTH.audience);
    }
    // The token lives an hour: one request serves every export of this run.
    expect(requests.length).to.be.at.most(2);
  });
});
