/**
 * Reads one MetricPipeline object: decodes it with the codec of its API version, reports fields the API
 * would prune, and applies the webhook defaults. Rules beyond structure are in src/validate.
 */
import { METRIC_PIPELINE_KIND, METRIC_PIPELINE_VERSIONS, TELEMETRY_GROUP } from '../constants';
import { error, warning, type Finding } from '../core/finding';
import { decodeWith, unknownFields } from './decode';
import { defaultPipeline } from './defaults';
import { metricPipelineCodec, type V1Alpha1Spec, type V1Beta1Spec } from './metricpipeline-codec';
import type { MetricPipeline, ResourceRef } from './model';

export type PipelineVersion = 'v1beta1' | 'v1alpha1';

export function isMetricPipeline(obj: { apiVersion?: unknown; kind?: unknown }): boolean {
  return (
    obj.kind === METRIC_PIPELINE_KIND &&
    METRIC_PIPELINE_VERSIONS.some((v) => obj.apiVersion === `${TELEMETRY_GROUP}/${v}`)
  );
}

/** Kubernetes treats an explicit null as "not set"; so do we. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

export interface ReadPipeline {
  /** Present when the object decoded; findings may still hold errors from later rules. */
  pipeline?: MetricPipeline;
  version: PipelineVersion;
  /** The decoded, not yet defaulted spec (what CEL rules look at). */
  spec?: V1Beta1Spec | V1Alpha1Spec;
  ref: ResourceRef;
  findings: Finding[];
}

export function readMetricPipeline(obj: Record<string, unknown>): ReadPipeline {
  const apiVersion = String(obj['apiVersion']);
  const version: PipelineVersion = apiVersion.endsWith('/v1alpha1') ? 'v1alpha1' : 'v1beta1';
  const metadata = obj['metadata'] as Record<string, unknown> | undefined;
  const name = typeof metadata?.['name'] === 'string' ? (metadata['name'] as string) : '';
  const ref: ResourceRef = { apiVersion, kind: METRIC_PIPELINE_KIND, name };
  const findings: Finding[] = [];
  const codec = metricPipelineCodec(version);
  const clean = withoutNulls(obj) as Record<string, unknown>;
  const decoded = decodeWith(codec, { metadata: clean['metadata'], spec: clean['spec'] }, '');
  if (!decoded.ok) {
    for (const p of decoded.problems) findings.push(error('SpecInvalid', `${p.path} ${p.message}`, ref, p.path));
    return { version, ref, findings };
  }
  for (const path of unknownFields(codec.props.spec, clean['spec'], 'spec')) {
    findings.push(warning('SpecInvalid', `${path} is not a field of MetricPipeline ${version}; it is ignored`, ref, path));
  }
  const { spec, metadata: meta } = decoded.value;
  const pipeline = defaultPipeline(ref, spec, meta.generation);
  return { pipeline, version, spec, ref, findings };
}
