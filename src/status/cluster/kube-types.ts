/**
 * The few fields of Kubernetes objects the status job reads, and the status patch it writes, as plain data.
 * The API adapter (kube-client.ts) maps client-node's models into these, so the job's logic and its tests
 * never touch client-node.
 */
import type { Condition } from '../conditions/types';

export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** A MetricPipeline as listed (cluster-scoped; any served version looks the same for what is read here). */
export interface PipelineObject {
  name: string;
  generation: number;
  resourceVersion: string;
  /** `spec`, unvalidated: only the pull inputs' `enabled` flags are read from it. */
  spec: unknown;
  /** `status`, unvalidated: existing conditions are merged, not trusted. */
  status: unknown;
}

export interface ConfigMapObject {
  annotations: Record<string, string>;
  data: Record<string, string>;
  binaryData: Record<string, string>;
  resourceVersion: string;
}

export interface DeploymentObject {
  generation: number;
  /** `spec.replicas`; the API server defaults it to 1. */
  replicas: number;
  observedGeneration: number;
  updatedReplicas: number;
  readyReplicas: number;
  conditions: KubeCondition[];
}

export interface DaemonSetObject {
  generation: number;
  observedGeneration: number;
  desiredNumberScheduled: number;
  updatedNumberScheduled: number;
  numberReady: number;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  /** The image from the pod spec (the status' image field may be a digest). */
  image: string;
  waiting?: { reason?: string; message?: string };
  running: boolean;
  lastTerminated?: { reason?: string; exitCode?: number };
}

export interface PodObject {
  name: string;
  phase: string;
  reason?: string;
  message?: string;
  conditions: KubeCondition[];
  /** Init containers first, as they run first. */
  containers: ContainerStatus[];
  terminating: boolean;
}

/** One endpoint of a metrics Service, from its EndpointSlices. */
export interface MetricsEndpoint {
  /** The pod's name (targetRef), or the address when the endpoint names no pod. */
  pod: string;
  address: string;
  port: number;
}

/** The merge patch for `/status`: `resourceVersion` makes it conditional (409 when the object changed). */
export interface StatusPatch {
  metadata: { resourceVersion: string };
  status: { observedGeneration: number; conditions: (Condition | Record<string, unknown>)[] };
}
