/**
 * The function's processor, free of I/O: objects in, objects and findings out.
 * decode + default + validate -> plan -> collector config -> Kubernetes objects.
 */
import { DEFAULT_SETTINGS, decodeSettings, keysSetBy, type Settings } from '../api/function-config';
import { telemetrySettings } from './telemetry-settings';
import type { MetricPipeline, ResourceRef } from '../api/model';
import { readMetricPipeline, type ReadPipeline } from '../api/read-pipeline';
import { FN_CONFIG_KIND } from '../constants';
import { error, warning, type Finding } from '../core/finding';
import { byCodeUnits } from '../core/order';
import { SecretIndex, secretValues } from '../core/secret-index';
import { buildPlan } from '../plan/build-plan';
import type { PipelineOutcome } from '../plan/types';
import { validatePipeline, validatePipelineSet } from '../validate/index';
import { validateOttl } from '../validate/ottl';
import { renderComponents } from './components';

export interface RenderInput {
  /** MetricPipeline objects (any supported version), as read. */
  pipelines: Record<string, unknown>[];
  secrets: Record<string, unknown>[];
  functionConfig: unknown;
  /** Kyma Telemetry resources of the input; the first (by namespace and name) supplies settings. */
  telemetry?: Record<string, unknown>[];
  /** Certificate expiry is judged against this instant. */
  now: Date;
}

export interface RenderOutput {
  ok: boolean;
  /** Generated objects; empty when the run failed. */
  objects: object[];
  findings: Finding[];
}

const RENDERED_MESSAGE = 'MetricPipeline specification is successfully applied to the configuration of the metric gateway';

function functionConfigRef(functionConfig: unknown): ResourceRef {
  const fc = (functionConfig ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  return {
    apiVersion: typeof fc.apiVersion === 'string' ? fc.apiVersion : '',
    kind: typeof fc.kind === 'string' ? fc.kind : FN_CONFIG_KIND,
    name: typeof fc.metadata?.name === 'string' ? fc.metadata.name : 'functionConfig',
  };
}

function settingsFindings(functionConfig: unknown, telemetry: Record<string, unknown>[]): { settings?: Settings; findings: Finding[] } {
  const inherited = telemetrySettings(telemetry, keysSetBy(functionConfig));
  if (inherited.given === undefined) return { findings: inherited.findings };
  const decoded = decodeSettings(functionConfig, inherited.given);
  if (decoded.ok) return { settings: decoded.settings, findings: inherited.findings };
  const ref = functionConfigRef(functionConfig);
  return {
    findings: decoded.problems.map((p) =>
      error('FunctionConfigInvalid', `functionConfig ${p.path ? `${p.path} ` : ''}${p.message}`, ref, p.path),
    ),
  };
}

/**
 * The status job's default image is where the project will publish, which does not exist yet: a CronJob
 * with it never runs, so every render says so until `statusImage` names an image the cluster can pull.
 */
function placeholderStatusImage(settings: Settings, functionConfig: unknown): Finding | undefined {
  if (settings.status.image !== DEFAULT_SETTINGS.status.image) return undefined;
  const message =
    `statusImage is not set: the status CronJob would use the placeholder image ${settings.status.image}, ` +
    'which is not published; build the image (Dockerfile) into a registry the cluster pulls from and set statusImage';
  return warning('FunctionConfigInvalid', message, functionConfigRef(functionConfig), 'statusImage');
}

/** Whether the functionConfig names `key` itself (typed object, or ConfigMap data), its default aside. */
function givenInConfig(functionConfig: unknown, key: string): boolean {
  if (typeof functionConfig !== 'object' || functionConfig === null) return false;
  const fc = functionConfig as Record<string, unknown>;
  const keys = fc['kind'] === 'ConfigMap' ? fc['data'] : fc;
  return typeof keys === 'object' && keys !== null && Object.hasOwn(keys, key);
}

/**
 * With gatewayAutoscaling the HPA owns the replica count and the Deployment carries none (a `replicas` in Git
 * would reset the HPA on every sync), so a gatewayReplicas beside it does nothing: say which one wins.
 */
function replicasBesideAutoscaling(settings: Settings, functionConfig: unknown): Finding | undefined {
  const autoscaling = settings.gateway.autoscaling;
  if (autoscaling === undefined || !givenInConfig(functionConfig, 'gatewayReplicas')) return undefined;
  const message =
    `gatewayReplicas (${settings.gateway.replicas}) and gatewayAutoscaling are both set: gatewayAutoscaling wins. ` +
    `The HorizontalPodAutoscaler keeps the gateway between ${autoscaling.minReplicas} and ${autoscaling.maxReplicas} replicas and the ` +
    'Deployment has no replicas field, so gatewayReplicas is not used; remove one of the two';
  return warning('FunctionConfigInvalid', message, functionConfigRef(functionConfig), 'gatewayReplicas');
}

function indexSecrets(secrets: Record<string, unknown>[]): { index: SecretIndex; findings: Finding[] } {
  const index = new SecretIndex();
  const findings: Finding[] = [];
  for (const secret of secrets) {
    const metadata = (secret['metadata'] ?? {}) as { name?: unknown; namespace?: unknown };
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    // A Secret without a namespace lands in `default` when applied.
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
    const { values, badKeys } = secretValues(secret['data'], secret['stringData']);
    const ref = { apiVersion: 'v1', kind: 'Secret', name, namespace };
    for (const key of badKeys) {
      findings.push(error('InputInvalid', `Secret data key "${key}" is not valid base64 (or not a string)`, ref, `data.${key}`));
    }
    index.add({ namespace, name, values });
  }
  return { index, findings };
}

/**
 * Name order makes results and the pipeline limit stable; the rest only orders true duplicates. This orders
 * what is read and reported; the plan sorts the valid pipelines it renders on its own (buildPlan).
 */
function byName(a: { read: ReadPipeline; text: string }, b: { read: ReadPipeline; text: string }): number {
  return (
    byCodeUnits(a.read.ref.name, b.read.ref.name) ||
    byCodeUnits(a.read.ref.apiVersion, b.read.ref.apiVersion) ||
    byCodeUnits(a.text, b.text)
  );
}

/** Under `skip`, a pipeline's errors become warnings saying the pipeline was left out. */
function leftOut(f: Finding): Finding {
  return { ...f, severity: 'warning', message: `MetricPipeline left out of the gateway: ${f.message}` };
}

function outcomeFor(findings: Finding[]): PipelineOutcome {
  const firstError = findings.find((f) => f.severity === 'error');
  if (firstError) return { rendered: false, reason: firstError.reason, message: firstError.message };
  const expiring = findings.find((f) => f.reason === 'TLSCertificateAboutToExpire');
  if (expiring) return { rendered: true, reason: expiring.reason, message: expiring.message, ...(expiring.expiry ? { expiry: expiring.expiry } : {}) };
  return { rendered: true, reason: 'GatewayConfigured', message: RENDERED_MESSAGE };
}

export function render(input: RenderInput): RenderOutput {
  const { settings, findings: configFindings } = settingsFindings(input.functionConfig, input.telemetry ?? []);
  const { index: secrets, findings: secretFindings } = indexSecrets(input.secrets);
  const findings: Finding[] = [...configFindings, ...secretFindings];

  const reads = input.pipelines
    .map((obj) => ({ read: readMetricPipeline(obj), text: JSON.stringify(obj) }))
    .sort(byName)
    .map((r) => r.read);
  const perPipeline = new Map<ReadPipeline, Finding[]>();
  for (const read of reads) {
    const own = [...read.findings];
    if (read.pipeline) {
      const credentials = settings ?? DEFAULT_SETTINGS;
      own.push(...validatePipeline(read.pipeline, read, secrets, input.now, { namespace: credentials.namespace, credentials: credentials.credentials }));
      own.push(...validateOttl(read.pipeline));
    }
    perPipeline.set(read, own);
  }
  if (settings) {
    const decoded = reads.filter((r): r is ReadPipeline & { pipeline: MetricPipeline } => r.pipeline !== undefined);
    const setFindings = validatePipelineSet(
      decoded.map((r) => r.pipeline),
      settings,
    );
    for (const f of setFindings) {
      // Set rules report on the pipeline's own ref object, which tells apart duplicates with equal names.
      const owner = decoded.find((r) => r.pipeline.ref === f.ref);
      if (owner) perPipeline.get(owner)!.push(f);
      else findings.push(f);
    }
  }

  const skip = settings?.invalidPipelines === 'skip';
  const valid: MetricPipeline[] = [];
  const outcomes: Record<string, PipelineOutcome> = {};
  for (const read of reads) {
    const own = perPipeline.get(read)!;
    const outcome = outcomeFor(own);
    // With duplicate names the first (kept) object's outcome stands; the duplicates are errors anyway.
    if (read.ref.name !== '' && !(read.ref.name in outcomes)) outcomes[read.ref.name] = outcome;
    if (outcome.rendered && read.pipeline) valid.push(read.pipeline);
    findings.push(...(skip && !outcome.rendered ? own.map((f) => (f.severity === 'error' ? leftOut(f) : f)) : own));
  }

  const failed = findings.some((f) => f.severity === 'error');
  if (failed || !settings) return { ok: false, objects: [], findings };
  const placeholder = reads.length > 0 ? placeholderStatusImage(settings, input.functionConfig) : undefined;
  if (placeholder) findings.push(placeholder);
  const replicas = replicasBesideAutoscaling(settings, input.functionConfig);
  if (replicas) findings.push(replicas);
  if (valid.length === 0) {
    if (reads.length === 0) return { ok: true, objects: [], findings };
    // The plan then holds no gateway; the status job still reports, on each MetricPipeline, why it was left out.
    findings.push(warning('InputInvalid', 'no valid MetricPipeline is left, so no metric gateway is rendered'));
  }
  return { ok: true, objects: renderComponents(buildPlan(settings, valid, secrets, outcomes)), findings };
}
