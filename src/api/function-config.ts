/**
 * The function's own configuration: a typed `RenderMetricPipelines` object or, equally, a plain ConfigMap
 * whose `data` carries the same top-level keys as strings (what `kpt fn eval -- key=value` and Kptfile
 * `configMap:` produce). Both are decoded with the same io-ts codec; unknown keys are errors.
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
  STATUS_JOB,
} from '../constants';
import { decodeWith, joinPath, unknownFields, type DecodeProblem } from './decode';
import { isQuantity, quantityValue } from './quantity';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function refined<A>(base: t.Type<A, A, unknown>, name: string, ok: (a: A) => boolean, message: string) {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && ok(u),
    (u, c) => {
      const r = base.validate(u, c);
      if (r._tag === 'Left') return r;
      return ok(r.right) ? r : t.failure(u, c, message);
    },
    t.identity,
  );
}

/**
 * A CronJob schedule as the CronJob controller parses it: five fields (minute hour day month weekday, with
 * `*`, lists, ranges, steps, names) or a predefined @-schedule. A timezone prefix belongs in spec.timeZone.
 */
function isCronSchedule(s: string): boolean {
  const text = s.trim();
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(text)) return true;
  const fields = text.split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9A-Za-z*?/,-]+$/.test(f));
}

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const Quantity = refined(t.string, 'quantity', isQuantity, 'must be a Kubernetes quantity such as 100m or 512Mi');
const DnsLabel = refined(t.string, 'DNS label', (s) => s.length <= 63 && DNS_LABEL.test(s), 'must be a DNS label (lowercase letters, digits and -, at most 63 characters)');
const DnsSubdomain = refined(t.string, 'DNS subdomain', (s) => s.length <= 253 && DNS_SUBDOMAIN.test(s), 'must be a DNS subdomain name');
const Int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  refined(t.number, 'integer', (n) => Number.isInteger(n) && n >= min && n <= max, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`);
const ResourceList = t.partial({ cpu: Quantity, memory: Quantity });
const Resources = t.partial({ requests: ResourceList, limits: ResourceList });
const StringMap = t.record(t.string, t.string);
const InvalidPipelines = refined(t.string, 'fail|skip', (s) => s === 'fail' || s === 'skip', 'must be "fail" or "skip"') as t.Type<string, string, unknown>;

/**
 * A duration both the Go collector (kubelet_stats, k8s_cluster) and Prometheus (scrape_interval) parse the same
 * way: whole hours, minutes, seconds and milliseconds in that order, e.g. 30s, 1m30s. Go's fractions (1.5m)
 * and Prometheus' days and weeks are left out because the other side rejects them.
 */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
const MIN_COLLECTION_INTERVAL_MS = 1000;

/** Milliseconds of a DURATION string; undefined when it does not parse. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === '') return undefined;
  const [h, m, s, ms] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

const CollectionInterval = refined(
  t.string,
  'duration',
  (s) => (durationMs(s) ?? 0) >= MIN_COLLECTION_INTERVAL_MS,
  'must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)',
);

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const TOLERATION_OPERATORS = ['Exists', 'Equal'] as const;
const oneOf = <L extends string>(values: readonly L[], name: string) =>
  refined(t.string, name, (s) => (values as readonly string[]).includes(s), `must be one of ${values.map((v) => `"${v}"`).join(', ')}`) as t.Type<string, string, unknown>;
const Integer = refined(t.number, 'integer', (n) => Number.isInteger(n), 'must be an integer');
/** A pod toleration (core/v1 Toleration); the rules between its fields are checked in tolerationProblems. */
const Toleration = t.partial({
  key: t.string,
  operator: oneOf(TOLERATION_OPERATORS, 'toleration operator'),
  value: t.string,
  effect: oneOf(TAINT_EFFECTS, 'taint effect'),
  tolerationSeconds: Integer,
});

const Autoscaling = t.intersection([
  t.type({ minReplicas: Int(1), maxReplicas: Int(1) }),
  t.partial({ targetCPUUtilizationPercentage: Int(1, 100) }),
]);

/** Every key the function accepts, in the typed object and as ConfigMap `data` keys. */
export const SettingsCodec = t.partial({
  namespace: DnsLabel,
  collectorImage: refined(t.string, 'image', (s) => s.trim() !== '' && !/\s/.test(s), 'must be an image reference'),
  clusterName: t.string,
  maxPipelines: Int(0),
  invalidPipelines: InvalidPipelines,
  gatewayReplicas: Int(1),
  gatewayAutoscaling: Autoscaling,
  gatewayResources: Resources,
  priorityClassName: DnsSubdomain,
  imagePullSecrets: t.array(DnsSubdomain),
  workloadLabels: StringMap,
  workloadAnnotations: StringMap,
  podLabels: StringMap,
  podAnnotations: StringMap,
  istio: t.boolean,
  collectionInterval: CollectionInterval,
  prometheusCollectionInterval: CollectionInterval,
  istioCollectionInterval: CollectionInterval,
  runtimeCollectionInterval: CollectionInterval,
  agentResources: Resources,
  agentTolerations: t.array(Toleration),
  // The status CronJob (src/manifests/status-job): its image, schedule, evaluation window, optional Prometheus.
  statusImage: refined(t.string, 'image', (s) => s.trim() !== '' && !/\s/.test(s), 'must be an image reference'),
  statusSchedule: refined(t.string, 'cron schedule', isCronSchedule, 'must be a cron schedule such as "* * * * *" (5 fields) or @hourly'),
  statusWindowSeconds: Int(10, 3600),
  statusPrometheusURL: refined(t.string, 'URL', isHttpUrl, 'must be an http:// or https:// URL such as http://prometheus.monitoring:9090'),
});

type RawSettings = t.TypeOf<typeof SettingsCodec>;
export const SETTING_KEYS = Object.keys(SettingsCodec.props) as (keyof RawSettings)[];

/** How a ConfigMap string becomes the typed value; structured values are YAML (flow or block). */
const CONFIGMAP_KINDS: Record<keyof RawSettings, 'string' | 'int' | 'bool' | 'yaml'> = {
  namespace: 'string',
  collectorImage: 'string',
  clusterName: 'string',
  maxPipelines: 'int',
  invalidPipelines: 'string',
  gatewayReplicas: 'int',
  gatewayAutoscaling: 'yaml',
  gatewayResources: 'yaml',
  priorityClassName: 'string',
  imagePullSecrets: 'yaml',
  workloadLabels: 'yaml',
  workloadAnnotations: 'yaml',
  podLabels: 'yaml',
  podAnnotations: 'yaml',
  istio: 'bool',
  collectionInterval: 'string',
  prometheusCollectionInterval: 'string',
  istioCollectionInterval: 'string',
  runtimeCollectionInterval: 'string',
  agentResources: 'yaml',
  agentTolerations: 'yaml',
  statusImage: 'string',
  statusSchedule: 'string',
  statusWindowSeconds: 'int',
  statusPrometheusURL: 'string',
};

export interface ResourceRequirements {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** The inputs the metric agent collects; each has its own collection interval. */
export type AgentInputName = 'prometheus' | 'istio' | 'runtime';

export interface Settings {
  namespace: string;
  collectorImage: string;
  clusterName?: string;
  maxPipelines: number;
  invalidPipelines: 'fail' | 'skip';
  gateway: {
    replicas: number;
    autoscaling?: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
    resources?: ResourceRequirements;
  };
  priorityClassName?: string;
  imagePullSecrets: string[];
  workloadLabels: Record<string, string>;
  workloadAnnotations: Record<string, string>;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /**
   * Istio runs in the cluster and the agent should join the mesh: it then gets a sidecar that shares its
   * certificates, scrapes STRICT-mTLS workloads over https and exports through the sidecar.
   */
  istio: boolean;
  agent: {
    /** Go/Prometheus durations such as 30s, per input. */
    collectionIntervals: Record<AgentInputName, string>;
    resources?: ResourceRequirements;
    /** Replaces the default (tolerate every NoSchedule and NoExecute taint); `[]` tolerates nothing. */
    tolerations?: Toleration[];
  };
  /** The status CronJob. */
  status: {
    image: string;
    schedule: string;
    windowSeconds: number;
    /** Query this Prometheus for the collectors' metrics instead of scraping the pods. */
    prometheusURL?: string;
  };
}

const DEFAULT_INTERVALS: Record<AgentInputName, string> = {
  prometheus: DEFAULT_COLLECTION_INTERVAL,
  istio: DEFAULT_COLLECTION_INTERVAL,
  runtime: DEFAULT_COLLECTION_INTERVAL,
};

export const DEFAULT_SETTINGS: Settings = {
  namespace: DEFAULT_NAMESPACE,
  collectorImage: COLLECTOR.image,
  maxPipelines: DEFAULT_MAX_PIPELINES,
  invalidPipelines: 'fail',
  gateway: { replicas: DEFAULT_GATEWAY_REPLICAS },
  imagePullSecrets: [],
  workloadLabels: {},
  workloadAnnotations: {},
  podLabels: {},
  podAnnotations: {},
  istio: false,
  agent: { collectionIntervals: { ...DEFAULT_INTERVALS } },
  status: {
    image: `${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}`,
    schedule: STATUS_JOB.defaultSchedule,
    windowSeconds: STATUS_JOB.defaultWindowSeconds,
  },
};

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
    const kind = Object.hasOwn(CONFIGMAP_KINDS, key) ? CONFIGMAP_KINDS[key as keyof RawSettings] : undefined;
    if (kind === undefined) {
      problems.push({ path, message: `unknown key "${key}"; known keys: ${SETTING_KEYS.join(', ')}` });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ path, message: 'ConfigMap data values must be strings' });
      continue;
    }
    if (kind === 'string') raw[key] = value;
    else if (kind === 'int') raw[key] = /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    // Only the two spellings Kubernetes itself writes; anything else stays a string and fails decoding.
    else if (kind === 'bool') raw[key] = value.trim() === 'true' ? true : value.trim() === 'false' ? false : value;
    else {
      try {
        raw[key] = parseYaml(value);
      } catch {
        problems.push({ path, message: 'must be valid YAML' });
      }
    }
  }
  return { raw, problems };
}

/** A per-input interval wins over `collectionInterval`, which wins over the default (Kyma's precedence). */
function collectionIntervals(raw: RawSettings): Record<AgentInputName, string> {
  const common = raw.collectionInterval ?? DEFAULT_COLLECTION_INTERVAL;
  return {
    prometheus: raw.prometheusCollectionInterval ?? common,
    istio: raw.istioCollectionInterval ?? common,
    runtime: raw.runtimeCollectionInterval ?? common,
  };
}

/** The rules between toleration fields that the API server enforces (core/v1 validation). */
function tolerationProblems(tolerations: readonly Toleration[], base: string): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  tolerations.forEach((t, i) => {
    const path = joinPath(joinPath(base, 'agentTolerations'), i);
    const operator = t.operator ?? 'Equal';
    if ((t.key ?? '') === '' && operator !== 'Exists') {
      problems.push({ path, message: 'operator must be Exists when key is empty (which matches every taint)' });
    }
    if (operator === 'Exists' && (t.value ?? '') !== '') problems.push({ path, message: 'value must be empty when operator is Exists' });
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      problems.push({ path, message: 'tolerationSeconds needs effect NoExecute' });
    }
  });
  return problems;
}

/** The API server rejects a container whose request exceeds its limit; say so at render time instead. */
function requestAboveLimit(resources: ResourceRequirements | undefined, path: string): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const request = resources?.requests?.[resource];
    const limit = resources?.limits?.[resource];
    if (request === undefined || limit === undefined || !(quantityValue(request) > quantityValue(limit))) continue;
    problems.push({ path: joinPath(joinPath(path, 'requests'), resource), message: `${request} must not exceed limits.${resource} ${limit}` });
  }
  return problems;
}

function withDefaults(raw: RawSettings): Settings {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    gateway: { replicas: raw.gatewayReplicas ?? DEFAULT_GATEWAY_REPLICAS },
    namespace: raw.namespace ?? DEFAULT_NAMESPACE,
    collectorImage: raw.collectorImage ?? COLLECTOR.image,
    maxPipelines: raw.maxPipelines ?? DEFAULT_MAX_PIPELINES,
    invalidPipelines: (raw.invalidPipelines as Settings['invalidPipelines'] | undefined) ?? 'fail',
    imagePullSecrets: [...(raw.imagePullSecrets ?? [])],
    workloadLabels: { ...(raw.workloadLabels ?? {}) },
    workloadAnnotations: { ...(raw.workloadAnnotations ?? {}) },
    podLabels: { ...(raw.podLabels ?? {}) },
    podAnnotations: { ...(raw.podAnnotations ?? {}) },
    istio: raw.istio ?? false,
    agent: { collectionIntervals: collectionIntervals(raw) },
    status: {
      image: raw.statusImage ?? DEFAULT_SETTINGS.status.image,
      schedule: raw.statusSchedule?.trim() ?? DEFAULT_SETTINGS.status.schedule,
      windowSeconds: raw.statusWindowSeconds ?? DEFAULT_SETTINGS.status.windowSeconds,
      ...(raw.statusPrometheusURL !== undefined ? { prometheusURL: raw.statusPrometheusURL } : {}),
    },
  };
  if (raw.agentResources !== undefined) settings.agent.resources = raw.agentResources;
  if (raw.agentTolerations !== undefined) settings.agent.tolerations = raw.agentTolerations.map((t) => ({ ...t }) as Toleration);
  if (raw.clusterName !== undefined && raw.clusterName !== '') settings.clusterName = raw.clusterName;
  if (raw.priorityClassName !== undefined) settings.priorityClassName = raw.priorityClassName;
  if (raw.gatewayResources !== undefined) settings.gateway.resources = raw.gatewayResources;
  if (raw.gatewayAutoscaling !== undefined) {
    settings.gateway.autoscaling = {
      minReplicas: raw.gatewayAutoscaling.minReplicas,
      maxReplicas: raw.gatewayAutoscaling.maxReplicas,
      targetCPUUtilizationPercentage: raw.gatewayAutoscaling.targetCPUUtilizationPercentage ?? 80,
    };
  }
  return settings;
}

/** A ConfigMap value is one string, so a problem inside it is reported on the key, naming the inner field. */
function inConfigMapValue(problem: DecodeProblem): DecodeProblem {
  const match = /^data\.(\w+)[.[](.*)$/.exec(problem.path);
  if (!match) return problem;
  const inner = problem.path.slice(`data.${match[1]}`.length).replace(/^\./, '');
  return { path: `data.${match[1]}`, message: `${inner} ${problem.message}` };
}

/**
 * Decodes the functionConfig object (or its absence) into settings with defaults.
 * Paths in problems are relative to the functionConfig object.
 */
export function decodeSettings(functionConfig: unknown): SettingsResult {
  if (functionConfig === undefined || functionConfig === null) return { ok: true, settings: DEFAULT_SETTINGS };
  if (typeof functionConfig !== 'object' || Array.isArray(functionConfig)) {
    return { ok: false, problems: [{ path: '', message: 'functionConfig must be an object' }] };
  }
  const obj = functionConfig as Record<string, unknown>;
  const { apiVersion, kind } = obj;
  let raw: Record<string, unknown>;
  let base: string;
  const problems: DecodeProblem[] = [];
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    const converted = fromConfigMapData(obj['data']);
    problems.push(...converted.problems);
    raw = converted.raw;
    base = 'data';
    // Top-level keys were checked above; this finds misspelt keys inside YAML values (e.g. a toleration).
    for (const path of unknownFields(SettingsCodec, raw, base)) {
      problems.push(inConfigMapValue({ path, message: 'is not a known field' }));
    }
  } else if (apiVersion === FN_CONFIG_API_VERSION && kind === FN_CONFIG_KIND) {
    raw = Object.fromEntries(
      Object.entries(obj).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata'),
    );
    base = '';
    for (const path of unknownFields(SettingsCodec, raw, base)) {
      const key = path.split(/[.[]/).pop() ?? path;
      problems.push({ path, message: `unknown key "${key}"${path.includes('.') ? '' : `; known keys: ${SETTING_KEYS.join(', ')}`}` });
    }
  } else {
    return {
      ok: false,
      problems: [
        {
          path: 'kind',
          message: `functionConfig must be a ConfigMap (v1) or ${FN_CONFIG_KIND} (${FN_CONFIG_API_VERSION}), got ${String(kind)} (${String(apiVersion)})`,
        },
      ],
    };
  }
  const decoded = decodeWith(SettingsCodec, raw, base);
  if (!decoded.ok) problems.push(...decoded.problems.map((p) => (base === 'data' ? inConfigMapValue(p) : p)));
  if (decoded.ok) {
    const as = decoded.value.gatewayAutoscaling;
    if (as && as.minReplicas > as.maxReplicas) {
      problems.push({ path: joinPath(base, 'gatewayAutoscaling'), message: 'minReplicas must not exceed maxReplicas' });
    }
    const tolerations = tolerationProblems((decoded.value.agentTolerations ?? []) as Toleration[], base);
    problems.push(...(base === 'data' ? tolerations.map(inConfigMapValue) : tolerations));
    const resources = [
      ...requestAboveLimit(decoded.value.gatewayResources, joinPath(base, 'gatewayResources')),
      ...requestAboveLimit(decoded.value.agentResources, joinPath(base, 'agentResources')),
    ];
    problems.push(...(base === 'data' ? resources.map(inConfigMapValue) : resources));
  }
  if (problems.length > 0 || !decoded.ok) return { ok: false, problems };
  return { ok: true, settings: withDefaults(decoded.value) };
}
