/** The metrics sources' pure parts and their HTTP edge: scraping pods, reading Prometheus answers, the budget, the log. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Budget } from '../../../src/status/support/budget';
import { jsonLogger } from '../../../src/status/support/log';
import { queryUrl, resultToText, seriesSelector } from '../../../src/status/cluster/prometheus-source';
import { parseSnapshot } from '../../../src/status/metrics/samples';
import { fetchText, MAX_BODY_BYTES, metricsUrl, scrapeRound } from '../../../src/status/cluster/scrape';
import { realSample } from '../support/fixtures';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('status/cluster/scrape', () => {
  it('builds pod URLs, bracketing IPv6', () => {
    assert.equal(metricsUrl({ pod: 'p', address: '10.1.2.3', port: 8888 }), 'http://10.1.2.3:8888/metrics');
    assert.equal(metricsUrl({ pod: 'p', address: 'fd00::12', port: 8888 }), 'http://[fd00::12]:8888/metrics');
  });

  it('scrapes a real collector capture, and leaves out pods that fail, time out or serve garbage', async () => {
    const real = realSample('e-v0.159-kyma-reader-synthesized.prom');
    const { server, port } = await serve((req, res) => {
      if (req.url === '/metrics') return void res.end(real);
      if (req.url === '/slow/metrics') return void setTimeout(() => res.end(real), 2000);
      res.writeHead(500).end();
    });
    const { server: garbage, port: garbagePort } = await serve((_req, res) => res.end('this is { not prometheus\n'));
    try {
      // Prefixes through the address make distinct URLs on one server.
      const { snapshot, failures } = await scrapeRound(
        [
          { pod: 'good', address: '127.0.0.1', port },
          { pod: 'broken', address: '127.0.0.1', port: garbagePort },
        ],
        (url, ms) => fetchText(url, ms),
        () => 1000,
      );
      assert.deepEqual([...snapshot.keys()], ['good']);
      assert.equal(snapshot.get('good')?.uptimeSeconds, 3712.55);
      assert.equal(failures[0]?.pod, 'broken');
      assert.match(failures[0]?.error ?? '', /not Prometheus text/);
      await assert.rejects(fetchText(`http://127.0.0.1:${port}/slow/metrics`, 200), /no answer within 200 ms/);
      await assert.rejects(fetchText(`http://127.0.0.1:${port}/other`, 1000), /HTTP 500/);
      await assert.rejects(fetchText('http://127.0.0.1:1/metrics', 1000), /fetch failed|ECONNREFUSED/);
    } finally {
      await close(server);
      await close(garbage);
    }
  });

  it('refuses bodies beyond the size cap', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const { server, url } = await serve((_req, res) => {
      let sent = 0;
      const push = (): void => {
        while (sent <= MAX_BODY_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    });
    try {
      await assert.rejects(fetchText(`${url}/metrics`, 10_000), /exceeds/);
    } finally {
      await close(server);
    }
  });
});

describe('status/cluster/prometheus-source', () => {
  it('selects every series the evaluation reads, by service and namespace', () => {
    const selector = seriesSelector('telemetry-metric-gateway-metrics', 'kyma-system');
    assert.match(selector, /service="telemetry-metric-gateway-metrics",namespace="kyma-system"\}$/);
    const names = new RegExp(`^(?:${/__name__=~"([^"]+)"/.exec(selector)?.[1]})$`);
    for (const n of ['otelcol_exporter_sent_metric_points', 'otelcol_exporter_sent_metric_points_total', 'otelcol_receiver_refused_metric_points_total', 'otelcol_exporter_queue_size', 'otelcol_process_uptime_seconds_total']) {
      assert.ok(names.test(n), n);
    }
    assert.ok(!names.test('otelcol_exporter_queue_size_total'));
    assert.equal(queryUrl('http://prom:9090/sub', 'up', new Date(1_700_000_000_500)), 'http://prom:9090/sub/api/v1/query?query=up&time=1700000000.500');
  });

  it('turns an instant vector into per-pod exposition text the snapshot parser reads', () => {
    const text = resultToText({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { __name__: 'otelcol_exporter_sent_metric_points_total', exporter: 'otlp_grpc/metricpipeline-a', pod: 'gw-1', weird: 'a"b\\c\nd' }, value: [1, '10'] },
          { metric: { __name__: 'otelcol_process_uptime', instance: '10.0.0.2:8888' }, value: [1, '+Inf'] },
        ],
      },
    });
    const snapshot = parseSnapshot(text);
    assert.deepEqual([...snapshot.keys()], ['gw-1', '10.0.0.2:8888']);
    assert.equal([...(snapshot.get('gw-1')?.counters.values() ?? [])][0]?.value, 10);
    assert.equal(snapshot.get('10.0.0.2:8888')?.uptimeSeconds, Number.POSITIVE_INFINITY);
    assert.throws(() => resultToText({ status: 'error', error: 'bad query' }), /Prometheus: bad query/);
    assert.throws(() => resultToText({ status: 'success', data: { resultType: 'matrix', result: [] } }), /not an instant vector/);
  });
});

describe('status/support: budget and log', () => {
  it('caps reads before the write reserve, writes by the deadline, and waits by the larger reserve', () => {
    let now = 0;
    const clock = { now: () => new Date(now), sleep: async () => undefined };
    const b = new Budget(clock, 60_000, 10_000);
    assert.equal(b.reserveMs, 15_000);
    assert.equal(b.readTimeoutMs(), 10_000);
    assert.equal(b.waitableMs(), 45_000);
    now = 55_000;
    assert.equal(b.readTimeoutMs(), 1, 'inside the write reserve: reads fail fast');
    assert.equal(b.writeTimeoutMs(), 5_000);
    now = 61_000;
    assert.ok(b.expired());
    assert.equal(new Budget(clock, 3_000, 10_000).reserveMs, 1_500);
  });

  it('writes one JSON object per line, fixed keys first and not overridable, long values cut', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), () => new Date(0), 'info');
    log.debug('hidden');
    log.warn('w', { msg: 'not me', level: 'no', pods: ['a'], error: 'x'.repeat(3000), skip: undefined });
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0] as string) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['time', 'level', 'msg', 'pods', 'error']);
    assert.equal(parsed['msg'], 'w');
    assert.equal(parsed['level'], 'warn');
    assert.equal((parsed['error'] as string).length, 2001);
    assert.ok((lines[0] as string).endsWith('}\n'));
  });
});
