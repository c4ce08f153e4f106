/** Builders for validation tests: MetricPipelines go through the real reader, as in rendering. */
import type { MetricPipeline } from '../../src/api/model';
import { readMetricPipeline, type PipelineVersion, type ReadPipeline } from '../../src/api/read-pipeline';
import type { Finding } from '../../src/core/finding';
import { SecretIndex } from '../../src/core/secret-index';

export const GRPC_ENDPOINT = { value: 'https://backend.example.com:4317' };

export interface Read {
  read: ReadPipeline;
  pipeline: MetricPipeline;
}

export function readPipeline(spec: Record<string, unknown>, options: { version?: PipelineVersion; name?: string } = {}): Read {
  const read = readMetricPipeline({
    apiVersion: `telemetry.kyma-project.io/${options.version ?? 'v1beta1'}`,
    kind: 'MetricPipeline',
    metadata: { name: options.name ?? 'backend' },
    spec,
  });
  if (!read.pipeline) throw new Error(`test pipeline does not decode: ${read.findings.map((f) => f.message).join('; ')}`);
  return { read, pipeline: read.pipeline };
}

/** A pipeline whose `output.otlp` is `otlp`. */
export function withOutput(otlp: Record<string, unknown>, options: { version?: PipelineVersion; name?: string } = {}): Read {
  return readPipeline({ output: { otlp } }, options);
}

export function secretRef(name: string, key: string, namespace = 'default') {
  return { valueFrom: { secretKeyRef: { name, namespace, key } } };
}

export function secretIndex(...secrets: { name: string; namespace?: string; data: Record<string, string> }[]): SecretIndex {
  const index = new SecretIndex();
  for (const s of secrets) {
    index.add({ name: s.name, namespace: s.namespace ?? 'default', values: new Map(Object.entries(s.data)) });
  }
  return index;
}

/** The parts of findings tests compare. */
export function brief(findings: Finding[]): { severity: string; reason: string; field?: string; message: string }[] {
  return findings.map((f) => {
    const out: { severity: string; reason: string; field?: string; message: string } = {
      severity: f.severity,
      reason: f.reason,
      message: f.message,
    };
    if (f.field !== undefined) out.field = f.field;
    return out;
  });
}
