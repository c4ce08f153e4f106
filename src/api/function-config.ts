/**
 * The function's own configuration: a typed `RenderMetricPipelines` object or, equally, a plain ConfigMap
 * whose `data` carries the same top-level keys as strings (what `kpt fn eval -- key=value` and Kptfile
 * `configMap:` produce). Unknown keys are errors.
 *
 * SETTINGS is the one list of keys: per key its codec (what the typed object accepts), how a ConfigMap
 * string becomes that value, its default and the rules the codec cannot express. The decoded types derive
 * from it; `settingsOf` arranges the values into the nested Settings the builders read.
 * The codecs and rules, with their messages, are in setting-codecs.ts.
 */
import * as t from 'io-ts';
import { parse as parseYaml } from 'yaml';
import {
  COLLECTOR,
  DEFAULT_COLLECTION_INTERVAL,
  DEFAULT_GATEWAY_REPLICAS,
  DEFAULT_MAX_PIPELINES,
  DEFAULT_NAMESPACE,
  FN_CONFIG_API_VERSION,
  FN_CONFIG_KIND,
  FUNCTION_IMAGE,
  GATEWAY_AUTOSCALING,
  GATEWAY_GRPC_KEEPALIVE,
  STATUS_JOB,
} from '../constants';
import { decodeWith, joinPath, unknownFields, type DecodeProblem } from './decode';
import { Affinity, EnvVar, extraEnvRules, TopologySpreadConstraint } from './placement-codecs';
import {
  Autoscaling,
  CollectionInterval,
  CredentialsMode,
  CronSchedule,
  DnsLabel,
  DnsSubdomain,
  HttpUrl,
  ImageReference,
  Int,
  InvalidPipelines,
  PodLabelSelector,
  minNotAboveMax,
  requestNotAboveLimit,
  Resources,
  StringMap,
  Toleration,
  tolerationRules,
  type Rule,
} from './setting-codecs';

export { durationMs, type PodLabelSelector, type ResourceRequirements, type Toleration } from './setting-codecs';
export type { EnvVar, TopologySpreadConstraint } from './placement-codecs';

/** How a ConfigMap string becomes the value the codec then decodes, or why it cannot. */
type FromString = (text: string) => { value: unknown } | { problem: string };

const asString: FromString = (text) => ({ value: text });
/** Digits only; anything else stays a string and fails decoding with the codec's message. */
const asInt: FromString = (text) => ({ value: /^\s*-?\d+\s*$/.test(text) ? Number(text) : text });
/** Only the two spellings Kubernetes itself writes; anything else stays a string and fails decoding. */
const asBool: FromString = (text) => ({ value: text.trim() === 'true' ? true : text.trim() === 'false' ? false : text });
/** Structured values are YAML (flow or block). */
const asYaml: FromString = (text) => {
  try {
    return { value: parseYaml(text) };
  } catch {
    return { problem: 'must be valid YAML' };
  }
};

interface Setting<C extends t.Mixed, D> {
  codec: C;
  fromString: FromString;
  /** undefined: the key has no value unless given (or one settingsOf derives). */
  default: D;
  rule?: Rule<t.TypeOf<C>>;
}

function setting<C extends t.Mixed, D extends t.TypeOf<C> | undefined = undefined>(
  codec: C,
  fromString: FromString,
  options: { default?: D; rule?: Rule<t.TypeOf<C>> } = {},
): Setting<C, D> {
  return { codec, fromString, default: options.default as D, ...(options.rule ? { rule: options.rule } : {}) };
}

/** Every key the function accepts, in the typed object and as ConfigMap `data` keys, in this order. */
const SETTINGS = {
  namespace: setting(DnsLabel, asString, { default: DEFAULT_NAMESPACE }),
  collectorImage: setting(ImageReference, asString, { default: COLLECTOR.image }),
  clusterName: setting(t.string, asString),
  // Pod labels copied onto metrics as k8s.pod.label.<key> (Kyma's Telemetry spec.enrichments.extractPodLabels).
  extractPodLabels: setting(t.array(PodLabelSelector), asYaml, { default: [] }),
  maxPipelines: setting(Int(0), asInt, { default: DEFAULT_MAX_PIPELINES }),
  invalidPipelines: setting(InvalidPipelines, asString, { default: 'fail' as const }),
  // copy: Secrets of other namespaces are copied into the merged Secret; reference: never copy, fail instead.
  credentials: setting(CredentialsMode, asString, { default: 'copy' as const }),
  reloaderAnnotation: setting(t.boolean, asBool, { default: false }),
  gatewayReplicas: setting(Int(1), asInt, { default: DEFAULT_GATEWAY_REPLICAS }),
  gatewayAutoscaling: setting(Autoscaling, asYaml, { rule: minNotAboveMax }),
  gatewayResources: setting(Resources, asYaml, { rule: requestNotAboveLimit }),
  gatewayMaxConnectionAge: setting(CollectionInterval, asString, { default: GATEWAY_GRPC_KEEPALIVE.defaultMaxConnectionAge }),
  // Placement and environment per component (src/api/placement-codecs.ts).
  gatewayNodeSelector: setting(StringMap, asYaml),
  gatewayTolerations: setting(t.array(Toleration), asYaml, { rule: tolerationRules }),
  gatewayAffinity: setting(Affinity, asYaml),
  gatewayTopologySpreadConstraints: setting(t.array(TopologySpreadConstraint), asYaml),
  gatewayExtraEnv: setting(t.array(EnvVar), asYaml, { default: [], rule: extraEnvRules }),
  priorityClassName: setting(DnsSubdomain, asString),
  imagePullSecrets: setting(t.array(DnsSubdomain), asYaml, { default: [] }),
  workloadLabels: setting(StringMap, asYaml, { default: {} }),
  workloadAnnotations: setting(StringMap, asYaml, { default: {} }),
  podLabels: setting(StringMap, asYaml, { default: {} }),
  podAnnotations: setting(StringMap, asYaml, { default: {} }),
  istio: setting(t.boolean, asBool, { default: false }),
  pprof: setting(t.boolean, asBool, { default: false }),
  collectionInterval: setting(CollectionInterval, asString, { default: DEFAULT_COLLECTION_INTERVAL }),
  // The per-input intervals default to collectionInterval (settingsOf).
  prometheusCollectionInterval: setting(CollectionInterval, asString),
  istioCollectionInterval: setting(CollectionInterval, asString),
  runtimeCollectionInterval: setting(CollectionInterval, asString),
  agentResources: setting(Resources, asYaml, { rule: requestNotAboveLimit }),
  agentTolerations: setting(t.array(Toleration), asYaml, { rule: tolerationRules }),
  agentNodeSelector: setting(StringMap, asYaml),
  agentAffinity: setting(Affinity, asYaml),
  agentExtraEnv: setting(t.array(EnvVar), asYaml, { default: [], rule: extraEnvRules }),
  // The status CronJob (src/manifests/status-job): its image, schedule, evaluation window, optional Prometheus.
  statusImage: setting(ImageReference, asString, { default: `${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}` }),
  statusSchedule: setting(CronSchedule, asString, { default: STATUS_JOB.defaultSchedule }),
  statusWindowSeconds: setting(Int(10, 3600), asInt, { default: STATUS_JOB.defaultWindowSeconds }),
  statusPrometheusURL: setting(HttpUrl, asString),
  statusNodeSelector: setting(StringMap, asYaml),
  statusTolerations: setting(t.array(Toleration), asYaml, { rule: tolerationRules }),
};

type Table = typeof SETTINGS;
type Key = keyof Table;
export const SETTING_KEYS = Object.keys(SETTINGS) as Key[];

const SettingsCodec = t.partial(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].codec])) as { [K in Key]: Table[K]['codec'] },
);

/** What the functionConfig said, decoded: only the keys it set. */
type Given = t.TypeOf<typeof SettingsCodec>;

/** Every key's value after defaults; keys without a default may be unset. */
type Values = {
  [K in Key]: Table[K]['default'] extends undefined ? t.TypeOf<Table[K]['codec']> | undefined : t.TypeOf<Table[K]['codec']>;
};

function withDefaults(given: Given): Values {
  const values: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) values[key] = given[key] ?? SETTINGS[key].default;
  return values as Values;
}

/** The inputs the metric agent collects; each has its own collection interval. */
export type AgentInputName = 'prometheus' | 'istio' | 'runtime';

/** The nested settings the builders read; lists and maps are copies, so no two Settings share one. */
function settingsOf(v: Values) {
  const collectionIntervals: Record<AgentInputName, string> = {
    prometheus: v.prometheusCollectionInterval ?? v.collectionInterval,
    istio: v.istioCollectionInterval ?? v.collectionInterval,
    runtime: v.runtimeCollectionInterval ?? v.collectionInterval,
  };
  return {
    namespace: v.namespace,
    collectorImage: v.collectorImage,
    ...(v.clusterName !== undefined && v.clusterName !== '' ? { clusterName: v.clusterName } : {}),
    extractPodLabels: v.extractPodLabels.map((selector) => ({ ...selector })),
    maxPipelines: v.maxPipelines,
    invalidPipelines: v.invalidPipelines,
    /**
     * Secrets of the gateway's namespace are always read in the cluster; `reference` also refuses to copy a
     * Secret of another namespace into the output (src/plan/credential-source.ts).
     */
    credentials: v.credentials,
    /** Adds reloader.stakater.com/auto to the gateway Deployment: a changed referenced Secret rolls the pods. */
    reloaderAnnotation: v.reloaderAnnotation,
    gateway: {
      replicas: v.gatewayReplicas,
      /** gRPC clients reconnect after this long, so load spreads over new replicas (Go duration). */
      maxConnectionAge: v.gatewayMaxConnectionAge,
      ...(v.gatewayAutoscaling !== undefined
        ? {
            autoscaling: {
              minReplicas: v.gatewayAutoscaling.minReplicas,
              maxReplicas: v.gatewayAutoscaling.maxReplicas,
              targetCPUUtilizationPercentage: v.gatewayAutoscaling.targetCPUUtilizationPercentage ?? GATEWAY_AUTOSCALING.defaultTargetCPUUtilizationPercentage,
            },
          }
        : {}),
      ...(v.gatewayResources !== undefined ? { resources: v.gatewayResources } : {}),
      placement: {
        ...(v.gatewayNodeSelector !== undefined ? { nodeSelector: { ...v.gatewayNodeSelector } } : {}),
        ...(v.gatewayTolerations !== undefined ? { tolerations: v.gatewayTolerations.map((x) => ({ ...x })) } : {}),
        ...(v.gatewayAffinity !== undefined ? { affinity: structuredClone(v.gatewayAffinity) } : {}),
        /** Replaces the default spread over nodes and zones; `[]` for none. */
        ...(v.gatewayTopologySpreadConstraints !== undefined ? { topologySpreadConstraints: structuredClone(v.gatewayTopologySpreadConstraints) } : {}),
      },
      extraEnv: structuredClone(v.gatewayExtraEnv),
    },
    ...(v.priorityClassName !== undefined ? { priorityClassName: v.priorityClassName } : {}),
    imagePullSecrets: [...v.imagePullSecrets],
    workloadLabels: { ...v.workloadLabels },
    workloadAnnotations: { ...v.workloadAnnotations },
    podLabels: { ...v.podLabels },
    podAnnotations: { ...v.podAnnotations },
    /**
     * Istio runs in the cluster and the agent should join the mesh: it then gets a sidecar that shares its
     * certificates, scrapes STRICT-mTLS workloads over https and exports through the sidecar.
     */
    istio: v.istio,
    /**
     * The collectors' pprof extension on 127.0.0.1 (reached with kubectl port-forward). Off unless asked
     * for, as in the collector's Helm chart and the Operator: heap and CPU profiles are for a debugging
     * session, not for every pod.
     */
    pprof: v.pprof,
    agent: {
      /** Go/Prometheus durations such as 30s, per input. */
      collectionIntervals,
      ...(v.agentResources !== undefined ? { resources: v.agentResources } : {}),
      /** Replaces the default (tolerate every NoSchedule and NoExecute taint); `[]` tolerates nothing. */
      ...(v.agentTolerations !== undefined ? { tolerations: v.agentTolerations.map((toleration) => ({ ...toleration })) } : {}),
      placement: {
        ...(v.agentNodeSelector !== undefined ? { nodeSelector: { ...v.agentNodeSelector } } : {}),
        ...(v.agentAffinity !== undefined ? { affinity: structuredClone(v.agentAffinity) } : {}),
      },
      extraEnv: structuredClone(v.agentExtraEnv),
    },
    /** The status CronJob. */
    status: {
      image: v.statusImage,
      schedule: v.statusSchedule.trim(),
      windowSeconds: v.statusWindowSeconds,
      /** Query this Prometheus for the collectors' metrics instead of scraping the pods. */
      ...(v.statusPrometheusURL !== undefined ? { prometheusURL: v.statusPrometheusURL } : {}),
      placement: {
        ...(v.statusNodeSelector !== undefined ? { nodeSelector: { ...v.statusNodeSelector } } : {}),
        ...(v.statusTolerations !== undefined ? { tolerations: v.statusTolerations.map((x) => ({ ...x })) } : {}),
      },
    },
  };
}

export type Settings = ReturnType<typeof settingsOf>;

export const DEFAULT_SETTINGS: Settings = settingsOf(withDefaults({}));

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: DecodeProblem[] };

function fromConfigMapData(data: unknown): { raw: Record<string, unknown>; problems: DecodeProblem[] } {
  const problems: DecodeProblem[] = [];
  const raw: Record<string, unknown> = {};
  if (data === undefined || data === null) return { raw, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { raw, problems: [{ path: 'data', message: 'must be a map of strings' }] };
  }
  for (const [key, value] of Object.entries(data)) {
    const path = joinPath('data', key);
    if (!Object.hasOwn(SETTINGS, key)) {
      problems.push({ path, message: `unknown key "${key}"; known keys: ${SETTING_KEYS.join(', ')}` });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ path, message: 'ConfigMap data values must be strings' });
      continue;
    }
    const parsed = SETTINGS[key as Key].fromString(value);
    if ('problem' in parsed) problems.push({ path, message: parsed.problem });
    else raw[key] = parsed.value;
  }
  return { raw, problems };
}

/** The rules of every key that is set, in key order. */
function ruleProblems(given: Given, base: string): DecodeProblem[] {
  return SETTING_KEYS.flatMap((key) => {
    const rule = SETTINGS[key].rule as Rule<unknown> | undefined;
    const value = given[key];
    return rule === undefined || value === undefined ? [] : rule(value, joinPath(base, key));
  });
}

/** A ConfigMap value is one string, so a problem inside it is reported on the key, naming the inner field. */
function inConfigMapValue(problem: DecodeProblem): DecodeProblem {
  const match = /^data\.(\w+)[.[](.*)$/.exec(problem.path);
  if (!match) return problem;
  const inner = problem.path.slice(`data.${match[1]}`.length).replace(/^\./, '');
  return { path: `data.${match[1]}`, message: `${inner} ${problem.message}` };
}

/** The keys of either form, before decoding, with the problems of reading them; undefined for another kind. */
function givenKeys(obj: Record<string, unknown>): { raw: Record<string, unknown>; base: string; problems: DecodeProblem[] } | undefined {
  const { apiVersion, kind } = obj;
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    const { raw, problems } = fromConfigMapData(obj['data']);
    // Top-level keys were checked above; this finds misspelt keys inside YAML values (e.g. a toleration).
    for (const path of unknownFields(SettingsCodec, raw, 'data')) problems.push(inConfigMapValue({ path, message: 'is not a known field' }));
    return { raw, base: 'data', problems };
  }
  if (apiVersion === FN_CONFIG_API_VERSION && kind === FN_CONFIG_KIND) {
    const raw = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata'));
    const problems = unknownFields(SettingsCodec, raw, '').map((path) => {
      const key = path.split(/[.[]/).pop() ?? path;
      return { path, message: `unknown key "${key}"${path.includes('.') ? '' : `; known keys: ${SETTING_KEYS.join(', ')}`}` };
    });
    return { raw, base: '', problems };
  }
  return undefined;
}

/**
 * Decodes the functionConfig object (or its absence) into settings with defaults.
 * Paths in problems are relative to the functionConfig object.
 */
export function decodeSettings(functionConfig: unknown, inherited: InheritedSettings = {}): SettingsResult {
  if (functionConfig === undefined || functionConfig === null) {
    return Object.keys(inherited).length === 0 ? { ok: true, settings: DEFAULT_SETTINGS } : { ok: true, settings: settingsOf(withDefaults({ ...inherited })) };
  }
  if (typeof functionConfig !== 'object' || Array.isArray(functionConfig)) {
    return { ok: false, problems: [{ path: '', message: 'functionConfig must be an object' }] };
  }
  const obj = functionConfig as Record<string, unknown>;
  const read = givenKeys(obj);
  if (read === undefined) {
    const message = `functionConfig must be a ConfigMap (v1) or ${FN_CONFIG_KIND} (${FN_CONFIG_API_VERSION}), got ${String(obj['kind'])} (${String(obj['apiVersion'])})`;
    return { ok: false, problems: [{ path: 'kind', message }] };
  }
  const { raw, base, problems } = read;
  const inValue = (list: DecodeProblem[]) => (base === 'data' ? list.map(inConfigMapValue) : list);
  const decoded = decodeWith(SettingsCodec, raw, base);
  if (!decoded.ok) return { ok: false, problems: [...problems, ...inValue(decoded.problems)] };
  problems.push(...inValue(ruleProblems(decoded.value, base)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: settingsOf(withDefaults({ ...inherited, ...decoded.value })) };
}

/** Settings taken from elsewhere than the functionConfig (Kyma's Telemetry resource); the functionConfig wins. */
export type InheritedSettings = Given;

/**
 * Values another resource sets, as the functionConfig's typed form would (keys of SETTINGS): decoded and
 * checked by the same codecs and rules. Paths in problems are the keys.
 */
export function decodeInherited(raw: Record<string, unknown>): { ok: true; given: InheritedSettings } | { ok: false; problems: DecodeProblem[] } {
  const decoded = decodeWith(SettingsCodec, raw, '');
  if (!decoded.ok) return { ok: false, problems: decoded.problems };
  const problems = ruleProblems(decoded.value, '');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, given: decoded.value };
}

/** The keys the functionConfig sets itself; none when it cannot be read (decodeSettings says why). */
export function keysSetBy(functionConfig: unknown): string[] {
  if (functionConfig === undefined || functionConfig === null || typeof functionConfig !== 'object' || Array.isArray(functionConfig)) return [];
  return Object.keys(givenKeys(functionConfig as Record<string, unknown>)?.raw ?? {});
}
