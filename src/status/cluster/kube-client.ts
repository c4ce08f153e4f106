/**
 * The StatusApi on @kubernetes/client-node (1.x). Loaded only by the `run` command, so the offline
 * `evaluate` command never pays for client-node's start-up.
 *
 * Every call gets an AbortSignal through a request middleware (client-node has no per-call timeout), and a
 * timer of its own in case a code path ignores the signal. Errors come back as ApiFailure with one-line
 * messages: client-node's own messages carry whole response headers and bodies.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
  type V1ConfigMap,
  type V1ContainerStatus,
  type V1Pod,
} from '@kubernetes/client-node';
import { METRIC_PIPELINE_KIND, TELEMETRY_GROUP } from '../../constants';
import { METRICS_PORT } from '../../contract/collectors';
import type { CallTimeouts } from '../support/budget';
import { ApiFailure, type ConfigMapContent, type StatusApi } from './api';
import type { ConfigMapObject, ContainerStatus, KubeCondition, MetricsEndpoint, PipelineObject, PodObject, StatusPatch } from './kube-types';

const PIPELINES = { group: TELEMETRY_GROUP, version: 'v1beta1', plural: 'metricpipelines' } as const;
const MERGE_PATCH = 'application/merge-patch+json';
const PAGE_SIZE = 100;
/** Extra time for the fallback timer: the signal should fire first and give the clearer error. */
const TIMER_SLACK_MS = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Per-call timeout and content type. client-node 1.x middleware must answer with its own Observable type;
 * appended middleware runs after authentication was applied.
 */
function callOptions(timeoutMs: number, contentType?: string): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          if (contentType !== undefined) ctx.setHeaderParam('Content-Type', contentType);
          return new Observable(Promise.resolve(ctx));
        },
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** The `message` of a Kubernetes Status body, whether client-node parsed it or left it a string. */
function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 200) || undefined;
    }
  }
  return isRecord(parsed) && typeof parsed['message'] === 'string' ? parsed['message'] : undefined;
}

function classify(error: unknown, what: string, timeoutMs: number): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof ApiException) {
    const code = error.code;
    const detail = statusMessage(error.body) ?? `HTTP ${code}`;
    const kind = code === 404 ? 'notFound' : code === 409 ? 'conflict' : 'status';
    return new ApiFailure(kind, `${what}: ${code} ${detail}`.replace(/\s+/g, ' '), code);
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') return new ApiFailure('timeout', `${what}: no answer within ${timeoutMs} ms`);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiFailure('network', `${what}: ${message.split('\n')[0] ?? message}`);
}

function nonNegative(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function conditions(list: readonly { type: string; status: string; reason?: string; message?: string }[] | undefined): KubeCondition[] {
  return (list ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    ...(c.reason === undefined ? {} : { reason: c.reason }),
    ...(c.message === undefined ? {} : { message: c.message }),
  }));
}

function pipelineFrom(obj: unknown): PipelineObject {
  const metadata = isRecord(obj) && isRecord(obj['metadata']) ? obj['metadata'] : {};
  const name = metadata['name'];
  if (!isRecord(obj) || typeof name !== 'string' || (obj['kind'] !== undefined && obj['kind'] !== METRIC_PIPELINE_KIND)) {
    throw new ApiFailure('status', 'the API server returned something other than a MetricPipeline');
  }
  const generation = metadata['generation'];
  const resourceVersion = metadata['resourceVersion'];
  return {
    name,
    generation: typeof generation === 'number' && Number.isInteger(generation) && generation > 0 ? generation : 0,
    resourceVersion: typeof resourceVersion === 'string' ? resourceVersion : '',
    spec: obj['spec'],
    status: obj['status'],
  };
}

function containerStatus(status: V1ContainerStatus, images: ReadonlyMap<string, string>): ContainerStatus {
  const waiting = status.state?.waiting;
  const last = status.lastState?.terminated;
  return {
    name: status.name,
    ready: status.ready === true,
    image: images.get(status.name) ?? status.image,
    ...(waiting === undefined
      ? {}
      : { waiting: { ...(waiting.reason === undefined ? {} : { reason: waiting.reason }), ...(waiting.message === undefined ? {} : { message: waiting.message }) } }),
    running: status.state?.running !== undefined,
    ...(last === undefined ? {} : { lastTerminated: { ...(last.reason === undefined ? {} : { reason: last.reason }), exitCode: last.exitCode } }),
  };
}

function podFrom(pod: V1Pod): PodObject {
  const images = new Map<string, string>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) if (c.image !== undefined) images.set(c.name, c.image);
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ...(pod.status?.reason === undefined ? {} : { reason: pod.status.reason }),
    ...(pod.status?.message === undefined ? {} : { message: pod.status.message }),
    conditions: conditions(pod.status?.conditions),
    containers: statuses.map((s) => containerStatus(s, images)),
    terminating: pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null,
  };
}

function configMapBody(namespace: string, name: string, content: ConfigMapContent, resourceVersion?: string): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { ...content.labels }, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    data: { ...content.data },
    binaryData: { ...content.binaryData },
  };
}

/**
 * `timeouts` is asked before every call: the job's remaining time budget caps the per-call timeout, so a
 * slow API server cannot push the run past its deadline, nor slow reads starve the writes.
 */
export function kubeStatusApi(kubeConfig: KubeConfig, timeouts: CallTimeouts): StatusApi {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);

  async function call<T>(what: string, request: (options: ConfigurationOptions) => Promise<T>, write = false, contentType?: string): Promise<T> {
    const ms = Math.max(1, Math.floor(write ? timeouts.writeTimeoutMs() : timeouts.readTimeoutMs()));
    let timer: NodeJS.Timeout | undefined;
    const fallback = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ApiFailure('timeout', `${what}: no answer within ${ms} ms`)), ms + TIMER_SLACK_MS);
    });
    try {
      return await Promise.race([request(callOptions(ms, contentType)), fallback]);
    } catch (e) {
      throw classify(e, what, ms);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async listPipelines() {
      const items: PipelineObject[] = [];
      let continueToken: string | undefined;
      do {
        const token = continueToken;
        const page: unknown = await call('list metricpipelines', (o) =>
          custom.listClusterCustomObject({ ...PIPELINES, limit: PAGE_SIZE, ...(token === undefined ? {} : { _continue: token }) }, o),
        );
        const list = isRecord(page) ? page : {};
        if (!Array.isArray(list['items'])) throw new ApiFailure('status', 'list metricpipelines: the answer has no items');
        items.push(...(list['items'] as unknown[]).map(pipelineFrom));
        const next = isRecord(list['metadata']) ? list['metadata']['continue'] : undefined;
        continueToken = typeof next === 'string' && next !== '' ? next : undefined;
      } while (continueToken !== undefined);
      return items;
    },

    async getPipeline(name) {
      return pipelineFrom(await call(`get metricpipeline ${name}`, (o) => custom.getClusterCustomObject({ ...PIPELINES, name }, o)));
    },

    async patchPipelineStatus(name, patch: StatusPatch) {
      await call(`patch status of metricpipeline ${name}`, (o) => custom.patchClusterCustomObjectStatus({ ...PIPELINES, name, body: patch }, o), true, MERGE_PATCH);
    },

    async getConfigMap(namespace, name): Promise<ConfigMapObject> {
      const cm = await call(`get configmap ${namespace}/${name}`, (o) => core.readNamespacedConfigMap({ namespace, name }, o));
      return {
        annotations: { ...(cm.metadata?.annotations ?? {}) },
        data: { ...(cm.data ?? {}) },
        binaryData: { ...(cm.binaryData ?? {}) },
        resourceVersion: cm.metadata?.resourceVersion ?? '',
      };
    },

    async createConfigMap(namespace, name, content) {
      await call(`create configmap ${namespace}/${name}`, (o) => core.createNamespacedConfigMap({ namespace, body: configMapBody(namespace, name, content) }, o), true);
    },

    async replaceConfigMap(namespace, name, resourceVersion, content) {
      await call(`update configmap ${namespace}/${name}`, (o) =>
        core.replaceNamespacedConfigMap({ namespace, name, body: configMapBody(namespace, name, content, resourceVersion) }, o), true,
      );
    },

    async getDeployment(namespace, name) {
      const d = await call(`get deployment ${namespace}/${name}`, (o) => apps.readNamespacedDeployment({ namespace, name }, o));
      return {
        generation: nonNegative(d.metadata?.generation),
        replicas: d.spec?.replicas ?? 1,
        observedGeneration: nonNegative(d.status?.observedGeneration),
        updatedReplicas: nonNegative(d.status?.updatedReplicas),
        readyReplicas: nonNegative(d.status?.readyReplicas),
        conditions: conditions(d.status?.conditions),
      };
    },

    async getDaemonSet(namespace, name) {
      const ds = await call(`get daemonset ${namespace}/${name}`, (o) => apps.readNamespacedDaemonSet({ namespace, name }, o));
      return {
        generation: nonNegative(ds.metadata?.generation),
        observedGeneration: nonNegative(ds.status?.observedGeneration),
        desiredNumberScheduled: nonNegative(ds.status?.desiredNumberScheduled),
        updatedNumberScheduled: nonNegative(ds.status?.updatedNumberScheduled),
        numberReady: nonNegative(ds.status?.numberReady),
      };
    },

    async listPods(namespace, labelSelector) {
      const list = await call(`list pods ${namespace} ${labelSelector}`, (o) => core.listNamespacedPod({ namespace, labelSelector }, o));
      return list.items.map(podFrom);
    },

    async listMetricsEndpoints(namespace, service) {
      const labelSelector = `kubernetes.io/service-name=${service}`;
      const list = await call(`list endpointslices ${namespace} ${labelSelector}`, (o) => discovery.listNamespacedEndpointSlice({ namespace, labelSelector }, o));
      const byPod = new Map<string, MetricsEndpoint>();
      for (const slice of list.items) {
        const ports = slice.ports ?? [];
        const port = ports.find((p) => p.name === METRICS_PORT.name)?.port ?? ports[0]?.port ?? METRICS_PORT.number;
        for (const endpoint of slice.endpoints) {
          const address = endpoint.addresses[0];
          // A terminating pod is going away; its counters are about to vanish anyway.
          if (address === undefined || endpoint.conditions?.terminating === true) continue;
          const pod = endpoint.targetRef?.name ?? address;
          // Dual-stack Services list each pod in an IPv4 and an IPv6 slice: one scrape per pod.
          if (!byPod.has(pod)) byPod.set(pod, { pod, address, port });
        }
      }
      return [...byPod.values()].sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
    },
  };
}
