import { expect } from 'chai';
import { validateSecretRefs } from '../../src/validate/secret-refs';
import { brief, GRPC_ENDPOINT, secretIndex, secretRef, withOutput } from './support';

const missingSecret = (name: string, ns = 'default') =>
  `One or more referenced Secrets are missing: Secret '${name}' of Namespace '${ns}' is not in the input: add it to the input, or create it in Namespace 'kyma-system' and reference it there`;
const missingKey = (key: string, name: string, ns = 'default') =>
  `One or more keys in a referenced Secret are missing: Key '${key}' in Secret '${name}' of Namespace '${ns}'`;

function refError(field: string, message: string) {
  return { severity: 'error', reason: 'ReferencedSecretMissing', field, message };
}

describe('validate/secret-refs', () => {
  const secrets = secretIndex({ name: 'backend', data: { endpoint: 'https://b:4317', user: 'u', empty: '' } });

  it('accepts references that resolve, including to an empty value', () => {
    const { pipeline } = withOutput({
      endpoint: secretRef('backend', 'endpoint'),
      authentication: { basic: { user: secretRef('backend', 'user'), password: secretRef('backend', 'empty') } },
    });
    expect(validateSecretRefs(pipeline, secrets)).to.deep.equal([]);
  });

  it('ignores plain values', () => {
    const { pipeline } = withOutput({ endpoint: GRPC_ENDPOINT, headers: [{ name: 'X', value: 'v' }] });
    expect(validateSecretRefs(pipeline, secretIndex())).to.deep.equal([]);
  });

  it('reports a missing Secret on the path of the secretKeyRef', () => {
    const { pipeline, read } = withOutput({ endpoint: secretRef('nope', 'endpoint', 'obs') });
    const findings = validateSecretRefs(pipeline, secrets);
    expect(brief(findings)).to.deep.equal([refError('spec.output.otlp.endpoint.valueFrom.secretKeyRef', missingSecret('nope', 'obs'))]);
    expect(findings[0]!.ref).to.deep.equal(read.ref);
  });

  it('reports a missing key', () => {
    const { pipeline } = withOutput({ endpoint: secretRef('backend', 'url') });
    expect(brief(validateSecretRefs(pipeline, secrets))).to.deep.equal([
      refError('spec.output.otlp.endpoint.valueFrom.secretKeyRef', missingKey('url', 'backend')),
    ]);
  });

  it('does not take a Secret of the same name in another namespace, but names it (a kustomize `namespace:` moves Secrets)', () => {
    const { pipeline } = withOutput({ endpoint: secretRef('backend', 'endpoint', 'other') });
    expect(brief(validateSecretRefs(pipeline, secrets))[0]!.message).to.equal(
      `${missingSecret('backend', 'other')} (the input has Secret 'backend' in Namespace 'default': did a kustomize \`namespace:\` move it? Reference that namespace, or set the Secret's namespace in a patch)`,
    );
    const { pipeline: nope } = withOutput({ endpoint: secretRef('nope', 'endpoint', 'other') });
    expect(brief(validateSecretRefs(nope, secrets))[0]!.message).to.equal(missingSecret('nope', 'other'));
  });

  it('checks every place a Secret can be referenced, each with its own path', () => {
    const { pipeline } = withOutput({
      endpoint: secretRef('gone', 'endpoint'),
      authentication: {
        basic: { user: secretRef('gone', 'user'), password: secretRef('gone', 'password') },
        oauth2: { tokenURL: secretRef('gone', 'url'), clientID: secretRef('gone', 'id'), clientSecret: secretRef('gone', 'secret') },
      },
      headers: [{ name: 'A', value: 'a' }, { name: 'B', ...secretRef('gone', 'b') }],
      tls: { ca: secretRef('gone', 'ca'), cert: secretRef('gone', 'crt'), key: secretRef('gone', 'key') },
    });
    const base = 'spec.output.otlp';
    expect(validateSecretRefs(pipeline, secrets).map((f) => f.field)).to.deep.equal([
      `${base}.endpoint.valueFrom.secretKeyRef`,
      `${base}.authentication.basic.user.valueFrom.secretKeyRef`,
      `${base}.authentication.basic.password.valueFrom.secretKeyRef`,
      `${base}.authentication.oauth2.tokenURL.valueFrom.secretKeyRef`,
      `${base}.authentication.oauth2.clientID.valueFrom.secretKeyRef`,
      `${base}.authentication.oauth2.clientSecret.valueFrom.secretKeyRef`,
      `${base}.headers[1].valueFrom.secretKeyRef`,
      `${base}.tls.ca.valueFrom.secretKeyRef`,
      `${base}.tls.cert.valueFrom.secretKeyRef`,
      `${base}.tls.key.valueFrom.secretKeyRef`,
    ]);
  });

  it('still reports TLS references with tls.insecure, where Kyma skips them (rendering would need them)', () => {
    const { pipeline } = withOutput({ endpoint: GRPC_ENDPOINT, tls: { insecure: true, ca: secretRef('tls', 'ca.crt') } });
    expect(brief(validateSecretRefs(pipeline, secrets))).to.deep.equal([
      refError('spec.output.otlp.tls.ca.valueFrom.secretKeyRef', missingSecret('tls')),
    ]);
  });

  it('checks a reference next to a value, since rendering prefers valueFrom', () => {
    const { pipeline } = withOutput({ endpoint: { value: 'https://b:4317', ...secretRef('gone', 'endpoint') } });
    expect(validateSecretRefs(pipeline, secrets)).to.have.length(1);
  });

  it('works for v1alpha1 (empty value next to valueFrom)', () => {
    const { pipeline } = withOutput({ endpoint: { value: '', ...secretRef('backend', 'nokey') } }, { version: 'v1alpha1' });
    expect(brief(validateSecretRefs(pipeline, secrets))[0]!.message).to.equal(missingKey('nokey', 'backend'));
  });

  it('never puts a value into a message', () => {
    const secret = 'sup3r-s3cret-Value';
    const { pipeline } = withOutput({
      endpoint: { value: secret },
      authentication: { basic: { user: { value: secret }, password: secretRef('gone', 'password') } },
      headers: [{ name: 'A', ...secretRef('backend', 'nokey') }],
    });
    const leaky = secretIndex({ name: 'backend', data: { other: secret } });
    const findings = validateSecretRefs(pipeline, leaky);
    expect(findings).to.have.length(2);
    for (const f of findings) expect(f.message).not.to.include(secret);
  });

  describe('Secrets of the gateway namespace are read in the cluster (issue 20)', () => {
    const gateway = { namespace: 'telemetry', credentials: 'copy' as const };

    it('one info per field when the Secret is not in the input, naming the checks that cannot run', () => {
      const { pipeline } = withOutput({
        endpoint: secretRef('remote', 'endpoint', 'telemetry'),
        headers: [{ name: 'X-Token', ...secretRef('remote', 'token', 'telemetry') }],
        tls: { cert: secretRef('remote', 'tls.crt', 'telemetry'), key: secretRef('remote', 'tls.key', 'telemetry') },
      });
      const findings = brief(validateSecretRefs(pipeline, secretIndex(), gateway));
      expect(findings.map((f) => [f.severity, f.reason, f.field])).to.deep.equal([
        ['info', 'SecretReferenced', 'spec.output.otlp.endpoint.valueFrom.secretKeyRef'],
        ['info', 'SecretReferenced', 'spec.output.otlp.headers[0].valueFrom.secretKeyRef'],
        ['info', 'SecretReferenced', 'spec.output.otlp.tls.cert.valueFrom.secretKeyRef'],
        ['info', 'SecretReferenced', 'spec.output.otlp.tls.key.valueFrom.secretKeyRef'],
      ]);
      expect(findings[0]!.message).to.include('the endpoint check cannot run at render time').and.include("write '$' as '$$'");
      expect(findings[2]!.message).to.include('PEM parsing, expiry and key match cannot run').and.include('from a file, as it is');
    });

    it('an Authorization header of an HTTP exporter is read from a file (bearertokenauth), not expanded', () => {
      const { pipeline } = withOutput({ protocol: 'http', endpoint: { value: 'https://b' }, headers: [{ name: 'authorization', prefix: 'Bearer', ...secretRef('remote', 'token', 'telemetry') }] });
      expect(validateSecretRefs(pipeline, secretIndex(), gateway)[0]!.message).to.include('from a file, as it is');
    });

    it('checks keys of a Secret in the input as before, and warns only about a `$` the collector would expand', () => {
      const inInput = secretIndex({ name: 'local', namespace: 'telemetry', data: { endpoint: 'https://b:4317', token: 'a$b' } });
      const { pipeline } = withOutput({
        endpoint: secretRef('local', 'endpoint', 'telemetry'),
        headers: [{ name: 'X-Token', ...secretRef('local', 'token', 'telemetry') }, { name: 'X-Gone', ...secretRef('local', 'gone', 'telemetry') }],
      });
      expect(brief(validateSecretRefs(pipeline, inInput, gateway)).map((f) => [f.severity, f.field])).to.deep.equal([
        ['warning', 'spec.output.otlp.headers[0].valueFrom.secretKeyRef'],
        ['error', 'spec.output.otlp.headers[1].valueFrom.secretKeyRef'],
      ]);
    });

    it('a Secret of another namespace that is not in the input names both ways out', () => {
      const { pipeline } = withOutput({ endpoint: secretRef('far', 'endpoint', 'team-a') });
      expect(brief(validateSecretRefs(pipeline, secretIndex(), gateway))[0]!.message).to.equal(
        "One or more referenced Secrets are missing: Secret 'far' of Namespace 'team-a' is not in the input: add it to the input, or create it in Namespace 'telemetry' and reference it there",
      );
    });

    it('under credentials: reference a copy from another namespace is refused, naming the Secret and field', () => {
      const copied = secretIndex({ name: 'far', namespace: 'team-a', data: { endpoint: 'https://b:4317' } });
      const { pipeline } = withOutput({ endpoint: secretRef('far', 'endpoint', 'team-a') });
      expect(validateSecretRefs(pipeline, copied, gateway)).to.deep.equal([]);
      const refused = brief(validateSecretRefs(pipeline, copied, { ...gateway, credentials: 'reference' }));
      expect(refused).to.deep.equal([
        refError(
          'spec.output.otlp.endpoint.valueFrom.secretKeyRef',
          "Secret 'far' of Namespace 'team-a' would be copied into the output, which credentials: reference refuses: create it in Namespace 'telemetry' and reference it there",
        ),
      ]);
    });

    it('under credentials: reference an endpoint that joins with path differently than Kyma is refused', () => {
      const local = secretIndex({ name: 'local', namespace: 'telemetry', data: { base: 'https://b/', exact: 'https://b' } });
      const refuse = { ...gateway, credentials: 'reference' as const };
      const trailing = withOutput({ protocol: 'http', path: 'v1/metrics', endpoint: secretRef('local', 'base', 'telemetry') }).pipeline;
      expect(brief(validateSecretRefs(trailing, local, refuse)).map((f) => [f.severity, f.field])).to.deep.equal([['error', 'spec.output.otlp.path']]);
      const exact = withOutput({ protocol: 'http', path: 'v1/metrics', endpoint: secretRef('local', 'exact', 'telemetry') }).pipeline;
      expect(validateSecretRefs(exact, local, refuse)).to.deep.equal([]);
    });
  
    it('basic authentication read in the cluster over plaintext gRPC is refused; with the values in the input it is a header', () => {
      const basic = { user: secretRef('remote', 'user', 'telemetry'), password: secretRef('remote', 'password', 'telemetry') };
      const plaintext = withOutput({ endpoint: { value: 'http://b:4317' }, authentication: { basic } }).pipeline;
      const refused = brief(validateSecretRefs(plaintext, secretIndex(), gateway)).filter((f) => f.severity === 'error');
      expect(refused.map((f) => f.field)).to.deep.equal(['spec.output.otlp.authentication.basic']);
      const inInput = secretIndex({ name: 'remote', namespace: 'telemetry', data: { user: 'u', password: 'p' } });
      expect(validateSecretRefs(plaintext, inInput, gateway)).to.deep.equal([]);
      expect(brief(validateSecretRefs(plaintext, inInput, { ...gateway, credentials: 'reference' })).map((f) => f.severity)).to.deep.equal(['error']);
      const overTls = withOutput({ endpoint: { value: 'https://b:4317' }, authentication: { basic } }).pipeline;
      expect(brief(validateSecretRefs(overTls, secretIndex(), gateway)).filter((f) => f.severity === 'error')).to.deep.equal([]);
    });

    it('a referenced gRPC endpoint: the info says a plaintext http:// needs tls.insecure', () => {
      const { pipeline } = withOutput({ endpoint: secretRef('remote', 'endpoint', 'telemetry') });
      expect(validateSecretRefs(pipeline, secretIndex(), gateway)[0]!.message).to.include('a plain http:// endpoint over gRPC needs tls.insecure: true');
    });
  
    it('warns about a referenced PEM with literal \\n sequences, which only copies are repaired of', () => {
      const inInput = secretIndex({ name: 'local', namespace: 'telemetry', data: { ca: '-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----' } });
      const { pipeline } = withOutput({ endpoint: GRPC_ENDPOINT, tls: { ca: secretRef('local', 'ca', 'telemetry') } });
      const found = brief(validateSecretRefs(pipeline, inInput, gateway));
      expect(found.map((f) => [f.severity, f.field])).to.deep.equal([['warning', 'spec.output.otlp.tls.ca.valueFrom.secretKeyRef']]);
      expect(found[0]!.message).to.include("literal '\\n'");
    });
  });
});
