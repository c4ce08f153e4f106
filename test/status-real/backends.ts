/**
 * Backends whose behaviour is the point of a scenario, as small Node HTTP servers on loopback. The collector
 * that talks to them is the real one; only the backend's answer is chosen here:
 * - an OTLP/HTTP backend that refuses part of the data (400 Bad Request to every other export, as a backend's
 *   rate or payload limit would), that holds every export without answering (a backend slower than the
 *   gateway's exporter timeout), or that accepts everything; switchable while running, for recovery;
 * - a Prometheus target that serves many series, at a pod IP, for the agent to scrape.
 * Success is 200 with an empty protobuf ExportMetricsServiceResponse, which is what OTLP/HTTP specifies.
 */
import http from 'node:http';
import type net from 'node:net';

export type BackendMode = 'accept' | 'refuse-every-other' | 'hold';

export interface OtlpBackend {
  port: number;
  requests: { accepted: number; refused: number; held: number };
  setMode(mode: BackendMode): void;
  close(): Promise<void>;
}

function listen(server: http.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startOtlpBackend(initial: BackendMode): Promise<OtlpBackend> {
  let mode = initial;
  let count = 0;
  const held: http.ServerResponse[] = [];
  const requests = { accepted: 0, refused: 0, held: 0 };
  const accept = (res: http.ServerResponse): void => {
    requests.accepted++;
    res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': '0' }).end();
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (mode === 'hold') {
        requests.held++;
        held.push(res);
      } else if (mode === 'refuse-every-other' && count++ % 2 === 1) {
        requests.refused++;
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('payload rejected by the backend\n');
      } else accept(res);
    });
  });
  const port = await listen(server, '127.0.0.1');
  return {
    port,
    requests,
    setMode: (next) => {
      mode = next;
      if (next !== 'hold') for (const res of held.splice(0)) if (!res.writableEnded && !res.destroyed) accept(res);
    },
    close: () => closeServer(server),
  };
}

export interface PrometheusTarget {
  scrapes: number;
  setSeries(n: number): void;
  close(): Promise<void>;
}

/** Serves `series` gauges on http://ip:port/metrics, each with its own label value. */
export async function startPrometheusTarget(ip: string, port: number, series: number): Promise<PrometheusTarget> {
  let body = '';
  const render = (n: number): void => {
    const lines = ['# TYPE target_queue_depth gauge'];
    for (let i = 0; i < n; i++) lines.push(`target_queue_depth{queue="q-${i}"} ${i % 97}`);
    body = `${lines.join('\n')}\n`;
  };
  render(series);
  const target = { scrapes: 0 };
  const server = http.createServer((req, res) => {
    target.scrapes++;
    req.resume();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body);
  });
  await listen(server, ip, port);
  return {
    get scrapes() {
      return target.scrapes;
    },
    setSeries: render,
    close: () => closeServer(server),
  };
}
