/**
 * The world of the agent flow test (agent.test.ts): three MetricPipelines as users write them, the annotated
 * pods and Service the agents should (and should not) scrape, the Prometheus text each serves, and the
 * workloads the cluster receiver reports on. Only data here; agent.test.ts says what is real and what stands in.
 *
 *   shop   v1beta1   prometheus (namespace shop, diagnostic metrics on), OTLP off            -> sink shop
 *   infra  v1beta1   prometheus (all namespaces), istio with envoy metrics, runtime with only
 *                    the cluster resources (deployment/daemonset/statefulset/job), OTLP on    -> sink infra
 *   mesh   v1alpha1  istio (diagnostic on, envoy off), runtime with deployments only, OTLP off -> sink mesh
 */
import type { Producer, Received } from './support';
import { counters, type TargetSpec } from './prometheus-targets';
import type { TargetPod } from './pods';

export type SinkKey = 'shop' | 'infra' | 'mesh';
export const SINK_KEYS: readonly SinkKey[] = ['shop', 'infra', 'mesh'];
export const NODES = ['node-1', 'node-2'] as const;
export type NodeName = (typeof NODES)[number];

/** The pods' IPs: 127.X.Y.N, X.Y random per run (randomSubnet) so that parallel runs do not collide. */
export function addresses(subnet: string) {
  const ip = (n: number) => `${subnet}.${n}`;
  return {
    gateway: ip(2),
    agents: { 'node-1': ip(3), 'node-2': ip(4) } as Record<NodeName, string>,
    producer: ip(5),
    pod: ip,
  };
}

export const METRICS = {
  web: 'flow_web_requests_total',
  orders: 'flow_orders_total',
  batch: 'flow_batch_runs_total',
  /** Served by pods that must never be scraped (a sidecar's app port, a finished pod). */
  unscraped: 'flow_never_scraped_total',
  istio: 'istio_requests_total',
  envoy: 'envoy_cluster_upstream_cx_total',
  /** Served by the sidecar but neither istio_* nor envoy_*: the istio job drops it at scrape time. */
  sidecarOther: 'flow_sidecar_other_total',
  otlp: 'flow_checkout_requests',
} as const;

export const DIAGNOSTIC = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];

const WEB = { port: 9100, path: '/custom/metrics', params: { format: 'prometheus', module: 'shop' } };
const ORDERS = { port: 9200, path: '/svc/metrics', params: { shard: 'a' }, service: 'orders', servicePort: { name: 'http', port: 8080 } };
const SIDECAR_PORT = 15090;

const scrapeAnnotations = (a: { port: number; path?: string; params?: Record<string, string> }): Record<string, string> => ({
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': String(a.port),
  ...(a.path !== undefined ? { 'prometheus.io/path': a.path } : {}),
  ...Object.fromEntries(Object.entries(a.params ?? {}).map(([k, v]) => [`prometheus.io/param_${k}`, v])),
});
const ANNOTATIONS = { web: scrapeAnnotations(WEB), orders: scrapeAnnotations(ORDERS) };
export const EXPECTED = { web: WEB, orders: ORDERS };

const app = (name: string) => ({ name, ports: [{ name: 'http', containerPort: 8080 }] });
/** What Istio's injector adds: the sidecar container with its Prometheus port, and the tlsMode label. */
const sidecar = { name: 'istio-proxy', ports: [{ name: 'http-envoy-prom', containerPort: SIDECAR_PORT }] };
const MESHED = { 'security.istio.io/tlsMode': 'istio' };

/** A server of a target pod, and whether the agent on the pod's node must scrape it (false: no agent may). */
export type TargetServer = TargetSpec & { scraped: boolean };

export interface Target {
  pod: TargetPod;
  /** Named after the pod for its app port, `<pod>/sidecar` for the sidecar's 15090. */
  servers: TargetServer[];
}

export function targets(subnet: string): Target[] {
  const { pod: ip } = addresses(subnet);
  const web = (name: string, node: NodeName, n: number): Target => ({
    pod: { namespace: 'shop', name, node, ip: ip(n), labels: { app: 'web' }, annotations: ANNOTATIONS.web, containers: [app('web')] },
    servers: [{ name, ip: ip(n), port: WEB.port, pages: { [WEB.path]: counters({ [METRICS.web]: n }) }, scraped: true }],
  });
  // Not annotated themselves: scraped through the annotated Service `orders`.
  const api = (name: string, node: NodeName, n: number): Target => ({
    pod: { namespace: 'shop', name, node, ip: ip(n), labels: { app: 'orders' }, containers: [app('orders')] },
    servers: [{ name, ip: ip(n), port: ORDERS.port, pages: { [ORDERS.path]: counters({ [METRICS.orders]: n }) }, scraped: true }],
  });
  // Annotated for the app port too, but the sidecar makes it https: the http job must leave it alone.
  const meshed = (name: string, node: NodeName, n: number): Target => ({
    pod: { namespace: 'shop', name, node, ip: ip(n), labels: { app: 'mesh', ...MESHED }, annotations: scrapeAnnotations({ port: 9100 }), containers: [app('mesh'), sidecar] },
    servers: [
      { name, ip: ip(n), port: 9100, pages: { '/metrics': counters({ [METRICS.unscraped]: n }) }, scraped: false },
      {
        name: `${name}/sidecar`,
        ip: ip(n),
        port: SIDECAR_PORT,
        pages: { '/stats/prometheus': counters({ [METRICS.istio]: n, [METRICS.envoy]: n, [METRICS.sidecarOther]: n }, { source_workload: 'mesh' }) },
        scraped: true,
      },
    ],
  });
  return [
    web('web-1', 'node-1', 11),
    web('web-2', 'node-2', 12),
    api('api-1', 'node-1', 13),
    api('api-2', 'node-2', 14),
    {
      pod: { namespace: 'other', name: 'batch-1', node: 'node-1', ip: ip(15), labels: { app: 'batch' }, annotations: scrapeAnnotations({ port: 9100 }), containers: [app('batch')] },
      servers: [{ name: 'batch-1', ip: ip(15), port: 9100, pages: { '/metrics': counters({ [METRICS.batch]: 15 }) }, scraped: true }],
    },
    meshed('mesh-1', 'node-1', 16),
    meshed('mesh-2', 'node-2', 17),
    {
      pod: { namespace: 'shop', name: 'done-1', node: 'node-1', ip: ip(18), labels: { app: 'done' }, annotations: scrapeAnnotations({ port: 9100 }), containers: [app('done')], phase: 'Succeeded' },
      servers: [{ name: 'done-1', ip: ip(18), port: 9100, pages: { '/metrics': counters({ [METRICS.unscraped]: 18 }) }, scraped: false }],
    },
  ];
}

/** The servers that must be scraped (`true`) or never (`false`), of the pods on `node` or on any node. */
export function servers(all: readonly Target[], scraped: boolean, node?: NodeName): string[] {
  return all.filter((t) => node === undefined || t.pod.node === node).flatMap((t) => t.servers.filter((s) => s.scraped === scraped).map((s) => s.name));
}

export const ORDERS_SERVICE = {
  namespace: 'shop',
  name: ORDERS.service,
  port: ORDERS.servicePort,
  object: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: ORDERS.service, namespace: 'shop', annotations: ANNOTATIONS.orders },
    spec: { selector: { app: 'orders' }, ports: [{ name: ORDERS.servicePort.name, port: ORDERS.servicePort.port, targetPort: 8080 }] },
  },
};

export const PRODUCER_OF = (ip: string): Producer => ({ namespace: 'shop', deployment: 'checkout', ip, protocol: 'grpc', metric: METRICS.otlp });

/** The objects k8s_cluster reports on, in `platform` (no controllers run: their status stays empty). */
export const WORKLOADS = { deployment: 'api', daemonset: 'node-exporter', statefulset: 'db', job: 'migrate' } as const;
export function workloadObjects(): object[] {
  const template = (name: string, restartPolicy?: string) => ({
    metadata: { labels: { app: name } },
    spec: { containers: [{ name, image: `registry.example.com/${name}:1` }], ...(restartPolicy ? { restartPolicy } : {}) },
  });
  const meta = (name: string) => ({ name, namespace: 'platform' });
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(WORKLOADS.deployment), spec: { replicas: 2, selector: { matchLabels: { app: WORKLOADS.deployment } }, template: template(WORKLOADS.deployment) } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta(WORKLOADS.daemonset), spec: { selector: { matchLabels: { app: WORKLOADS.daemonset } }, template: template(WORKLOADS.daemonset) } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(WORKLOADS.statefulset), spec: { replicas: 1, serviceName: WORKLOADS.statefulset, selector: { matchLabels: { app: WORKLOADS.statefulset } }, template: template(WORKLOADS.statefulset) } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(WORKLOADS.job), spec: { completions: 1, template: template(WORKLOADS.job, 'Never') } },
  ];
}

/** The MetricPipelines, each exporting over OTLP/gRPC to its own sink on 127.0.0.1. */
export function pipelines(ports: Record<SinkKey, number>): object[] {
  const output = (key: SinkKey) => ({ otlp: { protocol: 'grpc', endpoint: { value: `http://127.0.0.1:${ports[key]}` } } });
  const off = { enabled: false };
  return [
    {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'shop' },
      spec: {
        input: { otlp: off, prometheus: { enabled: true, namespaces: { include: ['shop'] }, diagnosticMetrics: { enabled: true } } },
        output: output('shop'),
      },
    },
    {
      apiVersion: 'telemetry.kyma-project.io/v1beta1',
      kind: 'MetricPipeline',
      metadata: { name: 'infra' },
      spec: {
        input: {
          prometheus: { enabled: true, namespaces: {} },
          istio: { enabled: true, envoyMetrics: { enabled: true } },
          runtime: { enabled: true, resources: { pod: off, container: off, node: off, volume: off } },
        },
        output: output('infra'),
      },
    },
    {
      apiVersion: 'telemetry.kyma-project.io/v1alpha1',
      kind: 'MetricPipeline',
      metadata: { name: 'mesh' },
      spec: {
        input: {
          otlp: { disabled: true },
          istio: { enabled: true, diagnosticMetrics: { enabled: true } },
          runtime: { enabled: true, resources: { pod: off, container: off, node: off, volume: off, daemonset: off, statefulset: off, job: off } },
        },
        output: output('mesh'),
      },
    },
  ];
}

/** The cluster receiver's default metrics per workload kind (README, "Runtime additional metrics"). */
export const CLUSTER_METRICS: Record<keyof typeof WORKLOADS, string[]> = {
  deployment: ['k8s.deployment.available', 'k8s.deployment.desired'],
  daemonset: ['k8s.daemonset.current_scheduled_nodes', 'k8s.daemonset.desired_scheduled_nodes', 'k8s.daemonset.misscheduled_nodes', 'k8s.daemonset.ready_nodes'],
  statefulset: ['k8s.statefulset.current_pods', 'k8s.statefulset.desired_pods', 'k8s.statefulset.ready_pods', 'k8s.statefulset.updated_pods'],
  job: ['k8s.job.active_pods', 'k8s.job.desired_successful_pods', 'k8s.job.failed_pods', 'k8s.job.max_parallel_pods', 'k8s.job.successful_pods'],
};

/** Whether `metric` arrived in `rs` from each of `pods` (by k8s.pod.name), or at all when none are named. */
export function hasFrom(rs: readonly Received[], metric: string, pods: readonly string[] = []): boolean {
  const with_ = rs.filter((r) => r.metrics.includes(metric));
  return pods.length === 0 ? with_.length > 0 : pods.every((p) => with_.some((r) => r.attributes['k8s.pod.name'] === p));
}

/** Whether the cluster metric `metric` arrived in `rs` for the workload of its kind. */
export function hasWorkload(rs: readonly Received[], kind: keyof typeof WORKLOADS, metric: string): boolean {
  return rs.some((r) => r.metrics.includes(metric) && r.attributes[`k8s.${kind}.name`] === WORKLOADS[kind] && r.attributes['k8s.namespace.name'] === 'platform');
}

/** Each backend has (at least) one of everything it should get: then the test reads what arrived. */
export function arrived(received: Record<SinkKey, Received[]>): boolean {
  const { shop, infra, mesh } = received;
  const webs = ['web-1', 'web-2'];
  const apis = ['api-1', 'api-2'];
  const meshes = ['mesh-1', 'mesh-2'];
  return (
    hasFrom(shop, METRICS.web, webs) && hasFrom(shop, METRICS.orders, apis) && hasFrom(shop, 'up', [...webs, ...apis]) &&
    hasFrom(infra, METRICS.web, webs) && hasFrom(infra, METRICS.orders, apis) && hasFrom(infra, METRICS.batch, ['batch-1']) &&
    hasFrom(infra, METRICS.istio, meshes) && hasFrom(infra, METRICS.envoy, meshes) && hasFrom(infra, METRICS.otlp) &&
    Object.entries(CLUSTER_METRICS).every(([kind, names]) => names.every((m) => hasWorkload(infra, kind as keyof typeof WORKLOADS, m))) &&
    hasFrom(mesh, METRICS.istio, meshes) && hasFrom(mesh, 'up', meshes) && CLUSTER_METRICS.deployment.every((m) => hasWorkload(mesh, 'deployment', m))
  );
}

/** Data points of `metric` in `rs` from pod `pod`. */
export function pointsFrom(rs: readonly Received[], metric: string, pod: string): number {
  return rs
    .filter((r) => r.attributes['k8s.pod.name'] === pod)
    .flatMap((r) => r.detail.filter((m) => m.name === metric))
    .reduce((sum, m) => sum + m.points.length, 0);
}
