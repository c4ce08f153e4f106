/**
 * One scrape round of a collector: `GET http://<pod>:8888/metrics` on every endpoint of its metrics Service,
 * in parallel (bounded), each with a timeout and a size cap. A pod that fails is left out of the round (the
 * evaluation then treats it like a pod that came or went); a round in which every pod fails, or that finds
 * no endpoint, is a probe error for the whole collector.
 */
import { PrometheusParseError } from '../metrics/prometheus-text';
import { parseSnapshot, UNNAMED_POD, type PodMetrics } from '../metrics/samples';
import { mapLimited } from '../support/map-limited';
import type { MetricsEndpoint } from './kube-types';

/** Fetches a URL's body as text, or throws with a one-line message. */
export type FetchText = (url: string, timeoutMs: number) => Promise<string>;

/** A collector's /metrics is some hundred kilobytes; anything far beyond is not a collector. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const CONCURRENCY = 16;

/** Rejects with the signal's reason once it aborts; never resolves. */
function abortOf(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return aborted;
}

/**
 * Each read races the deadline itself: a body that drips past the timeout was seen to hang a read once
 * (CI, test/robustness/status-faults.test.ts) although the fetch's signal had fired.
 */
async function readLimited(response: Response, signal: AbortSignal): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const deadline = abortOf(signal);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: Awaited<ReturnType<typeof reader.read>>;
    try {
      read = await Promise.race([reader.read(), deadline]);
    } catch (e) {
      reader.cancel().catch(() => undefined);
      throw e;
    }
    const { done, value } = read;
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`the response exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Node's fetch with an abort timeout and the size cap; errors become one line. */
export const fetchText: FetchText = async (url, timeoutMs) => {
  try {
    const signal = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
    const response = await fetch(url, { signal, redirect: 'error' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    return await readLimited(response, signal);
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`no answer within ${Math.floor(timeoutMs)} ms`);
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    throw new Error(`${e instanceof Error ? e.message : String(e)}${cause}`.split('\n')[0]);
  }
};

export function metricsUrl(endpoint: MetricsEndpoint): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return `http://${host}:${endpoint.port}/metrics`;
}

export interface ScrapeFailure {
  pod: string;
  error: string;
}

export interface ScrapeRoundResult {
  snapshot: Map<string, PodMetrics>;
  failures: ScrapeFailure[];
}

/** One pod's text; a text with `# POD` sections is not what a collector serves. */
function podMetrics(text: string, pod: string): PodMetrics {
  const parsed = parseSnapshot(text, pod);
  const metrics = parsed.get(UNNAMED_POD);
  if (metrics === undefined || parsed.size !== 1) throw new PrometheusParseError('unexpected "# POD" sections', 1, pod);
  return metrics;
}

export async function scrapeRound(endpoints: readonly MetricsEndpoint[], get: FetchText, timeoutMs: () => number): Promise<ScrapeRoundResult> {
  const snapshot = new Map<string, PodMetrics>();
  const failures: ScrapeFailure[] = [];
  type Outcome = { endpoint: MetricsEndpoint; metrics: PodMetrics } | { endpoint: MetricsEndpoint; error: string };
  const outcomes = await mapLimited(endpoints, CONCURRENCY, async (endpoint): Promise<Outcome> => {
    try {
      return { endpoint, metrics: podMetrics(await get(metricsUrl(endpoint), timeoutMs()), endpoint.pod) };
    } catch (e) {
      return { endpoint, error: e instanceof Error ? e.message : String(e) };
    }
  });
  for (const outcome of outcomes) {
    if ('metrics' in outcome) snapshot.set(outcome.endpoint.pod, outcome.metrics);
    else failures.push({ pod: outcome.endpoint.pod, error: outcome.error });
  }
  return { snapshot, failures };
}
