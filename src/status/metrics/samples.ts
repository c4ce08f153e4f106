/**
 * Turns the `/metrics` text of collector pods into the few series flow health looks at, indexed per pod.
 * A snapshot is what one scrape round returned: pod name -> that pod's series. Everything else a collector
 * exposes (hundreds of series) is validated by the parser but never materialized.
 */
import { PrometheusParseError, parsePrometheusText, type LabelPairs } from './prometheus-text';

/** The counters the rules use; `refused` belongs to receivers, the others to exporters. */
export type CounterKind = 'sent' | 'sendFailed' | 'enqueueFailed' | 'refused';
type GaugeKind = 'queueSize' | 'queueCapacity' | 'uptime';
type Role = CounterKind | GaugeKind;

/**
 * Base names of the collector's self-metrics (default reader, no suffix). Readers configured with
 * `without_type_suffix: false` (Kyma, and every explicit reader between v0.119 and v0.151) add `_total` to
 * counters and the unit to the uptime, so every counter is also matched with `_total`.
 */
export const SELF_METRICS: Readonly<Record<Role, string>> = {
  sent: 'otelcol_exporter_sent_metric_points',
  sendFailed: 'otelcol_exporter_send_failed_metric_points',
  enqueueFailed: 'otelcol_exporter_enqueue_failed_metric_points',
  refused: 'otelcol_receiver_refused_metric_points',
  queueSize: 'otelcol_exporter_queue_size',
  queueCapacity: 'otelcol_exporter_queue_capacity',
  uptime: 'otelcol_process_uptime',
};

const ROLE_BY_NAME: ReadonlyMap<string, Role> = (() => {
  const map = new Map<string, Role>();
  for (const role of Object.keys(SELF_METRICS) as Role[]) {
    const base = SELF_METRICS[role];
    map.set(base, role);
    if (role === 'queueSize' || role === 'queueCapacity') continue; // gauges never get `_total`
    map.set(`${base}_total`, role);
    if (role === 'uptime') {
      map.set(`${base}_seconds`, role);
      map.set(`${base}_seconds_total`, role);
    }
  }
  return map;
})();

export interface CounterSeries {
  readonly kind: CounterKind;
  /** The `exporter` label (the `receiver` label for `refused`); '' when absent. */
  readonly component: string;
  value: number;
}

export interface QueueGauge {
  readonly exporter: string;
  size: number | undefined;
  capacity: number | undefined;
}

export interface PodMetrics {
  /** Counter series by identity (metric name + all labels), so a series can be matched across scrapes. */
  readonly counters: Map<string, CounterSeries>;
  /** Queue gauges by exporter + `data_type`. */
  readonly queues: Map<string, QueueGauge>;
  /** Process uptime in seconds, when exposed: a smaller value in the later scrape proves a restart. */
  uptimeSeconds: number | undefined;
  /** All sample lines of the pod, wanted or not; zero means the scrape returned nothing useful. */
  sampleCount: number;
}

/** Pod name -> metrics of one scrape round. */
export type Snapshot = ReadonlyMap<string, PodMetrics>;

/** The pod name of a snapshot file without `# POD` lines. */
export const UNNAMED_POD = '';

export function emptyPodMetrics(): PodMetrics {
  return { counters: new Map(), queues: new Map(), uptimeSeconds: undefined, sampleCount: 0 };
}

function labelValue(labels: LabelPairs, name: string): string | undefined {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return labels[i + 1];
  return undefined;
}

function seriesKey(name: string, labels: LabelPairs): string {
  // Collectors emit labels in a stable (sorted) order, so the raw order identifies the series.
  return labels.length === 0 ? name : `${name}\u0000${labels.join('\u0000')}`;
}

/** Records one sample of a wanted metric into `pod`. */
function record(pod: PodMetrics, role: Role, name: string, labels: LabelPairs, value: number): void {
  switch (role) {
    case 'uptime':
      pod.uptimeSeconds = value;
      return;
    case 'queueSize':
    case 'queueCapacity': {
      const exporter = labelValue(labels, 'exporter') ?? '';
      // `data_type` arrived in v0.106 and was at first missing on capacity: match size and capacity on it when
      // both have it, and on the exporter alone otherwise (Kyma's `ignoring(data_type)`).
      const key = `${exporter}\u0000${labelValue(labels, 'data_type') ?? ''}`;
      let gauge = pod.queues.get(key);
      if (gauge === undefined) {
        gauge = { exporter, size: undefined, capacity: undefined };
        pod.queues.set(key, gauge);
      }
      if (role === 'queueSize') gauge.size = value;
      else gauge.capacity = value;
      return;
    }
    default: {
      const component = labelValue(labels, role === 'refused' ? 'receiver' : 'exporter') ?? '';
      const key = seriesKey(name, labels);
      const existing = pod.counters.get(key);
      if (existing !== undefined) existing.value = value; // a repeated series: the last line wins
      else pod.counters.set(key, { kind: role, component, value });
    }
  }
}

/** Prefix of the comment line that starts a pod's section in a multi-pod snapshot file. */
export const POD_MARKER = 'POD';

/**
 * Parses a snapshot file: Prometheus text, optionally split into pods by lines `# POD <name>`; without
 * such lines the whole text is one pod named UNNAMED_POD. Throws PrometheusParseError on invalid text,
 * on samples before the first marker of a multi-pod file, and on a pod named twice.
 */
export function parseSnapshot(text: string, source?: string): Map<string, PodMetrics> {
  const pods = new Map<string, PodMetrics>();
  let current = emptyPodMetrics();
  pods.set(UNNAMED_POD, current);
  let sectioned = false;
  parsePrometheusText(
    text,
    {
      // Called once per sample line, so it also counts the lines of the current pod.
      wants(name) {
        current.sampleCount++;
        return ROLE_BY_NAME.has(name);
      },
      sample(name, labels, value) {
        record(current, ROLE_BY_NAME.get(name) as Role, name, labels, value);
      },
      comment(comment, line) {
        if (!comment.startsWith(POD_MARKER) || (comment.length > 3 && comment[3] !== ' ' && comment[3] !== '\t')) return;
        const pod = comment.slice(POD_MARKER.length).trim();
        if (pod === '') throw new PrometheusParseError(`'# ${POD_MARKER}' needs a pod name`, line, source);
        if (!sectioned) {
          const unnamed = pods.get(UNNAMED_POD) as PodMetrics;
          if (unnamed.sampleCount > 0) {
            throw new PrometheusParseError(`samples before the first '# ${POD_MARKER} <name>' line`, line, source);
          }
          pods.delete(UNNAMED_POD);
          sectioned = true;
        }
        if (pods.has(pod)) throw new PrometheusParseError(`pod ${JSON.stringify(pod)} appears twice`, line, source);
        current = emptyPodMetrics();
        pods.set(pod, current);
      },
    },
    source,
  );
  return pods;
}
