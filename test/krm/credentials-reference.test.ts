/**
 * Issue 20 through the function's binary: Secrets of the gateway namespace are read in the cluster (env
 * valueFrom, the credentials volume), Secrets of other namespaces are copied, and under
 * `credentials: reference` no credential value reaches any output channel (stdout: items and results;
 * stderr). What the collector then does with these references is proven with the real collector in
 * test/flow/credentials-in-cluster.test.ts.
 */
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { makeCert, daysFrom } from '../support/certs';
import { runFunction, type FnRun } from '../support/run-fn';

const NOW = new Date('2026-11-24T00:00:00Z');
const CA = makeCert({ notBefore: daysFrom(NOW, -1), notAfter: daysFrom(NOW, 365), ca: true, keySlot: 1, commonName: 'ref-ca' });
const CLIENT = makeCert({ notBefore: daysFrom(NOW, -1), notAfter: daysFrom(NOW, 365), ca: false, keySlot: 2, commonName: 'ref-client' });

/** Distinctive values of the Secret that is in the input; none may appear in any output under `reference`. */
const IN_GIT = {
  endpoint: 'https://distinct-endpoint-5e1f.example.com:4318',
  token: 'tok-8a7d-unique-$$-${env:HOME}',
  clientId: 'client-id-c3b9-unique',
  clientSecret: 'client-secret-77ae-unique',
  'ca.crt': CA.certPem,
  'tls.crt': CLIENT.certPem,
  'tls.key': CLIENT.keyPem,
};

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: { template: { metadata: { annotations: Record<string, string> }; spec: PodSpec } };
}
interface PodSpec {
  containers: { env: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; volumeMounts: { name: string; mountPath: string }[] }[];
  volumes: { name: string; projected?: { sources: { secret: { name: string; items: { key: string; path: string }[] } }[] } }[];
}

const ref = (name: string, key: string, namespace = 'kyma-system') => ({ valueFrom: { secretKeyRef: { name, namespace, key } } });

function pipeline(name: string, otlp: object) {
  return { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name }, spec: { output: { otlp: { protocol: 'http', ...otlp } } } };
}

const inGitSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'in-git', namespace: 'kyma-system' }, stringData: IN_GIT };
const otherNamespaceSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'team-creds', namespace: 'team-a' }, stringData: { token: 'copied-token-41c2' } };

/** One pipeline per way: in the cluster only, in Git (same namespace), and (optionally) another namespace. */
function items(withCopy: boolean): object[] {
  return [
    inGitSecret,
    pipeline('cluster-only', {
      endpoint: ref('in-cluster', 'endpoint'),
      headers: [{ name: 'Authorization', prefix: 'Bearer', ...ref('in-cluster', 'token') }],
      tls: { ca: ref('in-cluster', 'ca.crt'), cert: ref('in-cluster', 'tls.crt'), key: ref('in-cluster', 'tls.key') },
    }),
    pipeline('in-git', {
      endpoint: ref('in-git', 'endpoint'),
      headers: [{ name: 'X-Token', ...ref('in-git', 'token') }],
      tls: { ca: ref('in-git', 'ca.crt'), cert: ref('in-git', 'tls.crt'), key: ref('in-git', 'tls.key') },
      authentication: { oauth2: { tokenURL: { value: 'https://auth.example.com/token' }, clientID: ref('in-git', 'clientId'), clientSecret: ref('in-git', 'clientSecret') } },
    }),
    ...(withCopy ? [otherNamespaceSecret, pipeline('copied', { endpoint: { value: 'https://b.example.com:4318' }, headers: [{ name: 'X-Team', ...ref('team-creds', 'token', 'team-a') }] })] : []),
  ];
}

function run(list: object[], config: Record<string, string> = {}): FnRun & { out: Obj[] } {
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'registry.example.com/status:1', ...config } };
  const result = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: list, functionConfig }), NOW);
  const out = result.code === 0 ? ((parse(result.stdout) as { items: Obj[] }).items ?? []) : [];
  return { ...result, out };
}

const generated = (out: Obj[], kind: string) => out.find((o) => o.kind === kind && o.metadata.name === 'telemetry-metric-gateway')!;

/** Every form in which a value could leak: as is, `$`-escaped, base64 of either (a Secret's data), PEM lines. */
function leakForms(value: string): string[] {
  const escaped = value.replace(/\$/g, '$$$$');
  const lines = value.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  return [value, escaped, Buffer.from(value).toString('base64'), Buffer.from(escaped).toString('base64'), ...lines];
}

describe('credentials by reference (issue 20)', () => {
  it('reads Secrets of the gateway namespace in the cluster, in the input or not, and copies the others', () => {
    const r = run(items(true));
    expect(r.code, r.stderr).to.equal(0);
    const secret = generated(r.out, 'Secret');
    expect(Object.keys(secret.data ?? {})).to.deep.equal(['HEADER_METRICPIPELINE_COPIED_X_TEAM', 'OAUTH2_TOKEN_URL_METRICPIPELINE_IN_GIT', 'OTLP_ENDPOINT_METRICPIPELINE_COPIED']);
    const pod = generated(r.out, 'Deployment').spec!.template.spec;
    const env = pod.containers[0]!.env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom!.secretKeyRef!.name, e.valueFrom!.secretKeyRef!.key]);
    expect(env).to.deep.equal([
      ['OTLP_ENDPOINT_METRICPIPELINE_CLUSTER_ONLY', 'in-cluster', 'endpoint'],
      ['OTLP_ENDPOINT_METRICPIPELINE_IN_GIT', 'in-git', 'endpoint'],
      ['HEADER_METRICPIPELINE_IN_GIT_X_TOKEN', 'in-git', 'token'],
    ]);
    expect(pod.containers[0]!.volumeMounts).to.deep.include({ name: 'credentials', mountPath: '/etc/metricpipeline', readOnly: true });
    const volume = pod.volumes.find((v) => v.name === 'credentials')!;
    expect(volume.projected!.sources.map((s) => [s.secret.name, s.secret.items.map((i) => `${i.key}->${i.path}`)])).to.deep.equal([
      ['in-cluster', ['token->auth/cluster-only/authorization', 'ca.crt->tls/cluster-only/ca.crt', 'tls.crt->tls/cluster-only/tls.crt', 'tls.key->tls/cluster-only/tls.key']],
      ['in-git', ['ca.crt->tls/in-git/ca.crt', 'tls.crt->tls/in-git/tls.crt', 'tls.key->tls/in-git/tls.key', 'clientId->oauth2/in-git/client-id', 'clientSecret->oauth2/in-git/client-secret']],
    ]);
    const config = parse(generated(r.out, 'ConfigMap').data!['relay.conf']!) as { extensions: Record<string, object>; exporters: Record<string, { tls?: object; auth?: object }> };
    expect(config.extensions['bearertokenauth/metricpipeline-cluster-only']).to.deep.equal({ header: 'Authorization', scheme: 'Bearer', filename: '/etc/metricpipeline/auth/cluster-only/authorization' });
    expect(config.extensions['oauth2client/metricpipeline-in-git']).to.include({ client_id_file: '/etc/metricpipeline/oauth2/in-git/client-id', client_secret_file: '/etc/metricpipeline/oauth2/in-git/client-secret' });
    expect(config.exporters['otlphttp/metricpipeline-in-git']!.tls).to.deep.equal({
      ca_file: '/etc/metricpipeline/tls/in-git/ca.crt',
      cert_file: '/etc/metricpipeline/tls/in-git/tls.crt',
      key_file: '/etc/metricpipeline/tls/in-git/tls.key',
      reload_interval: '30s',
    });
    // The Secret not in the input: one info per field; the in-input token holds `$`: a warning.
    const infos = r.stderr.split('\n').filter((l) => l.startsWith('info: MetricPipeline/cluster-only'));
    expect(infos).to.have.length(5);
    expect(r.stderr).to.match(/warning: MetricPipeline\/in-git spec\.output\.otlp\.headers\[0\]\.valueFrom\.secretKeyRef: .*holds '\$'/);
  });

  it('under credentials: reference no value of a Secret reaches stdout (items, results) or stderr', () => {
    const r = run(items(false), { credentials: 'reference' });
    expect(r.code, r.stderr).to.equal(0);
    expect(generated(r.out, 'Deployment')).to.not.equal(undefined);
    // A KRM function passes its input through: the user's own Secret is in stdout unchanged, as given. Every
    // other byte of stdout (generated objects, results) and all of stderr must be free of its values.
    const passed = r.out.filter((o) => o.kind === 'Secret' && o.metadata.name === 'in-git');
    expect(passed).to.deep.equal([inGitSecret]);
    const outputOnly = stringify(r.out.filter((o) => !(o.kind === 'Secret' && o.metadata.name === 'in-git')));
    const results = stringify((parse(r.stdout) as { results?: unknown }).results ?? []);
    for (const value of Object.values(IN_GIT)) {
      for (const form of leakForms(value)) {
        expect(outputOnly, 'generated objects').to.not.include(form);
        expect(results, 'results').to.not.include(form);
        expect(r.stderr, 'stderr').to.not.include(form);
      }
    }
  });

  it('under credentials: reference a copy fails, naming the Secret and the field', () => {
    const r = run(items(true), { credentials: 'reference' });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(
      "error: MetricPipeline/copied spec.output.otlp.headers[0].valueFrom.secretKeyRef: Secret 'team-creds' of Namespace 'team-a' would be copied into the output, which credentials: reference refuses",
    );
    expect(r.stderr).to.not.include('copied-token-41c2');
  });

  it('a changed value of a referenced Secret in the input changes checksum/config; the same run does not', () => {
    const checksum = (list: object[]) => generated(run(list).out, 'Deployment').spec!.template.metadata.annotations['checksum/config'];
    const base = checksum(items(false));
    expect(checksum(items(false))).to.equal(base);
    const changed = items(false).map((o) => (o === inGitSecret ? { ...inGitSecret, stringData: { ...IN_GIT, clientSecret: 'rotated' } } : o));
    expect(checksum(changed)).to.not.equal(base);
  });

  it('reloaderAnnotation: true asks a reloader to roll the gateway when a Secret it reads changes', () => {
    const annotations = (config: Record<string, string>) => generated(run(items(false), config).out, 'Deployment').metadata.annotations ?? {};
    expect(annotations({})).to.not.have.property('reloader.stakater.com/auto');
    expect(annotations({ reloaderAnnotation: 'true' })).to.have.property('reloader.stakater.com/auto', 'true');
  });
});
