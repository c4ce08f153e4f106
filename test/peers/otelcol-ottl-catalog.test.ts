/**
 * The OTTL function catalog (src/ottl/functions.ts) and the valid OTTL corpus (test/ottl/corpus-valid.ts)
 * against the real collector of the pinned release (.peers/bin/otelcol):
 *
 * - every function a MetricPipeline may use is accepted, in every context and processor the catalog lists,
 *   called with its required arguments only and with every argument named as the catalog names it;
 * - every function the catalog marks unavailable is rejected;
 * - every statement and condition of the valid corpus is accepted where the renderer puts it (transform
 *   entries with the context inferred; filter conditions in the datapoint context), and every entry of the
 *   broken corpus is rejected there: the checker is neither more lenient nor stricter than the collector.
 *
 * One sample call per function, with all its parameters positional; arguments are paths of the resource, which
 * every metric context can read, or literals the function's own checks accept.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FILTER_CONTEXT, checkCondition, checkStatement, inspectStatement } from '../../src/ottl/check';
import { allFunctions, type OttlFunction } from '../../src/ottl/functions';
import { escapeDollar } from '../../src/plan/env-vars';
import { BROKEN } from '../ottl/corpus-broken';
import { VALID_CONDITIONS, VALID_STATEMENTS } from '../ottl/corpus-valid';
import { validateConfigText, type Verdict } from '../support/otelcol';
import { requirePeer } from '../support/peers';
import { mapConcurrently } from '../support/concurrency';

const SAMPLES: readonly string[] = [
  'append(resource.attributes["t"], "v", ["w"])',
  'delete_key(resource.attributes, resource.attributes["a"])',
  'delete_matching_keys(resource.attributes, "^a")',
  'keep_matching_keys(resource.attributes, "^a")',
  'flatten(resource.attributes, "p", 2, true)',
  'keep_keys(resource.attributes, [resource.attributes["a"], "b"])',
  'limit(resource.attributes, 10, ["a"])',
  'merge_maps(resource.attributes, resource.attributes, "upsert")',
  'replace_all_matches(resource.attributes, "a*", "b", Murmur3Hash, "x-%s")',
  'replace_all_patterns(resource.attributes, "value", "a+", "b", Murmur3Hash, "x-%s")',
  'replace_match(resource.attributes["t"], "a*", "b", Murmur3Hash, "x-%s")',
  'replace_pattern(resource.attributes["t"], "a+", "b", Murmur3Hash, "x-%s")',
  'set(resource.attributes["t"], resource.attributes["a"])',
  'truncate_all(resource.attributes, 1)',
  'aggregate_on_attribute_value("sum", "attr", ["a", "b"], "ab")',
  'aggregate_on_attributes("sum", ["a"])',
  'convert_exponential_histogram_to_histogram("upper", [1.0, 2.0])',
  'convert_gauge_to_sum("cumulative", true)',
  'convert_sum_to_gauge()',
  'convert_summary_quantile_val_to_gauge("q", "_q")',
  'copy_metric(resource.attributes["a"], resource.attributes["a"], resource.attributes["a"])',
  'extract_count_metric(true, "x")',
  'extract_sum_metric(true, "x")',
  'scale_metric(1.5, resource.attributes["a"])',
  'convert_summary_count_val_to_sum("delta", true, "_n")',
  'convert_summary_sum_val_to_sum("delta", true, "_s")',
  'merge_histogram_buckets(1.5)',
  'Base64Decode(resource.attributes["a"])',
  'CommunityID(resource.attributes["a"], Int(resource.attributes["i"]), resource.attributes["a"], Int(resource.attributes["i"]), resource.attributes["a"], Int(resource.attributes["i"]))',
  'Concat([resource.attributes["a"], "b"], resource.attributes["a"])',
  'ContainsValue(Split(resource.attributes["s"], ","), resource.attributes["a"])',
  'ConvertAttributesToElementsXML(resource.attributes["a"], "/a")',
  'ConvertCase(resource.attributes["a"], "snake")',
  'ConvertTextToElementsXML(resource.attributes["a"], "/a", "v")',
  'Day(resource.attributes["a"])',
  'Decode(resource.attributes["a"], "utf-8")',
  'Double(Double(resource.attributes["f"]))',
  'Duration("1h")',
  'ExtractGrokPatterns(resource.attributes["a"], "%{WORD:w}", true, ["MYWORD=[a-z]+"])',
  'ExtractPatterns(resource.attributes["a"], "(?P<k>[a-z]+)")',
  'FNV(resource.attributes["a"])',
  'Format("%s-%d", [resource.attributes["a"], 1])',
  'FormatTime(Now(), "%Y")',
  'GetXML(resource.attributes["a"], "/a")',
  'HasPrefix(resource.attributes["a"], resource.attributes["a"])',
  'HasSuffix(resource.attributes["a"], resource.attributes["a"])',
  'Hex(resource.attributes["a"])',
  'Hour(resource.attributes["a"])',
  'Hours(resource.attributes["a"])',
  'Index(resource.attributes["a"], resource.attributes["a"])',
  'InsertXML(resource.attributes["a"], "/a", "<b/>")',
  'Int(Int(resource.attributes["i"]))',
  'IsBool(resource.attributes["a"])',
  'IsDouble(Double(resource.attributes["f"]))',
  'IsInt(Int(resource.attributes["i"]))',
  'IsList(resource.attributes["a"])',
  'IsMap(resource.attributes)',
  'IsMatch(resource.attributes["a"], "^a")',
  'IsString(resource.attributes["a"])',
  'IsValidLuhn(resource.attributes["a"])',
  'Keys(resource.attributes)',
  'Len(resource.attributes["a"])',
  'Log(Double(resource.attributes["f"]))',
  'MD5(resource.attributes["a"])',
  'Microseconds(resource.attributes["a"])',
  'Milliseconds(resource.attributes["a"])',
  'Minute(resource.attributes["a"])',
  'Minutes(resource.attributes["a"])',
  'Month(resource.attributes["a"])',
  'Murmur3Hash(resource.attributes["a"])',
  'Murmur3Hash128(resource.attributes["a"])',
  'Nanosecond(resource.attributes["a"])',
  'Nanoseconds(resource.attributes["a"])',
  'Now()',
  'ParseCSV(resource.attributes["a"], "a,b", ",", ",", "strict")',
  'ParseInt(resource.attributes["a"], 10)',
  'ParseJSON(resource.attributes["a"])',
  'ParseKeyValue(resource.attributes["a"], "=", " ")',
  'ParseSeverity(resource.attributes["a"], resource.attributes)',
  'ParseSimplifiedXML(resource.attributes["a"])',
  'ParseXML(resource.attributes["a"])',
  'ProfileID(0x0102030405060708090a0b0c0d0e0f10)',
  'RemoveXML(resource.attributes["a"], "/a")',
  'SHA1(resource.attributes["a"])',
  'SHA256(resource.attributes["a"])',
  'SHA512(resource.attributes["a"])',
  'Second(resource.attributes["a"])',
  'Seconds(resource.attributes["a"])',
  'SliceToMap(Split(resource.attributes["s"], ","), ["a"], ["a"])',
  'Sort(resource.attributes["a"], "asc")',
  'SpanID(0x0102030405060708)',
  'Split(resource.attributes["a"], ",")',
  'String(resource.attributes["a"])',
  'Substring(resource.attributes["a"], 0, 1)',
  'Time(resource.attributes["a"], "%Y-%m-%d", "UTC", "en")',
  'ToCamelCase(resource.attributes["a"])',
  'ToKeyValueString(resource.attributes, "=", " ", true)',
  'ToLowerCase(resource.attributes["a"])',
  'ToSnakeCase(resource.attributes["a"])',
  'ToUpperCase(resource.attributes["a"])',
  'TraceID(0x0102030405060708090a0b0c0d0e0f10)',
  'Trim(resource.attributes["a"], " ")',
  'TrimPrefix(resource.attributes["a"], resource.attributes["a"])',
  'TrimSuffix(resource.attributes["a"], resource.attributes["a"])',
  'TruncateTime(Now(), Duration("1h"))',
  'URL(resource.attributes["a"])',
  'UUID()',
  'UUIDv7()',
  'Unix(Int(resource.attributes["i"]), Int(resource.attributes["i"]))',
  'UnixMicro(resource.attributes["a"])',
  'UnixMilli(resource.attributes["a"])',
  'UnixNano(resource.attributes["a"])',
  'UnixSeconds(resource.attributes["a"])',
  'UserAgent(resource.attributes["a"])',
  'Values(resource.attributes)',
  'Weekday(resource.attributes["a"])',
  'XXH128(resource.attributes["a"])',
  'XXH3(resource.attributes["a"])',
  'Year(resource.attributes["a"])',
  'HasAttrKeyOnDatapoint("k")',
  'HasAttrOnDatapoint("k", "v")',
];

/** Functions whose own checks need more than the required arguments (append: a value or values). */
const MINIMUM_ARGUMENTS: Readonly<Record<string, number>> = { append: 2 };

/** Splits `name(a, b(c, d), [e, f])` into its name and top-level argument texts. */
function splitCall(call: string): { name: string; args: string[] } {
  const open = call.indexOf('(');
  const inner = call.slice(open + 1, -1);
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inner.trim() !== '') args.push(inner.slice(start).trim());
  return { name: call.slice(0, open), args };
}

const SAMPLE = new Map(SAMPLES.map((s) => [splitCall(s).name, splitCall(s).args]));

/** The two calls of a function: its required arguments positionally, and every argument by name. */
function calls(f: OttlFunction): string[] {
  const args = SAMPLE.get(f.name)!;
  const required = Math.max(f.params.filter((p) => !p.optional).length, MINIMUM_ARGUMENTS[f.name] ?? 0);
  return [`${f.name}(${args.slice(0, required).join(', ')})`, `${f.name}(${args.map((a, i) => `${f.params[i]!.names[0]} = ${a}`).join(', ')})`];
}

const asStatement = (f: OttlFunction, call: string) => (f.kind === 'editor' ? call : `set(resource.attributes["out"], ${call})`);
const asCondition = (call: string) => `${call} != nil`;

type Json = Record<string, unknown>;

/** A collector config running `processors` (in order) on OTLP data; OTTL text is `$`-escaped as the renderer does. */
function configWith(processors: Record<string, Json>): string {
  return stringify({
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:4317' } } } },
    processors,
    exporters: { debug: {} },
    service: { pipelines: { metrics: { receivers: ['otlp'], processors: Object.keys(processors), exporters: ['debug'] } } },
  });
}

/** The catalog's claims about `f` as one config: each context and processor it is listed for. */
function catalogConfig(f: OttlFunction): string {
  const processors: Record<string, Json> = {};
  const texts = calls(f);
  if (f.processor !== 'filter') {
    processors['transform'] = {
      error_mode: 'ignore',
      metric_statements: f.contexts.map((context) => ({ context, statements: texts.map((c) => escapeDollar(asStatement(f, c))) })),
    };
  }
  if (f.kind === 'converter' && f.processor !== 'transform') {
    const metrics: Json = {};
    for (const context of f.contexts.filter((c) => c !== 'scope')) metrics[context] = texts.map((c) => escapeDollar(asCondition(c)));
    processors['filter'] = { error_mode: 'ignore', metrics };
  }
  return configWith(processors);
}

let otelcol = '';
let dir = '';

function validate(name: string, config: string): Promise<Verdict> {
  return validateConfigText(otelcol, dir, name, config);
}

const usable = () => allFunctions().filter((f) => f.unavailable === undefined && f.featureGate === undefined);
const unusable = () => allFunctions().filter((f) => f.unavailable !== undefined || f.featureGate !== undefined);

describe('OTTL catalog samples', () => {
  it('has one sample call, with every parameter, for each function a MetricPipeline may use and none for the others', () => {
    expect([...SAMPLE.keys()].sort()).to.deep.equal(usable().map((f) => f.name).sort());
    for (const f of usable()) expect(SAMPLE.get(f.name), f.name).to.have.length(f.params.length);
  });

  it('pass our own checker (transform statements; converters also as filter conditions where data points offer them)', () => {
    for (const f of usable()) {
      for (const call of calls(f)) {
        if (f.processor !== 'filter') expect(checkStatement(asStatement(f, call)), call).to.deep.equal([]);
        if (f.kind === 'converter' && f.contexts.includes(FILTER_CONTEXT)) expect(checkCondition(asCondition(call), 'filter'), call).to.deep.equal([]);
      }
    }
  });
});

describe('real collector: the OTTL catalog and the valid corpus', function () {
  this.timeout(300_000);

  before(function () {
    otelcol = requirePeer(this, 'otelcol');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-ottl-'));
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every usable function in every context and processor the catalog lists, with required and with named arguments', async () => {
    const functions = usable();
    const verdicts = await mapConcurrently(functions, 2, (f) => validate(`fn-${f.name}`, catalogConfig(f)));
    const failed = functions.map((f, i) => ({ f, v: verdicts[i]! })).filter(({ v }) => v.code !== 0);
    expect(failed.map(({ f, v }) => `${f.name}: ${v.output}`).join('\n\n')).to.equal('');
  });

  it('rejects every function the catalog marks unavailable', async () => {
    const functions = unusable();
    const verdicts = await mapConcurrently(functions, 2, (f) => {
      const call = `${f.name}(${f.params.filter((p) => !p.optional).map(() => 'resource.attributes["a"]').join(', ')})`;
      const statement = f.kind === 'editor' ? call : `set(resource.attributes["out"], ${call})`;
      const groups = ['metric', 'datapoint'].map((context) => ({ context, statements: [statement] }));
      return validate(`gone-${f.name}`, configWith({ transform: { error_mode: 'ignore', metric_statements: groups } }));
    });
    const accepted = functions.filter((_, i) => verdicts[i]!.code === 0).map((f) => f.name);
    expect(accepted, 'unavailable functions the collector accepts').to.deep.equal([]);
    functions.forEach((f, i) => expect(verdicts[i]!.output, f.name).to.contain(`undefined function "${f.name}"`));
  });

  it('accepts every statement and condition of the valid corpus where the renderer puts it', async () => {
    const transform = (group: Json) => configWith({ transform: { error_mode: 'ignore', metric_statements: [group] } });
    const cases: { name: string; config: string }[] = [
      // A transform entry needs a prefixed path to infer its context from (validateOttl demands one); statements
      // without any get a where clause with one, as a pipeline would have to write them.
      ...VALID_STATEMENTS.map((s, i) => {
        const text = inspectStatement(s.text).hints.paths.length > 0 ? s.text : `${s.text} where metric.name != ""`;
        return { name: `statement-${i}: ${text}`, config: transform({ statements: [escapeDollar(text)] }) };
      }),
      ...VALID_CONDITIONS.flatMap((c, i) =>
        c.processors.map((p) => ({
          name: `${p}-condition-${i}: ${c.text}`,
          config:
            p === 'transform'
              ? transform({ statements: ['set(resource.attributes["matched"], "true")'], conditions: [escapeDollar(c.text)] })
              : configWith({ filter: { error_mode: 'ignore', metrics: { [FILTER_CONTEXT]: [escapeDollar(c.text)] } } }),
        })),
      ),
    ];
    const verdicts = await mapConcurrently(cases, 2, (c) => validate(c.name.slice(0, 40), c.config));
    const failed = cases.map((c, i) => ({ c, v: verdicts[i]! })).filter(({ v }) => v.code !== 0);
    expect(failed.map(({ c, v }) => `${c.name}: ${v.output}`).join('\n\n')).to.equal('');
  });

  it('rejects every entry of the broken corpus where the renderer puts it', async () => {
    const transform = (group: Json) => configWith({ transform: { error_mode: 'ignore', metric_statements: [group] } });
    const configs = BROKEN.map((b) => {
      const text = escapeDollar(b.text);
      if (b.kind === 'statement') return transform({ statements: [text] });
      if (b.kind === 'transform') return transform({ statements: ['set(resource.attributes["matched"], "true")'], conditions: [text] });
      return configWith({ filter: { error_mode: 'ignore', metrics: { [FILTER_CONTEXT]: [text] } } });
    });
    const verdicts = await mapConcurrently(configs, 2, (c, i) => validate(`broken-${i}`, c));
    const accepted = BROKEN.filter((_, i) => verdicts[i]!.code === 0).map((b) => `${b.kind}: ${b.text}`);
    expect(accepted, 'broken OTTL the collector accepts').to.deep.equal([]);
  });
});
