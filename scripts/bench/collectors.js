'use strict';
// The data-plane benchmark's moving parts: the load generator and counting backend (.peers/bin/loadgen,
// test/peers/loadgen), a bare collector (otlp -> batch -> otlp, the same .peers/bin/otelcol), the rendered
// gateway run by scripts/peers/run-pod against a real API server, and the collectors' own :8888 counters.
const { spawn, execFileSync } = require('node:child_process');
const { writeFileSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');
const { stringify } = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const dist = (p) => require(path.join(root, 'dist', 'test', p));
const BIN = path.join(root, '.peers', 'bin');
const LOADGEN = path.join(BIN, 'loadgen');
const OTELCOL = path.join(BIN, 'otelcol');
const { freePort, waitFor } = dist('flow/support.js');

function buildLoadgen() {
  execFileSync(path.join(root, 'scripts', 'peers', 'build-loadgen'), { stdio: ['ignore', 'ignore', 'inherit'] });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child whose output is kept; `ready` is the pattern that says it has started. */
async function startLogged(cmd, args, ready, what, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let log = '';
  child.stdout.on('data', (c) => (log += c.toString()));
  child.stderr.on('data', (c) => (log += c.toString()));
  await waitFor(`${what} to start`, () => {
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}:\n${log.slice(-3000)}`);
    return ready.test(log) ? true : undefined;
  }, 60_000);
  return { child, log: () => log };
}

/** SIGTERM, then SIGKILL after `graceMs`: the flow tests' stopProcess (the bench builds dist first). */
const stop = (child, graceMs = 5000) => dist('flow/support').stopProcess(child ?? undefined, graceMs);

/** The counting OTLP/gRPC backend; `down()` and `up()` take it away and bring it back on the same port. */
async function startSink(host = '127.0.0.1', port) {
  const otlpPort = port ?? (await freePort());
  const httpPort = await freePort();
  let proc;
  let isDown = false;
  let base = 0; // points counted by earlier incarnations
  let last = 0;
  const up = async () => {
    isDown = false;
    proc = await startLogged(LOADGEN, ['sink', '-listen', `${host}:${otlpPort}`, '-http', `127.0.0.1:${httpPort}`], /sink ready/, `sink ${host}:${otlpPort}`);
  };
  await up();
  const count = async () => {
    if (isDown) return base + last;
    const r = await fetch(`http://127.0.0.1:${httpPort}/count`);
    last = (await r.json()).points;
    return base + last;
  };
  /** Resources received, and how many of them carried k8s.pod.name (this incarnation only). */
  const enrichment = async () => {
    const r = await (await fetch(`http://127.0.0.1:${httpPort}/count`)).json();
    return { resources: r.resources ?? 0, enriched: r.enriched ?? 0 };
  };
  return {
    endpoint: `${host}:${otlpPort}`,
    port: otlpPort,
    count,
    enrichment,
    down: async () => {
      await count();
      base += last;
      last = 0;
      isDown = true;
      await stop(proc.child);
    },
    up,
    stop: () => stop(proc?.child),
  };
}

/** Runs the generator once; resolves with its JSON summary. */
function generate(endpoint, rate, seconds, podsPrefix, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(LOADGEN, ['gen', '-endpoint', endpoint, '-rate', String(Math.round(rate)), '-duration', `${seconds}s`, '-pods-prefix', podsPrefix, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c.toString()));
    child.stderr.on('data', (c) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`loadgen gen exited ${code}: ${err}`))));
  });
}

/** Sums of each metric family in a Prometheus text exposition, optionally only series whose labels match. */
function parseProm(text, labelFilter) {
  const sums = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    if (labelFilter && !labelFilter.test(m[2] ?? '')) continue;
    sums[m[1]] = (sums[m[1]] ?? 0) + Number(m[3]);
  }
  return sums;
}

async function scrape(url, labelFilter) {
  const r = await fetch(url);
  return parseProm(await r.text(), labelFilter);
}

/** The counters that say a collector refused or lost data (0.141.0 names). */
const LOSS = ['otelcol_receiver_refused_metric_points_total', 'otelcol_exporter_send_failed_metric_points_total', 'otelcol_exporter_enqueue_failed_metric_points_total', 'otelcol_processor_dropped_metric_points_total', 'otelcol_receiver_failed_metric_points_total'];

function losses(before, after) {
  const out = {};
  for (const k of LOSS) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (d > 0) out[k.replace(/^otelcol_|_metric_points_total$/g, '')] = d;
  }
  return out;
}

/** A bare collector with the gateway's batch settings: otlp -> batch -> otlp to `sinkEndpoint`. */
async function startBare(dir, sinkEndpoint) {
  const port = await freePort();
  const metricsPort = await freePort();
  const config = {
    receivers: { otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${port}` } } } },
    processors: { batch: { send_batch_size: 1024, send_batch_max_size: 1024, timeout: '10s' } },
    exporters: { otlp: { endpoint: sinkEndpoint, tls: { insecure: true }, compression: 'gzip', sending_queue: { enabled: true, queue_size: 85 } } },
    service: {
      telemetry: { metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: '127.0.0.1', port: metricsPort } } } }] } },
      pipelines: { metrics: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlp'] } },
    },
  };
  const file = path.join(dir, 'bare.yaml');
  writeFileSync(file, stringify(config));
  const p = await startLogged(OTELCOL, [`--config=file:${file}`], /Everything is ready/, 'bare collector', { env: { PATH: process.env.PATH ?? '', HOME: dir } });
  return { endpoint: `127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, stop: () => stop(p.child), log: p.log };
}

/** CPU seconds and RSS bytes, as the collector reports them about itself. */
async function processStats(metricsUrl) {
  const s = await scrape(metricsUrl);
  return { cpu: s.otelcol_process_cpu_seconds_total ?? 0, rss: s.otelcol_process_memory_rss_bytes ?? 0 };
}

module.exports = { root, dist, BIN, LOADGEN, OTELCOL, buildLoadgen, sleep, startLogged, stop, startSink, generate, parseProm, scrape, losses, startBare, processStats, existsSync, readFileSync };
