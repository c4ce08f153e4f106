/**
 * Scrape targets for the agent flow test: plain Node HTTP servers on pod IPs (127.X.Y.N) that serve Prometheus
 * text exposition, as an application's /metrics endpoint or an Envoy sidecar's /stats/prometheus would. They
 * stand in for the workloads' processes only; what scrapes them is the real collector's prometheus receiver.
 *
 * Every request is recorded (path, query, time) so that a test can tell which annotation the scraper honoured:
 * a path the target does not serve answers 404 and is recorded all the same.
 */
import http from 'node:http';

export interface TargetSpec {
  /** The pod (or sidecar) this server stands for; how a test names it. */
  name: string;
  ip: string;
  port: number;
  /** Path -> Prometheus text served there. */
  pages: Record<string, string>;
}

export interface Scrape {
  target: string;
  path: string;
  query: Record<string, string>;
  at: number;
}

export interface Targets {
  scrapes: Scrape[];
  /** The scrapes of one target, oldest first. */
  of(name: string): Scrape[];
  close(): Promise<void>;
}

/** Prometheus text exposition of counters (name -> value), one series each, labelled as given. */
export function counters(values: Record<string, number>, labels: Record<string, string> = {}): string {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  return Object.entries(values)
    .map(([name, value]) => `# HELP ${name} Flow test counter.\n# TYPE ${name} counter\n${name}${l ? `{${l}}` : ''} ${value}\n`)
    .join('');
}

function listen(spec: TargetSpec, scrapes: Scrape[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${spec.ip}:${spec.port}`);
    scrapes.push({ target: spec.name, path: url.pathname, query: Object.fromEntries(url.searchParams), at: Date.now() });
    const page = spec.pages[url.pathname];
    if (page === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(page);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port, spec.ip, () => resolve(server));
  });
}

/** Starts one server per spec; if one cannot listen, the others are closed again. */
export async function startTargets(specs: readonly TargetSpec[]): Promise<Targets> {
  const scrapes: Scrape[] = [];
  const results = await Promise.allSettled(specs.map((s) => listen(s, scrapes)));
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = () =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    ).then(() => undefined);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    await close();
    throw failed.reason as Error;
  }
  return { scrapes, of: (name) => scrapes.filter((s) => s.target === name), close };
}
