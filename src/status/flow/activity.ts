/**
 * What happened in one collector (all its pods) between two scrape rounds: per exporter the increase of the
 * sent / send-failed / enqueue-failed counters and the fullest queue, plus the receivers' refused points.
 * This is the counterpart of Prometheus' `sum by (pipeline_name) (rate(...))` over a window: the rules only
 * compare with zero, so increases are enough and no division by the window is needed.
 *
 * Pods and restarts, decided here once for every caller:
 * - A counter that went down was reset by a restart: its new value is its increase (it counted up from 0).
 * - A smaller `otelcol_process_uptime` in the later scrape also proves a restart, even when the counters
 *   have already climbed past their old values: then every series counts its whole new value.
 * - A pod only in the later scrape is new (a restart or a scale-up): its whole values are the increase.
 *   Unless its uptime says it ran long before the window began: then its earlier scrape failed, its
 *   lifetime totals say nothing about the window, and it is skipped (listed in `skippedPods`).
 * - A series only in the later scrape (e.g. a new `error_type`) started from 0: its whole value counts.
 * - A pod only in the earlier scrape is gone: nothing can be said about its window, it is ignored.
 */
import type { CounterKind, PodMetrics, Snapshot } from '../metrics/samples';

export interface ExporterActivity {
  sent: number;
  sendFailed: number;
  enqueueFailed: number;
  /** Max over pods of queue size / capacity in the later scrape; undefined when no pod reports both. */
  queueUtilization: number | undefined;
}

export interface CollectorActivity {
  /** By exporter id; every exporter of the later scrape, also those without any increase. */
  exporters: Map<string, ExporterActivity>;
  /** Increase of refused metric points, summed over receivers and pods. */
  refused: number;
  /** Pods in the later scrape. */
  pods: number;
  /** Sample lines in the later scrape, over all pods. Zero means the collector could not be read. */
  samples: number;
  /** Pods that restarted or appeared within the window, sorted; for diagnostics. */
  restartedPods: string[];
  /** Pods that were gone in the later scrape, sorted; for diagnostics. */
  vanishedPods: string[];
  /** Pods only in the later scrape that are older than the window (no baseline), sorted; for diagnostics. */
  skippedPods: string[];
}

/**
 * Slack on top of the window before an unknown pod's uptime proves it is not new: the window is measured
 * between scrape starts, and scrapes of many pods take a while.
 */
export const NEW_POD_GRACE_SECONDS = 30;

function exporterEntry(exporters: Map<string, ExporterActivity>, id: string): ExporterActivity {
  let entry = exporters.get(id);
  if (entry === undefined) {
    entry = { sent: 0, sendFailed: 0, enqueueFailed: 0, queueUtilization: undefined };
    exporters.set(id, entry);
  }
  return entry;
}

function olderThanWindow(pod: PodMetrics, windowSeconds: number | undefined): boolean {
  return windowSeconds !== undefined && pod.uptimeSeconds !== undefined && pod.uptimeSeconds > windowSeconds + NEW_POD_GRACE_SECONDS;
}

function restarted(before: PodMetrics | undefined, after: PodMetrics): boolean {
  if (before === undefined) return true;
  return before.uptimeSeconds !== undefined && after.uptimeSeconds !== undefined && after.uptimeSeconds < before.uptimeSeconds;
}

/** Increase of one series; NaN values (a broken scrape) count as no information, i.e. zero. */
function increase(before: number | undefined, after: number): number {
  if (!Number.isFinite(after) || after < 0) return 0;
  if (before === undefined || !Number.isFinite(before) || after < before) return after;
  return after - before;
}

function add(activity: CollectorActivity, kind: CounterKind, component: string, amount: number): void {
  if (kind === 'refused') {
    activity.refused += amount;
    return;
  }
  const entry = exporterEntry(activity.exporters, component);
  entry[kind] += amount;
}

function utilization(pod: PodMetrics, exporters: Map<string, ExporterActivity>): void {
  const capacityByExporter = new Map<string, number>();
  for (const q of pod.queues.values()) if (q.capacity !== undefined) capacityByExporter.set(q.exporter, q.capacity);
  for (const q of pod.queues.values()) {
    const entry = exporterEntry(exporters, q.exporter);
    if (q.size === undefined) continue;
    // Capacity without data_type while size has it (v0.106): fall back to the exporter's capacity.
    const capacity = q.capacity ?? capacityByExporter.get(q.exporter);
    if (capacity === undefined || !(capacity > 0) || !Number.isFinite(q.size)) continue;
    const ratio = q.size / capacity;
    if (entry.queueUtilization === undefined || ratio > entry.queueUtilization) entry.queueUtilization = ratio;
  }
}

/** `windowSeconds` undefined: every pod only in the later scrape counts as new. */
export function collectorActivity(before: Snapshot, after: Snapshot, windowSeconds?: number): CollectorActivity {
  const activity: CollectorActivity = {
    exporters: new Map(),
    refused: 0,
    pods: after.size,
    samples: 0,
    restartedPods: [],
    vanishedPods: [],
    skippedPods: [],
  };
  for (const [name, pod] of after) {
    activity.samples += pod.sampleCount;
    const old = before.get(name);
    if (old === undefined && olderThanWindow(pod, windowSeconds)) {
      activity.skippedPods.push(name);
      for (const c of pod.counters.values()) if (c.kind !== 'refused') exporterEntry(activity.exporters, c.component);
      utilization(pod, activity.exporters); // gauges need no baseline
      continue;
    }
    const reset = restarted(old, pod);
    if (reset) activity.restartedPods.push(name);
    for (const [key, series] of pod.counters) {
      const previous = reset ? undefined : old?.counters.get(key)?.value;
      add(activity, series.kind, series.component, increase(previous, series.value));
    }
    utilization(pod, activity.exporters);
  }
  // Exporters only the earlier scrape knows are not listed: their pipeline was removed meanwhile.
  for (const name of before.keys()) if (!after.has(name)) activity.vanishedPods.push(name);
  activity.restartedPods.sort();
  activity.vanishedPods.sort();
  activity.skippedPods.sort();
  return activity;
}
