/**
 * The gateway Deployment (Kyma <= 1.62 metric gateway): OTLP in, OTLP out, replicas spread over nodes and zones
 * (topology spread constraints, ScheduleAnyway, unless the settings replace them).
 * No GOMEMLIMIT env: the collector config sets the Go memory limit itself (cgroup_runtime extension,
 * ratio 0.8 of the container memory limit), so it follows the limit set here.
 */
import type { ResourceRequirements } from '../../api/function-config';
import { ANNOTATIONS, COLLECTOR_CONTAINER, GATEWAY, GATEWAY_RESOURCES, GATEWAY_ROLLING_UPDATE, LABEL_VALUE, LABELS, PORT_NAMES, PORTS, RELOADER_ANNOTATION } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import {
  configArgs,
  configVolume,
  configVolumeMount,
  containerSecurityContext,
  downwardApiEnv,
  healthProbe,
  podSecurityContext,
  resourcesWithOverride,
} from '../collector-pod';
import { componentMeta, mergeOwnLast } from '../metadata';
import { defaultSpread, placementFields } from '../placement';
import { credentialEnv, credentialsVolume, credentialsVolumeMount } from './credentials';
import type { Container, Deployment, PodSpec } from '../types';

const { labels: gatewayLabels, meta: gatewayMeta, selector: gatewaySelector } = componentMeta(GATEWAY);

/** Every pipeline adds an exporter with its own sending queue, and a copy of each point: both grow per pipeline. */
export function defaultGatewayResources(pipelineCount: number): ResourceRequirements {
  const r = GATEWAY_RESOURCES;
  return {
    limits: { memory: `${r.memoryLimitBaseMi + r.memoryLimitPerPipelineMi * pipelineCount}Mi` },
    requests: { cpu: `${r.cpuRequestBaseMilli + r.cpuRequestPerPipelineMilli * pipelineCount}m`, memory: `${r.memoryRequestBaseMi + r.memoryRequestPerPipelineMi * pipelineCount}Mi` },
  };
}

/** The collector container's resources: the defaults, with functionConfig gatewayResources over them. */
export function gatewayResources(plan: GatewayPlan): ResourceRequirements {
  return resourcesWithOverride(defaultGatewayResources(plan.pipelines.length), plan.settings.gateway.resources);
}

function collectorContainer(plan: GatewayPlan): Container {
  return {
    name: COLLECTOR_CONTAINER.name,
    image: plan.settings.collectorImage,
    args: configArgs(GATEWAY.configMapKey),
    // The user's extra variables last: validation keeps them from shadowing the function's own.
    env: [...downwardApiEnv(), ...credentialEnv(plan), ...structuredClone(plan.settings.gateway.extraEnv)],
    // Not optional (unlike Kyma): the function always renders the Secret together with the Deployment, and a
    // missing Secret should keep the pod pending rather than start a collector with unresolved ${env:...}.
    envFrom: [{ secretRef: { name: GATEWAY.name } }],
    ports: [
      { name: PORT_NAMES.otlpGrpc, containerPort: PORTS.otlpGrpc, protocol: 'TCP' },
      { name: PORT_NAMES.otlpHttp, containerPort: PORTS.otlpHttp, protocol: 'TCP' },
      { name: PORT_NAMES.metrics, containerPort: PORTS.metrics, protocol: 'TCP' },
      { name: COLLECTOR_CONTAINER.healthCheckPortName, containerPort: PORTS.healthCheck, protocol: 'TCP' },
    ],
    livenessProbe: healthProbe(),
    readinessProbe: healthProbe(),
    resources: gatewayResources(plan),
    securityContext: containerSecurityContext(),
    volumeMounts: [configVolumeMount(), ...(plan.files.length > 0 ? [credentialsVolumeMount()] : [])],
  };
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function podSpec(plan: GatewayPlan): PodSpec {
  const { settings } = plan;
  return {
    serviceAccountName: GATEWAY.name,
    ...(settings.priorityClassName !== undefined ? { priorityClassName: settings.priorityClassName } : {}),
    ...(settings.imagePullSecrets.length > 0 ? { imagePullSecrets: settings.imagePullSecrets.map((name) => ({ name })) } : {}),
    securityContext: podSecurityContext(),
    ...placementFields({ topologySpreadConstraints: defaultSpread(), ...settings.gateway.placement }, gatewaySelector()),
    containers: [collectorContainer(plan)],
    volumes: [configVolume(GATEWAY.name, GATEWAY.configMapKey), ...optional(credentialsVolume(plan))],
  };
}

/**
 * With `reloaderAnnotation`, a reloader (Stakater Reloader) rolls the pods when a Secret they read changes:
 * referenced tokens and passwords are read once, at start. Certificates need no roll (they are reloaded).
 */
function workloadAnnotations(plan: GatewayPlan): Record<string, string> {
  const { settings } = plan;
  if (!settings.reloaderAnnotation) return settings.workloadAnnotations;
  return mergeOwnLast(settings.workloadAnnotations, { [RELOADER_ANNOTATION.key]: RELOADER_ANNOTATION.value });
}

/**
 * `checksum` is configChecksum over the ConfigMap data and checksumSecretData. Settings' workload labels and annotations
 * go on the Deployment only (they describe the workload, e.g. for cost allocation); pod labels and annotations
 * on the pod template. The function's own labels and the checksum win over settings with the same key.
 */
export function gatewayDeployment(plan: GatewayPlan, checksum: string): Deployment {
  const { settings } = plan;
  const podLabels = mergeOwnLast(settings.podLabels, {
    ...gatewayLabels(),
    [LABELS.metricIngest]: LABEL_VALUE.true,
    [LABELS.metricExport]: LABEL_VALUE.true,
  });
  const podAnnotations = mergeOwnLast(settings.podAnnotations, { [ANNOTATIONS.configChecksum]: checksum });
  const spec: NonNullable<Deployment['spec']> = {
    // With an HPA, a `replicas` field in Git would reset the HPA's choice on every sync.
    ...(settings.gateway.autoscaling === undefined ? { replicas: settings.gateway.replicas } : {}),
    selector: { matchLabels: gatewaySelector() },
    strategy: { type: 'RollingUpdate', rollingUpdate: { ...GATEWAY_ROLLING_UPDATE } },
    template: { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec(plan) },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: gatewayMeta(settings, GATEWAY.name, settings.workloadLabels, workloadAnnotations(plan)),
    spec,
  };
}
