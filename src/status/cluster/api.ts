/**
 * The Kubernetes API calls the status job makes, as an interface: exactly these calls and no others, which is
 * what its RBAC grants (src/manifests/status-job/rbac.ts; a test compares the two). The client-node adapter
 * (kube-client.ts) implements it; every call there has a timeout.
 */
import type { ConfigMapObject, DaemonSetObject, DeploymentObject, MetricsEndpoint, PipelineObject, PodObject, StatusPatch } from './kube-types';

export type ApiFailureKind = 'notFound' | 'conflict' | 'status' | 'timeout' | 'network';

/** A failed API call, already classified; the message is one line, safe to log. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly code?: number,
  ) {
    super(message);
  }

  /** Worth one more try: the server had a problem or the connection failed; a timeout already used its time. */
  get transient(): boolean {
    return this.kind === 'network' || (this.kind === 'status' && (this.code ?? 0) >= 500);
  }
}

export interface ConfigMapContent {
  labels: Record<string, string>;
  data: Record<string, string>;
  binaryData: Record<string, string>;
}

export interface StatusApi {
  /** list metricpipelines (cluster-scoped, v1beta1). */
  listPipelines(): Promise<PipelineObject[]>;
  /** get metricpipelines/<name>: re-read after a conflict. */
  getPipeline(name: string): Promise<PipelineObject>;
  /** patch metricpipelines/<name>/status with a JSON merge patch. */
  patchPipelineStatus(name: string, patch: StatusPatch): Promise<void>;
  /** get configmaps/<name> in a namespace. */
  getConfigMap(namespace: string, name: string): Promise<ConfigMapObject>;
  /** create a ConfigMap (the job's state). */
  createConfigMap(namespace: string, name: string, content: ConfigMapContent): Promise<void>;
  /** update (PUT) a ConfigMap, conditional on its resourceVersion. */
  replaceConfigMap(namespace: string, name: string, resourceVersion: string, content: ConfigMapContent): Promise<void>;
  getDeployment(namespace: string, name: string): Promise<DeploymentObject>;
  getDaemonSet(namespace: string, name: string): Promise<DaemonSetObject>;
  /** list pods by label selector: why a workload is not ready. */
  listPods(namespace: string, labelSelector: string): Promise<PodObject[]>;
  /** list endpointslices of a Service: where its pods' metrics port is. */
  listMetricsEndpoints(namespace: string, service: string): Promise<MetricsEndpoint[]>;
}
