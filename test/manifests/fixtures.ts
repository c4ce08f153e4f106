/**
 * Gateway plans for the manifest tests, built through the real path: MetricPipeline objects are read,
 * Secrets indexed, and the plan built, exactly as the function does.
 */
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS, type Settings } from '../../src/api/function-config';
import type { MetricPipeline } from '../../src/api/model';
import { readMetricPipeline } from '../../src/api/read-pipeline';
import { SecretIndex } from '../../src/core/secret-index';
import type { KubeObject } from '../../src/manifests/types';
import { buildPlan } from '../../src/plan/build-plan';
import type { GatewayPlan, PipelineOutcome } from '../../src/plan/types';

/** Stands in for the collector config; the builders treat it as opaque text. */
export const DUMMY_CONFIG = 'receivers: {}\nexporters:\n  otlp/dummy:\n    endpoint: ${env:OTLP_ENDPOINT_METRICPIPELINE_DUMMY}\n';

export const BACKEND_SECRET = { namespace: 'default', name: 'backend' };

export function pipelineObject(name: string): Record<string, unknown> {
  return {
    apiVersion: 'telemetry.kyma-project.io/v1beta1',
    kind: 'MetricPipeline',
    metadata: { name },
    spec: {
      output: {
        otlp: {
          endpoint: { valueFrom: { secretKeyRef: { ...BACKEND_SECRET, key: 'endpoint' } } },
          headers: [{ name: 'X-Tenant', value: name }],
        },
      },
    },
  };
}

export function readPipeline(obj: Record<string, unknown>): MetricPipeline {
  const read = readMetricPipeline(obj);
  if (read.pipeline === undefined) throw new Error(`fixture does not decode: ${JSON.stringify(read.findings)}`);
  return read.pipeline;
}

export function secretIndex(endpoint = 'https://backend.example.com:4317'): SecretIndex {
  const secrets = new SecretIndex();
  secrets.add({ ...BACKEND_SECRET, values: new Map([['endpoint', endpoint]]) });
  return secrets;
}

export interface PlanOptions {
  pipelineNames?: string[];
  settings?: Partial<Settings>;
  endpoint?: string;
  /** Outcomes of pipelines that were not rendered, in addition to the rendered ones. */
  skipped?: Record<string, PipelineOutcome>;
}

export function gatewayPlan(options: PlanOptions = {}): GatewayPlan {
  const names = options.pipelineNames ?? ['backend'];
  const pipelines = names.map((n) => readPipeline(pipelineObject(n)));
  const outcomes: Record<string, PipelineOutcome> = { ...(options.skipped ?? {}) };
  for (const n of names) outcomes[n] = { rendered: true, reason: 'GatewayConfigured', message: 'rendered into the gateway' };
  const settings: Settings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
  const { gateway } = buildPlan(settings, pipelines, secretIndex(options.endpoint), outcomes);
  if (gateway === undefined) throw new Error('fixture: no pipeline, no gateway');
  return gateway;
}

/** Multi-document YAML as the golden files hold it. */
export function toYaml(objects: KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

/**
 * A built object as a test reads it: every field as present. kubernetes-models leaves almost every field
 * optional; a field the builder did not set fails the test's assertion anyway.
 */
export type Built<T> = T extends readonly (infer E)[]
  ? Built<E>[]
  : T extends object
    ? { [K in keyof T]-?: Built<Exclude<T[K], undefined>> }
    : T;

export function find(objects: KubeObject[], kind: string, name?: string): KubeObject & Record<string, unknown> {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''} in output`);
  return found as KubeObject & Record<string, unknown>;
}
