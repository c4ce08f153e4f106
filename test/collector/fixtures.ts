/**
 * Gateway plans for the collector-config tests, built the way the function builds them: MetricPipeline
 * objects (written as YAML, as users write them) are read and defaulted, Secrets indexed, the plan built.
 */
import { parse } from 'yaml';
import { DEFAULT_SETTINGS, type Settings } from '../../src/api/function-config';
import type { MetricPipeline } from '../../src/api/model';
import { readMetricPipeline } from '../../src/api/read-pipeline';
import { ENV } from '../../src/constants';
import { SecretIndex } from '../../src/core/secret-index';
import { buildPlan } from '../../src/plan/build-plan';
import type { GatewayPlan, PipelineOutcome } from '../../src/plan/types';
import type { CollectorCheckOptions } from '../support/collector-check';

/** Secret `default/backend`, which the fixture pipelines reference. */
export const BACKEND_SECRET: Record<string, string> = {
  endpoint: 'https://backend.example.com:4317',
  user: 'metrics-writer',
  password: 'p@ss$word',
  token: 'tkn-123',
  'client-id': 'otel-gateway',
  'client-secret': 'very-secret',
  ca: '-----BEGIN CERTIFICATE-----\\nMIIBca\\n-----END CERTIFICATE-----',
  cert: '-----BEGIN CERTIFICATE-----\\nMIIBcert\\n-----END CERTIFICATE-----',
  key: '-----BEGIN PRIVATE KEY-----\\nMIIBkey\\n-----END PRIVATE KEY-----',
};

export function secretIndex(): SecretIndex {
  const secrets = new SecretIndex();
  secrets.add({ namespace: 'default', name: 'backend', values: new Map(Object.entries(BACKEND_SECRET)) });
  return secrets;
}

/** Reads one MetricPipeline written as YAML; fails the test if it does not decode. */
export function pipelineFromYaml(text: string): MetricPipeline {
  const read = readMetricPipeline(parse(text) as Record<string, unknown>);
  const errors = read.findings.filter((f) => f.severity === 'error');
  if (read.pipeline === undefined || errors.length > 0) throw new Error(`fixture does not decode: ${JSON.stringify(read.findings)}`);
  return read.pipeline;
}

/** A v1beta1 MetricPipeline with the given spec lines (YAML, indented as under `spec:`). */
export function metricPipeline(name: string, spec: string): MetricPipeline {
  return pipelineFromYaml(`apiVersion: telemetry.kyma-project.io/v1beta1
kind: MetricPipeline
metadata:
  name: ${name}
spec:
${spec
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
`);
}

export function gatewayPlanOf(pipelines: MetricPipeline[], settings: Partial<Settings> = {}): GatewayPlan {
  const outcomes: Record<string, PipelineOutcome> = {};
  for (const p of pipelines) outcomes[p.name] = { rendered: true, reason: 'GatewayConfigured', message: 'rendered into the gateway' };
  const { gateway } = buildPlan({ ...DEFAULT_SETTINGS, ...settings }, pipelines, secretIndex(), outcomes);
  if (gateway === undefined) throw new Error('fixture: no pipeline, no gateway');
  return gateway;
}

/** What the gateway pod offers to `${env:...}`: the merged Secret and the downward-API variables. */
export function checkOptionsFor(plan: GatewayPlan): CollectorCheckOptions {
  return { secretKeys: Object.keys(plan.secretData), downwardApiEnv: [ENV.podIp, ENV.nodeName] };
}

/** The smallest valid output: the endpoint from the Secret, everything else defaulted. */
export const GRPC_OUTPUT = `output:
  otlp:
    endpoint:
      valueFrom:
        secretKeyRef: {name: backend, namespace: default, key: endpoint}`;
