/**
 * The OTTL function catalog of collector-contrib v0.159 as a MetricPipeline sees it: the standard
 * editors and converters of `pkg/ottl/ottlfuncs`, the transform processor's metric functions
 * (`processor/transformprocessor/internal/metrics/functions.go`) and the filter processor's own
 * converters. Signatures are written in a small notation so the table stays readable:
 *
 *   `@name`   the argument must be a path (a Setter/GetSetter in Go, e.g. the target of set)
 *   `name[]`  a list parameter: the argument must be a list literal `[...]`
 *   `?name`   optional; all optional parameters follow the required ones
 *   `name:fn` a function-name argument (e.g. `SHA256` passed to replace_pattern)
 *   `name:λ`  a lambda argument (`(k, v) => ...`)
 *   `a|b`     the parameter's name in the docs and its snake_cased Go field name, both accepted
 */
import type { MetricContext } from './paths';

export type ParamKind = 'value' | 'path' | 'list' | 'function' | 'lambda';

export interface Param {
  /** Names a named argument may use (`name=value`); the first is the documented one. */
  names: readonly string[];
  kind: ParamKind;
  optional: boolean;
}

export type FunctionKind = 'editor' | 'converter';
export type Processor = 'transform' | 'filter';

export interface OttlFunction {
  name: string;
  kind: FunctionKind;
  params: readonly Param[];
  /** Which processor registers it for metrics. */
  processor: Processor | 'both';
  /** OTTL contexts in which that processor registers it. */
  contexts: readonly MetricContext[];
  /** The collector feature gate that must be enabled for it; Kyma enables none. */
  featureGate?: string;
  /** Why a MetricPipeline cannot use it at all (functions of other signals). */
  unavailable?: string;
  /** What to write instead, when there is a simple equivalent. */
  instead?: string;
}

const ALL: readonly MetricContext[] = ['resource', 'scope', 'metric', 'datapoint'];
const LAMBDA_GATE = 'ottl.functions.enableLambda';

function parseSignature(sig: string): { name: string; params: Param[] } {
  const open = sig.indexOf('(');
  const name = sig.slice(0, open);
  const inner = sig.slice(open + 1, -1).trim();
  const params = inner === '' ? [] : inner.split(',').map((raw): Param => {
    let s = raw.trim();
    const optional = s.startsWith('?');
    if (optional) s = s.slice(1);
    let kind: ParamKind = 'value';
    if (s.startsWith('@')) {
      kind = 'path';
      s = s.slice(1);
    } else if (s.includes('[]')) {
      kind = 'list';
      s = s.replaceAll('[]', '');
    } else if (s.endsWith(':fn')) {
      kind = 'function';
      s = s.slice(0, -3);
    } else if (s.endsWith(':λ')) {
      kind = 'lambda';
      s = s.slice(0, -2);
    }
    return { names: s.split('|'), kind, optional };
  });
  return { name, params };
}

function define(
  kind: FunctionKind,
  processor: OttlFunction['processor'],
  contexts: readonly MetricContext[],
  signatures: readonly string[],
  extra: Partial<Pick<OttlFunction, 'featureGate' | 'unavailable' | 'instead'>> = {},
): OttlFunction[] {
  return signatures.map((sig) => ({ ...parseSignature(sig), kind, processor, contexts, ...extra }));
}

const STANDARD_EDITORS = [
  'append(@target, ?value, ?values[])',
  'delete_index(@target, start_index, ?end_index)',
  'delete_key(@target, key)',
  'delete_matching_keys(@target, pattern)',
  'keep_matching_keys(@target, pattern)',
  'flatten(@target, ?prefix, ?depth, ?resolve_conflicts)',
  'keep_keys(@target, keys[])',
  'limit(@target, limit, priority_keys[])',
  'merge_maps(@target, source, strategy)',
  'replace_all_matches(@target, pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_all_patterns(@target, mode, regex|regex_pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_match(@target, pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_pattern(@target, regex|regex_pattern, replacement, ?function:fn, ?replacement_format)',
  'set(@target, value)',
  'stringify_all(@target)',
  'truncate_all(@target, limit, ?utf8_safe, ?truncation_marker)',
];

const METRIC_EDITORS = [
  'aggregate_on_attribute_value(function, attribute, values[], new_value)',
  'aggregate_on_attributes(function, ?attributes[])',
  'convert_exponential_histogram_to_histogram(distribution, explicit_bounds[])',
  'convert_gauge_to_sum(aggregation_temporality, is_monotonic)',
  'convert_sum_to_gauge()',
  'convert_summary_quantile_val_to_gauge(?attribute_key, ?suffix)',
  'copy_metric(?name, ?description, ?unit)',
  'extract_count_metric(is_monotonic, ?suffix)',
  'extract_percentile_metric(percentile, ?suffix)',
  'extract_sum_metric(is_monotonic, ?suffix)',
  'scale_metric(factor, ?unit)',
];

const DATAPOINT_EDITORS = [
  'convert_summary_count_val_to_sum(aggregation_temporality, is_monotonic, ?suffix)',
  'convert_summary_sum_val_to_sum(aggregation_temporality, is_monotonic, ?suffix)',
  'merge_histogram_buckets(target_value, ?method)',
];

const STANDARD_CONVERTERS = [
  'Base64Decode(value)',
  'Base64Encode(value, ?variant)',
  'Bool(value)',
  'Coalesce(values[])',
  'CommunityID(source_ip, source_port, destination_ip, destination_port, ?protocol, ?seed)',
  'Concat(values[]|vals[], delimiter)',
  'ContainsValue(target, item)',
  'ConvertAttributesToElementsXML(target, ?xpath)',
  'ConvertCase(target, to_case)',
  'ConvertTextToElementsXML(target, ?xpath, ?element_name)',
  'Day(value|time)',
  'Decode(value|target, encoding)',
  'Double(value)',
  'Duration(duration)',
  'ExtractGrokPatterns(target, pattern, ?named_captures_only, ?pattern_definitions[])',
  'ExtractPatterns(target, pattern)',
  'FNV(value|target)',
  'Format(format_string|format, format_arguments[])',
  'FormatTime(time, format)',
  'GetXML(target, xpath)',
  'HasPrefix(value|target, prefix)',
  'HasSuffix(value|target, suffix)',
  'Hex(value|target)',
  'Hour(value|time)',
  'Hours(value|duration)',
  'Index(target, value)',
  'InsertXML(target, xpath, value)',
  'Int(value)',
  'IsBool(value)',
  'IsDouble(value|target)',
  'IsEmpty(value|target)',
  'IsInCIDR(target, networks[])',
  'IsInt(value|target)',
  'IsList(value|target)',
  'IsMap(value|target)',
  'IsMatch(target, pattern)',
  'IsString(value|target)',
  'IsValidLuhn(value|target)',
  'Keys(target)',
  'Len(target)',
  'Log(value|target)',
  'MD5(value|target)',
  'Microseconds(value|duration)',
  'Milliseconds(value|duration)',
  'Minute(value|time)',
  'Minutes(value|duration)',
  'Month(value|time)',
  'Murmur3Hash(target)',
  'Murmur3Hash128(target)',
  'Nanosecond(value|time)',
  'Nanoseconds(value|duration)',
  'Now()',
  'ParseCSV(target, headers, ?delimiter, ?header_delimiter, ?mode)',
  'ParseInt(target, base)',
  'ParseJSON(target)',
  'ParseKeyValue(target, ?delimiter, ?pair_delimiter)',
  'ParseSeverity(target, severity_mapping)',
  'ParseSimplifiedXML(target)',
  'ParseXML(target)',
  'ProfileID(bytes|target)',
  'RemoveXML(target, xpath)',
  'SHA1(value|target)',
  'SHA256(value|target)',
  'SHA512(input|target)',
  'Second(value|time)',
  'Seconds(value|duration)',
  'SliceToMap(target, ?key_path[], ?value_path[])',
  'Sort(target, ?order)',
  'SpanID(bytes|target)',
  'Split(target, delimiter)',
  'String(value|target)',
  'Substring(target, start, length, ?utf8_safe)',
  'Time(target|time, format, ?location, ?locale)',
  'ToCamelCase(target)',
  'ToKeyValueString(target, ?delimiter, ?pair_delimiter, ?sort_output)',
  'ToLowerCase(target)',
  'ToSnakeCase(target)',
  'ToUpperCase(target)',
  'TraceID(bytes|target)',
  'Trim(target, ?replacement)',
  'TrimPrefix(value|target, prefix)',
  'TrimSuffix(value|target, suffix)',
  'TruncateTime(time, duration)',
  'URL(url_string|url)',
  'UUID()',
  'UUIDv7()',
  'Unix(seconds, ?nanoseconds)',
  'UnixMicro(value|time)',
  'UnixMilli(value|time)',
  'UnixNano(value|time)',
  'UnixSeconds(value|time)',
  'UserAgent(value|target)',
  'Values(target)',
  'Weekday(value|time)',
  'XXH128(value|target)',
  'XXH3(value|target)',
  'Year(value|time)',
];

/** Converters taking lambdas; alpha, behind a feature gate the rendered collector does not enable. */
const LAMBDA_CONVERTERS = [
  'All(source, predicate:λ)',
  'Any(source, predicate:λ)',
  'Filter(source, predicate:λ)',
  'Find(source, predicate:λ, ?mapper:λ)',
  'MapEach(source, mapper:λ)',
  'MapKeys(source, key_mapper:λ)',
  'Reduce(source, seed, accumulator:λ)',
  'When(condition:λ, true_value, false_value)',
];

interface Catalog {
  all: readonly OttlFunction[];
  byName: ReadonlyMap<string, OttlFunction>;
}

let catalog: Catalog | undefined;

/** Built on first use: most renders have no OTTL statement, and every start-up millisecond counts. */
function loadCatalog(): Catalog {
  if (catalog) return catalog;
  const all: OttlFunction[] = [
    ...define('editor', 'transform', ALL, STANDARD_EDITORS),
    ...define('editor', 'transform', ['metric'], METRIC_EDITORS),
    ...define('editor', 'transform', ['datapoint'], DATAPOINT_EDITORS),
    ...define('converter', 'both', ALL, STANDARD_CONVERTERS),
    ...define('converter', 'both', ALL, LAMBDA_CONVERTERS, { featureGate: LAMBDA_GATE }),
    ...define('converter', 'filter', ['metric'], ['HasAttrKeyOnDatapoint(key)'], {
      instead: 'ContainsValue(Keys(datapoint.attributes), "key")',
    }),
    ...define('converter', 'filter', ['metric'], ['HasAttrOnDatapoint(key, expected_val)'], {
      instead: 'datapoint.attributes["key"] == "value"',
    }),
    ...define('editor', 'transform', [], ['set_semconv_span_name(semconv_version, ?original_span_name_attribute)'], {
      unavailable: 'is a trace function of the transform processor',
    }),
    ...define('converter', 'transform', [], ['ParseCEF(target)', 'ParseCLF(target, ?format)', 'ParseELF(target)', 'ParseLEEF(target)'], {
      unavailable: 'is a log function of the transform processor',
    }),
    ...define('converter', 'both', [], ['IsRootSpan()'], { unavailable: 'is only available in the span context' }),
  ];
  catalog = { all, byName: new Map(all.map((f) => [f.name, f])) };
  return catalog;
}

/** Every function the filter and transform processors know, with the processor and contexts that take it. */
export function allFunctions(): readonly OttlFunction[] {
  return loadCatalog().all;
}

export function lookupFunction(name: string): OttlFunction | undefined {
  return loadCatalog().byName.get(name);
}

/** Whether the processor registers the function (ignoring contexts). */
export function inProcessor(f: OttlFunction, processor: Processor): boolean {
  return f.processor === 'both' || f.processor === processor;
}

/** Names a typo may be corrected to: functions of the given kind usable with the processor. */
export function candidateNames(kind: FunctionKind, processor: Processor): string[] {
  return allFunctions().filter((f) => f.kind === kind && inProcessor(f, processor) && !f.unavailable).map((f) => f.name);
}

/** "name, ?suffix" for messages. */
export function describeParams(f: OttlFunction): string {
  return f.params.map((p) => `${p.optional ? '?' : ''}${p.names[0]}${p.kind === 'list' ? '[]' : ''}`).join(', ');
}
