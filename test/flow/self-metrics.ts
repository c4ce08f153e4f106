/**
 * A collector's own metrics as its Prometheus endpoint (`:8888/metrics`) serves them, parsed with the status
 * job's parser (src/status/metrics), so the flow tests read exactly what the status job would read.
 */
import { parseSamples, type Sample } from '../../src/status/metrics/prometheus-text';

export interface SelfMetrics {
  text: string;
  samples: Sample[];
  /** Sum of the samples named `name` whose labels include `labels`; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The sample lines of the metrics whose names start with one of `prefixes`, for a report. */
  lines(...prefixes: string[]): string[];
}

export async function scrapeSelfMetrics(url: string): Promise<SelfMetrics> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  const text = await res.text();
  const samples = parseSamples(text, url);
  return {
    text,
    samples,
    value(name, labels = {}) {
      const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
    },
    lines: (...prefixes) => text.split('\n').filter((l) => !l.startsWith('#') && prefixes.some((p) => l.startsWith(p))),
  };
}
