/**
 * A fake cluster for the status job's end-to-end tests: a FakeKube API server, collector pods as real HTTP
 * servers on 127.0.0.1 that serve `/metrics` like an OpenTelemetry Collector v0.159 (default reader), and a
 * fake clock that both the job and the collectors read, so counters grow with (fake) time and the job's
 * waits between scrape rounds take no real time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGENT, GATEWAY, LABELS } from '../../../src/constants';
import { encodeOutcomes, OUTCOME_ANNOTATION, type PipelineOutcome } from '../../../src/contract/outcome-annotation';
import type { Clock } from '../../../src/status/support/budget';
import { FakeKube, type Obj } from './fake-kube';

export const NS = 'kyma-system';
export const T0 = Date.parse('2026-11-24T10:00:00Z');

export class FakeClock implements Clock {
  sleeps: number[] = [];
  constructor(public t: number = T0) {}
  now(): Date {
    return new Date(this.t);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export interface ExporterRates {
  sent: number;
  failed?: number;
  enqueueFailed?: number;
  /** Queue fill 0..1 (capacity 1000). */
  queue?: number;
}

export interface PodSpec {
  /** Exporter id -> per-second rates. */
  exporters: Record<string, ExporterRates>;
  refused?: number;
  /** When the process started (ms); counters count from here. */
  startedAt?: number;
  /** Answer 500 instead of metrics. */
  broken?: boolean;
  /** Answer after this many real milliseconds. */
  delayMs?: number;
}

/** The text a v0.159 collector with the default reader serves (no `_total`, HELP/TYPE as emitted). */
export function collectorText(spec: PodSpec, now: number): string {
  const up = Math.max(0, (now - (spec.startedAt ?? T0 - 3_600_000)) / 1000);
  const out: string[] = [];
  const metric = (name: string, type: string, help: string, lines: string[]): void => {
    if (lines.length === 0) return;
    out.push(`# HELP ${name} ${help} [Alpha]`, `# TYPE ${name} ${type}`, ...lines);
  };
  const exporters = Object.entries(spec.exporters);
  const labels = (id: string) => `exporter="${id}",server_address="backend.example.com",server_port="4317"`;
  metric('otelcol_exporter_sent_metric_points', 'counter', 'Number of metric points successfully sent to destination.', exporters.map(([id, r]) => `otelcol_exporter_sent_metric_points{${labels(id)}} ${Math.floor(r.sent * up)}`));
  metric('otelcol_exporter_send_failed_metric_points', 'counter', 'Number of metric points in failed attempts to send to destination.', exporters.map(([id, r]) => `otelcol_exporter_send_failed_metric_points{${labels(id)}} ${Math.floor((r.failed ?? 0) * up)}`));
  metric('otelcol_exporter_enqueue_failed_metric_points', 'counter', 'Number of metric points failed to be added to the sending queue.', exporters.map(([id, r]) => `otelcol_exporter_enqueue_failed_metric_points{exporter="${id}"} ${Math.floor((r.enqueueFailed ?? 0) * up)}`));
  metric('otelcol_exporter_queue_capacity', 'gauge', 'Fixed capacity of the retry queue (in batches).', exporters.map(([id]) => `otelcol_exporter_queue_capacity{data_type="metrics",exporter="${id}"} 1000`));
  metric('otelcol_exporter_queue_size', 'gauge', 'Current size of the retry queue (in batches).', exporters.map(([id, r]) => `otelcol_exporter_queue_size{data_type="metrics",exporter="${id}"} ${Math.round((r.queue ?? 0.01) * 1000)}`));
  metric('otelcol_receiver_accepted_metric_points', 'counter', 'Number of metric points successfully pushed into the pipeline.', [`otelcol_receiver_accepted_metric_points{receiver="otlp",transport="grpc"} ${Math.floor(1000 * up)}`]);
  metric('otelcol_receiver_refused_metric_points', 'counter', 'Number of metric points that could not be pushed into the pipeline.', [`otelcol_receiver_refused_metric_points{receiver="otlp",transport="grpc"} ${Math.floor((spec.refused ?? 0) * up)}`]);
  metric('otelcol_process_uptime', 'counter', 'Uptime of the process', [`otelcol_process_uptime ${up.toFixed(3)}`]);
  metric('otelcol_process_memory_rss', 'gauge', 'Total physical memory (resident set size)', ['otelcol_process_memory_rss 1.2345e+08']);
  return `${out.join('\n')}\n`;
}

interface RunningPod {
  spec: PodSpec;
  server: Server;
  port: number;
}

/** Collector pods of one workload, each an HTTP server reading `spec` at request time. */
export class FakeCollector {
  readonly pods = new Map<string, RunningPod>();
  scrapes = 0;
  constructor(
    private readonly clock: FakeClock,
    readonly service: string,
  ) {}

  async addPod(name: string, spec: PodSpec): Promise<void> {
    const pod: RunningPod = { spec, server: createServer(), port: 0 };
    pod.server.on('request', (req, res) => {
      this.scrapes += 1;
      const answer = (): void => {
        if (req.url !== '/metrics' || pod.spec.broken === true) {
          res.writeHead(req.url === '/metrics' ? 500 : 404).end('error');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(collectorText(pod.spec, this.clock.t));
      };
      if (pod.spec.delayMs === undefined) answer();
      else setTimeout(answer, pod.spec.delayMs);
    });
    await new Promise<void>((resolve) => pod.server.listen(0, '127.0.0.1', resolve));
    pod.port = (pod.server.address() as AddressInfo).port;
    this.pods.set(name, pod);
  }

  setSpec(name: string, spec: PodSpec): void {
    (this.pods.get(name) as RunningPod).spec = spec;
  }

  /** One EndpointSlice per pod: every pod listens on its own port of 127.0.0.1. */
  endpointSlices(): Obj[] {
    return [...this.pods].map(([name, pod]) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${this.service}-${name}`, namespace: NS, labels: { 'kubernetes.io/service-name': this.service } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', name, namespace: NS } }],
      ports: [{ name: 'http-metrics', port: pod.port, protocol: 'TCP' }],
    }));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pods.values()].map((p) => new Promise<void>((resolve) => p.server.close(() => resolve()))));
    for (const p of this.pods.values()) p.server.closeAllConnections();
  }
}

export function deployment(status: Partial<Record<'replicas' | 'updatedReplicas' | 'readyReplicas' | 'observedGeneration', number>> & { conditions?: Obj[] } = {}, generation = 1): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: GATEWAY.name, namespace: NS, generation },
    spec: { replicas: 2, selector: { matchLabels: { [LABELS.name]: GATEWAY.name } }, template: { metadata: { labels: { [LABELS.name]: GATEWAY.name } }, spec: { containers: [{ name: 'collector', image: 'otel/opentelemetry-collector-k8s:0.159.0' }] } } },
    status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, ...status },
  };
}

export function daemonSet(status: Partial<Record<'desiredNumberScheduled' | 'updatedNumberScheduled' | 'numberReady', number>> = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: AGENT.name, namespace: NS, generation: 1 },
    spec: { selector: { matchLabels: { [LABELS.name]: AGENT.name } }, template: { metadata: { labels: { [LABELS.name]: AGENT.name } }, spec: { containers: [{ name: 'collector', image: 'otel/opentelemetry-collector-k8s:0.159.0' }] } } },
    status: { observedGeneration: 1, currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberReady: 2, numberAvailable: 2, ...status },
  };
}

/** A pod of the gateway whose collector container waits with `reason`. */
export function waitingPod(name: string, reason: string, message: string, lastTerminated?: { reason: string; exitCode: number }): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { [LABELS.name]: GATEWAY.name } },
    spec: { containers: [{ name: 'collector', image: 'otel/opentelemetry-collector-k8s:0.159.0' }] },
    status: {
      phase: reason === 'CrashLoopBackOff' ? 'Running' : 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        {
          name: 'collector',
          ready: false,
          restartCount: 4,
          image: 'otel/opentelemetry-collector-k8s:0.159.0',
          imageID: '',
          state: { waiting: { reason, message } },
          ...(lastTerminated === undefined ? {} : { lastState: { terminated: { ...lastTerminated, startedAt: '2026-11-24T09:59:00Z', finishedAt: '2026-11-24T09:59:01Z' } } }),
        },
      ],
    },
  };
}

/** `legacy`: the unversioned `{<name>: {rendered, reason, message}}` of functions before format version 2. */
export function outcomesAnnotation(outcomes: Record<string, PipelineOutcome>, format: 'current' | 'legacy' = 'current'): Obj {
  return { [OUTCOME_ANNOTATION]: format === 'current' ? encodeOutcomes(outcomes) : JSON.stringify(outcomes) };
}

export const RENDERED_MESSAGE = 'MetricPipeline specification is successfully applied to the configuration of the metric gateway';

export function rendered(...names: string[]): Record<string, PipelineOutcome> {
  return Object.fromEntries(names.map((n) => [n, { rendered: true, reason: 'GatewayConfigured', message: RENDERED_MESSAGE }]));
}

/** The spec of a pipeline that pulls (needs the agent) or only receives OTLP. */
export function pipelineSpec(pulls: boolean): Obj {
  return {
    ...(pulls ? { input: { prometheus: { enabled: true } } } : {}),
    output: { otlp: { endpoint: { value: 'https://backend.example.com:4317' } } },
  };
}

/** Everything one test needs: API server, gateway (and agent) pods, clock. */
export class FakeCluster {
  readonly clock = new FakeClock();
  readonly kube = new FakeKube();
  readonly gateway = new FakeCollector(this.clock, GATEWAY.metricsServiceName);
  readonly agent = new FakeCollector(this.clock, AGENT.metricsServiceName);

  async start(): Promise<void> {
    await this.kube.start();
  }

  /** Registers the collectors' EndpointSlices (after adding pods). */
  publishEndpoints(): void {
    this.kube.endpointSlices = [...this.gateway.endpointSlices(), ...this.agent.endpointSlices()];
  }

  async stop(): Promise<void> {
    await Promise.all([this.kube.stop(), this.gateway.stop(), this.agent.stop()]);
  }
}
