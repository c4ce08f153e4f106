import { expect } from 'chai';
import { DEFAULT_SETTINGS } from '../../src/api/function-config';
import type { MetricPipeline } from '../../src/api/model';
import { validatePipelineSet } from '../../src/validate/index';
import { GRPC_ENDPOINT, withOutput } from './support';

function pipeline(name: string, otlp: Record<string, unknown> = {}, version: 'v1beta1' | 'v1alpha1' = 'v1beta1'): MetricPipeline {
  return withOutput({ endpoint: GRPC_ENDPOINT, ...otlp }, { name, version }).pipeline;
}

const settings = (maxPipelines: number) => ({ ...DEFAULT_SETTINGS, maxPipelines });

function summary(pipelines: MetricPipeline[], max = 0) {
  return validatePipelineSet(pipelines, settings(max)).map((f) => ({
    on: `${f.ref?.name} (${f.ref?.apiVersion.split('/')[1]})`,
    severity: f.severity,
    reason: f.reason,
    field: f.field,
    message: f.message,
  }));
}

describe('validate/pipeline-set', () => {
  it('accepts distinct pipelines within the limit', () => {
    expect(summary([pipeline('a'), pipeline('b'), pipeline('c')], 5)).to.deep.equal([]);
  });

  describe('duplicate names', () => {
    it('reports the later object of a name, across versions', () => {
      expect(summary([pipeline('dup', {}, 'v1alpha1'), pipeline('dup'), pipeline('other')])).to.deep.equal([
        {
          on: 'dup (v1beta1)',
          severity: 'error',
          reason: 'InputInvalid',
          field: 'metadata.name',
          message:
            'Duplicate MetricPipeline name: an earlier MetricPipeline (telemetry.kyma-project.io/v1alpha1) has the same name; only one object per name can exist',
        },
      ]);
    });

    it('reports every later duplicate', () => {
      expect(summary([pipeline('dup'), pipeline('dup'), pipeline('dup', {}, 'v1alpha1')]).map((f) => f.on)).to.deep.equal([
        'dup (v1beta1)',
        'dup (v1alpha1)',
      ]);
    });
  });

  describe('maximum pipeline count', () => {
    it('rejects pipelines beyond the limit in name order, whatever the input order', () => {
      const findings = summary([pipeline('d'), pipeline('b'), pipeline('a'), pipeline('c')], 2);
      expect(findings).to.deep.equal(
        ['c', 'd'].map((name) => ({
          on: `${name} (v1beta1)`,
          severity: 'error',
          reason: 'MaxPipelinesExceeded',
          field: undefined,
          message: 'Maximum pipeline count limit exceeded',
        })),
      );
    });

    it('accepts exactly the limit', () => {
      expect(summary([pipeline('a'), pipeline('b')], 2)).to.deep.equal([]);
    });

    it('treats 0 as unlimited', () => {
      const many = Array.from({ length: 30 }, (_, i) => pipeline(`p${String(i).padStart(2, '0')}`));
      expect(summary(many, 0)).to.deep.equal([]);
    });

    it('counts a duplicated name once', () => {
      expect(summary([pipeline('a'), pipeline('a', {}, 'v1alpha1'), pipeline('b')], 2).map((f) => f.reason)).to.deep.equal(['InputInvalid']);
    });

    it('uses the default limit of 5 from the settings', () => {
      const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => pipeline(n));
      const findings = validatePipelineSet(six, DEFAULT_SETTINGS);
      expect(findings.map((f) => [f.ref?.name, f.reason])).to.deep.equal([['f', 'MaxPipelinesExceeded']]);
    });
  });

  describe('environment-variable names', () => {
    it('rejects two pipeline names with the same suffix, naming both, on the later one', () => {
      expect(summary([pipeline('a.b'), pipeline('a-b')])).to.deep.equal([
        {
          on: 'a.b (v1beta1)',
          severity: 'error',
          reason: 'InputInvalid',
          field: 'metadata.name',
          message: "MetricPipeline names 'a-b' and 'a.b' map to the same environment-variable suffix A_B; rename one of them",
        },
      ]);
    });

    it('rejects two headers of one pipeline with the same variable', () => {
      const p = pipeline('p', { headers: [{ name: 'X-Foo', value: '1' }, { name: 'Y', value: '2' }, { name: 'x_foo', value: '3' }] });
      expect(summary([p])).to.deep.equal([
        {
          on: 'p (v1beta1)',
          severity: 'error',
          reason: 'SpecInvalid',
          field: 'spec.output.otlp.headers[2].name',
          message: "Header 'x_foo' maps to the same environment variable HEADER_METRICPIPELINE_P_X_FOO as header 'X-Foo'; rename one of them",
        },
      ]);
    });

    it('rejects the same header twice', () => {
      const p = pipeline('p', { headers: [{ name: 'X-Foo', value: '1' }, { name: 'X-Foo', value: '2' }] });
      expect(summary([p]).map((f) => f.field)).to.deep.equal(['spec.output.otlp.headers[1].name']);
    });

    it('rejects headers of different pipelines that map to the same variable', () => {
      const a = pipeline('a', { headers: [{ name: 'b-c', value: '1' }] });
      const ab = pipeline('a-b', { headers: [{ name: 'c', value: '2' }] });
      expect(summary([ab, a])).to.deep.equal([
        {
          on: 'a-b (v1beta1)',
          severity: 'error',
          reason: 'InputInvalid',
          field: 'spec.output.otlp.headers[0].name',
          message:
            "Header 'c' maps to the same environment variable HEADER_METRICPIPELINE_A_B_C as header 'b-c' of MetricPipeline 'a'; rename one of them",
        },
      ]);
    });

    it('accepts the same header in different pipelines', () => {
      const headers = [{ name: 'X-Tenant', value: 't' }];
      expect(summary([pipeline('a', { headers }), pipeline('b', { headers })])).to.deep.equal([]);
    });
  });

  describe('Authorization header', () => {
    const basic = { basic: { user: { value: 'u' }, password: { value: 'p' } } };

    it('rejects an Authorization header together with basic authentication', () => {
      const p = pipeline('p', { authentication: basic, headers: [{ name: 'X', value: 'x' }, { name: 'authorization', value: 'Bearer t' }] });
      expect(summary([p])).to.deep.equal([
        {
          on: 'p (v1beta1)',
          severity: 'error',
          reason: 'SpecInvalid',
          field: 'spec.output.otlp.headers[1].name',
          message: "Header 'authorization' conflicts with basic authentication, which sets the Authorization header; remove one of them",
        },
      ]);
    });

    it('accepts an Authorization header without basic authentication', () => {
      expect(summary([pipeline('p', { headers: [{ name: 'Authorization', value: 'Bearer t' }] })])).to.deep.equal([]);
    });
  });

  it('never puts a header value into a message', () => {
    const secret = 'sup3r-s3cret-Value';
    const p = pipeline('p', {
      authentication: { basic: { user: { value: secret }, password: { value: secret } } },
      headers: [{ name: 'Authorization', value: secret }, { name: 'X-A', value: secret }, { name: 'x-a', value: secret }],
    });
    const findings = validatePipelineSet([p, pipeline('p')], settings(1));
    expect(findings).to.have.length(3);
    for (const f of findings) expect(f.message).not.to.include(secret);
  });
});
