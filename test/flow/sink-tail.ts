/**
 * Reads what a sink's file exporter writes, incrementally and by data-point timestamp. readSink (support.ts)
 * parses the whole file on every call and keeps no timestamps; a backend that receives a full exporter queue
 * at once writes tens of megabytes, and telling queued data from new data needs each point's time.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

interface DataPoint {
  timeUnixNano?: string;
}
interface PointsHolder {
  dataPoints?: DataPoint[];
}
interface Metric {
  name: string;
  sum?: PointsHolder;
  gauge?: PointsHolder;
  histogram?: PointsHolder;
}
interface Request {
  resourceMetrics?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeMetrics?: { metrics?: Metric[] }[] }[];
}

export interface SinkTail {
  /** Reads what was appended since the last call. */
  poll(): void;
  /** Points of `metric` stamped in [fromMs, toMs), as received so far. */
  points(metric: string, fromMs?: number, toMs?: number): number;
  /** Every metric name received so far. */
  metrics(): string[];
  /** Every k8s.namespace.name seen on a resource, for each metric. */
  namespaces(metric: string): string[];
}

export function tailSink(file: string): SinkTail {
  let offset = 0;
  let pending = '';
  // metric -> (timestamp in ms -> points): compact however many points arrive, since an SDK stamps every
  // point of one collection with the same time.
  const perMs = new Map<string, Map<number, number>>();
  const namespaces = new Map<string, Set<string>>();
  const record = (request: Request) => {
    for (const rm of request.resourceMetrics ?? []) {
      const ns = rm.resource?.attributes?.find((a) => a.key === 'k8s.namespace.name')?.value.stringValue ?? '';
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          if (!namespaces.has(m.name)) namespaces.set(m.name, new Set());
          namespaces.get(m.name)!.add(ns);
          let times = perMs.get(m.name);
          if (times === undefined) perMs.set(m.name, (times = new Map()));
          for (const p of (m.sum ?? m.gauge ?? m.histogram)?.dataPoints ?? []) {
            const ms = Number(BigInt(p.timeUnixNano ?? '0') / 1_000_000n);
            times.set(ms, (times.get(ms) ?? 0) + 1);
          }
        }
      }
    }
  };
  return {
    poll() {
      if (!existsSync(file)) return;
      const size = statSync(file).size;
      if (size <= offset) return;
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(file, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      offset = size;
      const lines = (pending + buffer.toString('utf8')).split('\n');
      // The exporter may be halfway through a line: keep the unterminated rest for the next poll.
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') record(JSON.parse(line) as Request);
    },
    points(metric, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER) {
      let n = 0;
      for (const [ms, count] of perMs.get(metric) ?? []) {
        if (ms >= fromMs && ms < toMs) n += count;
      }
      return n;
    },
    metrics: () => [...perMs.keys()],
    namespaces: (metric) => [...(namespaces.get(metric) ?? [])],
  };
}
