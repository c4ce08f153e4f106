/**
 * A validation finding: what is wrong, where, and which Kyma `ConfigurationGenerated` reason it maps to.
 * Messages are one line and never contain a value from the pipeline or a Secret (values may be credentials).
 */

/** Identifies the source object in results (a KRM `resourceRef`). */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Kyma's ConfigurationGenerated reasons, plus SpecInvalid for what Kyma's API server would reject. */
export type Reason =
  | 'SpecInvalid'
  | 'ReferencedSecretMissing'
  | 'EndpointInvalid'
  | 'TLSConfigurationInvalid'
  | 'TLSCertificateExpired'
  | 'TLSCertificateAboutToExpire'
  | 'MaxPipelinesExceeded'
  | 'OTTLSpecInvalid'
  | 'RuntimeAdditionalMetricInvalid'
  | 'FunctionConfigInvalid'
  | 'InputInvalid'
  /** Info only: a value is read from a Secret in the cluster, not through the function (issue 20). */
  | 'SecretReferenced';

export interface Finding {
  severity: Severity;
  reason: Reason;
  message: string;
  /** The object at fault; absent for problems with the ResourceList itself. */
  ref?: ResourceRef;
  /** Field path inside the object, e.g. `spec.output.otlp.endpoint.value`. */
  field?: string;
  /**
   * With TLSCertificateAboutToExpire: which certificate expires when, as data for the outcome annotation
   * (src/contract/certificate-expiry.ts, whose CertificateExpiry this is).
   */
  expiry?: { certificate: 'cert' | 'ca'; expiresAt: Date };
}

export function error(reason: Reason, message: string, ref?: ResourceRef, field?: string): Finding {
  return withOptional({ severity: 'error', reason, message }, ref, field);
}

export function warning(reason: Reason, message: string, ref?: ResourceRef, field?: string): Finding {
  return withOptional({ severity: 'warning', reason, message }, ref, field);
}

export function info(reason: Reason, message: string, ref?: ResourceRef, field?: string): Finding {
  return withOptional({ severity: 'info', reason, message }, ref, field);
}

function withOptional(f: Finding, ref?: ResourceRef, field?: string): Finding {
  if (ref) f.ref = ref;
  if (field !== undefined && field !== '') f.field = field;
  return f;
}
