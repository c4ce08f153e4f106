/**
 * The optional source instead of scraping: a Prometheus that already scrapes the collectors (Kyma's
 * self-monitor, a Prometheus Operator ServiceMonitor). Two instant queries, at the start and the end of the
 * window, return the same counters a scrape round would; they are written back as exposition text with
 * `# POD` sections and parsed by the same code as a scrape, so both sources are evaluated identically.
 *
 * The series must carry `service` (the collector's metrics Service) and `namespace`, as those setups add,
 * and `pod` (or `kubernetes_pod_name`, else `instance`) to tell the collector's pods apart.
 */
import { POD_MARKER, parseSnapshot, type PodMetrics, SELF_METRICS } from '../metrics/samples';
import type { FetchText } from './scrape';

const POD_LABELS = ['pod', 'kubernetes_pod_name', 'instance'] as const;

/** Every name the evaluation reads, with the suffix variants samples.ts accepts. */
export function seriesSelector(service: string, namespace: string): string {
  const counters = [SELF_METRICS.sent, SELF_METRICS.sendFailed, SELF_METRICS.enqueueFailed, SELF_METRICS.refused].map((n) => `${n}(_total)?`);
  const names = [...counters, SELF_METRICS.queueSize, SELF_METRICS.queueCapacity, `${SELF_METRICS.uptime}(_seconds)?(_total)?`].join('|');
  return `{__name__=~"${names}",service="${service}",namespace="${namespace}"}`;
}

export function queryUrl(base: string, query: string, at: Date): string {
  const url = new URL('api/v1/query', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('query', query);
  url.searchParams.set('time', (at.getTime() / 1000).toFixed(3));
  return url.toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The query result as exposition text, one `# POD` section per pod. */
export function resultToText(body: unknown): string {
  if (!isRecord(body) || body['status'] !== 'success' || !isRecord(body['data'])) {
    const error = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : 'not a successful query result';
    throw new Error(`Prometheus: ${error}`);
  }
  const { resultType, result } = body['data'];
  if (resultType !== 'vector' || !Array.isArray(result)) throw new Error('Prometheus: the result is not an instant vector');
  const pods = new Map<string, string[]>();
  for (const series of result as unknown[]) {
    if (!isRecord(series) || !isRecord(series['metric']) || !Array.isArray(series['value'])) continue;
    const metric = series['metric'];
    const value = series['value'][1];
    const name = metric['__name__'];
    if (typeof name !== 'string' || typeof value !== 'string') continue;
    const podLabel = POD_LABELS.map((l) => metric[l]).find((v): v is string => typeof v === 'string' && v !== '') ?? 'unknown';
    const labels = Object.entries(metric)
      .filter(([k, v]) => k !== '__name__' && typeof v === 'string')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}="${escapeLabel(v as string)}"`);
    const lines = pods.get(podLabel) ?? [];
    lines.push(`${name}{${labels.join(',')}} ${value}`);
    pods.set(podLabel, lines);
  }
  return [...pods].map(([pod, lines]) => `# ${POD_MARKER} ${pod}\n${lines.join('\n')}\n`).join('');
}

export async function queryRound(base: string, service: string, namespace: string, at: Date, get: FetchText, timeoutMs: number): Promise<Map<string, PodMetrics>> {
  const text = await get(queryUrl(base, seriesSelector(service, namespace), at), timeoutMs);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('Prometheus: the answer is not JSON');
  }
  return parseSnapshot(resultToText(body), `Prometheus ${service}`);
}
