/**
 * Kyma's `Telemetry` resource (operator.kyma-project.io), read as Kyma's manager reads it for metrics: the
 * gateway's static replicas, the cluster name, the pod labels to extract, the collection intervals. Each
 * becomes the functionConfig key of the same meaning; the functionConfig wins where both set one. What else
 * it sets cannot be honoured here (traces, logs, the OTLP gateway's own settings) and is named in a warning,
 * so that a Telemetry resource copied from a Kyma cluster is never half-applied in silence.
 */
import { TELEMETRY_RESOURCE } from '../constants';

/** Where each functionConfig key comes from in a Telemetry resource, for messages. */
export const TELEMETRY_FIELDS: Readonly<Record<string, string>> = {
  gatewayReplicas: 'spec.metric.gateway.scaling.static.replicas',
  collectionInterval: 'spec.metric.collectionInterval',
  prometheusCollectionInterval: 'spec.metric.prometheus.collectionInterval',
  istioCollectionInterval: 'spec.metric.istio.collectionInterval',
  runtimeCollectionInterval: 'spec.metric.runtime.collectionInterval',
  clusterName: 'spec.enrichments.cluster.name',
  extractPodLabels: 'spec.enrichments.extractPodLabels',
};

export interface TelemetryReading {
  /** functionConfig key → value, in the typed object's form (decoded by its codec afterwards). */
  settings: Record<string, unknown>;
  /** Paths (from `spec`) of fields that are set but not honoured. */
  ignored: string[];
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

export function isTelemetryResource(header: { apiVersion: string; kind: string }): boolean {
  return header.kind === TELEMETRY_RESOURCE.kind && header.apiVersion.startsWith(`${TELEMETRY_RESOURCE.group}/`);
}

/** Every leaf path under `value`, e.g. spec.trace.gateway.scaling.type. */
function leaves(value: unknown, path: string): string[] {
  if (!isRecord(value)) return [path];
  const keys = Object.keys(value);
  return keys.length === 0 ? [path] : keys.flatMap((k) => leaves(value[k], `${path}.${k}`));
}

/** Moves the fields it honours out of `rest` into settings; what stays in `rest` is reported as ignored. */
export function readTelemetryResource(object: Record<string, unknown>): TelemetryReading {
  const settings: Record<string, unknown> = {};
  const spec = isRecord(object['spec']) ? structuredClone(object['spec']) : {};
  const take = (parent: unknown, key: string): unknown => {
    if (!isRecord(parent) || !(key in parent)) return undefined;
    const value = parent[key];
    delete parent[key];
    return value;
  };
  const prune = (parent: Record<string, unknown>, key: string) => {
    if (isRecord(parent[key]) && Object.keys(parent[key] as object).length === 0) delete parent[key];
  };

  const metric = spec['metric'];
  if (isRecord(metric)) {
    const gateway = metric['gateway'];
    if (isRecord(gateway) && isRecord(gateway['scaling'])) {
      const scaling = gateway['scaling'] as Record<string, unknown>;
      // Kyma's only scaling type is Static; an absent type means Static too.
      if (scaling['type'] === undefined || scaling['type'] === 'Static') {
        take(scaling, 'type');
        const replicas = take(scaling['static'], 'replicas');
        if (replicas !== undefined) settings['gatewayReplicas'] = replicas;
        prune(scaling, 'static');
      }
      prune(gateway, 'scaling');
      prune(metric, 'gateway');
    }
    const interval = take(metric, 'collectionInterval');
    if (interval !== undefined) settings['collectionInterval'] = interval;
    for (const input of ['prometheus', 'istio', 'runtime'] as const) {
      const value = take(metric[input], 'collectionInterval');
      if (value !== undefined) settings[`${input}CollectionInterval`] = value;
      prune(metric, input);
    }
    prune(spec, 'metric');
  }
  const enrichments = spec['enrichments'];
  if (isRecord(enrichments)) {
    const name = take(enrichments['cluster'], 'name');
    if (name !== undefined) settings['clusterName'] = name;
    prune(enrichments, 'cluster');
    const labels = take(enrichments, 'extractPodLabels');
    if (labels !== undefined) settings['extractPodLabels'] = labels;
    prune(spec, 'enrichments');
  }
  return { settings, ignored: Object.keys(spec).flatMap((k) => leaves(spec[k], `spec.${k}`)) };
}
