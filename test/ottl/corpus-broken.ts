/**
 * Broken OTTL, each with the exact problem (column and message) the checker must report. `kind` says
 * how the text is used: a transform statement, a transform condition or a filter condition.
 */

export interface BrokenSample {
  kind: 'statement' | 'transform' | 'filter';
  text: string;
  column: number;
  message: string;
}

export const BROKEN: readonly BrokenSample[] = [
  { kind: 'statement', text: 'sett(resource.attributes["x"], "y")', column: 1, message: 'unknown function "sett"; did you mean "set"?' },
  { kind: 'statement', text: 'set(resource.attributes["x"], "y"', column: 34, message: 'expected "," or ")", found end of input' },
  { kind: 'statement', text: 'set(resource.attributes["x"],, "y")', column: 30, message: 'expected a value, found ","' },
  {
    kind: 'statement',
    text: 'set(resource.atributes["x"], "y")',
    column: 14,
    message: 'unknown path "resource.atributes[...]": the resource context has no field "atributes"; did you mean "attributes"?',
  },
  {
    kind: 'statement',
    text: 'set(attributes["environment"], "prod")',
    column: 5,
    message:
      'path "attributes[...]" has no context prefix: the collector infers the context from path prefixes and rejects paths ' +
      'without one; write "datapoint.attributes" or "resource.attributes" or "scope.attributes"',
  },
  {
    kind: 'statement',
    text: 'set(name, "x")',
    column: 5,
    message:
      'path "name" has no context prefix: the collector infers the context from path prefixes and rejects paths without one; ' +
      'write "metric.name" or "scope.name"',
  },
  {
    kind: 'statement',
    text: 'IsMatch(metric.name, "x")',
    column: 1,
    message:
      'converter "IsMatch" cannot be used as a statement: a statement must invoke an editor (a function starting with a ' +
      "lowercase letter, such as set or delete_key); use converters inside a statement's arguments, its where clause or in conditions",
  },
  {
    kind: 'transform',
    text: 'set(metric.name, "x")',
    column: 1,
    message:
      'editor "set" cannot be used as a condition: a condition is a boolean expression (a comparison, true/false, or a ' +
      'converter such as IsMatch(...)); editors belong in statements',
  },
  {
    kind: 'filter',
    text: 'scale_metric(0.1) where metric.name == "x"',
    column: 1,
    message:
      'editor "scale_metric" cannot be used as a condition: a condition is a boolean expression (a comparison, true/false, or a ' +
      'converter such as IsMatch(...)); editors belong in statements',
  },
  { kind: 'statement', text: "set(metric.name, 'x')", column: 18, message: 'unexpected character "\'": strings must be enclosed in double quotes' },
  { kind: 'statement', text: 'set(metric.name, "x)', column: 18, message: 'unterminated string literal (missing closing \'"\')' },
  { kind: 'statement', text: 'set(metric.nmae, "x")', column: 12, message: 'unknown path "metric.nmae": the metric context has no field "nmae"; did you mean "name"?' },
  {
    kind: 'filter',
    text: 'metric.type == METRIC_DATA_TYPE_GAGUE',
    column: 16,
    message: 'unknown enum "METRIC_DATA_TYPE_GAGUE"; did you mean "METRIC_DATA_TYPE_GAUGE"?',
  },
  { kind: 'filter', text: 'IsMatch(metric.name)', column: 20, message: 'function "IsMatch" takes 2 arguments (target, pattern), got 1' },
  { kind: 'statement', text: 'set(metric.name)', column: 16, message: 'function "set" takes 2 arguments (target, value), got 1' },
  { kind: 'statement', text: 'set(metric.name, "a", "b")', column: 23, message: 'function "set" takes 2 arguments (target, value), got 3' },
  {
    kind: 'statement',
    text: 'set(metric.name, Concat(["a", "b"]))',
    column: 35,
    message: 'function "Concat" takes 2 arguments (vals[], delimiter), got 1',
  },
  {
    kind: 'statement',
    text: 'delete_key("x", "y")',
    column: 12,
    message: 'argument "target" of "delete_key" must be a path such as datapoint.attributes["key"], found a string literal',
  },
  {
    kind: 'statement',
    text: 'keep_keys(resource.attributes, "host.name")',
    column: 32,
    message: 'argument "keys" of "keep_keys" must be a list literal [...], found a string literal',
  },
  {
    kind: 'statement',
    text: 'convert_sum_to_gauge() where datapoint.value_int > 1',
    column: 1,
    message:
      'function "convert_sum_to_gauge" is not available in the datapoint context, which the collector infers from the path ' +
      '"datapoint.value_int" (it is only available in the metric context); put statements that need different contexts into separate transform entries',
  },
  {
    kind: 'filter',
    text: 'HasAttrOnDatapoint("k", "v")',
    column: 1,
    message:
      'function "HasAttrOnDatapoint" is only available in the filter processor\'s metric context, but Kyma evaluates filter ' +
      'conditions on data points; use datapoint.attributes["key"] == "value" instead',
  },
  {
    kind: 'transform',
    text: 'HasAttrKeyOnDatapoint("k")',
    column: 1,
    message: 'function "HasAttrKeyOnDatapoint" is only available in the filter processor, not in transform rules',
  },
  {
    kind: 'statement',
    text: 'set(span.attributes["x"], "y")',
    column: 5,
    message: 'context "span" belongs to trace pipelines; MetricPipeline paths start with resource, scope, metric or datapoint',
  },
  {
    kind: 'statement',
    text: 'set(reource.attributes["x"], "y")',
    column: 5,
    message: 'unknown context "reource" in the path "reource.attributes[...]"; did you mean "resource"?',
  },
  {
    kind: 'filter',
    text: 'metric.name == "a" AND metric.unit == "b"',
    column: 20,
    message: 'expected "and", "or" or end of input, found "AND" ("and" must be lowercase)',
  },
  {
    kind: 'filter',
    text: 'metric.is_monotonic',
    column: 20,
    message:
      'expected a comparison operator (==, !=, <, <=, >, >=), found end of input; a path is not a condition on its own, ' +
      'compare it (for example "== true")',
  },
  {
    kind: 'filter',
    text: 'metric.name = "x"',
    column: 13,
    message: 'expected a comparison operator (==, !=, <, <=, >, >=), found "=" (use "==" to compare)',
  },
  {
    kind: 'statement',
    text: 'copy_metric(desc="new desc") where metric.description == "old desc"',
    column: 13,
    message: 'function "copy_metric" has no parameter "desc"; did you mean "description"?',
  },
  {
    kind: 'statement',
    text: 'set(metric.name, "x") WHERE metric.name == "y"',
    column: 23,
    message: 'expected "where" or end of statement, found "WHERE" ("where" must be lowercase)',
  },
  {
    kind: 'statement',
    text: 'set(datapoint.attributes["x"], Filter(datapoint.attributes["tags"], (_, v) => v == "prod"))',
    column: 32,
    message: 'function "Filter" is not in the pinned collector (contrib v0.141.0; it came with a later release) and cannot be used in a MetricPipeline',
  },
  // The real collector (v0.141.0) gives the reason in each comment.
  {
    // undefined function "delete_index"
    kind: 'statement',
    text: 'delete_index(datapoint.attributes["tags"], Len(datapoint.attributes["tags"]) - 1)',
    column: 1,
    message: 'function "delete_index" is not in the pinned collector (contrib v0.141.0; it came with a later release) and cannot be used in a MetricPipeline',
  },
  {
    // undefined function "Bool"
    kind: 'filter',
    text: 'Bool(datapoint.attributes["flag"])',
    column: 1,
    message: 'function "Bool" is not in the pinned collector (contrib v0.141.0; it came with a later release) and cannot be used in a MetricPipeline',
  },
  {
    // statement has invalid syntax: 1:52: unexpected token "-1" (expected ")" Key*)
    kind: 'statement',
    text: 'set(datapoint.attributes["x"], datapoint.value_int -1)',
    column: 52,
    message: 'expected "," or ")", found a number (a "-" directly before a digit is read as the number\'s sign; put a space after the operator)',
  },
  {
    // statement has invalid syntax: 1:27: unexpected token "," (expected ")" Key*)  (no unary operator)
    kind: 'statement',
    text: 'set(datapoint.value_double, -datapoint.value_double * 2)',
    column: 29,
    message:
      'expected a value, found "-" (the pinned collector has no unary "-": only a number may carry a sign, directly before its first digit; multiply by -1 instead)',
  },
  {
    // condition has invalid syntax: 1:56: unexpected token "."
    kind: 'filter',
    text: 'datapoint.value_int > -1 and datapoint.value_double < 1. + .5',
    column: 56,
    message: 'expected "and", "or" or end of input, found "." (a number with a decimal point needs a digit after it, e.g. 1.0)',
  },
  {
    // statement has invalid syntax: 1:52: unexpected token "[" (expected ")" Key*)  (an Int key ends the key)
    kind: 'statement',
    text: 'set(datapoint.attributes["x"], Split(resource.attributes["a"], ",")[1 - 1])',
    column: 71,
    message: 'expected "]", found "-" (an integer key must stand alone; put arithmetic starting with a number in parentheses, e.g. [(1 + 2)])',
  },
  {
    // couldn't create function: span ids must be 8 bytes
    kind: 'statement',
    text: 'set(datapoint.attributes["span"], SpanID(0x01020304050607))',
    column: 42,
    message: 'argument "bytes" of "SpanID" must be a bytes literal of 8 bytes (0x followed by 16 hex digits), found 7 bytes',
  },
  {
    // invalid argument at position 0: slice parameter must be a byte slice literal (later releases take a string)
    kind: 'transform',
    text: 'TraceID(datapoint.attributes["trace"]) != nil',
    column: 9,
    message: 'argument "bytes" of "TraceID" must be a bytes literal of 16 bytes (0x followed by 32 hex digits), found the path "datapoint.attributes[...]"',
  },
  {
    // statement has invalid syntax: 1:30: unexpected token "," (expected ")" Key*)  (odd hex digit count)
    kind: 'statement',
    text: 'set(datapoint.attributes["raw"], 0x123)',
    column: 34,
    message: 'a bytes literal needs an even number of hex digits (two per byte)',
  },
  {
    kind: 'statement',
    text: 'extract_percentile_metric(95.0, "_p95") where metric.name == "http.server.duration"',
    column: 1,
    message: 'function "extract_percentile_metric" is not in the pinned collector (contrib v0.141.0; it came with a later release) and cannot be used in a MetricPipeline',
  },
  {
    kind: 'filter',
    text: 'IsInCIDR(resource.attributes["server.ip"], ["10.0.0.0/8"])',
    column: 1,
    message: 'function "IsInCIDR" is not in the pinned collector (contrib v0.141.0; it came with a later release) and cannot be used in a MetricPipeline',
  },
  {
    kind: 'statement',
    text: 'truncate_all(datapoint.attributes, 100, truncation_marker = "(truncated)")',
    column: 41,
    message: 'function "truncate_all" has no parameter "truncation_marker"',
  },
  {
    kind: 'statement',
    text: 'convert_gauge_to_sum("cumulative", is_monotonic = false)',
    column: 36,
    message: 'function "convert_gauge_to_sum" has no parameter "is_monotonic"; did you mean "monotonic"?',
  },
  {
    kind: 'statement',
    text: 'set(resource.attributes["x"], GetXML(resource.attributes["doc"], xpath = "/a"))',
    column: 66,
    message: 'function "GetXML" has no parameter "xpath"; did you mean "x_path"?',
  },
  {
    kind: 'filter',
    text: 'metric.cache["x"] == "y"',
    column: 1,
    message: '"metric.cache[...]" cannot be used in a filter condition: filter conditions run on data points, where only datapoint.cache is available',
  },
  {
    kind: 'statement',
    text: 'set(resource.attributes.foo, "x")',
    column: 25,
    message: 'unknown path "resource.attributes.foo": "attributes" has no field "foo"; use resource.attributes["foo"] for a map key',
  },
  { kind: 'statement', text: 'set(metric.name["x"], "y")', column: 17, message: '"name" in the path "metric.name[...]" cannot be indexed with [...]' },
  { kind: 'statement', text: 'set(metric.name, "x")["a"]', column: 23, message: 'only paths and converters may be indexed, not editor "set"' },
  {
    kind: 'statement',
    text: 'set(datapoint.attributes["x"], ParseCEF("x"))',
    column: 32,
    message: 'function "ParseCEF" is a log function of the transform processor and cannot be used in a MetricPipeline',
  },
  { kind: 'statement', text: 'replace_pattern(metric.name, "^a", "b", SHA257)', column: 41, message: 'unknown function "SHA257"; did you mean "SHA256"?' },
  {
    kind: 'statement',
    text: 'replace_pattern(metric.name, "^a", "b", SHA256)',
    column: 41,
    message:
      'the pinned collector takes the all-uppercase function name "SHA256" for an enum symbol when it infers the context of ' +
      'transform rules, and no context has that enum; pass a converter whose name has a lowercase letter (e.g. Murmur3Hash) ' +
      'or leave the optional function argument out',
  },
  {
    kind: 'statement',
    text: 'set(instrumentation_scope.attributes["legacy"], "yes")',
    column: 5,
    message:
      '"instrumentation_scope.attributes[...]" uses the legacy context name instrumentation_scope, which the pinned collector ' +
      'only accepts in statements that run on metrics or data points, not when it infers the scope or resource context; write "scope." instead',
  },
  {
    kind: 'statement',
    text: 'set(resource.cache["k"], scope.name)',
    column: 5,
    message: '"resource.cache[...]" can only be used when the statements run in the resource context, but the collector infers the scope context from the path "scope.name"; use scope.cache instead',
  },
  {
    kind: 'statement',
    text: 'replace_pattern(metric.name, "^a", "b", SHA256("x"))',
    column: 41,
    message:
      'argument "function" of "replace_pattern" must be the name of a converter without parentheses (e.g. SHA256), found a call of "SHA256"',
  },
  {
    kind: 'statement',
    text: 'set(resource.cache["x"], "y") where datapoint.value_int > 0',
    column: 5,
    message:
      '"resource.cache[...]" can only be used when the statements run in the resource context, but the collector infers the ' +
      'datapoint context from the path "datapoint.value_int"; use datapoint.cache instead',
  },
  { kind: 'statement', text: 'set(metric.name, "x") where', column: 28, message: 'expected a value, found end of input' },
  {
    kind: 'filter',
    text: 'datapoint.valueInt > 1',
    column: 11,
    message: 'path segment "valueInt" is invalid: path segments are lowercase letters, digits and "_"',
  },
  {
    kind: 'statement',
    text: 'set(metric.name, set(metric.name, "x"))',
    column: 18,
    message: 'editor "set" cannot be used as a value: converters, which return values, start with an uppercase letter',
  },
  { kind: 'transform', text: 'metric.name == nil)', column: 19, message: 'expected "and", "or" or end of input, found ")"' },
  { kind: 'statement', text: '', column: 1, message: 'the text is empty' },
  {
    kind: 'statement',
    text: 'metric.name == "x"',
    column: 1,
    message: 'expected an editor invocation such as set(...) at the start of the statement, found "metric"',
  },
  {
    kind: 'filter',
    text: 'log.body == "x"',
    column: 1,
    message: 'context "log" belongs to log pipelines; MetricPipeline paths start with resource, scope, metric or datapoint',
  },
  { kind: 'statement', text: 'set(metric.name, Sha256("x"))', column: 18, message: 'unknown function "Sha256"; did you mean "SHA256"?' },
  {
    kind: 'filter',
    text: 'metric.type == MetricDataTypeSum',
    column: 16,
    message: 'unknown enum "MetricDataTypeSum"; did you mean "METRIC_DATA_TYPE_SUM"?',
  },
  {
    kind: 'statement',
    text: 'set(metric.name, "x") where metric.name == "a" && metric.unit == "b"',
    column: 48,
    message: 'unexpected character "&": use "and" / "or" to combine conditions',
  },
  {
    kind: 'statement',
    text: 'set_semconv_span_name("1.43.0")',
    column: 1,
    message: 'function "set_semconv_span_name" is a trace function of the transform processor and cannot be used in a MetricPipeline',
  },
  {
    kind: 'statement',
    text: 'set(datapoint.attributes["x"], IsRootSpan())',
    column: 32,
    message: 'function "IsRootSpan" is only available in the span context and cannot be used in a MetricPipeline',
  },
  {
    kind: 'statement',
    text: 'set(metric.attributes["x"], "y")',
    column: 12,
    message: 'unknown path "metric.attributes[...]": the metric context has no field "attributes"',
  },
  {
    kind: 'statement',
    // The key holds a character outside the BMP (two UTF-16 units): columns count it once.
    text: 'set(datapoint.attributes["🚀"], "x") where metric.nme == "y"',
    column: 50,
    message: 'unknown path "metric.nme": the metric context has no field "nme"; did you mean "name"?',
  },
];
