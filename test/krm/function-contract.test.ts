import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { decodeOutcomes } from '../../src/contract/outcome-annotation';
import { checkCollectorConfig } from '../support/collector-check';
import { REPO_ROOT, runFunction, runFunctionBinary } from '../support/run-fn';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  [k: string]: unknown;
}
interface Rl {
  apiVersion: string;
  items: Obj[];
  results?: { severity: string; message: string; resourceRef?: { kind: string; name: string }; field?: { path: string } }[];
}

const EXAMPLE = ['pipelines.yaml', 'secrets.yaml'].flatMap((f) =>
  parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'fixtures', 'example', f), 'utf8')).map((d) => d.toJS() as Obj),
);

function resourceList(items: unknown[], functionConfig?: unknown): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) });
}

const isGenerated = (o: Obj) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn';

function render(items: unknown[], functionConfig?: unknown) {
  const run = runFunction(resourceList(items, functionConfig));
  const rl = parse(run.stdout) as Rl;
  return { ...run, rl, generated: rl.items.filter(isGenerated) };
}

function find(objects: Obj[], kind: string, name: string): Obj {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
}

describe('function contract', () => {
  it('renders the example with no functionConfig at all (all defaults)', () => {
    const r = render(EXAMPLE);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^warning: RenderMetricPipelines\/functionConfig: statusImage is not set: .*placeholder image ghcr\.io\/metricpipeline-fn\/metricpipeline-fn:[^ ]+, which is not published;[^\n]*\n$/);
    expect(r.rl.results?.map((x) => [x.severity, x.field?.path])).to.deep.equal([['warning', 'statusImage']]);
    expect(r.rl.apiVersion).to.equal('config.kubernetes.io/v1');
    expect(r.generated.map((o) => o.metadata.namespace).filter(Boolean)).to.satisfy((ns: string[]) => ns.every((n) => n === 'kyma-system'));
    expect(find(r.generated, 'Deployment', 'telemetry-metric-gateway')).to.have.nested.property('spec.replicas', 2);
  });

  it('warns when a RenderMetricPipelines object is an item but the functionConfig is missing, and only then', () => {
    const declaration = { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn', annotations: { 'config.kubernetes.io/path': 'fn-config.yaml' } }, statusImage: 'r.example.com/s:1' };
    const missing = render([...EXAMPLE, declaration]);
    expect(missing.code, missing.stderr).to.equal(0);
    const warned = missing.rl.results?.filter((x) => x.resourceRef?.kind === 'RenderMetricPipelines' && x.resourceRef.name === 'fn') ?? [];
    expect(warned.map((x) => [x.severity, x.message])).to.deep.equal([
      ['warning', 'RenderMetricPipelines fn (fn-config.yaml) is in the input but the function got no functionConfig, so it renders with the defaults; in a Kptfile, set `configPath: fn-config.yaml` on the function'],
    ]);
    const given = render([...EXAMPLE, declaration], declaration);
    expect(given.rl.results ?? []).to.deep.equal([]);
  });

  // That the API server accepts every emitted object (schema, strict fields, Pod Security "restricted") is
  // judged by test/peers/apiserver.test.ts, on this example among others.

  it('emits a collector config that passes the strict structural check against the merged Secret', () => {
    const { generated } = render(EXAMPLE);
    const config = parse(find(generated, 'ConfigMap', 'telemetry-metric-gateway').data!['relay.conf']!);
    const secret = find(generated, 'Secret', 'telemetry-metric-gateway');
    // The example's Secrets are in the gateway namespace: the container's env entries reference them.
    const deployment = find(generated, 'Deployment', 'telemetry-metric-gateway') as unknown as { spec: { template: { spec: { containers: { env: { name: string }[] }[] } } } };
    const referenced = deployment.spec.template.spec.containers[0]!.env.map((e) => e.name).filter((n) => !['MY_POD_IP', 'MY_NODE_NAME'].includes(n));
    expect(referenced).to.have.length.above(0);
    const problems = checkCollectorConfig(config, { secretKeys: [...Object.keys(secret.data ?? {}), ...referenced], downwardApiEnv: ['MY_POD_IP', 'MY_NODE_NAME'] });
    expect(problems).to.deep.equal([]);
  });

  it('renders the agent for the pipeline that pulls metrics, with a config that passes the strict check without any Secret', () => {
    const { generated } = render(EXAMPLE);
    const config = parse(find(generated, 'ConfigMap', 'telemetry-metric-agent').data!['relay.conf']!);
    expect(checkCollectorConfig(config, { secretKeys: [], downwardApiEnv: ['MY_POD_IP', 'MY_NODE_NAME'] })).to.deep.equal([]);
    expect(generated.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).to.deep.equal(['telemetry-metric-gateway']);
  });

  it('renders no agent object when no pipeline pulls metrics', () => {
    const pushOnly = EXAMPLE.filter((o) => !(o.kind === 'MetricPipeline' && o.metadata.name === 'platform'));
    const r = render(pushOnly);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.generated.filter((o) => o.metadata.name.includes('agent'))).to.deep.equal([]);
  });

  it('is silent once statusImage names a real image', () => {
    const r = render(EXAMPLE, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { statusImage: 'registry.example.com/metricpipeline-fn:0.1.0' } });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.rl.results ?? []).to.deep.equal([]);
  });

  it('treats a ConfigMap functionConfig exactly like the typed one', () => {
    const image = 'registry.example.com/metricpipeline-fn:0.1.0';
    const typed = render(EXAMPLE, { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'c' }, namespace: 'obs', gatewayReplicas: 3, podLabels: { team: 'platform' }, statusImage: image });
    const configMap = render(EXAMPLE, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'obs', gatewayReplicas: '3', podLabels: '{team: platform}', statusImage: image } });
    expect(typed.code, typed.stderr).to.equal(0);
    expect(configMap.stdout).to.equal(typed.stdout);
    expect(find(typed.generated, 'Deployment', 'telemetry-metric-gateway').metadata.namespace).to.equal('obs');
  });

  it('is deterministic and independent of input order', () => {
    const a = runFunction(resourceList(EXAMPLE)).stdout;
    const b = runFunction(resourceList([...EXAMPLE].reverse())).stdout;
    expect(b).to.equal(a);
    expect(runFunction(resourceList(EXAMPLE)).stdout).to.equal(a);
  });

  it('is idempotent: run on its own output it replaces its objects and changes nothing', () => {
    const first = runFunction(resourceList(EXAMPLE));
    const second = runFunction(first.stdout);
    expect(second.code).to.equal(0);
    expect(second.stdout).to.equal(first.stdout);
  });

  it('replaces objects of an earlier run even when their names or namespace changed', () => {
    const first = render(EXAMPLE, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'old' } });
    const second = render(first.rl.items, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'new' } });
    expect(second.generated.length).to.equal(first.generated.length);
    expect(second.generated.filter((o) => o.metadata.namespace === 'old')).to.deep.equal([]);
  });

  it('passes input objects through unchanged', () => {
    const input = resourceList(EXAMPLE);
    const out = parse(runFunction(input).stdout) as Rl;
    const passed = out.items.filter((o) => !isGenerated(o));
    expect(passed).to.deep.equal([...EXAMPLE].sort((x, y) => `${x.apiVersion}${x.kind}${x.metadata.name}`.localeCompare(`${y.apiVersion}${y.kind}${y.metadata.name}`)));
  });

  it('generates nothing when the input holds no MetricPipeline', () => {
    const r = render(EXAMPLE.filter((o) => o.kind !== 'MetricPipeline'));
    expect(r.code).to.equal(0);
    expect(r.generated).to.deep.equal([]);
  });

  it('fails without workloads, with results carrying severity, resource and field', () => {
    const broken = EXAMPLE.filter((o) => !(o.kind === 'Secret' && o.metadata.name === 'dynatrace-token'));
    // With the gateway elsewhere the example's Secrets are copied, so a missing one is an error.
    const r = render(broken, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'telemetry' } });
    expect(r.code).to.equal(1);
    expect(r.generated).to.deep.equal([]);
    expect(r.rl.results).to.deep.include({
      message:
        "One or more referenced Secrets are missing: Secret 'dynatrace-token' of Namespace 'kyma-system' is not in the input: add it to the input, or create it in Namespace 'telemetry' and reference it there",
      severity: 'error',
      resourceRef: { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', name: 'dynatrace' },
      field: { path: 'spec.output.otlp.headers[0].valueFrom.secretKeyRef' },
      tags: { reason: 'ReferencedSecretMissing' },
    });
    expect(r.stderr.trim().split('\n')).to.have.length(1);
  });

  it('under invalidPipelines: skip renders the valid pipelines and records the left-out ones', () => {
    const broken = EXAMPLE.filter((o) => !(o.kind === 'Secret' && o.metadata.name === 'dynatrace-token'));
    const r = render(broken, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'telemetry', invalidPipelines: 'skip', statusImage: 'registry.example.com/s:1' } });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.rl.results?.map((x) => x.severity)).to.deep.equal(['warning']);
    expect(r.stderr).to.match(/^warning: MetricPipeline\/dynatrace .*left out of the gateway/);
    const cm = find(r.generated, 'ConfigMap', 'telemetry-metric-gateway');
    const decoded = decodeOutcomes(cm.metadata.annotations!['fn.metricpipeline.dev/pipelines']);
    expect(decoded.ok, JSON.stringify(decoded)).to.equal(true);
    const outcomes = decoded.ok ? decoded.outcomes : new Map();
    expect(outcomes.get('backend')).to.include({ rendered: true, reason: 'GatewayConfigured' });
    expect(outcomes.get('dynatrace')).to.include({ rendered: false, reason: 'ReferencedSecretMissing' });
    expect(cm.data!['relay.conf']).not.to.contain('dynatrace');
  });

  it('under skip with every pipeline invalid renders only the status job, which reports why', () => {
    const needSecrets = EXAMPLE.filter((o) => o.kind === 'MetricPipeline' && ['backend', 'dynatrace'].includes(o.metadata.name));
    const r = render(needSecrets, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { namespace: 'telemetry', invalidPipelines: 'skip' } });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.generated.map((o) => o.kind).sort()).to.include('CronJob').and.not.include('Deployment');
    expect(r.stderr).to.contain('no valid MetricPipeline is left');
  });

  it('renders v1alpha1 pipelines (otlp input switched off with `disabled`)', () => {
    const v1alpha1 = {
      apiVersion: 'telemetry.kyma-project.io/v1alpha1',
      kind: 'MetricPipeline',
      metadata: { name: 'legacy' },
      spec: { input: { otlp: { disabled: true } }, output: { otlp: { endpoint: { value: 'https://b.example.com:4317' } } } },
    };
    const r = render([v1alpha1]);
    expect(r.code, r.stderr).to.equal(0);
    expect(find(r.generated, 'ConfigMap', 'telemetry-metric-gateway').data!['relay.conf']).to.contain('filter/drop-if-input-source-otlp');
  });

  it('rolls the pods when a secret value changes, and only then', () => {
    const checksum = (items: Obj[]) =>
      (find(render(items).generated, 'Deployment', 'telemetry-metric-gateway') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['checksum/config'];
    const rotated = EXAMPLE.map((o) => (o.metadata.name === 'backend-credentials' ? { ...o, stringData: { ...(o['stringData'] as object), password: 'rotated' } } : o));
    expect(checksum(EXAMPLE)).to.equal(checksum(EXAMPLE));
    expect(checksum(rotated)).not.to.equal(checksum(EXAMPLE));
  });

  it('keeps secret values out of everything but the merged Secret', () => {
    const marker = (field: string) => `MARKER-${field}-7f3a`;
    const secret = {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'kyma-system' },
      data: Object.fromEntries(['endpoint', 'user', 'password', 'header'].map((k) => [k, Buffer.from(k === 'endpoint' ? `https://${marker(k).toLowerCase()}.example.com:4317` : marker(k)).toString('base64')])),
    };
    const ref = (key: string) => ({ valueFrom: { secretKeyRef: { name: 'creds', namespace: 'kyma-system', key } } });
    const pipeline = {
      apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name: 'leak' },
      spec: { output: { otlp: { endpoint: ref('endpoint'), authentication: { basic: { user: ref('user'), password: ref('password') } }, headers: [{ name: 'X-Key', ...ref('header') }] } } },
    };
    for (const broken of [false, true]) {
      const items = broken ? [pipeline, { ...secret, data: { ...secret.data, endpoint: Buffer.from(`${marker('endpoint')}:no-port`).toString('base64') } }] : [pipeline, secret];
      const r = render(items);
      const others = r.rl.items.filter((o) => !(o.kind === 'Secret'));
      const channels = [r.stderr, stringify(others), stringify(r.rl.results ?? []), ...r.rl.items.map((o) => stringify(o.metadata))];
      for (const text of channels) expect(text.toLowerCase()).not.to.contain('marker-');
    }
  });

  it('runs as a real executable with JSON input', () => {
    const r = runFunctionBinary(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: EXAMPLE }));
    expect(r.code, r.stderr).to.equal(0);
    expect((parse(r.stdout) as Rl).items.filter(isGenerated).length).to.be.greaterThan(5);
  });

  it('answers unexpected arguments with exit 1 and one line', () => {
    const r = runFunctionBinary('', ['--frobnicate']);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
  });
});
