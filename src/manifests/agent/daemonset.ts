/**
 * The agent DaemonSet: one collector per node, including tainted ones (control plane, dedicated pools),
 * because each agent only sees its own node's kubelet and pods. Restricted Pod Security like the gateway.
 * No Secret and no envFrom: the agent sends only to the gateway.
 */
import type { ResourceRequirements, Settings } from '../../api/function-config';
import { AGENT, AGENT_RESOURCES, ANNOTATIONS, COLLECTOR_CONTAINER, ISTIO, LABEL_VALUE, LABELS, PORT_NAMES, PORTS } from '../../constants';
import type { AgentPlan } from '../../plan/types';
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
import { placementFields } from '../placement';
import type { Container, DaemonSet, PodSpec, StringMap, Toleration, Volume } from '../types';

const { labels: agentLabels, meta: agentMeta, selector: agentSelector } = componentMeta(AGENT);

export function defaultAgentResources(): ResourceRequirements {
  return { limits: { ...AGENT_RESOURCES.limits }, requests: { ...AGENT_RESOURCES.requests } };
}

/** Tolerate every NoSchedule and NoExecute taint (Kyma's), unless functionConfig lists its own. */
export function agentTolerations(settings: Settings): Toleration[] {
  if (settings.agent.tolerations !== undefined) return settings.agent.tolerations.map((t) => ({ ...t }));
  return [
    { effect: 'NoExecute', operator: 'Exists' },
    { effect: 'NoSchedule', operator: 'Exists' },
  ];
}

/**
 * With Istio support the agent joins the mesh (Kyma ADR 026): its sidecar writes the workload certificates
 * into the shared volume (OUTPUT_CERTS), which the secure scrape job reads. The sidecar intercepts no traffic
 * except the export to the gateway (port 4317, mTLS when the gateway is in the mesh): scrapes carry their own
 * TLS, and kubelet and API server calls must not go through the mesh. Its own metrics port stays outside, so
 * scrapers need no mTLS.
 */
export function istioPodAnnotations(): StringMap {
  return {
    [ISTIO.annotations.proxyConfig]: `# configure an env variable OUTPUT_CERTS to write certificates to the given folder\nproxyMetadata:\n  OUTPUT_CERTS: ${ISTIO.certPath}\n`,
    [ISTIO.annotations.userVolumeMount]: JSON.stringify([{ name: ISTIO.certVolume, mountPath: ISTIO.certPath }]),
    [ISTIO.annotations.excludeInboundPorts]: String(PORTS.metrics),
    [ISTIO.annotations.includeOutboundIpRanges]: '',
    [ISTIO.annotations.includeOutboundPorts]: String(PORTS.otlpGrpc),
  };
}

function collectorContainer(plan: AgentPlan): Container {
  const { settings } = plan;
  const mounts = [configVolumeMount()];
  if (settings.istio) mounts.push({ name: ISTIO.certVolume, mountPath: ISTIO.certPath, readOnly: true });
  return {
    name: COLLECTOR_CONTAINER.name,
    image: settings.collectorImage,
    args: configArgs(AGENT.configMapKey),
    // The user's extra variables last: validation keeps them from shadowing the function's own.
    env: [...downwardApiEnv(), ...structuredClone(settings.agent.extraEnv)],
    ports: [
      { name: PORT_NAMES.metrics, containerPort: PORTS.metrics, protocol: 'TCP' },
      { name: COLLECTOR_CONTAINER.healthCheckPortName, containerPort: PORTS.healthCheck, protocol: 'TCP' },
    ],
    livenessProbe: healthProbe(),
    readinessProbe: healthProbe(),
    resources: resourcesWithOverride(defaultAgentResources(), settings.agent.resources),
    securityContext: containerSecurityContext(),
    volumeMounts: mounts,
  };
}

function podSpec(plan: AgentPlan): PodSpec {
  const { settings } = plan;
  const volumes: Volume[] = [configVolume(AGENT.name, AGENT.configMapKey)];
  if (settings.istio) volumes.push({ name: ISTIO.certVolume, emptyDir: {} });
  return {
    serviceAccountName: AGENT.name,
    ...(settings.priorityClassName !== undefined ? { priorityClassName: settings.priorityClassName } : {}),
    ...(settings.imagePullSecrets.length > 0 ? { imagePullSecrets: settings.imagePullSecrets.map((name) => ({ name })) } : {}),
    securityContext: podSecurityContext(),
    ...placementFields(settings.agent.placement, agentSelector()),
    tolerations: agentTolerations(settings),
    containers: [collectorContainer(plan)],
    volumes,
  };
}

/**
 * `checksum` is configChecksum over the ConfigMap data. Pod labels: the scrape and export markers Kyma's
 * NetworkPolicy guidance relies on (workloads behind default-deny allow ingress from
 * `telemetry.kyma-project.io/metric-scrape: "true"`), the metrics-scraping marker that lets the agent reach
 * other collectors' metrics ports, and an explicit sidecar decision, so that namespace-wide injection never
 * gives the agent a sidecar it is not configured for. The function's own labels and annotations win over
 * settings with the same key. No updateStrategy: the API server's default (one node at a time) is what an
 * agent wants, and writing it would only add a field to diff.
 */
export function agentDaemonSet(plan: AgentPlan, checksum: string): DaemonSet {
  const { settings } = plan;
  const podLabels = mergeOwnLast(settings.podLabels, {
    ...agentLabels(),
    [LABELS.metricScrape]: LABEL_VALUE.true,
    [LABELS.metricExport]: LABEL_VALUE.true,
    [LABELS.metricsScraping]: LABEL_VALUE.metricsScrapingAllowed,
    [LABELS.istioInject]: settings.istio ? 'true' : 'false',
  });
  const podAnnotations = mergeOwnLast(settings.podAnnotations, {
    [ANNOTATIONS.configChecksum]: checksum,
    ...(settings.istio ? istioPodAnnotations() : {}),
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: agentMeta(settings, AGENT.name, settings.workloadLabels, settings.workloadAnnotations),
    spec: {
      selector: { matchLabels: agentSelector() },
      template: { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec(plan) },
    },
  };
}
