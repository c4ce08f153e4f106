/**
 * The Kubernetes object types the builders emit: kubernetes-models' types, imported as types only, so they
 * compile away and the function ships without that package (the bundle does not grow with it). The real
 * API server judges every emitted object (test/peers/apiserver.test.ts).
 */
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export type { IContainer as Container } from 'kubernetes-models/v1/Container';
export type { IEnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
export type { IPodSecurityContext as PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
export type { IPodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
export type { IProbe as Probe } from 'kubernetes-models/v1/Probe';
export type { ISecurityContext as SecurityContext } from 'kubernetes-models/v1/SecurityContext';
export type { IToleration as Toleration } from 'kubernetes-models/v1/Toleration';
export type { IVolume as Volume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { IWeightedPodAffinityTerm as WeightedPodAffinityTerm } from 'kubernetes-models/v1/WeightedPodAffinityTerm';
export type { INetworkPolicyPort as NetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';

export type StringMap = Record<string, string>;

/** Every generated object has a name; kubernetes-models leaves metadata and name optional. */
export type ObjectMeta = NonNullable<IConfigMap['metadata']> & { name: string };

/** Any object the function emits; each type below is one. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** A kubernetes-models object type as the builders emit it: with its metadata (and name). */
type Emitted<T extends { metadata?: unknown }> = Omit<T, 'metadata'> & { metadata: ObjectMeta };

/** The builders always name the API groups and resources a rule is about (no nonResourceURLs). */
export type PolicyRule = IPolicyRule & Required<Pick<IPolicyRule, 'apiGroups' | 'resources'>>;

export type ServiceAccount = Emitted<IServiceAccount>;
export type ClusterRole = Emitted<IClusterRole> & { rules: PolicyRule[] };
export type Role = Emitted<IRole> & { rules: PolicyRule[] };
export type ClusterRoleBinding = Emitted<IClusterRoleBinding>;
export type RoleBinding = Emitted<IRoleBinding>;
export type ConfigMap = Emitted<IConfigMap>;
export type Secret = Emitted<ISecret>;
export type Deployment = Emitted<IDeployment>;
export type DaemonSet = Emitted<IDaemonSet>;
export type Service = Emitted<IService>;
export type NetworkPolicy = Emitted<INetworkPolicy>;
export type PodDisruptionBudget = Emitted<IPodDisruptionBudget>;
export type HorizontalPodAutoscaler = Emitted<IHorizontalPodAutoscaler>;
export type CronJob = Emitted<ICronJob>;
