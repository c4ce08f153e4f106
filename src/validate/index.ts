/**
 * Validation of one MetricPipeline in Kyma's order: what the API server would reject (spec rules),
 * then the manager's checks: Secret references, endpoint, TLS, runtime additional metrics. As in Kyma, the endpoint and TLS
 * checks only run once every Secret reference resolves, since they look at the resolved values; a value
 * read in the cluster (a Secret of the gateway's namespace that is not in the input) is not checked.
 * OTTL (src/validate/ottl.ts) is checked separately by the caller. `read.findings` (decoding) are
 * the caller's too; they are not repeated here.
 */
import type { MetricPipeline } from '../api/model';
import type { ReadPipeline } from '../api/read-pipeline';
import type { Finding } from '../core/finding';
import type { SecretIndex } from '../core/secret-index';
import { validateEndpoint } from './endpoint';
import { validateRuntimeMetrics } from './runtime-metrics';
import { DEFAULT_CREDENTIAL_OPTIONS, validateSecretRefs, type CredentialOptions } from './secret-refs';
import { validateSpec } from './spec-rules';
import { validateTls } from './tls';

export { validatePipelineSet } from './pipeline-set';

const ENDPOINT_FIELD = 'spec.output.otlp.endpoint';

export function validatePipeline(pipeline: MetricPipeline, read: ReadPipeline, secrets: SecretIndex, now: Date, options: CredentialOptions = DEFAULT_CREDENTIAL_OPTIONS): Finding[] {
  const spec = validateSpec(read);
  const refs = validateSecretRefs(pipeline, secrets, options);
  // Kyma's order: secrets, endpoint, TLS, then (after OTTL) the additional metrics; a pipeline's first error
  // becomes its reason, so the additional metrics go last.
  const metrics = validateRuntimeMetrics(pipeline);
  const findings = [...spec, ...refs];
  if (refs.some((f) => f.severity === 'error')) return [...findings, ...metrics];
  // An endpoint the API server would reject has nothing more to tell: don't report it twice. Its
  // "must have 'value' or 'valueFrom'" rule names the parent object, as the API server does.
  const endpoint = pipeline.output.endpoint;
  const unset = endpoint.value === undefined && endpoint.valueFrom === undefined;
  if (!unset && !spec.some((f) => f.field === ENDPOINT_FIELD)) findings.push(...validateEndpoint(pipeline, secrets));
  findings.push(...validateTls(pipeline, secrets, now));
  return [...findings, ...metrics];
}
