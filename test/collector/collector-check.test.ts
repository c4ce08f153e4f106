/**
 * The checks the real collector cannot make (test/support/collector-check.ts) must catch each kind of problem
 * they claim to catch; otherwise "the golden configs pass the check" proves nothing. Every case starts from a
 * valid gateway config and breaks one thing.
 */
import { expect } from 'chai';
import { parse } from 'yaml';
import { DEPRECATED_TYPE_ALIASES, TYPES } from '../../src/collector/distribution';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { serializeCollectorConfig } from '../../src/collector/serialize';
import { checkCollectorConfig, type CollectorCheckOptions } from '../support/collector-check';
import { checkOptionsFor, gatewayPlanOf } from './fixtures';
import { GATEWAY_SCENARIOS } from './gateway-scenarios';

type Json = Record<string, unknown>;
type Path = (string | number)[];

const scenario = GATEWAY_SCENARIOS.find((s) => s.name === 'gateway-oauth2')!;
const plan = gatewayPlanOf(scenario.pipelines(), { clusterName: 'c' });
const OPTIONS: CollectorCheckOptions = checkOptionsFor(plan);
const VALID = serializeCollectorConfig(buildGatewayConfig(plan));
const EXPORTER = `${TYPES.otlpHttpExporter}/metricpipeline-oauth`;
/** EXPORTER inside a regular expression. */
const EXPORTER_RE = EXPORTER.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function fresh(): Json {
  return parse(VALID) as Json;
}

function parent(doc: Json, path: Path): Record<string | number, unknown> {
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  return node as Record<string | number, unknown>;
}

function set(doc: Json, path: Path, value: unknown): Json {
  parent(doc, path)[path.at(-1)!] = value;
  return doc;
}

function remove(doc: Json, path: Path): Json {
  const p = parent(doc, path);
  const key = path.at(-1)!;
  if (Array.isArray(p) && typeof key === 'number') p.splice(key, 1);
  else delete p[key];
  return doc;
}

function problemsOf(doc: Json, options = OPTIONS): string[] {
  return checkCollectorConfig(doc, options);
}

describe('collector checks the real collector cannot make', () => {
  it('accepts the valid config it breaks below', () => {
    expect(problemsOf(fresh())).to.deep.equal([]);
  });

  it('rejects what is not a map', () => {
    expect(checkCollectorConfig('receivers: []', OPTIONS)).to.deep.equal(['config: must be a map']);
  });

  // What the real collector decides (types, keys, wiring, connectors, OTTL) is no longer checked here: see
  // test/peers/otelcol-validate.test.ts, which also shows that `otelcol validate` rejects each of those.
  const cases: { name: string; mutate: (doc: Json) => Json; expected: RegExp; options?: CollectorCheckOptions }[] = [
    {
      name: 'a defined processor no pipeline uses',
      mutate: (d) => set(d, ['processors', 'batch/unused'], { send_batch_size: 1 }),
      expected: /^processors\.batch\/unused: defined but not used in any pipeline$/,
    },
    {
      name: 'a defined exporter no pipeline uses',
      mutate: (d) => remove(d, ['service', 'pipelines', 'metrics/oauth-output']),
      expected: new RegExp(`^exporters\\.${EXPORTER_RE}: defined but not used in any pipeline$`),
    },
    {
      name: 'a defined extension that is not enabled',
      mutate: (d) => remove(d, ['service', 'extensions', 1]),
      expected: /^extensions\.cgroupruntime: defined but not enabled in service\.extensions$/,
    },
    {
      name: 'an extension enabled twice',
      mutate: (d) => set(d, ['service', 'extensions', 3], 'cgroupruntime'),
      expected: /^service\.extensions: "cgroupruntime" listed twice$/,
    },
    {
      name: 'an authenticator naming an extension that is not defined and enabled',
      mutate: (d) => set(d, ['exporters', EXPORTER, 'auth', 'authenticator'], 'oauth2client/other'),
      expected: new RegExp(`^exporters\\.${EXPORTER_RE}\\.auth\\.authenticator: extension "oauth2client/other" is not defined and enabled$`),
    },
    {
      name: 'an authenticator naming an extension that is defined but not enabled',
      mutate: (d) => remove(d, ['service', 'extensions', 2]),
      expected: new RegExp(`^exporters\\.${EXPORTER_RE}\\.auth\\.authenticator: extension "oauth2client/metricpipeline-oauth" is not defined and enabled$`),
    },
    {
      // 0.141.0 has no deprecated aliases (DEPRECATED_TYPE_ALIASES is empty); the check is shown with the table a
      // later pin would have, where the HTTP exporter the function emits today is an alias of otlp_http.
      name: `a deprecated type alias (${TYPES.otlpHttpExporter}, were it one)`,
      mutate: (d) => d,
      options: { ...OPTIONS, deprecatedTypeAliases: { ...DEPRECATED_TYPE_ALIASES, exporter: { [TYPES.otlpHttpExporter]: 'otlp_http' } } },
      expected: new RegExp(`^exporters\\.${EXPORTER_RE}: deprecated exporter type "${TYPES.otlpHttpExporter}", use "otlp_http"$`),
    },
    {
      name: 'an environment reference that is neither a Secret key nor a downward-API variable',
      mutate: (d) => set(d, ['exporters', EXPORTER, 'headers'], { 'X-Token': '${env:HEADER_METRICPIPELINE_OAUTH_X_TOKEN}' }),
      expected: new RegExp(`^exporters\\.${EXPORTER_RE}\\.headers\\.X-Token: \\$\\{env:HEADER_METRICPIPELINE_OAUTH_X_TOKEN\\} is neither a Secret key nor a downward-API variable$`),
    },
    {
      name: 'a downward-API variable the pod does not set',
      mutate: (d) => d,
      options: { ...OPTIONS, downwardApiEnv: [] },
      expected: /^extensions\.health_check\.endpoint: \$\{env:MY_POD_IP\} is neither/,
    },
    {
      name: 'an unescaped $ at the end of a regular expression',
      mutate: (d) => set(d, ['processors', 'transform/set-service-name', 'metric_statements', 0, 'statements', 0], 'set(a, b) where IsMatch(c, "^x$")'),
      expected: /^processors\.transform\/set-service-name\.metric_statements\[0\]\.statements\[0\]: unescaped "\$"/,
    },
    {
      name: 'an unescaped ${1} (an invalid expansion, which fails config loading)',
      mutate: (d) => set(d, ['extensions', 'oauth2client/metricpipeline-oauth', 'scopes', 0], 'tenant:${1}'),
      expected: /^extensions\.oauth2client\/metricpipeline-oauth\.scopes\[0\]: unescaped "\$"/,
    },
    {
      name: 'an odd run of dollars ($$$ is one literal $ and one unescaped $)',
      mutate: (d) => set(d, ['extensions', 'oauth2client/metricpipeline-oauth', 'scopes', 0], 'a$$$b'),
      expected: /scopes\[0\]: unescaped "\$"/,
    },
    {
      name: 'memory_limiter not first in a pipeline with receivers',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/input', 'processors'], ['transform/set-kyma-input-name-otlp', 'memory_limiter']),
      expected: /^service\.pipelines\.metrics\/input: has receivers, so its first processor must be memory_limiter$/,
    },
    {
      name: 'no metrics reader',
      mutate: (d) => set(d, ['service', 'telemetry', 'metrics', 'readers'], []),
      expected: /^service\.telemetry\.metrics\.readers: no metrics reader/,
    },
    {
      name: 'two listeners on one port',
      mutate: (d) => set(d, ['extensions', 'health_check', 'endpoint'], '${env:MY_POD_IP}:4317'),
      expected: /^extensions\.health_check: port 4317 already used by receivers\.otlp\.protocols\.grpc$/,
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const problems = problemsOf(c.mutate(fresh()), c.options);
      expect(problems.some((p) => c.expected.test(p)), `expected a problem matching ${c.expected}, got:\n${problems.join('\n')}`).to.equal(true);
    });
  }

  it('accepts escaped dollars and ${env:...} references to known variables', () => {
    const doc = set(fresh(), ['extensions', 'oauth2client/metricpipeline-oauth', 'scopes'], ['a$$b', '$$$$', '$${literal}', '${env:MY_POD_IP}']);
    expect(problemsOf(doc)).to.deep.equal([]);
  });

  it('does not treat map keys as expandable', () => {
    const doc = set(fresh(), ['exporters', EXPORTER, 'headers'], { 'X-$weird': '${env:MY_POD_IP}' });
    expect(problemsOf(doc)).to.deep.equal([]);
  });
});
