/**
 * The setup of flow-faults.test.ts: five MetricPipelines behind one real gateway, each with its own backend
 * and its own producer namespace, and an agent that cannot reach the gateway:
 *
 *   healthy  OTLP from app-healthy  -> a real collector (sink)
 *   down     OTLP from app-down     -> OTLP/HTTP to a port nothing listens on (later: a real collector)
 *   partial  OTLP from app-partial  -> OTLP/HTTP backend answering 400 to every other export
 *   slow     OTLP from app-slow     -> OTLP/HTTP backend that holds every export unanswered
 *   scraped  prometheus input only (app-scraped), via the agent -> the sink
 *
 * Producers are the OpenTelemetry JS SDK in pods (test/flow/pod-client.ts through run-pod), associated by
 * their pod IPs with their namespaces by the gateway's real k8sattributes, so that each pipeline gets only
 * its own producer's data. The agent scrapes a target Pod (the test's HTTP server at the Pod's IP) and
 * exports to telemetry-otlp-metrics, which its /etc/hosts (cluster DNS stand-in) maps to an address where
 * nothing listens, until the agent is restarted with the gateway's address.
 */
import { freePort, producerDeployment, startSink, stopProcess, type Producer, type Sink } from '../flow/support';
import { runPod, type RunningPod } from '../support/run-pod';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startOtlpBackend, startPrometheusTarget, type OtlpBackend, type PrometheusTarget } from './backends';
import { runningPod, syncDaemonSetStatus, syncDeploymentStatus, syncEndpointSlice } from './controllers';
import { AGENT, AGENT_WORKLOAD, GATEWAY, GATEWAY_WORKLOAD, metricPipeline, NS, startStatusCluster, type StatusCluster } from './support';

export const PIPELINES = ['healthy', 'down', 'partial', 'slow', 'scraped'] as const;
export type Name = (typeof PIPELINES)[number];
export const GATEWAY_SERVICE = 'telemetry-otlp-metrics.kyma-system.svc.cluster.local';
const TARGET_PORT = 9100;
/** Series the target serves while the agent is to overflow its queue (20 batches of 1024 per scrape). */
export const TARGET_SERIES = 20_000;
/** The collector's default sending_queue.num_consumers: exports in flight, outside the queue. */
export const EXPORT_CONSUMERS = 10;

export interface FaultsFixture {
  c: StatusCluster;
  ips: { gateway: string; agent: string; target: string; nowhere: string };
  sink: Sink;
  downPort: number;
  downSink?: Sink;
  partial: OtlpBackend;
  slow: OtlpBackend;
  target: PrometheusTarget;
  gateway: RunningPod;
  /** The agent pod running now. */
  readonly agent: RunningPod;
  producers: Partial<Record<Name, RunningPod>>;
  otelcol: string;
  /** (Re)starts the agent, its /etc/hosts mapping the gateway Service to `gatewayIp`; syncs its status and slice. */
  startAgent(gatewayIp: string): Promise<RunningPod>;
  /** Starts the producer of `name` sending `series` points per export every `intervalMs`. */
  startProducer(name: Exclude<Name, 'scraped'>, series: number, intervalMs?: number): Promise<RunningPod>;
  stop(): Promise<void>;
}

export async function startFaultsFixture(otelcol: string): Promise<FaultsFixture> {
  const partial = await startOtlpBackend('refuse-every-other');
  const slow = await startOtlpBackend('hold');
  const downPort = await freePort();
  const stoppers: (() => Promise<void>)[] = [() => partial.close(), () => slow.close()];
  const stop = async () => {
    for (const s of stoppers.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    // The sink needs a directory before the cluster exists; the cluster's own is made by startStatusCluster.
    const sinkDir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-status-sink-'));
    const sink = await startSink(otelcol, sinkDir, 'healthy', 'grpc');
    stoppers.push(async () => {
      await stopProcess(sink.process);
      rmSync(sinkDir, { recursive: true, force: true });
    });
    const to = (protocol: 'grpc' | 'http', port: number) => ({ otlp: { protocol, endpoint: { value: `http://127.0.0.1:${port}` } } });
    const from = (ns: string) => ({ otlp: { namespaces: { include: [ns] } } });
    const items = [
      metricPipeline('healthy', { input: from('app-healthy'), output: to('grpc', sink.port) }),
      metricPipeline('down', { input: from('app-down'), output: to('http', downPort) }),
      metricPipeline('partial', { input: from('app-partial'), output: to('http', partial.port) }),
      metricPipeline('slow', { input: from('app-slow'), output: to('http', slow.port) }),
      metricPipeline('scraped', { input: { otlp: { enabled: false }, prometheus: { enabled: true, namespaces: { include: ['app-scraped'] } } }, output: to('grpc', sink.port) }),
    ];
    const namespaces = ['app-healthy', 'app-down', 'app-partial', 'app-slow', 'app-scraped'];
    const c = await startStatusCluster(items, { gatewayReplicas: '1', statusWindowSeconds: '10', collectionInterval: '1s' }, namespaces);
    stoppers.push(async () => c.stop());
    const ips = { gateway: c.ip(2), agent: c.ip(7), target: c.ip(20), nowhere: c.ip(250) };

    const pods: RunningPod[] = [];
    stoppers.push(async () => {
      // Held exports would keep a collector's shutdown waiting for their timeouts.
      slow.setMode('accept');
      partial.setMode('accept');
      await Promise.all(pods.map((p) => p.stop(5000)));
    });
    const gateway = await runPod(c.outputFile, GATEWAY_WORKLOAD, { kubeconfig: c.cp.kubeconfig, podIp: ips.gateway });
    pods.push(gateway);
    syncDeploymentStatus(c.cp, NS, GATEWAY);
    await syncEndpointSlice(c.cp, NS, `${GATEWAY}-metrics`);

    const target = await startPrometheusTarget(ips.target, TARGET_PORT, TARGET_SERIES);
    stoppers.push(() => target.close());
    runningPod(c.cp, 'app-scraped', 'inventory', ips.target, 'node-1', { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(TARGET_PORT) });

    const producers: FaultsFixture['producers'] = {};
    const startAgent = async (gatewayIp: string): Promise<RunningPod> => {
      const pod = await runPod(c.outputFile, AGENT_WORKLOAD, { kubeconfig: c.cp.kubeconfig, podIp: ips.agent, node: 'node-1', hosts: { [GATEWAY_SERVICE]: gatewayIp } });
      pods.push(pod);
      syncDaemonSetStatus(c.cp, NS, AGENT);
      await syncEndpointSlice(c.cp, NS, `${AGENT}-metrics`);
      return pod;
    };
    let agent = await startAgent(ips.nowhere);
    const fixture: FaultsFixture = {
      c,
      ips,
      sink,
      downPort,
      partial,
      slow,
      target,
      gateway,
      get agent() {
        return agent;
      },
      producers,
      otelcol,
      startAgent: async (gatewayIp) => (agent = await startAgent(gatewayIp)),
      startProducer: async (name, series, intervalMs = 1000) => {
        const index = PIPELINES.indexOf(name);
        const p: Producer = {
          namespace: `app-${name}`,
          deployment: 'producer',
          ip: c.ip(3 + index),
          protocol: name === 'slow' ? 'http' : 'grpc',
          metric: `app_${name}_requests`,
          series,
          exportIntervalMs: intervalMs,
        };
        const producersFile = path.join(c.dir, `producer-${name}.yaml`);
        writeFileSync(producersFile, stringify(producerDeployment(p, ips.gateway)));
        c.cp.kubectl(['apply', '-f', producersFile]);
        const pod = await runPod(producersFile, `Deployment/${p.namespace}/${p.deployment}`, { kubeconfig: c.cp.kubeconfig, podIp: p.ip, ready: /pod-client: exporting/ });
        pods.push(pod);
        producers[name] = pod;
        return pod;
      },
      stop,
    };
    stoppers.push(async () => {
      if (fixture.downSink !== undefined) await stopProcess(fixture.downSink.process);
    });
    return fixture;
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The down backend comes (back) as a real collector on the port the pipeline points at. */
export async function startDownSink(f: FaultsFixture): Promise<Sink> {
  f.downSink = await startSink(f.otelcol, f.c.dir, 'down', 'http', { port: f.downPort });
  return f.downSink;
}
