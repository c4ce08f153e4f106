/**
 * Valid OTTL taken from the documentation of collector-contrib (transform processor README
 * metric examples, ottlfuncs README, LANGUAGE.md) and from Kyma's telemetry-manager docs and
 * validator tests. Examples written for other signals or without context prefix in the docs are
 * adapted to metric paths with a prefix (marked "adapted") and to the signatures of the pinned release
 * (v0.141.0); everything here must check clean, and the real collector must accept it
 * (test/peers/otelcol-ottl-catalog.test.ts).
 */

export interface Sample {
  text: string;
  source: string;
}

export const VALID_STATEMENTS: readonly Sample[] = [
  { text: 'keep_keys(resource.attributes, ["host.name"])', source: 'transform README, basic config' },
  { text: 'truncate_all(resource.attributes, 4096)', source: 'transform README, basic config' },
  { text: 'set(metric.description, "Sum") where metric.type == "Sum"', source: 'transform README, basic config' },
  { text: 'convert_sum_to_gauge() where metric.name == "system.processes.count"', source: 'transform README, basic config' },
  { text: 'convert_gauge_to_sum("cumulative", false) where metric.name == "prometheus_metric"', source: 'transform README, basic config' },
  { text: 'set(metric.description, "Sum")', source: 'transform README, advanced config' },
  { text: 'set(metric.description, "test passed") where datapoint.attributes["test"] == "pass"', source: 'transform README, context inference' },
  { text: 'set(resource.attributes["test"], "passed")', source: 'transform README, context inference' },
  { text: 'limit(datapoint.attributes, 100, ["host.name"])', source: 'transform README, context inference' },
  { text: 'convert_gauge_to_sum("delta", true)', source: 'transform README, convert_gauge_to_sum' },
  { text: 'extract_count_metric(true, ".count")', source: 'transform README, extract_count_metric' },
  { text: 'extract_sum_metric(false, ".sum")', source: 'transform README, extract_sum_metric' },
  { text: 'convert_summary_count_val_to_sum("delta", true, ".count")', source: 'transform README' },
  { text: 'convert_summary_sum_val_to_sum("cumulative", false, ".sum")', source: 'transform README' },
  { text: 'convert_summary_quantile_val_to_gauge("custom_quantile", "custom_suffix")', source: 'transform README' },
  { text: 'convert_summary_quantile_val_to_gauge()', source: 'transform README' },
  {
    text: 'copy_metric(name="http.request.status_code", unit="s") where metric.name == "http.status_code"',
    source: 'transform README, copy_metric (closing quote missing in the docs, added)',
  },
  { text: 'convert_exponential_histogram_to_histogram("random", [0.0, 10.0, 100.0, 1000.0, 10000.0])', source: 'transform README' },
  { text: 'scale_metric(0.1)', source: 'transform README, scale_metric' },
  { text: 'scale_metric(10.0, "kWh")', source: 'transform README, scale_metric' },
  { text: 'aggregate_on_attributes("sum", ["attr1", "attr2"]) where metric.name == "system.memory.usage"', source: 'transform README' },
  { text: 'aggregate_on_attributes("max") where metric.name == "system.memory.usage"', source: 'transform README' },
  { text: 'aggregate_on_attributes("max", []) where metric.name == "system.memory.usage"', source: 'transform README' },
  {
    text: 'aggregate_on_attribute_value("sum", "attr1", ["val1", "val2"], "new_val") where metric.name == "system.memory.usage"',
    source: 'transform README',
  },
  { text: 'delete_matching_keys(resource.attributes, "(?i).*myRegex.*") where metric.name == "system.memory.usage"', source: 'transform README' },
  { text: 'merge_histogram_buckets(0.5) where metric.name == "http_request_duration"', source: 'transform README' },
  { text: 'merge_histogram_buckets(bound=2.5) where metric.name == "http_request_duration"', source: 'transform README (v0.141.0 signature)' },
  { text: 'set(resource.attributes["namespace"], resource.attributes["k8s.namespace.name"])', source: 'transform README, rename attribute' },
  { text: 'delete_key(resource.attributes, "k8s.namespace.name")', source: 'transform README, rename attribute' },
  { text: 'replace_all_patterns(resource.attributes, "key", "k8s\\\\.namespace\\\\.name", "namespace")', source: 'transform README' },
  {
    text: 'set(resource.attributes["test"], Concat([resource.attributes["foo"], resource.attributes["bar"]], " "))',
    source: 'transform README, combine attributes',
  },
  { text: 'replace_pattern(metric.name, "^kube_([0-9A-Za-z]+_)", "k8s.$$1.")', source: 'ottlfuncs README, replace_pattern' },
  { text: 'replace_pattern(metric.name, "^kube_([0-9A-Za-z]+_)", "$$1.", Murmur3Hash, "k8s.%s")', source: 'ottlfuncs README, replace_pattern (adapted: SHA256 fails inference)' },
  {
    text: 'replace_all_patterns(resource.attributes, "key", "^kube_([0-9A-Za-z]+_)", "$$1.", Murmur3Hash, "k8s.%s")',
    source: 'ottlfuncs README, replace_all_patterns',
  },
  { text: 'replace_all_matches(resource.attributes, "/user/*/list/*", "/user/{userId}/list/{listId}", Murmur3Hash128, "/user/%s")', source: 'ottlfuncs README (adapted)' },
  { text: 'set(metric.name, resource.attributes["http.route"])', source: 'ottlfuncs README, set' },
  { text: 'flatten(metric.cache, "k8s", 4)', source: 'ottlfuncs README, flatten' },
  { text: 'flatten(resource.attributes)', source: 'ottlfuncs README, flatten' },
  { text: 'keep_matching_keys(resource.attributes, "(?i).*version.*")', source: 'ottlfuncs README' },
  { text: 'truncate_all(datapoint.attributes, limit = 100)', source: 'ottlfuncs README (adapted)' },
  { text: 'limit(resource.attributes, 50, ["http.host", "http.method"])', source: 'ottlfuncs README, limit' },
  { text: 'merge_maps(datapoint.attributes, resource.attributes, "insert")', source: 'ottlfuncs README (adapted)' },
  { text: 'append(datapoint.attributes["tags"], values = ["staging", "staging:east"])', source: 'ottlfuncs README (adapted)' },
  { text: 'set(metric.name, ConvertCase(metric.name, "snake"))', source: 'ottlfuncs README, ConvertCase' },
  { text: 'set(metric.name, ToSnakeCase(metric.name))', source: 'ottlfuncs README, ToSnakeCase' },
  { text: 'set(resource.attributes["service.name"], TrimPrefix(resource.attributes["service.name"], "ingest_"))', source: 'ottlfuncs README' },
  { text: 'delete_matching_keys(resource.attributes, "kyma.*")', source: 'Kyma docs' },
  {
    text: 'set(resource.attributes["k8s.cluster.name"], "x") where resource.attributes["k8s.cluster.name"] == nil or resource.attributes["k8s.cluster.name"] == ""',
    source: 'Kyma docs',
  },
  { text: 'set(resource.attributes["deployment.environment.name"], "production")', source: 'Kyma docs, transform' },
  { text: 'set(datapoint.attributes["high_value"], "true")', source: 'Kyma validator tests' },
  { text: 'set(metric.unit, "requests")', source: 'Kyma validator tests' },
  { text: 'set(scope.attributes["timestamp"], Now())', source: 'Kyma validator tests' },
  { text: 'set(metric.aggregation_temporality, AGGREGATION_TEMPORALITY_DELTA) where metric.aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE', source: 'metric context enums' },
  { text: 'set(datapoint.flags, FLAG_NO_RECORDED_VALUE) where datapoint.flags == FLAG_NONE', source: 'datapoint context enums' },
  { text: 'set(datapoint.attributes["raw"], 0x0001)', source: 'LANGUAGE.md, bytes literal' },
  { text: 'set(datapoint.attributes["m"], {"foo": {"a": 2}, "b": [1, 2.5, -3, .5]})', source: 'LANGUAGE.md, maps and lists' },
  { text: 'set(datapoint.attributes["q"], "a \\"quoted\\" value with a \\\\ backslash")', source: 'LANGUAGE.md, string escapes' },
  { text: 'set(datapoint.attributes["n"], datapoint.value_double * 2 + 1.5e3) where datapoint.value_double > 0.5', source: 'LANGUAGE.md, math' },
  { text: 'set(datapoint.attributes["p"], "x") where (datapoint.value_int + 1) * 2 >= 10', source: 'LANGUAGE.md, math grouping' },
  { text: 'set(datapoint.attributes["k"], Split(resource.attributes["a"], ",")[0])', source: 'LANGUAGE.md, converter keys' },
  { text: 'set(datapoint.attributes["k"], resource.attributes[datapoint.attributes["key_name"]])', source: 'LANGUAGE.md, path key expression' },
  { text: 'set(datapoint.cache["x"], datapoint.attributes["y"]) where datapoint.cache["x"] == nil', source: 'datapoint cache' },
  {
    text: 'set(resource.attributes["k"], "v") where not (IsMatch(resource.attributes["a"], "x") and resource.attributes["b"] != nil)',
    source: 'LANGUAGE.md, not and parentheses',
  },
  { text: 'set(datapoint.time, Now()) where datapoint.time_unix_nano == 0', source: 'datapoint time paths' },
  { text: 'set(metric.description, instrumentation_scope.name)', source: 'legacy scope context name (on a metric)' },
  { text: 'set(datapoint.attributes["x"], datapoint.value_int - 1)', source: 'LANGUAGE.md, math (a space after the operator)' },
  { text: 'set(datapoint.value_double, -1 * datapoint.value_double * 2)', source: 'LANGUAGE.md, math (v0.141.0: signed numbers, no unary minus)' },
  { text: 'set(datapoint.attributes["x"], 3 - -5 + 3*-5 + (+.5e-3))', source: 'LANGUAGE.md, math (v0.141.0 lexer: a sign before a digit belongs to the number)' },
  { text: 'set(datapoint.attributes["x"], Split(resource.attributes["a"], ",")[(1 + 0)])', source: 'LANGUAGE.md, expression keys (arithmetic in parentheses)' },
  { text: 'set(datapoint.attributes["span"], SpanID(0x0102030405060708)) where TraceID(0x0102030405060708090a0b0c0d0e0f10) != nil', source: 'ottlfuncs README, SpanID / TraceID (v0.141.0: bytes literals)' },
  { text: 'set(datapoint.attributes["k"], datapoint.attributes[Format("%s", [metric.name])])', source: 'LANGUAGE.md, expression keys' },
];

export interface ConditionSample extends Sample {
  processors: ReadonlyArray<'transform' | 'filter'>;
}

const both = ['transform', 'filter'] as const;

export const VALID_CONDITIONS: readonly ConditionSample[] = [
  { text: 'IsMatch(metric.name, "^k8s.node.*")', source: 'Kyma docs', processors: both },
  { text: 'metric.type == METRIC_DATA_TYPE_SUMMARY', source: 'Kyma docs', processors: both },
  { text: 'not(IsMatch(datapoint.attributes["interface"], "^(eth|en).*"))', source: 'Kyma docs', processors: both },
  { text: 'metric.name == "k8s.pod.phase" and datapoint.value_int == 4', source: 'Kyma docs, filter', processors: both },
  { text: 'IsMatch(metric.name, ".*outlier_detection.*") == false', source: 'Kyma docs, filter', processors: both },
  { text: 'resource.attributes["k8s.namespace.name"] == "default"', source: 'Kyma docs', processors: both },
  { text: 'ContainsValue(Keys(datapoint.attributes), "my.key")', source: 'Kyma docs, HasAttrKeyOnDatapoint replacement', processors: both },
  { text: 'datapoint.attributes["my.key"] == "my.value"', source: 'Kyma docs, HasAttrOnDatapoint replacement', processors: both },
  { text: 'IsMatch(resource.attributes["k8s.pod.name"], "my-pod-name.*")', source: 'Kyma docs', processors: both },
  { text: 'metric.type == METRIC_DATA_TYPE_SUM', source: 'transform README, advanced config', processors: both },
  { text: 'metric.type == METRIC_DATA_TYPE_GAUGE', source: 'Kyma golden setup-comprehensive', processors: both },
  { text: 'metric.name == "http_requests_total" and datapoint.value_int > 100', source: 'Kyma validator tests', processors: both },
  { text: 'datapoint.time_unix_nano != nil', source: 'Kyma validator tests', processors: both },
  { text: 'IsMatch(resource.attributes["service"], "auth")', source: 'Kyma validator tests', processors: both },
  { text: 'scope.version != nil', source: 'Kyma validator tests', processors: both },
  { text: 'IsMatch(scope.name, "opentelemetry")', source: 'Kyma validator tests', processors: both },
  { text: 'metric.type == 1', source: 'Kyma validator tests', processors: both },
  { text: 'HasPrefix(metric.name, "k8s.") or HasSuffix(metric.name, ".total")', source: 'ottlfuncs README (adapted)', processors: both },
  { text: 'Len(datapoint.attributes) > 10', source: 'ottlfuncs README (adapted)', processors: both },
  {
    text: 'datapoint.attributes["code"] == "200" or (datapoint.attributes["code"] == "404" and not IsMatch(metric.name, "^http"))',
    source: 'LANGUAGE.md, precedence',
    processors: both,
  },
  { text: 'not metric.name == "foo"', source: 'LANGUAGE.md, not', processors: both },
  { text: 'metric.is_monotonic == true and metric.aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE', source: 'metric context', processors: both },
  { text: 'datapoint.value_double < 0.01 and datapoint.count > 0', source: 'filter README (adapted)', processors: both },
  // Filter conditions only: transform rules infer their context, and inference does not take the legacy name.
  { text: 'instrumentation_scope.name == "otelcol/hostmetricsreceiver"', source: 'legacy scope name', processors: ['filter'] },
  { text: 'true', source: 'LANGUAGE.md, boolean literal', processors: both },
  { text: 'datapoint.value_int > -1 and datapoint.value_double < 1.0 + .5 and datapoint.value_int != +2', source: 'LANGUAGE.md, numbers (v0.141.0 lexer)', processors: both },
];
