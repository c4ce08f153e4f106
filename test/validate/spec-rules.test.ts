import { expect } from 'chai';
import { validateSpec } from '../../src/validate/spec-rules';
import { GRPC_ENDPOINT, readPipeline, secretRef, withOutput } from './support';
import type { PipelineVersion } from '../../src/api/read-pipeline';

type Spec = Record<string, unknown>;

function problems(spec: Spec, version: PipelineVersion = 'v1beta1', name = 'backend'): { field?: string; message: string }[] {
  const { read } = readPipeline(spec, { version, name });
  return validateSpec(read).map((f) => {
    expect(f.severity).to.equal('error');
    expect(f.reason).to.equal('SpecInvalid');
    expect(f.ref).to.deep.equal(read.ref);
    return f.field === undefined ? { message: f.message } : { field: f.field, message: f.message };
  });
}

function output(otlp: Spec, version: PipelineVersion = 'v1beta1') {
  return problems({ output: { otlp } }, version);
}

/** One expected finding: the message is `<field>: <rule message>`. */
function only(field: string, message: string) {
  return [{ field, message: `${field}: ${message}` }];
}

const BOTH = { value: 'plain', ...secretRef('s', 'k') };
const OAUTH2 = {
  tokenURL: { value: 'https://auth.example.com/oauth/token' },
  clientID: { value: 'client' },
  clientSecret: secretRef('oauth', 'secret'),
};

describe('validate/spec-rules', () => {
  describe('a valid spec', () => {
    it('has no findings with every section used (v1beta1)', () => {
      const spec = {
        input: {
          otlp: { enabled: true, namespaces: { include: ['apps'] } },
          prometheus: { enabled: true, namespaces: { exclude: ['kube-system', 'a'.repeat(63)] } },
          istio: { enabled: true, namespaces: {} },
          runtime: { enabled: true, namespaces: { include: ['a-b-1'] } },
        },
        output: {
          otlp: {
            protocol: 'http',
            path: '/v1/metrics',
            endpoint: secretRef('backend', 'endpoint'),
            authentication: { oauth2: { ...OAUTH2, scopes: ['read'] } },
            headers: [{ name: 'X-Tenant', value: 't1' }, { name: 'X-Token', prefix: 'Bearer', ...secretRef('s', 'token') }],
            tls: { insecure: false, ca: { value: 'PEM' }, cert: secretRef('tls', 'crt'), key: secretRef('tls', 'key') },
          },
        },
        transform: [{ conditions: ['true'], statements: ['set(x, 1)'] }],
      };
      expect(problems(spec)).to.deep.equal([]);
      expect(problems(spec, 'v1alpha1')).to.deep.equal([]);
    });

    it('has no findings for the smallest spec, in both versions', () => {
      expect(output({ endpoint: GRPC_ENDPOINT })).to.deep.equal([]);
      expect(output({ endpoint: GRPC_ENDPOINT }, 'v1alpha1')).to.deep.equal([]);
    });
  });

  describe('metadata.name', () => {
    it('must be a DNS subdomain', () => {
      expect(problems({ output: { otlp: { endpoint: GRPC_ENDPOINT } } }, 'v1beta1', 'Backend_1')).to.deep.equal(
        only(
          'metadata.name',
          "must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character",
        ),
      );
    });

    it('must be at most 253 characters', () => {
      const long = `${'a'.repeat(63)}.`.repeat(4).slice(0, 254);
      expect(problems({ output: { otlp: { endpoint: GRPC_ENDPOINT } } }, 'v1beta1', long)).to.deep.equal(
        only('metadata.name', 'must be no more than 253 characters'),
      );
      const max = long.slice(0, 253);
      expect(max.length).to.equal(253);
      expect(problems({ output: { otlp: { endpoint: GRPC_ENDPOINT } } }, 'v1beta1', max)).to.deep.equal([]);
    });

    it('must not be empty', () => {
      expect(problems({ output: { otlp: { endpoint: GRPC_ENDPOINT } } }, 'v1beta1', '')).to.deep.equal(
        only('metadata.name', 'is required'),
      );
    });

    it('accepts dots and dashes', () => {
      expect(problems({ output: { otlp: { endpoint: GRPC_ENDPOINT } } }, 'v1beta1', 'team-a.prod')).to.deep.equal([]);
    });
  });

  describe("only one of 'value' or 'valueFrom'", () => {
    const XOR = "Only one of 'value' or 'valueFrom' can be set";
    const cases: [string, Spec][] = [
      ['spec.output.otlp.endpoint', { endpoint: BOTH }],
      ['spec.output.otlp.authentication.basic.user', { endpoint: GRPC_ENDPOINT, authentication: { basic: { user: BOTH, password: { value: 'p' } } } }],
      ['spec.output.otlp.authentication.basic.password', { endpoint: GRPC_ENDPOINT, authentication: { basic: { user: { value: 'u' }, password: BOTH } } }],
      ['spec.output.otlp.authentication.oauth2.tokenURL', { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, tokenURL: { ...BOTH, value: 'https://auth.example.com/token' } } } }],
      ['spec.output.otlp.authentication.oauth2.clientID', { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, clientID: BOTH } } }],
      ['spec.output.otlp.authentication.oauth2.clientSecret', { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, clientSecret: BOTH } } }],
      ['spec.output.otlp.headers[1]', { endpoint: GRPC_ENDPOINT, headers: [{ name: 'A', value: 'a' }, { name: 'B', ...BOTH }] }],
      ['spec.output.otlp.tls.ca', { endpoint: GRPC_ENDPOINT, tls: { ca: BOTH } }],
      ['spec.output.otlp.tls.cert', { endpoint: GRPC_ENDPOINT, tls: { cert: BOTH, key: { value: 'k' } } }],
      ['spec.output.otlp.tls.key', { endpoint: GRPC_ENDPOINT, tls: { cert: { value: 'c' }, key: BOTH } }],
    ];
    for (const [field, otlp] of cases) {
      it(`is enforced on ${field} in both versions`, () => {
        expect(output(otlp)).to.deep.equal(only(field, XOR));
        expect(output(otlp, 'v1alpha1')).to.deep.equal(only(field, XOR));
      });
    }

    it('counts an empty value in v1beta1 but not in v1alpha1', () => {
      const endpoint = { value: '', ...secretRef('s', 'k') };
      expect(output({ endpoint })).to.deep.equal(only('spec.output.otlp.endpoint', XOR));
      expect(output({ endpoint }, 'v1alpha1')).to.deep.equal([]);
    });
  });

  describe("value or valueFrom required", () => {
    it("requires it on the endpoint", () => {
      expect(output({ endpoint: {} })).to.deep.equal(only('spec.output.otlp', "'endpoint' must have 'value' or 'valueFrom' set"));
    });

    it('accepts an empty value (the endpoint check reports it)', () => {
      expect(output({ endpoint: { value: '' } })).to.deep.equal([]);
    });

    it("requires it on basic user and password", () => {
      expect(output({ endpoint: GRPC_ENDPOINT, authentication: { basic: { user: {}, password: { value: 'p' } } } })).to.deep.equal(
        only('spec.output.otlp.authentication.basic', "'user' must have 'value' or 'valueFrom' set"),
      );
      expect(output({ endpoint: GRPC_ENDPOINT, authentication: { basic: { user: { value: 'u' }, password: {} } } })).to.deep.equal(
        only('spec.output.otlp.authentication.basic', "'password' must have 'value' or 'valueFrom' set"),
      );
    });

    it('requires it on the OAuth2 fields (v1beta1)', () => {
      for (const key of ['tokenURL', 'clientID', 'clientSecret']) {
        expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, [key]: {} } } })).to.deep.equal(
          only('spec.output.otlp.authentication.oauth2', `'${key}' must have 'value' or 'valueFrom' set`),
        );
      }
    });

    it('requires it on headers', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, headers: [{ name: 'X-A', value: 'a' }, { name: 'X-B', prefix: 'p' }] })).to.deep.equal(
        only('spec.output.otlp.headers[1]', "Header must have 'value' or 'valueFrom' set"),
      );
    });

    it('applies the v1beta1 rules for endpoint, basic auth and headers to v1alpha1 too', () => {
      expect(output({ endpoint: {} }, 'v1alpha1')).to.deep.equal(
        only('spec.output.otlp', "'endpoint' must have 'value' or 'valueFrom' set"),
      );
      expect(output({ endpoint: GRPC_ENDPOINT, authentication: { basic: { user: {}, password: { value: 'p' } } } }, 'v1alpha1')).to.deep.equal(
        only('spec.output.otlp.authentication.basic', "'user' must have 'value' or 'valueFrom' set"),
      );
      expect(output({ endpoint: GRPC_ENDPOINT, headers: [{ name: 'X-B' }] }, 'v1alpha1')).to.deep.equal(
        only('spec.output.otlp.headers[0]', "Header must have 'value' or 'valueFrom' set"),
      );
    });

    it("uses v1alpha1's '<field>' missing rule for OAuth2, which also rejects an empty value", () => {
      for (const key of ['tokenURL', 'clientID', 'clientSecret']) {
        const field = `spec.output.otlp.authentication.oauth2.${key}`;
        expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, [key]: {} } } }, 'v1alpha1')).to.deep.equal(
          only(field, `'${key}' missing`),
        );
        if (key !== 'tokenURL') {
          expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, [key]: { value: '' } } } }, 'v1alpha1')).to.deep.equal(
            only(field, `'${key}' missing`),
          );
          // v1beta1 only asks for the field to be present.
          expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, [key]: { value: '' } } } })).to.deep.equal([]);
        }
      }
    });
  });

  describe('path', () => {
    const message = 'Path is only available with HTTP protocol';

    it('is rejected with grpc', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, protocol: 'grpc', path: '/v1/metrics' })).to.deep.equal(only('spec.output.otlp', message));
    });

    it('is rejected without a protocol, which defaults to grpc (both versions)', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, path: '/v1/metrics' })).to.deep.equal(only('spec.output.otlp', message));
      expect(output({ endpoint: GRPC_ENDPOINT, path: '/v1/metrics' }, 'v1alpha1')).to.deep.equal(only('spec.output.otlp', message));
    });

    it('is accepted with http, and an empty path with grpc', () => {
      expect(output({ endpoint: { value: 'https://b.example.com' }, protocol: 'http', path: '/v1/metrics' })).to.deep.equal([]);
      expect(output({ endpoint: GRPC_ENDPOINT, path: '' })).to.deep.equal([]);
    });
  });

  describe('authentication', () => {
    it('rejects OAuth2 with grpc and tls.insecure', () => {
      const message = 'OAuth2 authentication requires TLS when using gRPC protocol';
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { oauth2: OAUTH2 }, tls: { insecure: true } };
      expect(output(otlp)).to.deep.equal(only('spec.output.otlp', message));
      expect(output({ ...otlp, protocol: 'grpc' }, 'v1alpha1')).to.deep.equal(only('spec.output.otlp', message));
    });

    it('accepts OAuth2 with grpc and TLS, and with http and tls.insecure', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: OAUTH2 }, tls: { insecure: false } })).to.deep.equal([]);
      expect(output({ endpoint: GRPC_ENDPOINT, authentication: { oauth2: OAUTH2 } })).to.deep.equal([]);
      expect(
        output({ endpoint: { value: 'http://b:4318' }, protocol: 'http', authentication: { oauth2: OAUTH2 }, tls: { insecure: true } }),
      ).to.deep.equal([]);
    });

    it('rejects basic and OAuth2 together', () => {
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { basic: { user: { value: 'u' }, password: { value: 'p' } }, oauth2: OAUTH2 } };
      expect(output(otlp)).to.deep.equal(only('spec.output.otlp.authentication', 'Only one authentication method can be specified'));
      expect(output(otlp, 'v1alpha1')).to.deep.equal(only('spec.output.otlp.authentication', 'Only one authentication method can be specified'));
    });

    it('rejects a tokenURL value that is not a URL', () => {
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, tokenURL: { value: 'auth.example.com/token' } } } };
      expect(output(otlp)).to.deep.equal(only('spec.output.otlp.authentication.oauth2.tokenURL', "'tokenURL' must be a valid URL"));
      expect(output(otlp, 'v1alpha1')).to.deep.equal(only('spec.output.otlp.authentication.oauth2.tokenURL', "'tokenURL' must be a valid URL"));
    });

    it('does not check a tokenURL read from a Secret', () => {
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, tokenURL: secretRef('s', 'url') } } };
      expect(output(otlp)).to.deep.equal([]);
    });

    it("rejects an empty tokenURL value next to valueFrom in v1alpha1, as its CEL rule does", () => {
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, tokenURL: { value: '', ...secretRef('s', 'url') } } } };
      expect(output(otlp, 'v1alpha1')).to.deep.equal(only('spec.output.otlp.authentication.oauth2.tokenURL', "'tokenURL' must be a valid URL"));
    });
  });

  describe('tls', () => {
    const message = "Can define either both 'cert' and 'key', or neither";

    it('rejects cert without key and key without cert', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, tls: { cert: { value: 'c' } } })).to.deep.equal(only('spec.output.otlp.tls', message));
      expect(output({ endpoint: GRPC_ENDPOINT, tls: { key: { value: 'k' } } }, 'v1alpha1')).to.deep.equal(only('spec.output.otlp.tls', message));
    });

    it('accepts both or neither', () => {
      expect(output({ endpoint: GRPC_ENDPOINT, tls: { cert: { value: 'c' }, key: { value: 'k' } } })).to.deep.equal([]);
      expect(output({ endpoint: GRPC_ENDPOINT, tls: { ca: { value: 'ca' }, insecureSkipVerify: true } })).to.deep.equal([]);
    });
  });

  describe('namespace selectors', () => {
    for (const input of ['otlp', 'prometheus', 'istio', 'runtime']) {
      it(`rejects include together with exclude on ${input}`, () => {
        const spec = { input: { [input]: { namespaces: { include: ['a'], exclude: ['b'] } } }, output: { otlp: { endpoint: GRPC_ENDPOINT } } };
        const expected = only(`spec.input.${input}.namespaces`, "Only one of 'include' or 'exclude' can be defined");
        expect(problems(spec)).to.deep.equal(expected);
        expect(problems(spec, 'v1alpha1')).to.deep.equal(expected);
      });
    }

    it('counts empty lists as set, as CEL has() does', () => {
      const spec = { input: { prometheus: { namespaces: { include: [], exclude: [] } } }, output: { otlp: { endpoint: GRPC_ENDPOINT } } };
      expect(problems(spec)).to.deep.equal(only('spec.input.prometheus.namespaces', "Only one of 'include' or 'exclude' can be defined"));
    });

    it('rejects names that do not match the pattern, per item', () => {
      const spec = {
        input: { prometheus: { namespaces: { include: ['ok', 'Bad_NS', '-x', ''] } } },
        output: { otlp: { endpoint: GRPC_ENDPOINT } },
      };
      const pattern = "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'";
      expect(problems(spec)).to.deep.equal([
        ...only('spec.input.prometheus.namespaces.include[1]', pattern),
        ...only('spec.input.prometheus.namespaces.include[2]', pattern),
        ...only('spec.input.prometheus.namespaces.include[3]', pattern),
      ]);
    });

    it('rejects names longer than 63 characters', () => {
      const spec = { input: { runtime: { namespaces: { exclude: ['a'.repeat(64)] } } }, output: { otlp: { endpoint: GRPC_ENDPOINT } } };
      expect(problems(spec)).to.deep.equal(only('spec.input.runtime.namespaces.exclude[0]', 'may not be longer than 63 characters'));
    });

    it('checks the v1alpha1 otlp input, which has `disabled` instead of `enabled`', () => {
      const spec = { input: { otlp: { disabled: false, namespaces: { exclude: ['X'] } } }, output: { otlp: { endpoint: GRPC_ENDPOINT } } };
      expect(problems(spec, 'v1alpha1')).to.deep.equal(
        only('spec.input.otlp.namespaces.exclude[0]', "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
      );
    });
  });

  describe('transform', () => {
    it('requires at least one statement per entry', () => {
      const spec = {
        output: { otlp: { endpoint: GRPC_ENDPOINT } },
        transform: [{ statements: ['set(a, 1)'] }, { conditions: ['true'] }, { statements: [] }],
      };
      expect(problems(spec)).to.deep.equal([
        ...only('spec.transform[1].statements', 'must contain at least one statement'),
        ...only('spec.transform[2].statements', 'must contain at least one statement'),
      ]);
    });
  });

  describe('header and OAuth2 parameter names (RFC 9110 tokens)', () => {
    const headerMessage = "must be an HTTP header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)";

    it('accepts tokens, including ones that are JavaScript property names', () => {
      const headers = ['X-Api-Key', "!#$%&'*+-.^_`|~", '__proto__', 'constructor'].map((name) => ({ name, value: 'v' }));
      expect(output({ endpoint: GRPC_ENDPOINT, headers })).to.deep.equal([]);
    });

    it('rejects header names that are not tokens, such as a::b, which the collector would nest', () => {
      for (const name of ['a::b', 'X Api', 'x\ty', 'x"y', 'Ünicode', 'a/b']) {
        expect(output({ endpoint: GRPC_ENDPOINT, headers: [{ name, value: 'v' }] }), name).to.deep.equal(only('spec.output.otlp.headers[0].name', headerMessage));
      }
    });

    it('rejects OAuth2 parameter names that are not tokens, naming the parameter', () => {
      const otlp = { endpoint: GRPC_ENDPOINT, authentication: { oauth2: { ...OAUTH2, params: { audience: 'x', 'a::b': 'y' } } } };
      expect(output(otlp)).to.deep.equal(
        only('spec.output.otlp.authentication.oauth2.params', `parameter name "a::b" must be an RFC 9110 token (letters, digits and !#$%&'*+-.^_\`|~)`),
      );
    });
  });

  it('reports every problem, not only the first', () => {
    const spec = {
      input: { istio: { namespaces: { include: ['a'], exclude: ['b'] } } },
      output: { otlp: { endpoint: {}, path: '/x', tls: { cert: { value: 'c' } } } },
    };
    expect(problems(spec).map((p) => p.field)).to.deep.equal([
      'spec.input.istio.namespaces',
      'spec.output.otlp',
      'spec.output.otlp',
      'spec.output.otlp.tls',
    ]);
  });

  it('never puts a value into a message', () => {
    const secret = 'sup3r-s3cret-Value';
    const { read } = withOutput({
      endpoint: { value: secret, ...secretRef('s', 'k') },
      path: secret,
      authentication: {
        basic: { user: { value: secret, ...secretRef('s', 'k') }, password: { value: secret } },
        oauth2: { tokenURL: { value: secret }, clientID: { value: secret, ...secretRef('s', 'k') }, clientSecret: { value: secret } },
      },
      headers: [{ name: 'X', value: secret, ...secretRef('s', 'k') }],
      tls: { insecure: true, cert: { value: secret, ...secretRef('s', 'k') } },
    });
    const findings = validateSpec(read);
    expect(findings.length).to.be.greaterThan(5);
    for (const f of findings) expect(f.message).not.to.include(secret);
  });
});
