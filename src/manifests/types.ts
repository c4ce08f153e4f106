/**
 * The Kubernetes object shapes the builders emit: only the fields they use. Hand-written instead of
 * kubernetes-models because the function must start fast and ship without that package; tests check every
 * emitted object against kubernetes-models' OpenAPI schema (test/support/k8s-schema.ts).
 */
import type { Toleration } from '../api/function-config';

export type StringMap = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: StringMap;
  annotations?: StringMap;
}

/** Any object the function emits. Typed objects below are assignable to it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface LabelSelector {
  matchLabels: StringMap;
}

// ---- RBAC ----

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  /** Narrows get, update, patch and delete to these objects (never create or list). */
  resourceNames?: string[];
  verbs: string[];
}

export interface ServiceAccount extends KubeObject {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
}

export interface ClusterRole extends KubeObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole';
  rules: PolicyRule[];
}

export interface Role extends KubeObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'Role';
  rules: PolicyRule[];
}

export interface RoleBinding extends KubeObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'RoleBinding';
  roleRef: { apiGroup: string; kind: 'Role'; name: string };
  subjects: { kind: 'ServiceAccount'; name: string; namespace: string }[];
}

export interface ClusterRoleBinding extends KubeObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRoleBinding';
  roleRef: { apiGroup: string; kind: 'ClusterRole'; name: string };
  subjects: { kind: 'ServiceAccount'; name: string; namespace: string }[];
}

// ---- config ----

export interface ConfigMap extends KubeObject {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  data: StringMap;
}

export interface Secret extends KubeObject {
  apiVersion: 'v1';
  kind: 'Secret';
  type: 'Opaque';
  /** base64-encoded values. */
  data: StringMap;
}

// ---- workload ----

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef: { apiVersion: 'v1'; fieldPath: string } };
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol: 'TCP';
}

export interface Probe {
  httpGet: { path: string; port: number };
}

export interface SeccompProfile {
  type: 'RuntimeDefault';
}

export interface ContainerSecurityContext {
  allowPrivilegeEscalation: boolean;
  capabilities: { drop: string[] };
  privileged: boolean;
  readOnlyRootFilesystem: boolean;
  runAsNonRoot: boolean;
  runAsUser: number;
  seccompProfile: SeccompProfile;
}

export interface Container {
  name: string;
  image: string;
  args: string[];
  env: EnvVar[];
  /** The gateway's Secret; the agent has none. */
  envFrom?: { secretRef: { name: string } }[];
  ports: ContainerPort[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  resources: ResourceRequirements;
  securityContext: ContainerSecurityContext;
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: { labelSelector: LabelSelector; topologyKey: string };
}

export type Volume =
  | { name: string; configMap: { name: string; items: { key: string; path: string }[] } }
  | { name: string; emptyDir: Record<string, never> };

export type { Toleration };

export interface PodSpec {
  serviceAccountName: string;
  priorityClassName?: string;
  imagePullSecrets?: { name: string }[];
  securityContext: { runAsNonRoot: boolean; runAsUser: number; seccompProfile: SeccompProfile };
  affinity?: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: WeightedPodAffinityTerm[] } };
  tolerations?: Toleration[];
  containers: Container[];
  volumes: Volume[];
}

export interface Deployment extends KubeObject {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  spec: {
    replicas?: number;
    selector: LabelSelector;
    strategy: { type: 'RollingUpdate'; rollingUpdate: { maxSurge: number; maxUnavailable: number } };
    template: { metadata: { labels: StringMap; annotations: StringMap }; spec: PodSpec };
  };
}

export interface DaemonSet extends KubeObject {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  spec: {
    selector: LabelSelector;
    template: { metadata: { labels: StringMap; annotations: StringMap }; spec: PodSpec };
  };
}

// ---- networking ----

export interface ServicePort {
  name: string;
  protocol: 'TCP';
  appProtocol?: string;
  port: number;
  targetPort: number;
}

export interface Service extends KubeObject {
  apiVersion: 'v1';
  kind: 'Service';
  spec: { type: 'ClusterIP'; selector: StringMap; ports: ServicePort[] };
}

export interface NetworkPolicyPort {
  protocol: 'TCP';
  port: number;
}

export interface NetworkPolicyPeer {
  namespaceSelector: Record<string, never>;
  podSelector: LabelSelector;
}

export interface NetworkPolicy extends KubeObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  spec: {
    podSelector: LabelSelector;
    policyTypes: ('Ingress' | 'Egress')[];
    ingress?: { from?: NetworkPolicyPeer[]; ports: NetworkPolicyPort[] }[];
    /** `[{}]` allows all egress. */
    egress?: Record<string, never>[];
  };
}

// ---- availability ----

export interface PodDisruptionBudget extends KubeObject {
  apiVersion: 'policy/v1';
  kind: 'PodDisruptionBudget';
  spec: { maxUnavailable: number; selector: LabelSelector };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  apiVersion: 'autoscaling/v2';
  kind: 'HorizontalPodAutoscaler';
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: {
      type: 'Resource';
      resource: { name: 'cpu'; target: { type: 'Utilization'; averageUtilization: number } };
    }[];
  };
}
