/**
 * Generates large multi-pod snapshots like a real collector fleet: ~300 series per pod, most of them metrics
 * the evaluation skips (process, processor, histogram buckets), with HELP/TYPE lines as a collector writes them.
 */

export interface FleetOptions {
  pods: number;
  pipelines: string[];
  /** Added to every counter: the later snapshot uses a larger tick. */
  tick: number;
  /** Extra send failures per pod for these pipelines. */
  failing?: Record<string, number>;
  total?: boolean;
}

const FILLER_METRICS = 24;
const BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export function fleetSnapshot(options: FleetOptions): string {
  const suffix = options.total === true ? '_total' : '';
  const out: string[] = [];
  for (let pod = 0; pod < options.pods; pod++) {
    out.push(`# POD telemetry-metric-gateway-${pod.toString(36)}-x7k2p`);
    const t = options.tick;
    out.push(`# HELP otelcol_receiver_refused_metric_points${suffix} Number of metric points that could not be pushed into the pipeline. [Alpha]`);
    out.push(`# TYPE otelcol_receiver_refused_metric_points${suffix} counter`);
    out.push(`otelcol_receiver_refused_metric_points${suffix}{receiver="otlp",transport="grpc"} 0`);
    out.push(`otelcol_receiver_accepted_metric_points${suffix}{receiver="otlp",transport="grpc"} ${1000 * t}`);
    for (const p of options.pipelines) {
      const e = `exporter="otlp_grpc/metricpipeline-${p}"`;
      out.push(`otelcol_exporter_sent_metric_points${suffix}{${e},server_address="${p}.backend.example",server_port="4317"} ${100 * t}`);
      out.push(`otelcol_exporter_send_failed_metric_points${suffix}{error_permanent="false",error_type="Unavailable",${e},server_address="${p}.backend.example",server_port="4317"} ${(options.failing?.[p] ?? 0) * t}`);
      out.push(`otelcol_exporter_enqueue_failed_metric_points${suffix}{${e}} 0`);
      out.push(`otelcol_exporter_queue_size{data_type="metrics",${e}} 3`);
      out.push(`otelcol_exporter_queue_capacity{data_type="metrics",${e}} 51`);
      for (const le of BUCKETS) {
        out.push(`otelcol_exporter_queue_batch_send_size_bucket{${e},otel_scope_name="go.opentelemetry.io/collector/exporter/exporterhelper",le="${le}"} ${le * t}`);
      }
    }
    for (let m = 0; m < FILLER_METRICS; m++) {
      out.push(`# HELP otelcol_filler_metric_${m} Filler with a \\"quoted\\" help text. [Alpha]`);
      out.push(`# TYPE otelcol_filler_metric_${m} histogram`);
      for (const le of BUCKETS) {
        out.push(`otelcol_filler_metric_${m}_bucket{otel_signal="metrics",processor="memory_limiter",le="${le}"} ${le * t}`);
      }
      out.push(`otelcol_filler_metric_${m}_bucket{otel_signal="metrics",processor="memory_limiter",le="+Inf"} ${2000 * t}`);
      out.push(`otelcol_filler_metric_${m}_sum{otel_signal="metrics",processor="memory_limiter"} 1.5e+06`);
    }
    out.push(`otelcol_process_uptime${suffix} ${3600 + t}`);
    out.push(`otelcol_process_memory_rss 3.01989888e+08`);
  }
  return `${out.join('\n')}\n`;
}
