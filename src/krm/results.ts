/**
 * KRM results. Results are built with kpt-functions' result helpers (the SDK's function model), then
 * normalised to the KRM function spec: the SDK types severity as `warn` and calls the suggestion
 * `suggestedValue`, where the spec says `warning` and `proposedValue`.
 */
import { generalResult, kubernetesObjectResult } from 'kpt-functions/dist/src/result';
import type { KubernetesObject, Result as SdkResult, Severity as SdkSeverity } from 'kpt-functions/dist/src/types';
import type { Finding, Severity } from '../core/finding';

export interface KrmResult {
  message: string;
  severity: Severity;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

const TO_SDK: Record<Severity, SdkSeverity> = { error: 'error', warning: 'warn', info: 'info' };
const FROM_SDK: Record<SdkSeverity, Severity> = { error: 'error', warn: 'warning', info: 'info' };

function normalise(r: SdkResult): KrmResult {
  const out: KrmResult = { message: r.message, severity: FROM_SDK[r.severity] };
  if (r.resourceRef) {
    const { apiVersion, kind, name, namespace } = r.resourceRef;
    out.resourceRef = namespace ? { apiVersion, kind, name, namespace } : { apiVersion, kind, name };
  }
  if (r.field) out.field = { path: r.field.path };
  if (r.file?.path) {
    out.file = { path: r.file.path };
    if (r.file.index !== undefined && r.file.index !== 0) out.file.index = r.file.index;
  }
  if (r.tags) out.tags = { ...r.tags };
  return out;
}

/**
 * `source` is the object the finding is about (as read, with its path annotations), so the result can
 * point at the file too.
 */
export function toKrmResult(finding: Finding, source?: Record<string, unknown>): KrmResult {
  const tags = { reason: finding.reason };
  const severity = TO_SDK[finding.severity];
  if (!finding.ref) return normalise(generalResult(finding.message, severity, tags));
  // The SDK reads metadata.annotations; an object whose metadata is not a map gets a synthesized one.
  const usable = source && typeof source['metadata'] === 'object' && source['metadata'] !== null ? source : undefined;
  const object = (usable ?? {
    apiVersion: finding.ref.apiVersion,
    kind: finding.ref.kind,
    metadata: { name: finding.ref.name, ...(finding.ref.namespace ? { namespace: finding.ref.namespace } : {}) },
  }) as unknown as KubernetesObject;
  const field = finding.field !== undefined ? { path: finding.field } : undefined;
  return normalise(kubernetesObjectResult(finding.message, object, field, severity, tags));
}

/** One human line per finding for stderr; never includes values. */
export function humanLine(finding: Finding): string {
  // Rule messages often start with the field already, as the API server writes them.
  const field = finding.field && !finding.message.startsWith(finding.field) ? ` ${finding.field}` : '';
  const where = finding.ref
    ? `${finding.ref.kind}/${finding.ref.namespace ? `${finding.ref.namespace}/` : ''}${finding.ref.name}${field}: `
    : '';
  return `${finding.severity}: ${where}${finding.message}`;
}
