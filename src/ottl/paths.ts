/**
 * The OTTL contexts a MetricPipeline can use and the paths and enums each one knows, as implemented
 * by `pkg/ottl/contexts/internal/ctx{resource,scope,metric,datapoint}` of collector-contrib v0.141.0.
 *
 * A path's first segment names its context (`resource.attributes`, `metric.name`, `datapoint.value_int`).
 * `instrumentation_scope` is the legacy name of `scope`; both are accepted by the datapoint and metric
 * parsers. The `exemplar` and `otelcol` contexts exist in OTTL but are not registered for Kyma's metric
 * pipelines (Kyma's validator parses with resource, scope, metric and datapoint only).
 */

export type MetricContext = 'resource' | 'scope' | 'metric' | 'datapoint';

export const METRIC_CONTEXTS: readonly MetricContext[] = ['resource', 'scope', 'metric', 'datapoint'];

/** Context names a path may start with, mapped to the context they denote. */
export const CONTEXT_NAMES: Readonly<Record<string, MetricContext>> = {
  resource: 'resource',
  scope: 'scope',
  instrumentation_scope: 'scope',
  metric: 'metric',
  datapoint: 'datapoint',
};

/** Context names that exist in OTTL but that a metric pipeline cannot use, with the reason. */
export const FOREIGN_CONTEXTS: Readonly<Record<string, string>> = {
  log: 'belongs to log pipelines',
  span: 'belongs to trace pipelines',
  spanevent: 'belongs to trace pipelines',
  profile: 'belongs to profile pipelines',
  exemplar: 'is not available to MetricPipeline rules, which run on data points',
  otelcol: 'is not available to metric data point rules in the pinned collector',
  context: 'is not available to metric data point rules in the pinned collector',
};

/**
 * The collector's inference priority (`defaultContextInferPriority` of v0.141.0: datapoint, metric, scope,
 * instrumentation_scope, resource): when statements mention several contexts, the first one in this list that
 * appears wins, because a lower-level context can reach all higher-level data (a data point sees its metric,
 * scope and resource). The legacy name instrumentation_scope ranks between scope and resource (see infer.ts).
 */
export const INFER_PRIORITY: readonly MetricContext[] = ['datapoint', 'metric', 'scope', 'resource'];

/** Contexts below each context, tried (in priority order) when the inferred one lacks a function. */
export const LOWER_CONTEXTS: Readonly<Record<MetricContext, readonly MetricContext[]>> = {
  resource: ['scope', 'metric', 'datapoint'],
  scope: ['metric', 'datapoint'],
  metric: ['datapoint'],
  datapoint: [],
};

export interface FieldSpec {
  /** Whether `[...]` keys may follow (maps and the cache). */
  indexable: boolean;
  /** Allowed next segments (`datapoint.positive.offset`); absent means the field is a leaf. */
  sub?: Readonly<Record<string, FieldSpec>>;
}

const leaf: FieldSpec = { indexable: false };
const map: FieldSpec = { indexable: true };
const buckets: FieldSpec = { indexable: false, sub: { offset: leaf, bucket_counts: leaf } };

/** Fields per context; `cache` is special: only the inferred context may touch its own cache. */
export const FIELDS: Readonly<Record<MetricContext, Readonly<Record<string, FieldSpec>>>> = {
  resource: { attributes: map, dropped_attributes_count: leaf, schema_url: leaf, cache: map },
  scope: { name: leaf, version: leaf, attributes: map, dropped_attributes_count: leaf, schema_url: leaf, cache: map },
  metric: {
    name: leaf,
    description: leaf,
    unit: leaf,
    type: leaf,
    aggregation_temporality: leaf,
    is_monotonic: leaf,
    data_points: leaf,
    metadata: map,
    cache: map,
  },
  datapoint: {
    attributes: map,
    start_time_unix_nano: leaf,
    time_unix_nano: leaf,
    start_time: leaf,
    time: leaf,
    value_double: leaf,
    value_int: leaf,
    exemplars: leaf,
    flags: leaf,
    count: leaf,
    sum: leaf,
    bucket_counts: leaf,
    explicit_bounds: leaf,
    scale: leaf,
    zero_count: leaf,
    positive: buckets,
    negative: buckets,
    quantile_values: leaf,
    cache: map,
  },
};

/** Enum symbols per context (the metrics proto enums plus pdata's metric data types). */
const AGGREGATION = ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE'];
const DATA_TYPES = [
  'METRIC_DATA_TYPE_NONE',
  'METRIC_DATA_TYPE_GAUGE',
  'METRIC_DATA_TYPE_SUM',
  'METRIC_DATA_TYPE_HISTOGRAM',
  'METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM',
  'METRIC_DATA_TYPE_SUMMARY',
];
const FLAGS = ['FLAG_NONE', 'FLAG_NO_RECORDED_VALUE'];

export const ENUMS: Readonly<Record<MetricContext, ReadonlySet<string>>> = {
  resource: new Set(),
  scope: new Set(),
  metric: new Set([...AGGREGATION, ...DATA_TYPES]),
  datapoint: new Set([...FLAGS, ...AGGREGATION, ...DATA_TYPES]),
};

export const ALL_ENUMS: readonly string[] = [...FLAGS, ...AGGREGATION, ...DATA_TYPES];
