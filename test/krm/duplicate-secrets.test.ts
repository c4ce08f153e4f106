import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { pipeline } from '../robustness/render-variants';
import { runFunction } from '../support/run-fn';

/**
 * Two Secrets with one namespace and name would let input order pick the credentials a pipeline sends:
 * they are refused, as duplicate MetricPipelines are, with an error naming both.
 */
interface Result {
  severity: string;
  message: string;
  resourceRef?: { kind: string; name: string; namespace?: string };
  field?: { path: string };
}

function secret(name: string, namespace: string | undefined, endpoint: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, ...(namespace ? { namespace } : {}) }, stringData: { endpoint } };
}

function referring(name: string, namespace: string): Record<string, unknown> {
  const p = pipeline('backend');
  (p['spec'] as { output: { otlp: { endpoint: unknown } } }).output.otlp.endpoint = { valueFrom: { secretKeyRef: { name, namespace, key: 'endpoint' } } };
  return p;
}

function run(items: unknown[]) {
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { statusImage: 'registry.example.com/s:1' } };
  const r = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }, { aliasDuplicateObjects: false }));
  const rl = parse(r.stdout) as { items: { metadata: { labels?: Record<string, string> } }[]; results?: Result[] };
  return { ...r, rl };
}

describe('duplicate Secrets', () => {
  it('are refused, naming both by their place in the input, and nothing is generated', () => {
    const r = run([secret('creds', 'default', 'https://a.example.com:4317'), referring('creds', 'default'), secret('creds', undefined, 'https://b.example.com:4317')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(
      'error: Secret/default/creds metadata.name: Duplicate Secret name: Secret default/creds is defined twice, in items[0] and items[2]; only one object per namespace and name can exist\n',
    );
    expect(r.rl.results).to.deep.equal([
      {
        message: 'Duplicate Secret name: Secret default/creds is defined twice, in items[0] and items[2]; only one object per namespace and name can exist',
        severity: 'error',
        // The later copy, as written: without a namespace, which means `default`.
        resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'creds' },
        field: { path: 'metadata.name' },
        tags: { reason: 'InputInvalid' },
      },
    ]);
    expect(r.rl.items.filter((i) => i.metadata.labels?.['app.kubernetes.io/managed-by'])).to.deep.equal([]);
    expect(r.stderr + r.stdout.split('results:')[1]).not.to.match(/[ab]\.example\.com/);
  });

  it('are refused even when their values are equal, once for every further copy', () => {
    const same = secret('creds', 'kyma-system', 'https://a.example.com:4317');
    const r = run([same, same, same, referring('creds', 'kyma-system')]);
    expect(r.code).to.equal(1);
    expect(r.rl.results?.map((x) => x.message)).to.deep.equal([
      'Duplicate Secret name: Secret kyma-system/creds is defined twice, in items[0] and items[1]; only one object per namespace and name can exist',
      'Duplicate Secret name: Secret kyma-system/creds is defined twice, in items[0] and items[2]; only one object per namespace and name can exist',
    ]);
  });

  it('are not duplicates in different namespaces', () => {
    const r = run([secret('creds', 'kyma-system', 'https://a.example.com:4317'), secret('creds', 'other', 'https://b.example.com:4317'), referring('creds', 'kyma-system')]);
    expect(r.code, r.stderr).to.equal(0);
  });
});
