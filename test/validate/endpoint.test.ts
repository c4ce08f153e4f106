import { expect } from 'chai';
import type { SecretIndex } from '../../src/core/secret-index';
import { validateEndpoint } from '../../src/validate/endpoint';
import { brief, secretIndex, secretRef, withOutput } from './support';

const OAUTH2 = {
  tokenURL: { value: 'https://auth.example.com/token' },
  clientID: { value: 'id' },
  clientSecret: { value: 'secret' },
};

function problem(otlp: Record<string, unknown>, secrets: SecretIndex = secretIndex(), version: 'v1beta1' | 'v1alpha1' = 'v1beta1') {
  const findings = validateEndpoint(withOutput(otlp, { version }).pipeline, secrets);
  expect(findings.length).to.be.at.most(1);
  if (findings.length === 0) return undefined;
  const f = findings[0]!;
  expect(f.severity).to.equal('error');
  expect(f.reason).to.equal('EndpointInvalid');
  expect(f.message.startsWith('OTLP output endpoint invalid: ')).to.equal(true);
  return f.message.slice('OTLP output endpoint invalid: '.length);
}

const grpc = (endpoint: string, extra: Record<string, unknown> = {}) => problem({ endpoint: { value: endpoint }, ...extra });
const http = (endpoint: string, extra: Record<string, unknown> = {}) =>
  problem({ protocol: 'http', endpoint: { value: endpoint }, ...extra });

describe('validate/endpoint', () => {
  describe('gRPC (the default protocol)', () => {
    for (const ok of ['backend:4317', 'backend.example.com:4317', 'https://backend:4317', 'http://backend:4317', 'HTTPS://backend:4317', '[::1]:4317', '10.0.0.1:4317']) {
      it(`accepts ${ok}`, () => expect(grpc(ok)).to.equal(undefined));
    }

    it('needs a port', () => {
      expect(grpc('backend')).to.equal('missing port');
      expect(grpc('https://backend')).to.equal('missing port');
      expect(grpc('backend:')).to.equal('missing port');
      expect(grpc('[::1]')).to.equal('missing port');
    });

    it('rejects any path, even a trailing slash', () => {
      expect(grpc('backend:4317/')).to.equal('gRPC endpoints cannot contain paths');
      expect(grpc('https://backend:4317/otlp')).to.equal('gRPC endpoints cannot contain paths');
    });

    it('accepts only http and https as a scheme', () => {
      expect(grpc('ftp://backend:4317')).to.equal('missing or unsupported protocol scheme');
      expect(grpc('grpc://backend:4317')).to.equal('missing or unsupported protocol scheme');
    });

    it('is explicit about protocol: grpc as well', () => {
      expect(problem({ protocol: 'grpc', endpoint: { value: 'backend' } })).to.equal('missing port');
    });
  });

  describe('HTTP', () => {
    for (const ok of ['https://backend', 'http://backend:4318', 'https://backend/otlp', 'https://user:pw@backend:443/otlp?x=1']) {
      it(`accepts ${ok}`, () => expect(http(ok)).to.equal(undefined));
    }

    it('needs an http or https scheme', () => {
      expect(http('backend:4318')).to.equal('missing or unsupported protocol scheme');
      expect(http('backend')).to.equal('missing or unsupported protocol scheme');
      expect(http('ftp://backend')).to.equal('missing or unsupported protocol scheme');
    });

    it('accepts a path that joins into a valid URL', () => {
      expect(http('https://backend/otlp', { path: '/v1/metrics?tenant=a' })).to.equal(undefined);
      expect(http('https://backend', { path: 'custom path/metrics' })).to.equal(undefined);
    });
  });

  describe('malformed endpoints', () => {
    it('rejects an empty endpoint', () => {
      expect(grpc('')).to.equal('endpoint is empty');
      expect(http('')).to.equal('endpoint is empty');
    });

    it('rejects whitespace, control characters and backslashes (e.g. a trailing newline from a Secret)', () => {
      for (const bad of ['backend:4317\n', ' backend:4317', 'back end:4317', 'https://backend\\x:4317', 'backend:4317\t']) {
        expect(grpc(bad), JSON.stringify(bad)).to.equal('endpoint contains whitespace, control characters or backslashes');
      }
    });

    it('rejects a missing or malformed host', () => {
      expect(grpc(':4317')).to.equal('missing or invalid host');
      expect(grpc('https://:4317')).to.equal('missing or invalid host');
      expect(grpc('a:b:4317')).to.equal('missing or invalid host');
      expect(grpc('[::1:4317')).to.equal('missing or invalid host');
      expect(http('https://user@')).to.equal('missing or invalid host');
    });

    it('rejects a port that is not a number from 0 to 65535', () => {
      expect(grpc('backend:otlp')).to.equal('invalid port');
      expect(grpc('backend:65536')).to.equal('invalid port');
      expect(http('https://backend:-1')).to.equal('invalid port');
      expect(grpc('backend:65535')).to.equal(undefined);
    });

    it('rejects hosts a URL parser refuses', () => {
      expect(grpc('bad<host>:4317')).to.equal('not a valid URL');
      expect(http('https://1.2.3.256')).to.equal('not a valid URL');
    });
  });

  describe('OAuth2', () => {
    it('rejects http:// with gRPC', () => {
      expect(grpc('http://backend:4317', { authentication: { oauth2: OAUTH2 } })).to.equal(
        'OAuth2 requires TLS when using gRPC protocol: HTTP scheme not allowed',
      );
    });

    it('accepts https:// and no scheme with gRPC', () => {
      expect(grpc('https://backend:4317', { authentication: { oauth2: OAUTH2 } })).to.equal(undefined);
      expect(grpc('backend:4317', { authentication: { oauth2: OAUTH2 } })).to.equal(undefined);
    });

    it('leaves gRPC with tls.insecure to the spec rules (same CEL rule, no second finding)', () => {
      expect(grpc('backend:4317', { authentication: { oauth2: OAUTH2 }, tls: { insecure: true } })).to.equal(undefined);
    });

    it('rejects http:// with HTTP when a CA, cert or key is configured', () => {
      for (const tls of [{ ca: { value: 'ca' } }, { cert: { value: 'c' }, key: { value: 'k' } }, { insecure: false, key: { value: 'k' } }]) {
        expect(http('http://backend:4318', { authentication: { oauth2: OAUTH2 }, tls })).to.equal('HTTP scheme with TLS not allowed');
      }
    });

    it('accepts http:// with HTTP without TLS material or with tls.insecure', () => {
      expect(http('http://backend:4318', { authentication: { oauth2: OAUTH2 } })).to.equal(undefined);
      expect(http('http://backend:4318', { authentication: { oauth2: OAUTH2 }, tls: { insecureSkipVerify: true } })).to.equal(undefined);
      expect(http('http://backend:4318', { authentication: { oauth2: OAUTH2 }, tls: { insecure: true, ca: { value: 'ca' } } })).to.equal(undefined);
      expect(http('https://backend', { authentication: { oauth2: OAUTH2 }, tls: { ca: { value: 'ca' } } })).to.equal(undefined);
    });

    it('does not apply the TLS rule without OAuth2', () => {
      expect(http('http://backend:4318', { tls: { ca: { value: 'ca' } } })).to.equal(undefined);
    });
  });

  describe('endpoints from Secrets', () => {
    const secrets = secretIndex({ name: 'backend', namespace: 'obs', data: { good: 'https://backend:4317', bad: 'backend' } });

    it('validates the resolved value and points at the secretKeyRef', () => {
      const { pipeline } = withOutput({ endpoint: secretRef('backend', 'bad', 'obs') });
      expect(brief(validateEndpoint(pipeline, secrets))).to.deep.equal([
        {
          severity: 'error',
          reason: 'EndpointInvalid',
          field: 'spec.output.otlp.endpoint.valueFrom.secretKeyRef',
          message: 'OTLP output endpoint invalid: missing port',
        },
      ]);
      expect(problem({ endpoint: secretRef('backend', 'good', 'obs') }, secrets)).to.equal(undefined);
    });

    it('skips an endpoint whose Secret is missing (the secret-ref check reports it)', () => {
      expect(problem({ endpoint: secretRef('backend', 'nokey', 'obs') }, secrets)).to.equal(undefined);
      expect(problem({ endpoint: secretRef('gone', 'url') }, secrets)).to.equal(undefined);
    });
  });

  it('points at the value, or at the endpoint when it has neither value nor valueFrom', () => {
    expect(validateEndpoint(withOutput({ endpoint: { value: 'backend' } }).pipeline, secretIndex())[0]!.field).to.equal(
      'spec.output.otlp.endpoint.value',
    );
    const empty = validateEndpoint(withOutput({ endpoint: {} }, { version: 'v1alpha1' }).pipeline, secretIndex());
    expect(brief(empty)).to.deep.equal([
      { severity: 'error', reason: 'EndpointInvalid', field: 'spec.output.otlp.endpoint', message: 'OTLP output endpoint invalid: endpoint is empty' },
    ]);
  });

  it('never puts the endpoint or a part of it into a message', () => {
    const token = 'tok3nInTheUrl';
    const endpoints = [
      `${token}`,
      `${token}:4317/${token}`,
      `https://${token}:${token}@${token}`,
      `ftp://${token}:4317`,
      `${token}:${token}`,
      `http://${token}:4317`,
      `${token} :4317`,
      `https://${token}<:4317`,
    ];
    const secrets = secretIndex({ name: 's', data: Object.fromEntries(endpoints.map((e, i) => [`e${i}`, e])) });
    let seen = 0;
    for (const [i, e] of endpoints.entries()) {
      for (const protocol of ['grpc', 'http']) {
        for (const endpoint of [{ value: e }, secretRef('s', `e${i}`)]) {
          const { pipeline } = withOutput({ protocol, endpoint, authentication: { oauth2: OAUTH2 } });
          for (const f of validateEndpoint(pipeline, secrets)) {
            seen++;
            expect(f.message).not.to.include(token);
            expect(f.message).not.to.include(e);
          }
        }
      }
    }
    expect(seen).to.be.greaterThan(20);
  });
});
