/**
 * A workload's process for the flow tests: the official OpenTelemetry JS SDK (sdk-metrics + the OTLP gRPC or
 * HTTP metric exporter) exporting a counter to the gateway every EXPORT_INTERVAL_MS until SIGTERM (then it
 * flushes and exits 0).
 *
 * Configured by environment: OTLP_PROTOCOL (grpc | http), OTLP_ENDPOINT (the gateway's OTLP address),
 * POD_IP (the simulated pod's loopback address), METRIC_NAME, EXPORT_INTERVAL_MS, SERIES (default 1): how
 * many attribute sets the counter has (a cumulative counter reports every series at every export, so SERIES
 * is the number of points per export: a producer can push volume without work per point), and optionally
 * OTEL_RESOURCE_ATTRIBUTES (the SDK's standard variable) for resource attributes.
 *
 * Stand-in: a pod's network namespace, whose only address is its pod IP. Every outgoing TCP connection of
 * this process is bound to POD_IP (net.Socket#connect gets `localAddress`), so the gateway sees the
 * connection coming from the pod's IP, which is what k8sattributes associates by. No SDK setting is changed
 * for it.
 */
import net from 'node:net';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter as GrpcExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as HttpExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { defaultResource, detectResources, envDetector } from '@opentelemetry/resources';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`pod-client: ${name} is not set`);
  return v;
};
const podIp = env('POD_IP');

const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]): net.Socket {
  const first = args[0];
  const options = Array.isArray(first) ? (first[0] as Record<string, unknown>) : first;
  if (options !== null && typeof options === 'object' && 'port' in options && !('localAddress' in options && options['localAddress'])) {
    (options as Record<string, unknown>)['localAddress'] = podIp;
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    return connect.call(this, { port: Number(first), host, localAddress: podIp }, ...args.slice(typeof args[1] === 'string' ? 2 : 1));
  }
  return connect.apply(this, args);
} as typeof net.Socket.prototype.connect;

const protocol = env('OTLP_PROTOCOL');
const endpoint = env('OTLP_ENDPOINT');
const exporter: PushMetricExporter =
  protocol === 'grpc' ? new GrpcExporter({ url: endpoint }) : new HttpExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/metrics` });
const metricName = env('METRIC_NAME');
const series = Number(process.env['SERIES'] ?? '1');
const provider = new MeterProvider({
  // OTEL_RESOURCE_ATTRIBUTES, read as an application's SDK set-up reads it (sdk-node detects with envDetector).
  resource: defaultResource().merge(detectResources({ detectors: [envDetector] })),
  readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: Number(process.env['EXPORT_INTERVAL_MS'] ?? '1000') })],
  // Above the SDK's default of 2000 series per instrument, the rest would fold into one overflow series.
  ...(series > 1 ? { views: [{ instrumentName: metricName, aggregationCardinalityLimit: series + 1 }] } : {}),
});
metrics.setGlobalMeterProvider(provider);
const counter = metrics.getMeter('flow-test').createCounter(metricName);
const add = (): void => {
  if (series === 1) counter.add(1, { protocol });
  else for (let i = 0; i < series; i++) counter.add(1, { protocol, series: i });
};
const tick = setInterval(add, 200);
add();
process.stdout.write(`pod-client: exporting ${protocol} to ${endpoint} from ${podIp}\n`);

process.on('SIGTERM', () => {
  clearInterval(tick);
  provider
    .shutdown()
    .then(() => process.exit(0))
    .catch((e: Error) => {
      process.stderr.write(`pod-client: shutdown: ${e.message}\n`);
      process.exit(1);
    });
});
