/**
 * The OTTL function catalog of the pinned collector-contrib (v0.141.0, COLLECTOR in src/constants.ts) as a
 * MetricPipeline sees it, checked function by function against the real collector of that release
 * (test/peers/otelcol-ottl-catalog.test.ts): the standard
 * editors and converters of `pkg/ottl/ottlfuncs`, the transform processor's metric functions
 * (`processor/transformprocessor/internal/metrics/functions.go`) and the filter processor's own
 * converters. Signatures are written in a small notation so the table stays readable:
 *
 *   `@name`   the argument must be a path (a Setter/GetSetter in Go, e.g. the target of set)
 *   `name[]`  a list parameter: the argument must be a list literal `[...]`
 *   `?name`   optional; all optional parameters follow the required ones
 *   `name:fn` a function-name argument (e.g. `SHA256` passed to replace_pattern)
 *   `name:λ`  a lambda argument (`(k, v) => ...`)
 *   `name:0xN` a bytes literal of exactly N bytes (`0x0102...`; a Go `[]byte` field, e.g. SpanID's)
 *   `a|b`     the names a named argument may use: the collector maps a name to the Go field of the
 *             function's arguments with strcase.ToCamel, so only spellings that camel-case to the field name
 *             work (`x_path` for XPath, not `xpath`); the first is shown in messages
 *
 * Longer than our usual file: most of it is the catalog itself, one line per function, kept in one table
 * so that it can be read side by side with the collector's function list.
 */
import { COLLECTOR } from '../constants';
import type { MetricContext } from './paths';

export type ParamKind = 'value' | 'path' | 'list' | 'function' | 'lambda' | 'bytes';

export interface Param {
  /** Names a named argument may use (`name=value`); the first is the documented one. */
  names: readonly string[];
  kind: ParamKind;
  optional: boolean;
  /** For a `bytes` parameter: the number of bytes the function demands. */
  size?: number;
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
    const bytes = /:0x(\d+)$/.exec(s);
    if (bytes) {
      s = s.slice(0, bytes.index);
      return { names: s.split('|'), kind: 'bytes', optional, size: Number(bytes[1]) };
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
  'delete_key(@target, key)',
  'delete_matching_keys(@target, pattern)',
  'keep_matching_keys(@target, pattern)',
  'flatten(@target, ?prefix, ?depth, ?resolve_conflicts)',
  'keep_keys(@target, keys[])',
  'limit(@target, limit, priority_keys[])',
  'merge_maps(@target, source, strategy)',
  'replace_all_matches(@target, pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_all_patterns(@target, mode, regex_pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_match(@target, pattern, replacement, ?function:fn, ?replacement_format)',
  'replace_pattern(@target, regex_pattern, replacement, ?function:fn, ?replacement_format)',
  'set(@target, value)',
  'truncate_all(@target, limit)',
];

const METRIC_EDITORS = [
  'aggregate_on_attribute_value(aggregation_function, attribute, values[], new_value)',
  'aggregate_on_attributes(aggregation_function, ?attributes[])',
  'convert_exponential_histogram_to_histogram(distribution_fn, explicit_bounds[])',
  'convert_gauge_to_sum(string_agg_temp, monotonic)',
  'convert_sum_to_gauge()',
  'convert_summary_quantile_val_to_gauge(?attribute_key, ?suffix)',
  'copy_metric(?name, ?description, ?unit)',
  'extract_count_metric(monotonic, ?suffix)',
  'extract_sum_metric(monotonic, ?suffix)',
  'scale_metric(multiplier, ?unit)',
];

const DATAPOINT_EDITORS = [
  'convert_summary_count_val_to_sum(string_agg_temp, monotonic, ?suffix)',
  'convert_summary_sum_val_to_sum(string_agg_temp, monotonic, ?suffix)',
  'merge_histogram_buckets(bound)',
];

const STANDARD_CONVERTERS = [
  'Base64Decode(target)',
  'CommunityID(source_i_p, source_port, destination_i_p, destination_port, ?protocol, ?seed)',
  'Concat(vals[], delimiter)',
  'ContainsValue(target, item)',
  'ConvertAttributesToElementsXML(target, ?x_path)',
  'ConvertCase(target, to_case)',
  'ConvertTextToElementsXML(target, ?x_path, ?element_name)',
  'Day(time)',
  'Decode(target, encoding)',
  'Double(target)',
  'Duration(duration)',
  'ExtractGrokPatterns(target, pattern, ?named_captures_only, ?pattern_definitions[])',
  'ExtractPatterns(target, pattern)',
  'FNV(target)',
  'Format(format, vals[])',
  'FormatTime(time, format)',
  'GetXML(target, x_path)',
  'HasPrefix(target, prefix)',
  'HasSuffix(target, suffix)',
  'Hex(target)',
  'Hour(time)',
  'Hours(duration)',
  'Index(target, value)',
  'InsertXML(target, x_path, sub_document)',
  'Int(target)',
  'IsBool(target)',
  'IsDouble(target)',
  'IsInt(target)',
  'IsList(target)',
  'IsMap(target)',
  'IsMatch(target, pattern)',
  'IsString(target)',
  'IsValidLuhn(target)',
  'Keys(target)',
  'Len(target)',
  'Log(target)',
  'MD5(target)',
  'Microseconds(duration)',
  'Milliseconds(duration)',
  'Minute(time)',
  'Minutes(duration)',
  'Month(time)',
  'Murmur3Hash(target)',
  'Murmur3Hash128(target)',
  'Nanosecond(time)',
  'Nanoseconds(duration)',
  'Now()',
  'ParseCSV(target, header, ?delimiter, ?header_delimiter, ?mode)',
  'ParseInt(target, base)',
  'ParseJSON(target)',
  'ParseKeyValue(target, ?delimiter, ?pair_delimiter)',
  'ParseSeverity(target, mapping)',
  'ParseSimplifiedXML(target)',
  'ParseXML(target)',
  'ProfileID(bytes:0x16)',
  'RemoveXML(target, x_path)',
  'SHA1(target)',
  'SHA256(target)',
  'SHA512(target)',
  'Second(time)',
  'Seconds(duration)',
  'SliceToMap(target, ?key_path[], ?value_path[])',
  'Sort(target, ?order)',
  'SpanID(bytes:0x8)',
  'Split(target, delimiter)',
  'String(target)',
  'Substring(target, start, length)',
  'Time(time, format, ?location, ?locale)',
  'ToCamelCase(target)',
  'ToKeyValueString(target, ?delimiter, ?pair_delimiter, ?sort_output)',
  'ToLowerCase(target)',
  'ToSnakeCase(target)',
  'ToUpperCase(target)',
  'TraceID(bytes:0x16)',
  'Trim(target, ?replacement)',
  'TrimPrefix(target, prefix)',
  'TrimSuffix(target, suffix)',
  'TruncateTime(time, duration)',
  'URL(u_r_i)',
  'UUID()',
  'UUIDv7()',
  'Unix(seconds, ?nanoseconds)',
  'UnixMicro(time)',
  'UnixMilli(time)',
  'UnixNano(time)',
  'UnixSeconds(time)',
  'UserAgent(user_agent)',
  'Values(target)',
  'Weekday(time)',
  'XXH128(target)',
  'XXH3(target)',
  'Year(time)',
];

/**
 * Functions of later collector-contrib releases that the pinned one (COLLECTOR in src/constants.ts) does not
 * have: its transform and filter processors reject them ("undefined function" / "does not support the
 * function"), so a MetricPipeline using one would crash-loop the gateway. Checked against the real collector
 * in test/peers/otelcol-ottl-catalog.test.ts. The lambda converters also need lambda syntax, which the pinned
 * OTTL grammar does not have at all.
 */
const LATER_EDITORS = ['delete_index(@target, start_index, ?end_index)', 'stringify_all(@target)'];
const LATER_METRIC_EDITORS = ['extract_percentile_metric(percentile, ?suffix)'];
const LATER_CONVERTERS = ['Base64Encode(value, ?variant)', 'Bool(value)', 'Coalesce(values[])', 'IsEmpty(value|target)', 'IsInCIDR(target, networks[])'];
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
const NOT_IN_PINNED = `is not in the pinned collector (contrib v${COLLECTOR.version}; it came with a later release)`;

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
    ...define('editor', 'transform', [], LATER_EDITORS, { unavailable: NOT_IN_PINNED }),
    ...define('editor', 'transform', [], LATER_METRIC_EDITORS, { unavailable: NOT_IN_PINNED }),
    ...define('converter', 'both', [], [...LATER_CONVERTERS, ...LAMBDA_CONVERTERS], { unavailable: NOT_IN_PINNED }),
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
