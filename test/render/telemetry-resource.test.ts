/**
 * Issue 21: Kyma's Telemetry resource in the input is read as Kyma reads it for metrics (static gateway
 * replicas, cluster name, pod labels to extract, collection intervals); the functionConfig wins where both set
 * a value, and fields that cannot be honoured are named. The collector config with extracted pod labels is
 * a golden (gateway-extract-pod-labels), which the real collector validates (test/peers/otelcol-validate).
 */
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { runFunction } from '../support/run-fn';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Result {
  severity: string;
  message: string;
  resourceRef?: { kind: string; name: string };
  field?: { path: string };
}

const PIPELINE = {
  apiVersion: 'telemetry.kyma-project.io/v1beta1',
  kind: 'MetricPipeline',
  metadata: { name: 'backend' },
  spec: { input: { prometheus: { enabled: true } }, output: { otlp: { endpoint: { value: 'https://otlp.example.com:4317' } } } },
};

const TELEMETRY = {
  apiVersion: 'operator.kyma-project.io/v1alpha1',
  kind: 'Telemetry',
  metadata: { name: 'default', namespace: 'kyma-system' },
  spec: {
    metric: { gateway: { scaling: { type: 'Static', static: { replicas: 3 } } }, collectionInterval: '1m', prometheus: { collectionInterval: '15s' } },
    enrichments: { cluster: { name: 'eu-prod' }, extractPodLabels: [{ key: 'app.kubernetes.io/part-of' }, { keyPrefix: 'team.example.com/' }] },
    trace: { gateway: { scaling: { type: 'Static', static: { replicas: 2 } } } },
  },
};

function render(items: object[], config: Record<string, string> = {}) {
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'r.example.com/s:1', ...config } };
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  const list = parse(run.stdout) as { items: Obj[]; results?: Result[] };
  const find = (kind: string, name: string) => list.items.find((o) => o.kind === kind && o.metadata.name === name);
  return { run, items: list.items, results: list.results ?? [], find };
}

describe('Kyma Telemetry resource (issue 21)', () => {
  it('takes replicas, cluster name, pod labels and intervals from it, and says so per field', () => {
    const r = render([PIPELINE, TELEMETRY]);
    expect(r.run.code, r.run.stderr).to.equal(0);
    expect(r.find('Deployment', 'telemetry-metric-gateway')?.spec?.['replicas']).to.equal(3);
    const gateway = r.find('ConfigMap', 'telemetry-metric-gateway')!.data!['relay.conf']!;
    expect(gateway).to.contain('"eu-prod"');
    expect(gateway).to.contain('key_regex: (^app\\.kubernetes\\.io/part-of$$)');
    expect(gateway).to.contain('key_regex: (team\\.example\\.com/.*)');
    expect(gateway).to.contain('tag_name: k8s.pod.label.$$0');
    const agent = r.find('ConfigMap', 'telemetry-metric-agent')!.data!['relay.conf']!;
    expect(agent).to.contain('scrape_interval: 15s');
    expect(agent).to.contain('key_regex: (^app\\.kubernetes\\.io/part-of$$)');
    const about = r.results.filter((x) => x.resourceRef?.kind === 'Telemetry');
    expect(about.filter((x) => x.severity === 'info').map((x) => x.field?.path)).to.have.members([
      'spec.metric.gateway.scaling.static.replicas',
      'spec.metric.collectionInterval',
      'spec.metric.prometheus.collectionInterval',
      'spec.enrichments.cluster.name',
      'spec.enrichments.extractPodLabels',
    ]);
    expect(about.filter((x) => x.severity === 'warning').map((x) => x.message)).to.deep.equal([
      'metricpipeline-fn renders metric pipelines only and cannot honour these Telemetry fields: spec.trace.gateway.scaling.type, spec.trace.gateway.scaling.static.replicas',
    ]);
  });

  it('lets the functionConfig win where both set a value, and says which Telemetry field is not used', () => {
    const r = render([PIPELINE, TELEMETRY], { gatewayReplicas: '4', clusterName: 'from-fn' });
    expect(r.find('Deployment', 'telemetry-metric-gateway')?.spec?.['replicas']).to.equal(4);
    expect(r.find('ConfigMap', 'telemetry-metric-gateway')!.data!['relay.conf']).to.contain('"from-fn"').and.not.contain('eu-prod');
    const notUsed = r.results.filter((x) => x.message.includes('is not used')).map((x) => x.message);
    expect(notUsed).to.deep.equal([
      'spec.enrichments.cluster.name is not used: the functionConfig sets clusterName, which wins',
      'spec.metric.gateway.scaling.static.replicas is not used: the functionConfig sets gatewayReplicas, which wins',
    ]);
  });

  it('refuses a value the functionConfig would refuse, on the Telemetry field', () => {
    const bad = structuredClone(TELEMETRY);
    bad.spec.metric.collectionInterval = '1d';
    const r = render([PIPELINE, bad]);
    expect(r.run.code).to.equal(1);
    expect(r.results.filter((x) => x.severity === 'error').map((x) => [x.field?.path, x.message])).to.deep.equal([
      ['spec.metric.collectionInterval', 'Telemetry spec.metric.collectionInterval must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)'],
    ]);
  });

});
