import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePrometheusText, parseSamples, PrometheusParseError, parseFloatToken } from '../../../src/status/metrics/prometheus-text';
import { REFERENCE_SAMPLES } from '../support/fixtures';

function parseError(text: string): PrometheusParseError {
  try {
    parseSamples(text, 'snap.prom');
  } catch (e) {
    assert.ok(e instanceof PrometheusParseError, `expected PrometheusParseError, got ${String(e)}`);
    return e;
  }
  assert.fail(`parsed without error: ${JSON.stringify(text)}`);
}

describe('status/metrics/prometheus-text', () => {
  it('parses names, labels, values and timestamps; skips HELP/TYPE and blank lines', () => {
    const samples = parseSamples(
      [
        '# HELP otelcol_exporter_sent_metric_points Number of metric points sent. [Alpha]',
        '# TYPE otelcol_exporter_sent_metric_points counter',
        '',
        'otelcol_exporter_sent_metric_points{exporter="otlp_grpc/metricpipeline-a",server_port="4317"} 1.79e+06',
        '   ',
        'otelcol_process_uptime 3712.55 1724083200000',
        'up{job="x"}1',
      ].join('\n'),
    );
    assert.deepEqual(samples, [
      {
        name: 'otelcol_exporter_sent_metric_points',
        labels: { exporter: 'otlp_grpc/metricpipeline-a', server_port: '4317' },
        value: 1790000,
      },
      { name: 'otelcol_process_uptime', labels: {}, value: 3712.55, timestamp: 1724083200000 },
      { name: 'up', labels: { job: 'x' }, value: 1 },
    ]);
  });

  it('unescapes label values: \\" \\\\ \\n, keeps unknown escapes literally', () => {
    const [sample] = parseSamples('m{a="say \\"hi\\"",b="C:\\\\dir",c="two\\nlines",d="\\t",e="}{,=",f=""} 0');
    assert.deepEqual(sample?.labels, { a: 'say "hi"', b: 'C:\\dir', c: 'two\nlines', d: '\\t', e: '}{,=', f: '' });
  });

  it('accepts NaN, +Inf, -Inf, Inf and negative and exponent values', () => {
    const values = parseSamples('a NaN\nb +Inf\nc -Inf\nd Inf\ne -1.5e-3\nf .5\ng 7E2').map((s) => s.value);
    assert.ok(Number.isNaN(values[0]));
    assert.deepEqual(values.slice(1), [Infinity, -Infinity, Infinity, -0.0015, 0.5, 700]);
  });

  it('rejects what Number() would accept but Prometheus does not', () => {
    for (const token of ['0x10', '1_000', 'Infinity1', '', '1e', '--1', 'abc']) assert.equal(parseFloatToken(token), undefined, token);
  });

  it('tolerates CRLF, tabs, trailing commas, quoted UTF-8 names, exemplars and # EOF', () => {
    const samples = parseSamples(
      'a{x="1",} 1\r\n\tb\t{ y = "2" }\t2\r\n{"my.metric","label.name"="v"} 3\nc_total 4 # {trace_id="abc"} 1.0\n# EOF\n',
    );
    assert.deepEqual(
      samples.map((s) => [s.name, s.labels, s.value]),
      [
        ['a', { x: '1' }, 1],
        ['b', { y: '2' }, 2],
        ['my.metric', { 'label.name': 'v' }, 3],
        ['c_total', {}, 4],
      ],
    );
  });

  it('treats _created and other suffixed series as ordinary series', () => {
    const names = parseSamples('x_total 1\nx_created 1.7e9\nx_bucket{le="+Inf"} 3').map((s) => s.name);
    assert.deepEqual(names, ['x_total', 'x_created', 'x_bucket']);
  });

  it('reports comments other than HELP/TYPE to the visitor', () => {
    const comments: [string, number][] = [];
    parsePrometheusText('# POD gw-0\n# HELP a b\n#TYPE a counter\na 1\n#  free text  ', {
      sample: () => undefined,
      comment: (text, line) => comments.push([text, line]),
    });
    assert.deepEqual(comments, [
      ['POD gw-0', 1],
      ['free text', 5],
    ]);
  });

  it('only decodes wanted series but validates all lines', () => {
    const seen: string[] = [];
    const count = parsePrometheusText('keep{a="1"} 1\nskip{b="2"} 2\nkeep 3\n', {
      wants: (name) => name === 'keep',
      sample: (name, labels, value) => seen.push(`${name}${labels.join('=')}:${value}`),
    });
    assert.equal(count, 3);
    assert.deepEqual(seen, ['keepa=1:1', 'keep:3']);
    assert.throws(
      () => parsePrometheusText('keep 1\nskip{b="2} 2\n', { wants: (n) => n === 'keep', sample: () => undefined }),
      (e: unknown) => e instanceof PrometheusParseError && e.line === 2,
    );
  });

  it('throws a typed one-line error with the line number for invalid text', () => {
    const cases: [string, number, RegExp][] = [
      ['{\n  "apiVersion": "v1"\n}', 1, /label set/],
      ['apiVersion: v1\nkind: List', 1, /invalid value "v1"/],
      ['<!DOCTYPE html>', 1, /expected a metric name/],
      ['ok 1\nbroken{a="1"', 2, /unterminated/],
      ['ok 1\nok 2\nbad{a=1} 3', 3, /quoted label value/],
      ['m{a="x" b="y"} 1', 1, /expected ',' or '}'/],
      ['m', 1, /missing sample value/],
      ['m 1 2 3', 1, /after the sample value/],
      ['m 1 notatime', 1, /invalid timestamp/],
      ['m{1a="x"} 1', 1, /expected a label name/],
      ['m{a="x"', 1, /unterminated/],
      ['m{a="x\\', 1, /unterminated/],
      ['\u0000\u0001\u0002binary', 1, /expected a metric name/],
    ];
    for (const [text, line, reason] of cases) {
      const error = parseError(text);
      assert.equal(error.line, line, text);
      assert.match(error.reason, reason, text);
      assert.equal(error.source, 'snap.prom');
      assert.ok(error.message.startsWith(`snap.prom:${line}: not Prometheus text: `), error.message);
      assert.ok(!error.message.includes('\n'), 'one line');
    }
  });

  it('parses the whole reference sample file (real and synthesized captures)', () => {
    const text = readFileSync(REFERENCE_SAMPLES, 'utf8');
    const samples = parseSamples(text);
    const expected = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
    assert.equal(samples.length, expected);
    const sent = samples.find((s) => s.name === 'otelcol_exporter_sent_metric_points_total');
    assert.equal(sent?.labels['exporter'], 'otlp_grpc/metricpipeline-a');
    assert.equal(sent?.labels['otel_scope_version'], '');
    assert.equal(sent?.value, 1.79e6);
  });
});
