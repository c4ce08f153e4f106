/**
 * Kyma's first manager-side check (internal/validators/secretref): every referenced Secret exists and
 * holds the referenced key. Unlike Kyma, which stops at the first missing reference, every missing
 * reference is reported, each on the path of its `secretKeyRef`.
 */
import type { MetricPipeline, SecretKeyRef, ValueType } from '../api/model';
import { clip } from '../core/clip';
import { error, type Finding } from '../core/finding';
import type { SecretIndex } from '../core/secret-index';

export interface ValueField {
  /** Path of the ValueType, e.g. `spec.output.otlp.authentication.basic.user`. */
  path: string;
  value: ValueType;
}

const OUT = 'spec.output.otlp';

/**
 * Every ValueType rendering may resolve, in Kyma's order. TLS values are included even with
 * `tls.insecure: true`, where Kyma skips them: the plan builder still copies ca/cert/key into the
 * gateway Secret (as Kyma's env builder does), so a missing reference would crash rendering rather
 * than be ignored. Reporting it as an error is the only outcome that is not a crash.
 */
export function valueFields(pipeline: MetricPipeline): ValueField[] {
  const out = pipeline.output;
  const fields: ValueField[] = [{ path: `${OUT}.endpoint`, value: out.endpoint }];
  if (out.basic) {
    fields.push({ path: `${OUT}.authentication.basic.user`, value: out.basic.user });
    fields.push({ path: `${OUT}.authentication.basic.password`, value: out.basic.password });
  }
  if (out.oauth2) {
    for (const key of ['tokenURL', 'clientID', 'clientSecret'] as const) {
      fields.push({ path: `${OUT}.authentication.oauth2.${key}`, value: out.oauth2[key] });
    }
  }
  out.headers.forEach((header, i) => fields.push({ path: `${OUT}.headers[${i}]`, value: header.value }));
  if (out.tls) {
    for (const key of ['ca', 'cert', 'key'] as const) {
      const value = out.tls[key];
      if (value) fields.push({ path: `${OUT}.tls.${key}`, value });
    }
  }
  return fields;
}

/**
 * A reference is checked whenever `valueFrom` is set, even next to a `value`: SecretIndex.resolve
 * prefers `valueFrom`, so that is what rendering would use (the spec rules report the conflict).
 */
function problem(ref: SecretKeyRef, secrets: SecretIndex): string | undefined {
  const secret = secrets.get(ref.namespace, ref.name);
  if (secret === undefined) {
    return `One or more referenced Secrets are missing: Secret '${clip(ref.name)}' of Namespace '${clip(ref.namespace)}'`;
  }
  if (!secret.values.has(ref.key)) {
    return `One or more keys in a referenced Secret are missing: Key '${clip(ref.key)}' in Secret '${clip(ref.name)}' of Namespace '${clip(ref.namespace)}'`;
  }
  return undefined;
}

export function validateSecretRefs(pipeline: MetricPipeline, secrets: SecretIndex): Finding[] {
  const findings: Finding[] = [];
  for (const { path, value } of valueFields(pipeline)) {
    const ref = value.valueFrom?.secretKeyRef;
    if (ref === undefined) continue;
    const message = problem(ref, secrets);
    if (message) findings.push(error('ReferencedSecretMissing', message, pipeline.ref, `${path}.valueFrom.secretKeyRef`));
  }
  return findings;
}
