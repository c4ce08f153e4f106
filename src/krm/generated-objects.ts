/**
 * Every object the function can generate with the given functionConfig: what a later run may replace. The
 * managed-by label alone proves nothing (anyone can set it), so an input object is the function's own only
 * if it is one of these, by (API group, kind, namespace, name); or by (API group, kind, name) in the very
 * file the function writes that object to: its output from before a namespace change, which kpt would
 * otherwise refuse next to the new output, at the same path and index.
 *
 * The builders tell: the objects of every component in render/components.ts are built once for a pipeline
 * that uses every input, with every optional object switched on, in the configured namespace. Names never
 * depend on the pipelines, so this covers the agent a previous run rendered when this run renders none,
 * and the PodDisruptionBudget and HorizontalPodAutoscaler of an earlier replica setting. The collector
 * configs and credentials are left out: they name nothing, and the checksum over credentials is made
 * deliberately slow. test/krm/managed-by-label.test.ts checks that every rendered object is known here.
 */
import { decodeSettings, type Settings } from '../api/function-config';
import { readMetricPipeline } from '../api/read-pipeline';
import { KPT_ANNOTATIONS, METRIC_PIPELINE_KIND, METRIC_PIPELINE_VERSIONS, TELEMETRY_GROUP } from '../constants';
import { SecretIndex } from '../core/secret-index';
import { buildAgentObjects } from '../manifests/agent';
import { buildGatewayObjects } from '../manifests/gateway';
import { buildStatusJobObjects } from '../manifests/status-job';
import { buildPlan } from '../plan/build-plan';

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export interface ObjectId {
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects and objects without one. */
  namespace: string;
  name: string;
  /** The kpt path annotation; '' when absent. */
  path: string;
}

/** Identity across API versions: `apps/v1` and `apps/v1beta2` name the same Deployment. */
function key(o: ObjectId): string {
  return JSON.stringify([groupOf(o.apiVersion), o.kind, o.namespace, o.name]);
}

function fileKey(o: ObjectId): string {
  return JSON.stringify([groupOf(o.apiVersion), o.kind, o.name, o.path]);
}

export class GeneratedObjects {
  private readonly keys: Set<string>;
  private readonly fileKeys: Set<string>;

  constructor(objects: ObjectId[]) {
    this.keys = new Set(objects.map(key));
    this.fileKeys = new Set(objects.filter((o) => o.path !== '').map(fileKey));
  }

  includes(o: ObjectId): boolean {
    return this.keys.has(key(o)) || (o.path !== '' && this.fileKeys.has(fileKey(o)));
  }
}

const EVERY_INPUT = {
  apiVersion: `${TELEMETRY_GROUP}/${METRIC_PIPELINE_VERSIONS[0]}`,
  kind: METRIC_PIPELINE_KIND,
  metadata: { name: 'catalogue' },
  spec: {
    input: { prometheus: { enabled: true }, istio: { enabled: true }, runtime: { enabled: true } },
    output: { otlp: { endpoint: { value: 'https://catalogue.invalid:4317' } } },
  },
};

/** Settings under which every optional object is rendered; names and namespace stay as configured. */
function everything(settings: Settings): Settings {
  return {
    ...settings,
    istio: true,
    gateway: { ...settings.gateway, autoscaling: { minReplicas: 2, maxReplicas: 2, targetCPUUtilizationPercentage: 80 } },
  };
}

/** undefined when the functionConfig does not decode: then the namespace, and so the objects, are unknown. */
export function generatedObjects(functionConfig: unknown): GeneratedObjects | undefined {
  const decoded = decodeSettings(functionConfig);
  if (!decoded.ok) return undefined;
  const { pipeline } = readMetricPipeline(EVERY_INPUT);
  if (!pipeline) throw new Error('the catalogue pipeline no longer decodes');
  const settings = everything(decoded.settings);
  const outcomes = { [pipeline.name]: { rendered: true, reason: 'GatewayConfigured', message: '' } };
  const { gateway, agent } = buildPlan(settings, [pipeline], new SecretIndex(), outcomes);
  if (!gateway || !agent) throw new Error('the catalogue pipeline no longer renders the gateway and the agent');
  const objects = [
    ...buildGatewayObjects({ ...gateway, secretData: {} }, ''),
    ...buildAgentObjects(agent, ''),
    ...buildStatusJobObjects(settings),
  ];
  return new GeneratedObjects(
    objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name,
      path: o.metadata.annotations?.[KPT_ANNOTATIONS.path] ?? '',
    })),
  );
}
