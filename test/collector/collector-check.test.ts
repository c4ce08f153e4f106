/**
 * The structural checker must catch each kind of problem it claims to catch; otherwise "the golden
 * configs pass the check" proves nothing. Every case starts from a valid gateway config and breaks one thing.
 */
import { expect } from 'chai';
import { parse } from 'yaml';
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
const EXPORTER = 'otlp_http/metricpipeline-oauth';

function fresh(): Json {
  return parse(VALID) as Json;
}

function parent(doc: Json, path: Path): Record<string | number, unknown> {
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  return node as Record<string | number, unknown>;
}

function get(doc: Json, path: Path): Record<string, unknown> {
  return parent(doc, [...path, '']) as Record<string, unknown>;
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

describe('collector structural check', () => {
  it('accepts the valid config it breaks below', () => {
    expect(problemsOf(fresh())).to.deep.equal([]);
  });

  it('rejects what is not a map', () => {
    expect(checkCollectorConfig('receivers: []', OPTIONS)).to.deep.equal(['config: must be a map']);
  });

  const cases: { name: string; mutate: (doc: Json) => Json; expected: RegExp; options?: CollectorCheckOptions }[] = [
    {
      name: 'an unknown top-level section',
      mutate: (d) => set(d, ['exporter'], {}),
      expected: /^exporter: unknown top-level key$/,
    },
    {
      name: 'a pipeline referencing an undefined processor',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/oauth-output', 'processors', 0], 'transform/missing'),
      expected: /^service\.pipelines\.metrics\/oauth-output\.processors: "transform\/missing" is not a defined processor$/,
    },
    {
      name: 'a pipeline referencing an undefined exporter',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/oauth-output', 'exporters'], ['otlp_grpc/metricpipeline-gone']),
      expected: /"otlp_grpc\/metricpipeline-gone" is neither a defined exporter nor a connector/,
    },
    {
      name: 'a pipeline referencing an undefined receiver',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/input', 'receivers'], ['prometheus/app-pods']),
      expected: /"prometheus\/app-pods" is neither a defined receiver nor a connector/,
    },
    {
      name: 'a defined processor no pipeline uses',
      mutate: (d) => set(d, ['processors', 'batch/unused'], { send_batch_size: 1 }),
      expected: /^processors\.batch\/unused: defined but not used in any pipeline$/,
    },
    {
      name: 'a defined exporter no pipeline uses',
      mutate: (d) => remove(d, ['service', 'pipelines', 'metrics/oauth-output']),
      expected: /^exporters\.otlp_http\/metricpipeline-oauth: defined but not used in any pipeline$/,
    },
    {
      name: 'a defined extension that is not enabled',
      mutate: (d) => remove(d, ['service', 'extensions', 1]),
      expected: /^extensions\.pprof: defined but not enabled in service\.extensions$/,
    },
    {
      name: 'an enabled extension that is not defined',
      mutate: (d) => remove(d, ['extensions', 'cgroup_runtime']),
      expected: /^service\.extensions: "cgroup_runtime" is not a defined extension$/,
    },
    {
      name: 'an authenticator naming an extension that is not defined and enabled',
      mutate: (d) => set(d, ['exporters', EXPORTER, 'auth', 'authenticator'], 'oauth2client/other'),
      expected: /^exporters\.otlp_http\/metricpipeline-oauth\.auth\.authenticator: extension "oauth2client\/other" is not defined and enabled$/,
    },
    {
      name: 'a connector only used as an exporter',
      mutate: (d) => remove(d, ['service', 'pipelines', 'metrics/oauth-output']) && remove(d, ['exporters']),
      expected: /^connectors\.forward\/enrichment: not used as a receiver in any pipeline$/,
    },
    {
      name: 'a connector only used as a receiver',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/input', 'exporters'], [EXPORTER]),
      expected: /^connectors\.forward\/input: not used as an exporter in any pipeline$/,
    },
    {
      name: 'a connector used on both sides of one pipeline',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/enrichment', 'exporters'], ['forward/enrichment', 'forward/input']),
      expected: /^service\.pipelines\.metrics\/enrichment: connector "forward\/input" is both receiver and exporter$/,
    },
    {
      name: 'pipelines forming a cycle through connectors',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/oauth-output', 'exporters'], [EXPORTER, 'forward/input']),
      expected: /^service\.pipelines: cycle through connectors: metrics\/enrichment -> metrics\/oauth-output -> metrics\/enrichment$/,
    },
    {
      name: 'a routing connector routing to a pipeline that does not receive from it',
      mutate: (d) => {
        set(d, ['connectors', 'routing/x'], { default_pipelines: ['metrics/oauth-output'], error_mode: 'ignore', table: [] });
        set(d, ['service', 'pipelines', 'metrics/enrichment', 'exporters'], ['forward/enrichment', 'routing/x']);
        return set(d, ['service', 'pipelines', 'metrics/other'], { receivers: ['routing/x'], exporters: [EXPORTER] });
      },
      expected: /^connectors\.routing\/x: routes to "metrics\/oauth-output", which does not receive from it$/,
    },
    {
      name: 'a pipeline without exporters',
      mutate: (d) => set(d, ['service', 'pipelines', 'metrics/oauth-output', 'exporters'], []),
      expected: /^service\.pipelines\.metrics\/oauth-output: needs at least one exporter$/,
    },
    {
      name: 'a pipeline id with an unknown signal',
      mutate: (d) => set(d, ['service', 'pipelines', 'metric/x'], { receivers: ['forward/enrichment'], exporters: [EXPORTER] }),
      expected: /^service\.pipelines\.metric\/x: pipeline id must be <signal>\[\/<name>\]$/,
    },
    {
      name: 'a component type that is not in the distribution (Kyma-only processor)',
      mutate: (d) => set(d, ['processors', 'service_enrichment'], {}) && set(d, ['service', 'pipelines', 'metrics/enrichment', 'processors', 1], 'service_enrichment'),
      expected: /^processors\.service_enrichment: processor type "service_enrichment" is not in otelcol-k8s 0\.159\.0$/,
    },
    {
      name: 'a deprecated type alias',
      mutate: (d) => set(d, ['processors', 'k8sattributes'], {}) && set(d, ['service', 'pipelines', 'metrics/enrichment', 'processors', 0], 'k8sattributes'),
      expected: /^processors\.k8sattributes: deprecated processor type "k8sattributes", use "k8s_attributes"$/,
    },
    {
      name: 'a distribution type without a key schema',
      mutate: (d) => set(d, ['exporters', 'debug'], {}) && set(d, ['service', 'pipelines', 'metrics/oauth-output', 'exporters', 1], 'debug'),
      expected: /^exporters\.debug: no key schema known for exporter type "debug"/,
    },
    {
      name: 'an invalid component id',
      mutate: (d) => set(d, ['processors', 'Batch'], {}) && set(d, ['service', 'pipelines', 'metrics/input', 'processors', 2], 'Batch'),
      expected: /^processors\.Batch: invalid component id$/,
    },
    {
      name: 'an unknown key in a core component',
      mutate: (d) => set(d, ['exporters', EXPORTER, 'sending_queue', 'queue_sise'], 10),
      expected: /^exporters\.otlp_http\/metricpipeline-oauth\.sending_queue: unknown key "queue_sise"/,
    },
    {
      name: 'an unknown key in a contrib component',
      mutate: (d) => set(d, ['processors', 'k8s_attributes', 'filter'], { node_from_env: 'MY_NODE_NAME' }),
      expected: /^processors\.k8s_attributes\.filter: unknown key "node_from_env"/,
    },
    {
      name: 'a key of the wrong exporter type (metrics_endpoint on otlp_grpc)',
      mutate: (d) => {
        const exporter = get(d, ['exporters', EXPORTER]);
        remove(d, ['exporters', EXPORTER]);
        set(d, ['exporters', 'otlp_grpc/metricpipeline-oauth'], { ...exporter, metrics_endpoint: exporter['endpoint'] });
        return set(d, ['service', 'pipelines', 'metrics/oauth-output', 'exporters'], ['otlp_grpc/metricpipeline-oauth']);
      },
      expected: /^exporters\.otlp_grpc\/metricpipeline-oauth: unknown key "metrics_endpoint"/,
    },
    {
      name: 'a value of the wrong shape',
      mutate: (d) => set(d, ['processors', 'transform/set-service-name', 'metric_statements'], 'set(x, 1)'),
      expected: /^processors\.transform\/set-service-name\.metric_statements: must be a list$/,
    },
    {
      name: 'an unknown key in the service section',
      mutate: (d) => set(d, ['service', 'telemetry', 'metrics', 'address'], ':8888'),
      expected: /^service\.telemetry\.metrics: unknown key "address"/,
    },
    {
      name: 'an environment reference that is neither a Secret key nor a downward-API variable',
      mutate: (d) => set(d, ['exporters', EXPORTER, 'headers'], { 'X-Token': '${env:HEADER_METRICPIPELINE_OAUTH_X_TOKEN}' }),
      expected: /^exporters\.otlp_http\/metricpipeline-oauth\.headers\.X-Token: \$\{env:HEADER_METRICPIPELINE_OAUTH_X_TOKEN\} is neither a Secret key nor a downward-API variable$/,
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
