/**
 * Kyma's first manager-side check (internal/validators/secretref), extended for Secrets read in the cluster
 * (issue 20; which value goes which way: src/plan/credential-source.ts):
 * - a Secret of the gateway's namespace is read by the pod: if it is in the input, its keys are checked as
 *   Kyma checks them; if not, an info result says which checks cannot run and how the value is read;
 * - a Secret of another namespace must be in the input (it is copied), and under `credentials: reference`
 *   it is refused.
 * Unlike Kyma, which stops at the first missing reference, every problem is reported, each on the path of
 * its `secretKeyRef`.
 */
import type { MetricPipeline, SecretKeyRef, ValueType } from '../api/model';
import { DEFAULT_NAMESPACE } from '../constants';
import { clip } from '../core/clip';
import { error, info, warning, type Finding } from '../core/finding';
import type { SecretIndex } from '../core/secret-index';
import { basicAuthDelivery, bearerHeaderIndex, credentialSource, endpointDelivery } from '../plan/credential-source';

export interface ValueField {
  /** Path of the ValueType, e.g. `spec.output.otlp.authentication.basic.user`. */
  path: string;
  value: ValueType;
  /** How a referenced value reaches the collector: an environment variable (expanded) or a file (as is). */
  delivery: 'env' | 'file';
  /** The render-time checks that need the value; empty when none does. */
  checks: string;
  /** What the user must see to when the function cannot see the value. */
  note?: string;
}

export interface CredentialOptions {
  /** The gateway's namespace: Secrets there are read in the cluster. */
  namespace: string;
  credentials: 'copy' | 'reference';
}

/** The function's defaults: the gateway in DEFAULT_NAMESPACE, copies allowed. */
export const DEFAULT_CREDENTIAL_OPTIONS: CredentialOptions = { namespace: DEFAULT_NAMESPACE, credentials: 'copy' };

const OUT = 'spec.output.otlp';
const PEM_CHECKS = 'PEM parsing, expiry and key match';

/**
 * Every ValueType rendering may resolve, in Kyma's order. TLS values are included even with
 * `tls.insecure: true`, where Kyma skips them: the plan builder still delivers ca/cert/key (as Kyma's env
 * builder does), so a missing reference would crash rendering rather than be ignored. Reporting it as an
 * error is the only outcome that is not a crash.
 */
export function valueFields(pipeline: MetricPipeline, isReference: (v: ValueType) => boolean = () => true): ValueField[] {
  const out = pipeline.output;
  // The collector's gRPC client dials TLS whatever the scheme unless tls.insecure is set
  // (test/peers/grpc-plaintext-scheme.test.ts), and the function cannot see a plain http:// it never reads.
  const note = out.protocol === 'grpc' && out.tls?.insecure !== true ? 'a plain http:// endpoint over gRPC needs tls.insecure: true' : undefined;
  const fields: ValueField[] = [{ path: `${OUT}.endpoint`, value: out.endpoint, delivery: 'env', checks: 'the endpoint check', ...(note ? { note } : {}) }];
  if (out.basic) {
    fields.push({ path: `${OUT}.authentication.basic.user`, value: out.basic.user, delivery: 'env', checks: '' });
    fields.push({ path: `${OUT}.authentication.basic.password`, value: out.basic.password, delivery: 'env', checks: '' });
  }
  if (out.oauth2) {
    fields.push({ path: `${OUT}.authentication.oauth2.tokenURL`, value: out.oauth2.tokenURL, delivery: 'env', checks: '' });
    fields.push({ path: `${OUT}.authentication.oauth2.clientID`, value: out.oauth2.clientID, delivery: 'file', checks: '' });
    fields.push({ path: `${OUT}.authentication.oauth2.clientSecret`, value: out.oauth2.clientSecret, delivery: 'file', checks: '' });
  }
  const bearerAt = bearerHeaderIndex(pipeline, isReference);
  out.headers.forEach((header, i) =>
    fields.push({ path: `${OUT}.headers[${i}]`, value: header.value, delivery: i === bearerAt ? 'file' : 'env', checks: '' }),
  );
  if (out.tls) {
    for (const key of ['ca', 'cert', 'key'] as const) {
      const value = out.tls[key];
      if (value) fields.push({ path: `${OUT}.tls.${key}`, value, delivery: 'file', checks: PEM_CHECKS });
    }
  }
  return fields;
}

const where = (ref: SecretKeyRef) => `Secret '${clip(ref.name)}' of Namespace '${clip(ref.namespace)}'`;

/**
 * A kustomize `namespace:` moves every Secret of the build but not the namespaces written inside
 * MetricPipelines, so a reference then misses a Secret that is right there under another namespace.
 */
function movedHint(ref: SecretKeyRef, secrets: SecretIndex): string {
  const elsewhere = secrets.namespacesOf(ref.name).filter((ns) => ns !== ref.namespace);
  if (elsewhere.length === 0) return '';
  const list = elsewhere.map((ns) => `'${clip(ns)}'`).join(', ');
  return ` (the input has Secret '${clip(ref.name)}' in Namespace ${list}: did a kustomize \`namespace:\` move it? Reference that namespace, or set the Secret's namespace in a patch)`;
}

function deliveryNote(field: ValueField): string {
  return field.delivery === 'file'
    ? 'the collector reads it from a file, as it is'
    : "the collector reads it from an environment variable and expands '${...}' in it: write '$' as '$$' in that Secret value";
}

/**
 * A reference is checked whenever `valueFrom` is set, even next to a `value`: SecretIndex.resolve
 * prefers `valueFrom`, so that is what rendering would use (the spec rules report the conflict).
 */
function check(field: ValueField, ref: SecretKeyRef, secrets: SecretIndex, options: CredentialOptions): { severity: 'error' | 'warning' | 'info'; message: string } | undefined {
  const secret = secrets.get(ref.namespace, ref.name);
  const inGatewayNamespace = ref.namespace === options.namespace;
  if (secret === undefined) {
    if (inGatewayNamespace) {
      const checks = field.checks === '' ? '' : `; ${field.checks} cannot run at render time`;
      const note = field.note === undefined ? '' : `; ${field.note}`;
      const moved = movedHint(ref, secrets);
      // Read in the cluster is fine, unless the Secret sits in the input under another namespace: then it is a slip.
      return { severity: moved === '' ? 'info' : 'warning', message: `${where(ref)} is not in the input: the gateway reads it in the cluster${checks}; ${deliveryNote(field)}${note}${moved}` };
    }
    return {
      severity: 'error',
      message: `One or more referenced Secrets are missing: ${where(ref)} is not in the input: add it to the input, or create it in Namespace '${clip(options.namespace)}' and reference it there${movedHint(ref, secrets)}`,
    };
  }
  if (!secret.values.has(ref.key)) {
    return { severity: 'error', message: `One or more keys in a referenced Secret are missing: Key '${clip(ref.key)}' in ${where(ref)}` };
  }
  if (!inGatewayNamespace && options.credentials === 'reference') {
    return {
      severity: 'error',
      message: `${where(ref)} would be copied into the output, which credentials: reference refuses: create it in Namespace '${clip(options.namespace)}' and reference it there`,
    };
  }
  // The function repairs PEMs written with literal `\n` only in values it copies; the pod reads this one as is.
  if (inGatewayNamespace && field.checks === PEM_CHECKS && secret.values.get(ref.key)!.includes('\\n')) {
    return { severity: 'warning', message: `${where(ref)} is read in the cluster and its PEM holds literal '\\n' sequences, which the collector cannot parse: store real line breaks` };
  }
  // Only a `$` changes on the way through an environment variable; the function sees it when the Secret is in
  // the input (it cannot escape it: the pod reads the Secret itself).
  if (inGatewayNamespace && field.delivery === 'env' && secret.values.get(ref.key)!.includes('$')) {
    return { severity: 'warning', message: `${where(ref)} is read in the cluster and its value holds '$'; ${deliveryNote(field)}` };
  }
  return undefined;
}

/**
 * A referenced endpoint with `path` that the collector would join differently from Kyma is copied joined
 * (src/plan/credential-source.ts endpointDelivery); `credentials: reference` refuses that copy.
 */
function pathCopy(pipeline: MetricPipeline, secrets: SecretIndex, options: CredentialOptions): Finding[] {
  const source = credentialSource(pipeline.output.endpoint, secrets, options.namespace);
  if (options.credentials !== 'reference' || source?.kind !== 'reference') return [];
  if (endpointDelivery(pipeline, source).kind !== 'copy') return [];
  const message =
    `${where(source.ref)}: its endpoint and 'path' join differently in the collector than in Kyma, so the joined URL would be copied into the output, ` +
    "which credentials: reference refuses: put the full URL in the Secret and leave 'path' out";
  return [error('ReferencedSecretMissing', message, pipeline.ref, `${OUT}.path`)];
}

/**
 * Basic authentication read in the cluster goes through the basicauth extension, which refuses plaintext
 * gRPC; with both values in the input the function builds the header instead, which copies them (refused
 * under `credentials: reference`).
 */
function basicOverPlaintextGrpc(pipeline: MetricPipeline, secrets: SecretIndex, options: CredentialOptions): Finding[] {
  const basic = pipeline.output.basic;
  if (basic === undefined) return [];
  const source = (v: ValueType) => credentialSource(v, secrets, options.namespace);
  const [user, password, endpoint] = [source(basic.user), source(basic.password), source(pipeline.output.endpoint)];
  if (user === undefined || password === undefined || endpoint === undefined) return [];
  const delivery = basicAuthDelivery(pipeline, user, password, endpoint);
  const field = `${OUT}.authentication.basic`;
  if (delivery === 'impossible') {
    const message = 'basic authentication read in the cluster needs TLS over gRPC (the collector refuses it on a plaintext connection): use TLS, or put the Secret into the input';
    return [error('ReferencedSecretMissing', message, pipeline.ref, field)];
  }
  if (delivery === 'header' && options.credentials === 'reference' && (user.kind === 'reference' || password.kind === 'reference')) {
    const message = 'basic authentication over plaintext gRPC is sent as a header the function builds, which copies the Secret values into the output, which credentials: reference refuses: use TLS';
    return [error('ReferencedSecretMissing', message, pipeline.ref, field)];
  }
  return [];
}

export function validateSecretRefs(pipeline: MetricPipeline, secrets: SecretIndex, options: CredentialOptions = DEFAULT_CREDENTIAL_OPTIONS): Finding[] {
  const findings: Finding[] = [];
  const isReference = (v: ValueType) => v.valueFrom?.secretKeyRef.namespace === options.namespace;
  for (const field of valueFields(pipeline, isReference)) {
    const ref = field.value.valueFrom?.secretKeyRef;
    if (ref === undefined) continue;
    const found = check(field, ref, secrets, options);
    if (found === undefined) continue;
    const make = { error, warning, info }[found.severity];
    findings.push(make(found.severity === 'error' ? 'ReferencedSecretMissing' : 'SecretReferenced', found.message, pipeline.ref, `${field.path}.valueFrom.secretKeyRef`));
  }
  if (!findings.some((f) => f.severity === 'error')) findings.push(...pathCopy(pipeline, secrets, options), ...basicOverPlaintextGrpc(pipeline, secrets, options));
  return findings;
}
