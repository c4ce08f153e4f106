import { expect } from 'chai';
import { validateSecretRefs } from '../../src/validate/secret-refs';
import { brief, GRPC_ENDPOINT, secretIndex, secretRef, withOutput } from './support';

const missingSecret = (name: string, ns = 'default') =>
  `One or more referenced Secrets are missing: Secret '${name}' of Namespace '${ns}'`;
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

  it('does not find a Secret of the same name in another namespace', () => {
    const { pipeline } = withOutput({ endpoint: secretRef('backend', 'endpoint', 'other') });
    expect(brief(validateSecretRefs(pipeline, secrets))[0]!.message).to.equal(missingSecret('backend', 'other'));
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
});
