/**
 * Shared helpers for the flow tests (issue 18, scenarios 2 and 4), copied from two-pipelines.test.ts and
 * extended: sinks without authentication or on a custom HTTP path, a sink reader that keeps each metric's
 * temporality, a plain HTTP recorder (Content-Encoding), the control-plane preparation and producer pods.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { TLSSocket } from 'node:tls';
import path from 'node:path';
import { stringify } from 'yaml';
import { requirePeer, startControlPlane, type ControlPlane } from '../support/peers';
import { podEnvSupport } from '../support/pod-env';
import { requireOrSkip, requireTool } from '../support/tools';
import { REPO_ROOT, runFunction } from '../support/run-fn';

/** 127.X.Y, X.Y random per run: the pods' loopback IPs (gateway .2, producers .3 and up). */
export function randomSubnet(): string {
  return `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` (every 200 ms; an asynchronous probe, e.g. a scrape, is awaited) until it returns a value. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms: number, detail: () => string = () => ''): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Attr {
  key: string;
  value: { stringValue?: string; intValue?: string };
}
interface JsonPoint {
  attributes?: Attr[];
  timeUnixNano?: string;
}
interface JsonMetric {
  name: string;
  gauge?: { dataPoints?: JsonPoint[] };
  sum?: { aggregationTemporality?: number | string; dataPoints?: JsonPoint[] };
  histogram?: { aggregationTemporality?: number | string; dataPoints?: JsonPoint[] };
  summary?: { dataPoints?: JsonPoint[] };
}
interface ResourceMetrics {
  resource: { attributes?: Attr[] };
  scopeMetrics?: { metrics?: JsonMetric[] }[];
}
export interface ReceivedMetric {
  name: string;
  /** 'delta' | 'cumulative' | undefined (gauge), from pdata's JSON (1 / 2, or the enum's name). */
  temporality?: 'delta' | 'cumulative' | 'unspecified';
  /** Each data point's attributes and time (timeUnixNano as pdata's JSON writes it); count them to compare with scrapes. */
  points: { attributes: Record<string, string>; time: string }[];
}
export interface Received {
  attributes: Record<string, string>;
  metrics: string[];
  detail: ReceivedMetric[];
}

function temporality(t: number | string | undefined): ReceivedMetric['temporality'] {
  if (t === undefined) return undefined;
  if (t === 1 || t === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (t === 2 || t === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return 'unspecified';
}

function attributesOf(attrs: Attr[] | undefined): Record<string, string> {
  return Object.fromEntries((attrs ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? JSON.stringify(a.value)]));
}

/** What a file exporter wrote: one ExportMetricsServiceRequest as JSON per line. */
export function readSink(file: string): Received[] {
  if (!existsSync(file)) return [];
  const out: Received[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line) as { resourceMetrics?: ResourceMetrics[] };
    for (const rm of request.resourceMetrics ?? []) {
      const attributes = attributesOf(rm.resource.attributes);
      const detail = (rm.scopeMetrics ?? []).flatMap((s) =>
        (s.metrics ?? []).map((m) => ({
          name: m.name,
          temporality: temporality(m.sum?.aggregationTemporality ?? m.histogram?.aggregationTemporality),
          points: ((m.gauge ?? m.sum ?? m.histogram ?? m.summary)?.dataPoints ?? []).map((p) => ({ attributes: attributesOf(p.attributes), time: p.timeUnixNano ?? '' })),
        })),
      );
      out.push({ attributes, metrics: detail.map((d) => d.name), detail });
    }
  }
  return out;
}

export interface Sink {
  name: string;
  port: number;
  file: string;
  process: ChildProcess;
  log: () => string;
}

export interface SinkOptions {
  auth?: { id: string; config: object };
  /** HTTP only: the otlp receiver's metrics_url_path (default /v1/metrics). */
  metricsPath?: string;
  /** Listen on this port (e.g. a restarted backend keeping its address); default a free one. */
  port?: number;
  /** Serve TLS with this certificate; with clientCaFile, also require client certificates issued by it (mTLS). */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

/** A backend: the real collector with an otlp receiver (optionally authenticating) and a file exporter. */
export async function startSink(otelcol: string, dir: string, name: string, protocol: 'grpc' | 'http', options: SinkOptions = {}): Promise<Sink> {
  const port = options.port ?? (await freePort());
  const file = path.join(dir, `${name}.jsonl`);
  const receiver: Record<string, unknown> = { endpoint: `127.0.0.1:${port}` };
  if (options.auth) receiver['auth'] = { authenticator: options.auth.id };
  if (options.metricsPath) receiver['metrics_url_path'] = options.metricsPath;
  if (options.tls) {
    const { certFile, keyFile, clientCaFile } = options.tls;
    receiver['tls'] = { cert_file: certFile, key_file: keyFile, ...(clientCaFile ? { client_ca_file: clientCaFile } : {}) };
  }
  const config = {
    ...(options.auth ? { extensions: { [options.auth.id]: options.auth.config } } : {}),
    receivers: { otlp: { protocols: { [protocol]: receiver } } },
    exporters: { file: { path: file, format: 'json', flush_interval: '100ms' } },
    service: {
      ...(options.auth ? { extensions: [options.auth.id] } : {}),
      telemetry: { metrics: { level: 'none' } },
      pipelines: { metrics: { receivers: ['otlp'], exporters: ['file'] } },
    },
  };
  const configFile = path.join(dir, `${name}.yaml`);
  writeFileSync(configFile, stringify(config));
  const child = spawn(otelcol, [`--config=file:${configFile}`], { env: { PATH: process.env['PATH'] ?? '', HOME: '/home/sink' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  try {
    await waitFor(`sink ${name} to start`, () => {
      if (child.exitCode !== null) throw new Error(`sink ${name} exited:\n${log}`);
      return /Everything is ready/.test(log) ? true : undefined;
    }, 30_000);
  } catch (e) {
    await stopProcess(child);
    throw e;
  }
  return { name, port, file, process: child, log: () => log };
}

export function stopProcess(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  /** With `tls`: the common name of the client certificate the connection presented. */
  clientCommonName?: string;
}

/** An HTTPS recorder that requires a client certificate signed by `ca`. */
export interface RecorderTls {
  certPem: string;
  keyPem: string;
  ca: string;
}

/**
 * A plain OTLP/HTTP stand-in backend (Node's http server): records each request's method, path and headers
 * and answers 200 with an empty protobuf ExportMetricsServiceResponse. Used only where the wire format is the
 * point (Content-Encoding; with `tls`, the client certificate of each connection), not for the data.
 */
export interface Recorder {
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function startRecorder(tls?: RecorderTls): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      const cn = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate().subject?.CN : undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes, ...(typeof cn === 'string' ? { clientCommonName: cn } : {}) });
      // With TLS, one request per connection: every export is a new handshake, which shows the client's
      // current certificate (a kept-alive connection would keep the first one).
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': '0', ...(tls ? { Connection: 'close' } : {}) });
      res.end();
    });
  };
  const server = tls
    ? https.createServer({ cert: tls.certPem, key: tls.keyPem, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, handler)
    : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** Runs the function over `items`; returns its output (a ResourceList) and fails the test on a non-zero exit. */
export function renderItems(items: object[], config: Record<string, string> = {}): string {
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'registry.example.com/status:1', ...config } };
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  expect(run.code, run.stderr).to.equal(0);
  return run.stdout;
}

/**
 * The control plane, started once the event loop has begun what was started before it: startControlPlane
 * blocks for its ~4 s, so sinks and servers started first come up meanwhile.
 */
export function controlPlaneSoon(): Promise<ControlPlane> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(startControlPlane());
      } catch (e) {
        reject(e as Error);
      }
    }),
  );
}

/** Applies the CRD, waits for it, creates the namespaces and (no controller-manager) their default ServiceAccounts. */
export async function prepareControlPlane(cp: ControlPlane, namespaces: string[], podNamespaces: string[]): Promise<void> {
  cp.kubectl(['apply', '-f', path.join(REPO_ROOT, 'crd')]);
  await waitFor('the MetricPipeline CRD to be established', () => {
    const crd = JSON.parse(cp.kubectl(['get', 'crd', 'metricpipelines.telemetry.kyma-project.io', '-o', 'json'])) as { status?: { conditions?: { type: string; status: string }[] } };
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  }, 30_000);
  for (const ns of namespaces) cp.kubectl(['create', 'namespace', ns]);
  for (const ns of podNamespaces) cp.kubectl(['create', 'serviceaccount', 'default', '-n', ns]);
}

export interface Producer {
  namespace: string;
  deployment: string;
  ip: string;
  protocol: 'grpc' | 'http';
  metric: string;
  /** Attribute sets of the counter, i.e. points per export (pod-client's SERIES); default 1. */
  series?: number;
  /** Default 1000. */
  exportIntervalMs?: number;
  /** More environment for the client, e.g. OTEL_RESOURCE_ATTRIBUTES. */
  env?: Record<string, string>;
}

/** A producer's Deployment: the SDK client (pod-client.js), its endpoint and pod IP from the downward API. */
export function producerDeployment(p: Producer, gatewayIp: string): object {
  const port = p.protocol === 'grpc' ? 4317 : 4318;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: p.deployment, namespace: p.namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { run: p.deployment } },
      template: {
        // No app / app.kubernetes.io/name label: service.name must come from the Deployment via the ReplicaSet.
        metadata: { labels: { run: p.deployment } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/producer:1',
              command: [process.execPath, path.join(REPO_ROOT, 'dist', 'test', 'flow', 'pod-client.js')],
              env: [
                { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                { name: 'OTLP_PROTOCOL', value: p.protocol },
                // The Service telemetry-otlp-metrics stands for the gateway's pod IP (no kube-proxy, no DNS).
                { name: 'OTLP_ENDPOINT', value: `http://${gatewayIp}:${port}` },
                { name: 'METRIC_NAME', value: p.metric },
                { name: 'EXPORT_INTERVAL_MS', value: String(p.exportIntervalMs ?? 1000) },
                ...(p.series === undefined ? [] : [{ name: 'SERIES', value: String(p.series) }]),
                ...Object.entries(p.env ?? {}).map(([name, value]) => ({ name, value })),
              ],
            },
          ],
        },
      },
    },
  };
}

/** What every flow test runs: the collector, the control plane, kubectl and a pod environment; returns otelcol. */
export function requireFlowPeers(ctx: Mocha.Context): string {
  const otelcol = requirePeer(ctx, 'otelcol');
  requirePeer(ctx, 'kube-apiserver');
  requirePeer(ctx, 'etcd');
  requireTool(ctx, 'kubectl');
  const support = podEnvSupport();
  requireOrSkip(ctx, 'otelcol', support.ok, `the pod environment cannot be built: ${support.why}`);
  return otelcol;
}

/** Milliseconds since the test's start at each named step, printed once: where a slow flow test spends its time. */
export function stopwatch(): { mark: (what: string) => void; restart: () => void; report: () => void } {
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  return {
    mark: (what) => {
      timings[what] = Date.now() - t0;
    },
    restart: () => {
      t0 = Date.now();
    },
    report: () => process.stderr.write(`      timings (ms since start): ${JSON.stringify(timings)}\n`),
  };
}
