/**
 * An application that pushes more than the gateway can take: the OpenTelemetry JS SDK (sdk-metrics with the
 * OTLP/HTTP metric exporter) in the test process, exporting the same `points` data points, each with a dozen
 * long attributes, over and over from `loops` concurrent loops, each pausing `pauseMs` between exports, until
 * stopped. Each export is one OTLP request of modest size, and the pace lets memory grow by less than the
 * memory_limiter's spike allowance per check interval (1 s): the limiter can only refuse what arrives after it
 * has looked, and a faster push ends in the kernel's OOM killer instead, as it would in a pod.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** A reader the test collects from itself, so that each export is one the loop asks for. */
class ManualReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface Burst {
  /** Exports that the gateway accepted / that failed (after the SDK's own retries). */
  counts: { ok: number; failed: number };
  stop(): Promise<void>;
}

export async function startBurst(url: string, points: number, loops: number, pauseMs: number): Promise<Burst> {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader], views: [{ instrumentName: 'burst_points', aggregationCardinalityLimit: points + 1 }] });
  const counter = provider.getMeter('burst').createCounter('burst_points');
  for (let i = 0; i < points; i++) {
    counter.add(1, Object.fromEntries([['series', `s-${i}`], ...Array.from({ length: 12 }, (_, k) => [`attr_${k}`, `value-${k}-${i}-${'x'.repeat(48)}`])]));
  }
  const { resourceMetrics } = await reader.collect();
  const exporter = new OTLPMetricExporter({ url, timeoutMillis: 5000 });
  const counts = { ok: 0, failed: 0 };
  let running = true;
  const exportOnce = (data: ResourceMetrics) => new Promise<void>((resolve) => exporter.export(data, (r) => ((r.code === 0 ? counts.ok++ : counts.failed++), resolve())));
  const loop = async () => {
    while (running) {
      await exportOnce(resourceMetrics);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const done = Promise.all(Array.from({ length: loops }, loop));
  return {
    counts,
    stop: async () => {
      running = false;
      await done;
      await Promise.all([exporter.shutdown(), provider.shutdown()]).catch(() => undefined);
    },
  };
}
