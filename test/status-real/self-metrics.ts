/**
 * The test's own look at a collector's real `:8888/metrics`, only to know when a fault has taken hold
 * (a queue has filled, drops have started) before the status job is asked to judge it. The job reads the same
 * endpoint with its own parser; this one only sums the samples of one series name whose labels match.
 */

export interface SelfMetrics {
  /** Sum of the samples named `name` whose labels include every `labels` pair; 0 when there are none. */
  sum(name: string, labels?: Record<string, string>): number;
  text: string;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSelfMetrics(text: string): SelfMetrics {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return {
    text,
    sum: (name, labels = {}) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0),
  };
}

export async function scrapeSelfMetrics(ip: string): Promise<SelfMetrics> {
  const response = await fetch(`http://${ip}:8888/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${ip}:8888/metrics answered ${response.status}`);
  return parseSelfMetrics(await response.text());
}

/** Polls the collector at `ip` until `probe` holds; the last reading goes into the error. */
export async function waitForSelfMetrics(what: string, ip: string, probe: (m: SelfMetrics) => boolean, ms: number): Promise<SelfMetrics> {
  const until = Date.now() + ms;
  let last = '';
  for (;;) {
    try {
      const m = await scrapeSelfMetrics(ip);
      if (probe(m)) return m;
      last = m.text
        .split('\n')
        .filter((l) => /^otelcol_(exporter_(queue|sent|send_failed|enqueue_failed)|receiver_refused)/.test(l))
        .join('\n');
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}; last reading of ${ip}:8888:\n${last}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
