import { expect } from 'chai';
import { validatePipeline } from '../../src/validate/index';
import { daysFrom, makeCert } from '../support/certs';
import { GRPC_ENDPOINT, readPipeline, secretIndex, secretRef, withOutput, type Read } from './support';

const NOW = new Date('2030-06-15T12:00:00Z');
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

function run({ pipeline, read }: Read, secrets = secretIndex(), now = NOW) {
  return validatePipeline(pipeline, read, secrets, now).map((f) => `${f.severity} ${f.reason} ${f.field ?? '-'}`);
}

describe('validate/index (validatePipeline)', () => {
  it('accepts a valid pipeline', () => {
    const cert = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 365), ca: false });
    const secrets = secretIndex({ name: 'backend', data: { endpoint: 'https://backend:4317', crt: cert.certPem, key: cert.keyPem } });
    const p = withOutput({ endpoint: secretRef('backend', 'endpoint'), tls: { cert: secretRef('backend', 'crt'), key: secretRef('backend', 'key') } });
    expect(run(p, secrets)).to.deep.equal([]);
  });

  it('runs the spec rules, then the Secret references', () => {
    const p = withOutput({ endpoint: secretRef('gone', 'url'), path: '/x' });
    expect(run(p)).to.deep.equal(['error SpecInvalid spec.output.otlp', 'error ReferencedSecretMissing spec.output.otlp.endpoint.valueFrom.secretKeyRef']);
  });

  it('skips endpoint and TLS checks while a Secret reference is missing', () => {
    const p = withOutput({ endpoint: { value: 'backend' }, headers: [{ name: 'X', ...secretRef('gone', 'x') }], tls: { ca: { value: 'broken' } } });
    expect(run(p)).to.deep.equal(['error ReferencedSecretMissing spec.output.otlp.headers[0].valueFrom.secretKeyRef']);
  });

  it('runs the endpoint check, then the TLS check', () => {
    const p = withOutput({ endpoint: { value: 'backend' }, tls: { ca: { value: 'broken' } } });
    expect(run(p)).to.deep.equal(['error EndpointInvalid spec.output.otlp.endpoint.value', 'error TLSConfigurationInvalid spec.output.otlp.tls.ca']);
  });

  it('does not report an endpoint twice when the spec rules already reject it', () => {
    expect(run(withOutput({ endpoint: {} }))).to.deep.equal(['error SpecInvalid spec.output.otlp']);
    expect(run(withOutput({ endpoint: {} }, { version: 'v1alpha1' }))).to.deep.equal(['error SpecInvalid spec.output.otlp']);
  });

  it('passes an expiry warning through', () => {
    const ca = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 2), ca: true });
    expect(run(withOutput({ endpoint: GRPC_ENDPOINT, tls: { ca: { value: ca.certPem } } }))).to.deep.equal([
      'warning TLSCertificateAboutToExpire spec.output.otlp.tls.ca',
    ]);
  });

  it("does not repeat the reader's findings", () => {
    const p = readPipeline({ output: { otlp: { endpoint: GRPC_ENDPOINT, unknownField: true } } });
    expect(p.read.findings).to.have.length(1);
    expect(run(p)).to.deep.equal([]);
  });

  it('reports an invalid metadata.name', () => {
    expect(run(withOutput({ endpoint: GRPC_ENDPOINT }, { name: 'Not_Valid' }))).to.deep.equal(['error SpecInvalid metadata.name']);
  });

  it('never puts an endpoint or credential into any message', () => {
    const secret = 'Sup3rS3cret';
    const expired = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, -1), ca: false });
    const secrets = secretIndex({
      name: 'creds',
      data: { endpoint: `http://${secret}:${secret}@${secret}/${secret}`, user: secret, password: secret, crt: expired.certPem, key: expired.keyPem },
    });
    const pipelines: Read[] = [
      withOutput({ endpoint: secretRef('creds', 'endpoint'), authentication: { oauth2: { tokenURL: { value: secret }, clientID: { value: secret }, clientSecret: { value: secret, ...secretRef('creds', 'password') } } } }),
      withOutput({ endpoint: { value: `${secret}:4317/${secret}` }, authentication: { basic: { user: secretRef('creds', 'user'), password: { value: secret } } } }),
      withOutput({ endpoint: { value: `https://${secret}:4317` }, headers: [{ name: 'X', value: secret }], tls: { cert: secretRef('creds', 'crt'), key: secretRef('creds', 'key') } }),
      withOutput({ protocol: 'http', endpoint: { value: `${secret}.example.com` }, headers: [{ name: 'X', value: secret, ...secretRef('creds', 'nokey') }] }),
    ];
    let count = 0;
    for (const p of pipelines) {
      for (const f of validatePipeline(p.pipeline, p.read, secrets, NOW)) {
        count++;
        expect(f.message, f.message).not.to.include(secret);
      }
    }
    expect(count).to.be.greaterThan(5);
  });
});
