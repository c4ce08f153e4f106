import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { generatedObjects } from '../../src/krm/generated-objects';
import { configMapConfig, pipeline, VARIANTS } from '../robustness/render-variants';
import { runFunction } from '../support/run-fn';

/**
 * The managed-by label alone does not make an object the function's own: only objects the function
 * generates (this run, or any run with this namespace: the gateway, the agent, the status job) are
 * replaced; anything else carrying the label passes through with a warning, never deleted.
 */
interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}
interface Result {
  severity: string;
  message: string;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
}

const MANAGED = { 'app.kubernetes.io/managed-by': 'metricpipeline-fn' };
const IMAGE = 'registry.example.com/metricpipeline-fn:0.1.0';
const CONFIG = configMapConfig({ statusImage: IMAGE });

function resourceList(items: unknown[], functionConfig: unknown = CONFIG): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }, { version: '1.1', aliasDuplicateObjects: false });
}

function run(items: unknown[], functionConfig: unknown = CONFIG) {
  const r = runFunction(resourceList(items, functionConfig));
  const rl = parse(r.stdout, { version: '1.1' }) as { items: Obj[]; results?: Result[] };
  return { ...r, items: rl.items, results: rl.results ?? [] };
}

function labelled(apiVersion: string, kind: string, name: string, namespace: string | undefined, rest: Record<string, unknown> = {}): Obj {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), labels: { ...MANAGED, team: 'web' } }, ...rest };
}

const keptWarning = /^the object carries the app\.kubernetes\.io\/managed-by: metricpipeline-fn label but is not an object the function generates, so it is kept$/;

const USER_OBJECTS: Obj[] = [
  labelled('v1', 'ConfigMap', 'settings', 'app', { data: { mode: 'blue' } }),
  labelled('apps/v1', 'Deployment', 'web', 'app', { spec: { replicas: 3 } }),
  // The gateway's name, but not the function's namespace or not a kind it gives that name.
  labelled('apps/v1', 'Deployment', 'telemetry-metric-gateway', 'app', { spec: { replicas: 1 } }),
  labelled('apps/v1', 'Deployment', 'telemetry-metric-agent', 'kyma-system', { spec: { replicas: 1 } }),
  labelled('v1', 'ConfigMap', 'telemetry-metric-gateway', undefined, { data: { a: 'b' } }),
  labelled('example.com/v1', 'Deployment', 'telemetry-metric-gateway', 'kyma-system'),
];

describe('objects carrying the managed-by label', () => {
  it('passes objects the function does not generate through unchanged, each with a warning', () => {
    const r = run([pipeline('otlp'), ...USER_OBJECTS]);
    expect(r.code, r.stderr).to.equal(0);
    for (const obj of USER_OBJECTS) {
      const { name, namespace } = obj.metadata;
      const out = r.items.filter((i) => i.apiVersion === obj.apiVersion && i.kind === obj.kind && i.metadata.name === name && i.metadata.namespace === namespace);
      expect(out, `${obj.kind}/${name}`).to.deep.equal([obj]);
      const result = r.results.find((x) => x.resourceRef?.kind === obj.kind && x.resourceRef.name === name && x.resourceRef.namespace === namespace && x.severity === 'warning');
      expect(result, `warning for ${obj.kind}/${namespace}/${name}`).to.not.equal(undefined);
      expect(result!.message).to.match(keptWarning);
      expect(result!.resourceRef).to.deep.equal({ apiVersion: obj.apiVersion, kind: obj.kind, name, ...(namespace ? { namespace } : {}) });
    }
    expect(r.stderr).to.match(/^warning: Deployment\/app\/telemetry-metric-gateway metadata\.labels: the object carries the app\.kubernetes\.io\/managed-by/m);
    const permuted = run([...[...USER_OBJECTS].reverse(), pipeline('otlp')]);
    expect(permuted.stdout, 'output independent of input order').to.equal(r.stdout);
    for (const line of r.stderr.trim().split('\n')) expect(line).to.match(/^warning: /);
  });

  it('reads a labelled MetricPipeline and a labelled Secret as input, and keeps both', () => {
    const secret = labelled('v1', 'Secret', 'creds', 'kyma-system', { stringData: { endpoint: 'https://otlp.example.com:4317' } });
    const mp: Record<string, unknown> = { ...pipeline('labelled'), metadata: { name: 'labelled', labels: MANAGED } };
    (mp['spec'] as { output: { otlp: { endpoint: unknown } } }).output.otlp.endpoint = { valueFrom: { secretKeyRef: { name: 'creds', namespace: 'kyma-system', key: 'endpoint' } } };
    const r = run([mp, secret]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.items.filter((i) => i.kind === 'MetricPipeline')).to.deep.equal([mp]);
    expect(r.items.filter((i) => i.kind === 'Secret' && i.metadata.name === 'creds')).to.deep.equal([secret]);
    expect(r.items.some((i) => i.kind === 'Deployment' && i.metadata.name === 'telemetry-metric-gateway')).to.equal(true);
    expect(r.results.filter((x) => x.severity === 'warning').map((x) => x.resourceRef?.kind).sort()).to.deep.equal(['MetricPipeline', 'Secret']);
  });

  it('replaces its own objects of an earlier run, the agent included when this run renders none', () => {
    const first = run([pipeline('pull', { prometheus: { enabled: true } }), ...USER_OBJECTS]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.items.some((i) => i.kind === 'DaemonSet')).to.equal(true);
    const again = first.items.map((i) => (i.kind === 'MetricPipeline' ? pipeline('pull') : i));
    const second = run(again);
    const direct = run([pipeline('pull'), ...USER_OBJECTS]);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.equal(direct.stdout);
    // The user's labelled Deployment of that name stays; the agent's own objects are gone.
    expect(second.items.filter((i) => i.kind !== 'Deployment' && i.metadata.name.includes('telemetry-metric-agent'))).to.deep.equal([]);
  });

  it('replaces the optional gateway objects and the status job of an earlier run', () => {
    const autoscaling = configMapConfig({ statusImage: IMAGE, gatewayAutoscaling: '{minReplicas: 2, maxReplicas: 4}' });
    const first = run([pipeline('otlp')], autoscaling);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.items.map((i) => i.kind)).to.include.members(['PodDisruptionBudget', 'HorizontalPodAutoscaler', 'CronJob']);
    const oneReplica = configMapConfig({ statusImage: IMAGE, gatewayReplicas: '1' });
    const second = run(first.items, oneReplica);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.equal(run([pipeline('otlp')], oneReplica).stdout);
    const third = run(second.items.filter((i) => i.kind !== 'MetricPipeline'), oneReplica);
    expect(third.code, third.stderr).to.equal(0);
    expect(third.items).to.deep.equal([]);
    expect(third.results).to.deep.equal([]);
  });

  it('does not read the gateway Secret of an earlier run as input', () => {
    const first = run([pipeline('otlp')]);
    const gatewaySecret = first.items.find((i) => i.kind === 'Secret' && i.metadata.name === 'telemetry-metric-gateway');
    expect(gatewaySecret).to.not.equal(undefined);
    const refersToIt = pipeline('refers');
    (refersToIt['spec'] as { output: { otlp: { endpoint: unknown } } }).output.otlp.endpoint = {
      valueFrom: { secretKeyRef: { name: 'telemetry-metric-gateway', namespace: 'kyma-system', key: Object.keys((gatewaySecret as unknown as { data: object }).data)[0] } },
    };
    const second = run([refersToIt, gatewaySecret]);
    // A Secret of the gateway namespace that is not in the input is read in the cluster (issue 20), and the
    // info result says it was not in the input: the earlier run's Secret was not read as input.
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.match(/info: MetricPipeline\/refers .*Secret 'telemetry-metric-gateway' of Namespace 'kyma-system' is not in the input/);
  });

  it('knows every object any render variant generates, in the configured namespace', () => {
    for (const variant of [...VARIANTS, { name: 'autoscaling in another namespace', items: [pipeline('otlp')], functionConfig: configMapConfig({ namespace: 'obs', gatewayAutoscaling: '{minReplicas: 2, maxReplicas: 4}' }) }]) {
      const r = run(variant.items, variant.functionConfig ?? null);
      expect(r.code, `${variant.name}: ${r.stderr}`).to.equal(0);
      const known = generatedObjects(variant.functionConfig);
      expect(known, variant.name).to.not.equal(undefined);
      const generated = r.items.filter((i) => i.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn');
      expect(generated.length, variant.name).to.be.greaterThan(0);
      for (const o of generated) {
        const id = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name };
        expect(known!.includes({ ...id, path: '' }), `${variant.name}: ${o.kind}/${o.metadata.name}`).to.equal(true);
      }
    }
  });

  it('replaces its objects in another namespace only where they sit in the files it writes them to', () => {
    const old = run([pipeline('otlp')], configMapConfig({ statusImage: IMAGE, namespace: 'old' }));
    expect(old.code, old.stderr).to.equal(0);
    const deployment = old.items.find((i) => i.kind === 'Deployment')!;
    const moved = { ...deployment, metadata: { ...deployment.metadata, annotations: { ...deployment.metadata.annotations, 'internal.config.kubernetes.io/path': 'apps/gateway.yaml' } } };
    const r = run([...old.items, moved], configMapConfig({ statusImage: IMAGE, namespace: 'new' }));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.items.filter((i) => i.metadata.namespace === 'old')).to.deep.equal([moved]);
    expect(r.results.filter((x) => x.severity === 'warning').map((x) => x.resourceRef)).to.deep.equal([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'telemetry-metric-gateway', namespace: 'old' },
    ]);
  });

  it('knows nothing when the functionConfig does not decode, and then keeps every object', () => {
    const bad = configMapConfig({ gatewayReplicas: 'many' });
    expect(generatedObjects(bad)).to.equal(undefined);
    const r = run([labelled('apps/v1', 'Deployment', 'telemetry-metric-gateway', 'kyma-system')], bad);
    expect(r.code).to.equal(1);
    expect(r.items.map((i) => i.kind)).to.deep.equal(['Deployment']);
  });
});
