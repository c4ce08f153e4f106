/**
 * `run --prometheus-url`: the counters come from a Prometheus HTTP API (instant queries at the window's
 * start and end) instead of scraping. The fake Prometheus answers from the same fake collector pods.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FLOW_MESSAGES } from '../../../src/status/flow/reasons';
import { parsePrometheusText } from '../../../src/status/metrics/prometheus-text';
import { collectorText, NS, T0, type FakeCluster, type FakeCollector } from '../support/fake-cluster';
import { brief, cluster, runJob } from '../support/job-harness';

interface Query {
  query: string;
  time: number;
}

class FakePrometheus {
  readonly queries: Query[] = [];
  down = false;
  private server: Server | undefined;
  constructor(private readonly collectors: FakeCollector[]) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/prom/api/v1/query') return void res.writeHead(404).end();
      if (this.down) return void res.writeHead(503).end('{"status":"error","error":"unavailable"}');
      const q = { query: url.searchParams.get('query') ?? '', time: Number(url.searchParams.get('time')) };
      this.queries.push(q);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(q)));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/prom`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  /** Evaluates `{__name__=~"...",service="...",namespace="..."}` over the collectors' pods. */
  private answer(q: Query): unknown {
    const names = new RegExp(`^(?:${/__name__=~"([^"]+)"/.exec(q.query)?.[1] ?? ''})$`);
    const service = /service="([^"]+)"/.exec(q.query)?.[1];
    const namespace = /namespace="([^"]+)"/.exec(q.query)?.[1];
    const result: unknown[] = [];
    for (const collector of this.collectors) {
      if (collector.service !== service || namespace !== NS) continue;
      for (const [pod, running] of collector.pods) {
        parsePrometheusText(collectorText(running.spec, q.time * 1000), {
          sample(name, labels, value) {
            if (!names.test(name)) return;
            const metric: Record<string, string> = { __name__: name, namespace: NS, service: collector.service, pod, instance: `10.0.0.1:8888`, job: 'kubernetes-service-endpoints' };
            for (let i = 0; i < labels.length; i += 2) metric[labels[i] as string] = labels[i + 1] as string;
            result.push({ metric, value: [q.time, String(value)] });
          },
        });
      }
    }
    return { status: 'success', data: { resultType: 'vector', result } };
  }
}

describe('status job: --prometheus-url', function () {
  this.timeout(30_000);
  let c: FakeCluster;
  let prometheus: FakePrometheus;
  afterEach(async () => {
    await c?.stop();
    await prometheus?.stop();
  });

  async function setup(): Promise<void> {
    c = await cluster({ pipelines: { a: false, b: true }, gatewayPods: { 'gw-1': { exporters: { 'otlp_grpc/metricpipeline-a': { sent: 0, failed: 5 }, 'otlp_grpc/metricpipeline-b': { sent: 10 } } } } });
    prometheus = new FakePrometheus([c.gateway, c.agent]);
    await prometheus.start();
  }

  it('queries the window start and end, never scrapes or waits, and evaluates the same way', async () => {
    await setup();
    const run = await runJob(c, { extra: ['--prometheus-url', prometheus.url] });
    assert.equal(run.code, 0);
    assert.deepEqual(c.clock.sleeps, []);
    assert.equal(c.gateway.scrapes + c.agent.scrapes, 0);
    assert.ok(!c.kube.requests.some((r) => r.path.includes('endpointslices')), 'no endpoint lookups');
    assert.deepEqual(prometheus.queries.map((q) => q.time).sort(), [T0 / 1000 - 60, T0 / 1000 - 60, T0 / 1000, T0 / 1000]);
    assert.ok(prometheus.queries.some((q) => q.query.includes('service="telemetry-metric-agent-metrics"')));
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], ['False', 'GatewayAllTelemetryDataDropped', FLOW_MESSAGES.GatewayAllTelemetryDataDropped]);
    assert.deepEqual(brief(c, 'b')['TelemetryFlowHealthy'], ['True', 'FlowHealthy', FLOW_MESSAGES.FlowHealthy]);
  });

  it('reports probing failures when Prometheus is down', async () => {
    await setup();
    prometheus.down = true;
    await runJob(c, { extra: ['--prometheus-url', prometheus.url] });
    assert.deepEqual(brief(c, 'a')['TelemetryFlowHealthy'], ['Unknown', 'GatewayProbingFailed', FLOW_MESSAGES.GatewayProbingFailed]);
    assert.equal(brief(c, 'a')['GatewayHealthy']?.[1], 'GatewayReady');
  });
});
