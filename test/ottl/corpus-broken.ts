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
    message: 'function "Concat" takes 2 arguments (values[], delimiter), got 1',
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
    text: 'set(datapoint.attributes["x"], datapoint.value_int -1)',
    column: 52,
    message: 'expected "," or ")", found a number (a "-" directly before a digit is read as the number\'s sign; put a space after the operator)',
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
    message: 'function "Filter" requires the collector feature gate ottl.functions.enableLambda, which the rendered collector does not enable',
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
