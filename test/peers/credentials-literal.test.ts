/**
 * Issue 15, proven with the real collector (.peers/bin/otelcol): credentials reach a backend exactly as
 * they stand in the user's Secret, whatever `$` they hold (point 1), an OAuth2 parameter with a comma
 * arrives as one value (point 12), and a header named `__proto__` is sent (point 2).
 *
 * The collector runs the rendered exporters and their OAuth2 extension verbatim, with the environment the
 * Deployment gives it (the rendered merged Secret, as envFrom does). The pipeline around them is reduced
 * to `otlp -> exporters`: the rendered gateway's k8sattributes processor needs a Kubernetes API server
 * and service-account files, which the end-to-end flow tests provide; what is proven here is what the
 * exporter and its extension do with the values. The backend and the token endpoint are small HTTP
 * servers in this test that record what arrives, on loopback.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { requirePeer } from '../support/peers';
import { runFunction } from '../support/run-fn';

const TRICKY = 'p$$ss${env:HOME}';
const TRICKY_SECRET = 's$$e${env:HOME}cr$t';
const COMMA_PARAM = 'a,b';

interface Recorded {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** As sent: the parsed `headers` object cannot hold a header named `__proto__`. */
  rawHeaders: string[];
  body: string;
}

function rawHeader(r: Recorded, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) if (r.rawHeaders[i]?.toLowerCase() === name) values.push(r.rawHeaders[i + 1] ?? '');
  return values;
}

function listen(handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function freePort(): Promise<number> {
  return listen(() => undefined).then(({ server, port }) => new Promise((resolve) => server.close(() => resolve(port))));
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function renderPipelines(backend: number, tokenPort: number): { config: Record<string, unknown>; env: Record<string, string> } {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: 'backends' },
    stringData: { endpoint: `http://127.0.0.1:${backend}`, token: TRICKY, clientSecret: TRICKY_SECRET, proto: 'proto-value' },
  };
  // Another namespace than the gateway's: these values are copied into the merged Secret, whose escaping is
  // what this test proves (Secrets of the gateway's namespace are read in the cluster: see
  // test/flow/credentials-in-cluster.test.ts).
  const ref = (key: string) => ({ valueFrom: { secretKeyRef: { name: 'creds', namespace: 'backends', key } } });
  const pipeline = (name: string, otlp: object) => ({
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: { output: { otlp: { protocol: 'http', endpoint: ref('endpoint'), ...otlp } } },
  });
  const items = [
    secret,
    pipeline('headers', { path: '/headers/v1/metrics', headers: [{ name: 'X-Token', ...ref('token') }, { name: '__proto__', ...ref('proto') }] }),
    pipeline('oauth', {
      path: '/oauth/v1/metrics',
      authentication: {
        oauth2: { tokenURL: { value: `http://127.0.0.1:${tokenPort}/token` }, clientID: { value: 'client' }, clientSecret: ref('clientSecret'), params: { audience: COMMA_PARAM } },
      },
    }),
  ];
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'registry.example.com/status:1' } };
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  expect(run.code, run.stderr).to.equal(0);
  const out = parse(run.stdout) as { items: { kind: string; metadata: { name: string }; data?: Record<string, string> }[] };
  const generated = (kind: string) => out.items.find((o) => o.kind === kind && o.metadata.name === 'telemetry-metric-gateway');
  const config = parse(generated('ConfigMap')?.data?.['relay.conf'] ?? '') as Record<string, unknown>;
  // What envFrom gives the container: each key of the merged Secret, base64-decoded.
  const env = Object.fromEntries(Object.entries(generated('Secret')?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  return { config, env };
}

/** The rendered receiver, exporters and extensions verbatim; only the pipeline wiring is reduced. */
function reducedConfig(rendered: Record<string, unknown>): Record<string, unknown> {
  const exporters = rendered['exporters'] as Record<string, unknown>;
  const extensions = Object.fromEntries(Object.entries(rendered['extensions'] as Record<string, unknown>).filter(([id]) => id.startsWith('oauth2client/')));
  return {
    receivers: { otlp: (rendered['receivers'] as Record<string, unknown>)['otlp'] },
    exporters,
    extensions,
    service: {
      extensions: Object.keys(extensions),
      telemetry: { metrics: { level: 'none' } },
      pipelines: { metrics: { receivers: ['otlp'], exporters: Object.keys(exporters) } },
    },
  };
}

describe('real collector: credentials arrive literally (issue 15)', function () {
  this.timeout(120000);
  const received: Recorded[] = [];
  const tokenRequests: Recorded[] = [];
  const servers: http.Server[] = [];
  let collector: ChildProcess | undefined;
  let collectorLog = '';
  let dir = '';
  let otlpHttpPort = 0;

  before(async function () {
    const otelcol = requirePeer(this, 'otelcol');
    const backend = await listen((req, body, res) => {
      received.push({ path: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
    const token = await listen((req, body, res) => {
      tokenRequests.push({ path: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'issued-token', token_type: 'Bearer', expires_in: 3600 }));
    });
    servers.push(backend.server, token.server);
    const { config, env } = renderPipelines(backend.port, token.port);
    // The rendered receiver binds ${env:MY_POD_IP}:4317/4318; a loopback pod IP keeps it on loopback.
    otlpHttpPort = 4318;
    await freePort();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-cred-'));
    const file = path.join(dir, 'relay.conf');
    writeFileSync(file, stringify(reducedConfig(config)));
    collector = spawn(otelcol, [`--config=file:${file}`], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/home/collector-home', MY_POD_IP: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collector.stderr?.on('data', (c: Buffer) => (collectorLog += c.toString()));
    collector.stdout?.on('data', (c: Buffer) => (collectorLog += c.toString()));
    await waitFor('the collector to start', () => (/Everything is ready/.test(collectorLog) ? true : collector?.exitCode !== null ? (() => { throw new Error(`collector exited:\n${collectorLog}`); })() : undefined));
    const metric = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'literal-test' } }] },
          scopeMetrics: [{ metrics: [{ name: 'probe', gauge: { dataPoints: [{ asInt: '1', timeUnixNano: String(Date.now() * 1e6) }] } }] }],
        },
      ],
    };
    const sent = await fetch(`http://127.0.0.1:${otlpHttpPort}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(metric) });
    expect(sent.status, await sent.text()).to.equal(200);
  });

  after(() => {
    collector?.kill('SIGTERM');
    for (const s of servers) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a header value with $$ and ${env:...} byte for byte, and a header named __proto__', async () => {
    const request = await waitFor('the headers pipeline to export', () => received.find((r) => r.path === '/headers/v1/metrics'));
    expect(rawHeader(request, 'x-token')).to.deep.equal([TRICKY]);
    expect(rawHeader(request, '__proto__')).to.deep.equal(['proto-value']);
  });

  it('sends the OAuth2 client secret literally and a parameter with a comma as one value', async () => {
    const tokenRequest = await waitFor('the token request', () => tokenRequests[0]).catch((e: Error) => {
      throw new Error(`${e.message}; collector log:\n${collectorLog}`);
    });
    const form = new URLSearchParams(tokenRequest.body);
    const basic = tokenRequest.headers['authorization'];
    const secret = basic?.startsWith('Basic ')
      ? decodeURIComponent(Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':'))
      : form.get('client_secret');
    expect(secret).to.equal(TRICKY_SECRET);
    expect(form.getAll('audience')).to.deep.equal([COMMA_PARAM]);
    const request = await waitFor('the oauth pipeline to export', () => received.find((r) => r.path === '/oauth/v1/metrics'));
    expect(request.headers['authorization']).to.equal('Bearer issued-token');
  });
});
