/**
 * Security-review findings about names and echoed input (issue 15, points 2, 5, 6, 8): each test failed
 * before its fix. The collector-side proofs (the real collector loading such configs) live in test/peers.
 */
import { expect } from 'chai';
import { decodeSettings } from '../../src/api/function-config';
import { ENV_NAME_MAX, pipelineEnvNames } from '../../src/plan/env-vars';
import { ECHO_LIMIT } from '../../src/core/clip';
import type { OtlpGrpcExporterConfig } from '../../src/collector/types';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { buildGatewayConfig } from '../../src/collector/gateway-config';
import { gatewayPlanOf, metricPipeline } from '../collector/fixtures';
import { REPO_ROOT, runFunction } from '../support/run-fn';

interface Obj {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: object;
}

const EXAMPLE = ['pipelines.yaml', 'secrets.yaml'].flatMap((f) =>
  parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'fixtures', 'example', f), 'utf8')).map((d) => d.toJS() as Obj),
);

function render(items: Obj[], functionConfig: unknown) {
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  const rl = parse(run.stdout) as { items: (Obj & { metadata: { labels?: Record<string, string> } })[]; results?: { message: string }[] };
  return { ...run, rl, generated: rl.items.filter((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn') };
}

function gatewayOf(spec: string) {
  return { config: buildGatewayConfig(gatewayPlanOf([metricPipeline('backend', spec)])) };
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

describe('hardening: names and echoed input', () => {
  it('keeps a header named __proto__ in the exporter (an assignment would drop it)', () => {
    const { config } = gatewayOf(`output:
  otlp:
    endpoint: {value: "https://h.example.com"}
    headers:
      - {name: __proto__, value: p}
      - {name: X-A, value: a}`);
    const headers = (config.exporters['otlp/metricpipeline-backend'] as OtlpGrpcExporterConfig).headers ?? {};
    expect(Object.keys(headers)).to.deep.equal(['__proto__', 'X-A']);
    expect(Object.getPrototypeOf(headers)).to.equal(Object.prototype);
  });

  for (const key of PROTOTYPE_KEYS) {
    it(`refuses the functionConfig key ${key} like any unknown key, in both forms`, () => {
      const typed = JSON.parse(`{"apiVersion": "fn.metricpipeline.dev/v1alpha1", "kind": "RenderMetricPipelines", "metadata": {"name": "c"}, ${JSON.stringify(key)}: "x"}`) as unknown;
      const configMap = JSON.parse(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {${JSON.stringify(key)}: "x"}}`) as unknown;
      for (const config of [typed, configMap]) {
        const r = decodeSettings(config);
        expect(r.ok, key).to.equal(false);
        if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).to.contain(`unknown key "${key}"`);
      }
    });
  }

  it('bounds every environment-variable name (a merged-Secret key) and keeps long names apart', () => {
    const longName = `p${'-x'.repeat(126)}`; // 253 characters, the longest valid MetricPipeline name
    const names = pipelineEnvNames(longName);
    const all = [names.endpoint, names.basicAuthHeader, names.tlsCa, names.tlsCert, names.tlsKey, names.oauth2TokenUrl, names.oauth2ClientId, names.oauth2ClientSecret, names.header('X-'.repeat(200))];
    for (const name of all) {
      expect(name.length, name).to.be.at.most(ENV_NAME_MAX);
      expect(name).to.match(/^[A-Z_][A-Z0-9_]*$/);
    }
    expect(new Set(all).size).to.equal(all.length);
    expect(pipelineEnvNames(`${longName.slice(0, -1)}y`).endpoint).to.not.equal(names.endpoint);
    expect(pipelineEnvNames('short').endpoint).to.equal('OTLP_ENDPOINT_METRICPIPELINE_SHORT');
  });

  it('renders a 253-character pipeline name with Secret keys the API server accepts', () => {
    const name = `p${'-x'.repeat(126)}`;
    const objects = EXAMPLE.map((o) => (o.kind === 'MetricPipeline' && o.metadata.name === 'backend' ? { ...o, metadata: { ...o.metadata, name } } : o));
    const r = render(objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { statusImage: 'r.example.com/s:1' } });
    expect(r.code, r.stderr).to.equal(0);
    const secret = r.generated.find((o) => o.kind === 'Secret');
    for (const key of Object.keys(secret?.data ?? {})) expect(key.length, key).to.be.at.most(253);
  });

  it('clips a huge OTTL statement echoed into results, stderr and the outcome annotation', () => {
    const huge = `set(metric.name, "x") where metric.${'a'.repeat(300_000)} == 1`;
    const objects = EXAMPLE.map((o) => (o.kind === 'MetricPipeline' && o.metadata.name === 'backend' ? { ...o, spec: { ...o.spec, transform: [{ statements: [huge] }] } } : o));
    const r = render(objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { invalidPipelines: 'skip', statusImage: 'r.example.com/s:1' } });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr.length).to.be.below(4 * ECHO_LIMIT + 1000);
    for (const result of r.rl.results ?? []) expect(result.message.length).to.be.below(4 * ECHO_LIMIT + 1000);
    const cm = r.generated.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'telemetry-metric-gateway');
    const annotation = cm?.metadata.annotations?.['fn.metricpipeline.dev/pipelines'] ?? '';
    expect(annotation).to.contain('"backend"');
    expect(annotation.length).to.be.below(8 * ECHO_LIMIT + 2000);
  });
});
