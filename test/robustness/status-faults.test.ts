/**
 * The status job (real `run` code, in process) against collector pods that misbehave on /metrics: garbage
 * (non-Prometheus text, binary, an HTML error page), dropped connections, 503, answers that hang or drip
 * past the call timeout. The job must not crash, must stay well within its time budget, must still write
 * every status (exit 0 per src/status/job/status-job.ts), and must report Unknown TelemetryFlowHealthy with
 * GatewayProbingFailed / AgentProbingFailed when no pod of a collector could be read.
 * Everything listens on 127.0.0.1 only.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXIT_CODES } from '../../src/status/job/status-job';
import { FLOW_MESSAGES } from '../../src/status/flow/reasons';
import { FakeCluster, type FakeCollector } from '../status/support/fake-cluster';
import { assertOnlyExpectedWrites, brief, cluster, healthyExporters, log, runJob } from '../status/support/job-harness';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const FLOW_OK: [string, string, string] = ['True', 'FlowHealthy', FLOW_MESSAGES.FlowHealthy];
const GATEWAY_UNKNOWN: [string, string, string] = ['Unknown', 'GatewayProbingFailed', FLOW_MESSAGES.GatewayProbingFailed];
const AGENT_UNKNOWN: [string, string, string] = ['Unknown', 'AgentProbingFailed', FLOW_MESSAGES.AgentProbingFailed];

/** Responses left open by a fault; ended after each test so that servers can close. */
const open = new Set<ServerResponse>();

function track(res: ServerResponse): ServerResponse {
  open.add(res);
  res.on('close', () => open.delete(res));
  return res;
}

const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x1f, 0x8b, 0x08, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x7f, 0x80, 0xc3, 0x28]);
const HTML = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>\n';

interface Fault {
  name: string;
  handler: Handler;
  /** What the job logs as the first pod's error. */
  error: RegExp;
}

const FAULTS: Fault[] = [
  { name: 'non-Prometheus text', handler: (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('this is { not prometheus\nfoo{bar="baz" 1\n'), error: /not Prometheus text|line|expected|unexpected/i },
  { name: 'binary', handler: (_q, res) => void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BINARY), error: /.+/ },
  { name: 'an HTML error page served with 200', handler: (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(HTML), error: /.+/ },
  { name: 'an HTML error page served with 502', handler: (_q, res) => void res.writeHead(502, { 'content-type': 'text/html' }).end(HTML), error: /HTTP 502/ },
  { name: '503 Service Unavailable', handler: (_q, res) => void res.writeHead(503, { 'retry-after': '120' }).end('upstream overloaded'), error: /HTTP 503/ },
  { name: 'a connection closed before any answer', handler: (req) => void req.socket.destroy(), error: /fetch failed|closed|socket|terminated/i },
  {
    name: 'a connection closed in the middle of the body',
    handler: (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100000' });
      res.write('# HELP otelcol_exporter_sent_metric_points Number of metric points\n# TYPE otelcol_exporter_sent_metric_points counter\notelcol_exporter_sent_metric_points{exporter="otlp_grpc/metricpipeline-a"} 1');
      setTimeout(() => req.socket.destroy(), 20);
    },
    error: /terminated|closed|socket|aborted|fetch failed/i,
  },
  { name: 'an answer that never comes', handler: (_q, res) => void track(res), error: /no answer within 500 ms/ },
  {
    name: 'headers at once, then a body that drips past the call timeout',
    handler: (_q, res) => {
      track(res).writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('# still here\n'), 100);
      res.on('close', () => clearInterval(timer));
    },
    error: /no answer within 500 ms/,
  },
];

function breakPods(collector: FakeCollector, handler: Handler, only?: string[]): void {
  for (const [name, pod] of collector.pods) {
    if (only !== undefined && !only.includes(name)) continue;
    pod.server.removeAllListeners('request');
    pod.server.on('request', handler);
  }
}

/** Wall time in ms; the job itself runs on the fake clock, so any real time is spent waiting on the network. */
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await f();
  return [value, Date.now() - started];
}

describe('robustness: status job against misbehaving metrics endpoints', function () {
  this.timeout(60_000);
  let c: FakeCluster | undefined;
  afterEach(async () => {
    for (const res of open) res.destroy();
    open.clear();
    // Sockets of aborted requests may linger until their keep-alive timeout; close them now.
    for (const collector of [c?.gateway, c?.agent]) for (const pod of collector?.pods.values() ?? []) pod.server.closeAllConnections();
    await c?.stop();
    c = undefined;
  });

  describe('every gateway pod misbehaves', () => {
    for (const fault of FAULTS) {
      it(`${fault.name}: Unknown GatewayProbingFailed, statuses written, exit 0, bounded time`, async () => {
        c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': healthyExporters(['a']), 'gw-2': healthyExporters(['a']) } });
        breakPods(c.gateway, fault.handler);
        const [run, ms] = await timed(() => runJob(c!, { callTimeout: 0.5 }));
        // Two scrape rounds at most, each bounded by the 0.5 s call timeout (the budget is 60 s).
        assert.ok(ms < 4000, `took ${ms} ms`);
        assert.equal(run.code, EXIT_CODES.ok, JSON.stringify(run.logs));
        assert.equal(log(run, 'internal error'), undefined);
        const warn = log(run, 'collector pods could not be scraped');
        assert.ok(warn, 'the failed scrape is logged');
        assert.equal(warn['collector'], 'gateway');
        assert.deepEqual([...(warn['pods'] as string[])].sort(), ['gw-1', 'gw-2']);
        assert.match(String(warn['error']), fault.error);
        assert.ok(!String(warn['error']).includes('\n'), 'the error is one line');
        assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], GATEWAY_UNKNOWN);
        assert.deepEqual(brief(c, 'a')['Ready']?.slice(0, 2), ['False', 'GatewayProbingFailed']);
        // Reading the workloads is not affected by the collectors' /metrics.
        assert.deepEqual(brief(c, 'a')['GatewayHealthy']?.slice(0, 2), ['True', 'GatewayReady']);
        assertOnlyExpectedWrites(c, ['a']);
        assert.equal(log(run, 'done')?.['exitCode'], 0);
      });
    }
  });

  it('one pod serving garbage is left out; the healthy pod keeps the flow healthy', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': healthyExporters(['a']), 'gw-2': healthyExporters(['a']) } });
    breakPods(c.gateway, FAULTS[1]!.handler, ['gw-2']);
    const run = await runJob(c);
    assert.equal(run.code, EXIT_CODES.ok);
    assert.deepEqual(log(run, 'collector pods could not be scraped')?.['pods'], ['gw-2']);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK);
  });

  for (const fault of [FAULTS[0]!, FAULTS[4]!, FAULTS[7]!]) {
    it(`every agent pod: ${fault.name} -> AgentProbingFailed for the pulling pipeline only`, async () => {
      c = await cluster({ pipelines: { backend: false, platform: true } });
      breakPods(c.agent, fault.handler);
      const [run, ms] = await timed(() => runJob(c!, { callTimeout: 0.5 }));
      assert.ok(ms < 4000, `took ${ms} ms`);
      assert.equal(run.code, EXIT_CODES.ok, JSON.stringify(run.logs));
      const warn = log(run, 'collector pods could not be scraped');
      assert.equal(warn?.['collector'], 'agent');
      assert.match(String(warn?.['error']), fault.error);
      assert.deepEqual(brief(c, 'platform')['TelemetryFlowHealthy'], AGENT_UNKNOWN);
      assert.deepEqual(brief(c, 'platform')['Ready']?.slice(0, 2), ['False', 'AgentProbingFailed']);
      assert.deepEqual(brief(c, 'backend')['TelemetryFlowHealthy'], FLOW_OK, 'an OTLP-only pipeline does not depend on the agent');
      assertOnlyExpectedWrites(c, ['backend', 'platform']);
    });
  }

  it('gateway and agent both garbage: the gateway reason wins for every pipeline', async () => {
    c = await cluster({ pipelines: { backend: false, platform: true } });
    breakPods(c.gateway, FAULTS[2]!.handler);
    breakPods(c.agent, FAULTS[1]!.handler);
    const run = await runJob(c);
    assert.equal(run.code, EXIT_CODES.ok);
    assert.deepEqual(brief(c, 'backend')['TelemetryFlowHealthy'], GATEWAY_UNKNOWN);
    assert.equal(brief(c, 'platform')['TelemetryFlowHealthy']?.[0], 'Unknown');
    assert.match(String(brief(c, 'platform')['TelemetryFlowHealthy']?.[1]), /^(Gateway|Agent)ProbingFailed$/);
  });

  it('with the real clock: hanging /metrics on every pod still finishes within --timeout', async () => {
    c = await cluster({ pipelines: { backend: false, platform: true } });
    breakPods(c.gateway, FAULTS[7]!.handler);
    breakPods(c.agent, FAULTS[7]!.handler);
    let stderr = '';
    const { main } = await import('../../src/status/cli');
    const [code, ms] = await timed(() =>
      main(['run', '--namespace', 'kyma-system', '--timeout', '3', '--call-timeout', '1', '--window', '1'], { stdout: () => undefined, stderr: (t) => void (stderr += t) }, { kubeConfig: c!.kube.kubeConfig() }),
    );
    assert.ok(ms < 4000, `took ${ms} ms`);
    assert.equal(code, EXIT_CODES.ok, stderr);
    assert.ok(!stderr.includes('internal error'), stderr);
    assert.deepEqual(brief(c, 'backend')['TelemetryFlowHealthy'], GATEWAY_UNKNOWN);
    assert.equal(brief(c, 'platform')['TelemetryFlowHealthy']?.[0], 'Unknown');
  });

  it('a second run after a garbage run recovers once the pods answer again', async () => {
    c = await cluster({ pipelines: { a: false }, gatewayPods: { 'gw-1': healthyExporters(['a']) } });
    const pod = c.gateway.pods.get('gw-1')!;
    const healthy = pod.server.listeners('request') as Handler[];
    breakPods(c.gateway, FAULTS[0]!.handler);
    await runJob(c);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], GATEWAY_UNKNOWN);
    pod.server.removeAllListeners('request');
    for (const h of healthy) pod.server.on('request', h);
    c.clock.advance(60);
    const again = await runJob(c);
    assert.equal(again.code, EXIT_CODES.ok);
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], FLOW_OK);
  });
});
