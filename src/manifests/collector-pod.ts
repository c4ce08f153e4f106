/**
 * Pod-spec pieces every collector workload shares (Kyma's core_pod_spec.go): downward-API env, config volume,
 * health probes and the restricted Pod Security settings.
 */
import type { ResourceRequirements } from '../api/function-config';
import { quantityValue } from '../api/quantity';
import { COLLECTOR_CONTAINER, COLLECTOR_RUN_AS_USER, ENV, PORTS } from '../constants';
import type { EnvVar, PodSecurityContext, Probe, SecurityContext, Volume, VolumeMount } from './types';

/** The collector config references these as ${env:MY_POD_IP} (endpoints) and ${env:MY_NODE_NAME}. */
export function downwardApiEnv(): EnvVar[] {
  return [
    { name: ENV.podIp, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    { name: ENV.nodeName, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
  ];
}

export function configArgs(configMapKey: string): string[] {
  return [`--config=${COLLECTOR_CONTAINER.configMountPath}/${configMapKey}`];
}

/** Only the config key is projected, so nothing else a user adds to the ConfigMap ends up in the pod. */
export function configVolume(configMapName: string, configMapKey: string): Volume {
  return {
    name: COLLECTOR_CONTAINER.configVolume,
    configMap: { name: configMapName, items: [{ key: configMapKey, path: configMapKey }] },
  };
}

export function configVolumeMount(): VolumeMount {
  return { name: COLLECTOR_CONTAINER.configVolume, mountPath: COLLECTOR_CONTAINER.configMountPath, readOnly: true };
}

/** The health_check extension answers on / once all pipelines started. */
export function healthProbe(): Probe {
  return { httpGet: { path: '/', port: PORTS.healthCheck } };
}

/** Pod Security Standard "restricted", plus a read-only root filesystem (the collector writes nothing). */
export function containerSecurityContext(): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: COLLECTOR_RUN_AS_USER,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function podSecurityContext(): PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: COLLECTOR_RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } };
}

/**
 * Field-wise override: a setting such as `limits.memory` alone replaces only that field and keeps the other
 * defaults. (Replacing the whole block would leave requests unset, and Kubernetes would then default the
 * requests to the limits.) Empty groups are dropped.
 */
export function resourcesWithOverride(defaults: ResourceRequirements, override: ResourceRequirements | undefined): ResourceRequirements {
  const result: ResourceRequirements = {};
  const limits = { ...(defaults.limits ?? {}), ...(override?.limits ?? {}) };
  const requests = { ...(defaults.requests ?? {}), ...(override?.requests ?? {}) };
  // A default must never contradict the user's own value (the API server rejects requests above limits):
  // a default limit below the user's request rises to it, a default request above the user's limit drops to it.
  for (const resource of ['cpu', 'memory'] as const) {
    const request = requests[resource];
    const limit = limits[resource];
    if (request === undefined || limit === undefined || !(quantityValue(request) > quantityValue(limit))) continue;
    const userRequest = override?.requests?.[resource] !== undefined;
    const userLimit = override?.limits?.[resource] !== undefined;
    if (userRequest && !userLimit) limits[resource] = request;
    else if (userLimit && !userRequest) requests[resource] = limit;
  }
  for (const group of ['limits', 'requests'] as const) {
    const merged = group === 'limits' ? limits : requests;
    const ordered = {
      ...(merged.cpu !== undefined ? { cpu: merged.cpu } : {}),
      ...(merged.memory !== undefined ? { memory: merged.memory } : {}),
    };
    if (Object.keys(ordered).length > 0) result[group] = ordered;
  }
  return result;
}
