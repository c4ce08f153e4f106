/**
 * Issue 20, a fact the function relies on, checked with the real collector (.peers/bin/otelcol, 0.141.0):
 * whether a gRPC exporter whose endpoint is read in the cluster (the function never sees it, so it cannot
 * set `tls.insecure` for a plain `http://` value) goes plaintext by the URL's scheme. It does not: configgrpc
 * strips `http://` but still dials TLS unless `tls.insecure` is set, so such a pipeline needs
 * `tls.insecure: true` in its spec (the info result and the README say so). The control: the same exporter
 * with `insecure: true` delivers.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort, readSink, startSink, stopProcess, waitFor, type Sink } from '../flow/support';
import { requirePeer } from '../support/peers';

interface Sender {
  log: () => string;
  stop: () => Promise<void>;
}

/** A collector with an OTLP/HTTP receiver and one gRPC exporter to `endpoint`. */
async function startSender(otelcol: string, dir: string, name: string, endpoint: string, insecure: boolean): Promise<{ sender: Sender; port: number }> {
  const port = await freePort();
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${port}` } } } },
      exporters: { otlp: { endpoint, ...(insecure ? { tls: { insecure: true } } : {}), retry_on_failure: { enabled: false } } },
      service: { telemetry: { metrics: { level: 'none' } }, pipelines: { metrics: { receivers: ['otlp'], exporters: ['otlp'] } } },
    }),
  );
  const child = spawn(otelcol, [`--config=file:${file}`], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  await waitFor(`sender ${name} to start`, () => (/Everything is ready/.test(log) ? true : undefined), 30_000, () => log);
  return { sender: { log: () => log, stop: () => stopProcess(child) }, port };
}

async function send(port: number, metric: string): Promise<void> {
  const body = { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: metric, gauge: { dataPoints: [{ asInt: '1', timeUnixNano: String(Date.now() * 1e6) }] } }] }] }] };
  await fetch(`http://127.0.0.1:${port}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('real collector: a gRPC exporter does not go plaintext by an http:// scheme (issue 20)', function () {
  this.timeout(90_000);
  let dir = '';
  let sink: Sink | undefined;
  const senders: Sender[] = [];

  before(async function () {
    const otelcol = requirePeer(this, 'otelcol');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-grpc-scheme-'));
    sink = await startSink(otelcol, dir, 'plain-grpc', 'grpc');
    const endpoint = `http://127.0.0.1:${sink.port}`;
    const bare = await startSender(otelcol, dir, 'scheme-only', endpoint, false);
    const insecure = await startSender(otelcol, dir, 'insecure', endpoint, true);
    senders.push(bare.sender, insecure.sender);
    await send(bare.port, 'by_scheme_only');
    await send(insecure.port, 'with_insecure');
    await waitFor('the insecure exporter to deliver', () => (readSink(sink!.file).some((r) => r.metrics.includes('with_insecure')) ? true : undefined), 30_000);
    await waitFor('the scheme-only exporter to fail', () => (/tls|handshake|connection/i.test(bare.sender.log()) && /error/i.test(bare.sender.log()) ? true : undefined), 30_000, bare.sender.log);
  });

  after(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    await stopProcess(sink?.process);
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('with tls.insecure the plaintext backend receives', () => {
    expect(readSink(sink!.file).some((r) => r.metrics.includes('with_insecure'))).to.equal(true);
  });

  it('with only the http:// scheme it dials TLS and nothing arrives', () => {
    expect(readSink(sink!.file).some((r) => r.metrics.includes('by_scheme_only'))).to.equal(false);
    expect(senders[0]!.log()).to.match(/first record does not look like a TLS handshake|tls|handshake/i);
  });
});
