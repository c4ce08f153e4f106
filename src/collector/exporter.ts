/**
 * The OTLP exporter of one MetricPipeline (and its auth extension: OAuth2, basic or bearer token). The config
 * only references environment variables and files (see src/plan); no endpoint or credential value ever
 * reaches the ConfigMap. The pipeline name is part of the exporter id because the exporter id is the only
 * label that attributes the collector's drop/queue metrics to a pipeline.
 */
import { EXPORTER_QUEUE_BUDGET, TLS_RELOAD_INTERVAL } from '../constants';
import { pipelineExporterId } from '../contract/exporter-id';
import type { MetricPipeline } from '../api/model';
import { envRef, escapeDollar } from '../plan/env-vars';
import { TYPES } from './distribution';
import type { PipelinePlan } from '../plan/types';

import type {
  BasicAuthClientConfig,
  BearerTokenAuthConfig,
  ClientTlsConfig,
  ComponentId,
  ExporterComponent,
  ExtensionComponent,
  OAuth2ClientConfig,
  OtlpGrpcExporterConfig,
  OtlpHttpExporterConfig,
  RetryOnFailureConfig,
  SendingQueueConfig,
} from './types';

/** Kyma divides one queue budget among the pipelines, so memory stays bounded however many there are. */
export function exporterQueueSize(pipelineCount: number): number {
  return Math.max(1, Math.floor(EXPORTER_QUEUE_BUDGET / Math.max(1, pipelineCount)));
}

/** The id the status job reads back from the self-metrics' `exporter` label (src/contract/exporter-id.ts). */
export function otlpExporterId(pipeline: MetricPipeline): ComponentId {
  return pipelineExporterId(pipeline.output.protocol === 'http' ? TYPES.otlpHttpExporter : TYPES.otlpGrpcExporter, pipeline.name);
}

export function oauth2ExtensionId(pipeline: MetricPipeline): ComponentId {
  return `${TYPES.oauth2Client}/metricpipeline-${pipeline.name}`;
}

export function bearerExtensionId(pipeline: MetricPipeline): ComponentId {
  return `${TYPES.bearerTokenAuth}/metricpipeline-${pipeline.name}`;
}

export function basicAuthExtensionId(pipeline: MetricPipeline): ComponentId {
  return `${TYPES.basicAuth}/metricpipeline-${pipeline.name}`;
}

const RETRY_ON_FAILURE: RetryOnFailureConfig = {
  enabled: true,
  initial_interval: '5s',
  max_interval: '30s',
  max_elapsed_time: '300s',
};

/**
 * Authorization from basic auth first, then the spec's headers in spec order (a same-named header wins).
 * Built with fromEntries, which defines own properties: assigning a header named `__proto__` would be lost.
 */
function headers(plan: PipelinePlan): Record<string, string> | undefined {
  const entries: [string, string][] = [];
  if (plan.env.basicAuthHeader !== undefined) entries.push(['Authorization', envRef(plan.env.basicAuthHeader)]);
  // A referenced value's prefix is written here (the function does not have the value to join it with).
  for (const h of plan.env.headers) entries.push([h.name, h.prefix ? `${escapeDollar(h.prefix)} ${envRef(h.envVar)}` : envRef(h.envVar)]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Only what differs from the collector's defaults; undefined when TLS needs no settings at all. */
function tls(plan: PipelinePlan): ClientTlsConfig | undefined {
  const spec = plan.pipeline.output.tls;
  const env = plan.env.tls;
  const out: ClientTlsConfig = {};
  // A plain http:// endpoint cannot do TLS; without insecure the exporter would try and fail.
  if (plan.plaintextEndpoint || spec?.insecure === true) out.insecure = true;
  if (spec?.insecureSkipVerify === true) out.insecure_skip_verify = true;
  // Files, not PEMs in env: the exporter reloads a renewed client certificate without a restart.
  if (env?.ca !== undefined) out.ca_file = env.ca;
  if (env?.cert !== undefined) out.cert_file = env.cert;
  if (env?.key !== undefined) out.key_file = env.key;
  if (env?.cert !== undefined) out.reload_interval = TLS_RELOAD_INTERVAL;
  return Object.keys(out).length > 0 ? out : undefined;
}

function oauth2Extension(plan: PipelinePlan): ExtensionComponent | undefined {
  const spec = plan.pipeline.output.oauth2;
  const env = plan.env.oauth2;
  if (spec === undefined || env === undefined) return undefined;
  const config: OAuth2ClientConfig = {
    token_url: envRef(env.tokenUrl),
    ...('file' in env.clientId ? { client_id_file: env.clientId.file } : { client_id: envRef(env.clientId.env) }),
    ...('file' in env.clientSecret ? { client_secret_file: env.clientSecret.file } : { client_secret: envRef(env.clientSecret.env) }),
  };
  if (spec.scopes.length > 0) config.scopes = spec.scopes.map(escapeDollar);
  const params = Object.keys(spec.params).sort();
  // Sorted so that reordering `params` in Git does not change the config checksum and roll the pods.
  if (params.length > 0) config.endpoint_params = Object.fromEntries(params.map((k) => [k, [escapeDollar(spec.params[k] ?? '')]]));
  return { kind: 'extension', id: oauth2ExtensionId(plan.pipeline), config };
}

/** The exporter's one auth extension: OAuth2, else basic auth with a referenced value, else a bearer file. */
function authExtension(plan: PipelinePlan): ExtensionComponent | undefined {
  const oauth2 = oauth2Extension(plan);
  if (oauth2 !== undefined) return oauth2;
  const { basicAuth, bearer } = plan.env;
  if (basicAuth !== undefined) {
    const config: BasicAuthClientConfig = { client_auth: { username: envRef(basicAuth.user), password: envRef(basicAuth.password) } };
    return { kind: 'extension', id: basicAuthExtensionId(plan.pipeline), config };
  }
  if (bearer !== undefined) {
    const config: BearerTokenAuthConfig = { header: 'Authorization', scheme: bearer.scheme, filename: bearer.file };
    return { kind: 'extension', id: bearerExtensionId(plan.pipeline), config };
  }
  return undefined;
}

export interface PipelineExporter {
  exporter: ExporterComponent;
  /** Extensions the exporter needs (its auth extension), to define and enable in the service. */
  extensions: ExtensionComponent[];
}

export function otlpExporter(plan: PipelinePlan, queueSize: number): PipelineExporter {
  const out = plan.pipeline.output;
  const endpoint = `${envRef(plan.env.endpoint)}${escapeDollar(plan.env.endpointSuffix ?? '')}`;
  const extension = authExtension(plan);
  const sendingQueue: SendingQueueConfig = { enabled: true, queue_size: queueSize };
  const headerMap = headers(plan);
  const tlsConfig = tls(plan);
  // Built in one literal so that the keys keep this order in the YAML.
  const common = {
    ...(headerMap !== undefined ? { headers: headerMap } : {}),
    ...(tlsConfig !== undefined ? { tls: tlsConfig } : {}),
    compression: out.compression,
    sending_queue: sendingQueue,
    retry_on_failure: { ...RETRY_ON_FAILURE },
    ...(extension !== undefined ? { auth: { authenticator: extension.id } } : {}),
  };
  let config: OtlpGrpcExporterConfig | OtlpHttpExporterConfig;
  if (out.protocol === 'http') {
    // With `path` the plan joined it into the value (or appends it as endpointSuffix), which is then the full
    // metrics URL; without, the exporter appends /v1/metrics to the base URL.
    config = out.path !== undefined ? { metrics_endpoint: endpoint, ...common } : { endpoint, ...common };
  } else {
    config = { endpoint, ...common };
  }
  return {
    exporter: { kind: 'exporter', id: otlpExporterId(plan.pipeline), config },
    extensions: extension !== undefined ? [extension] : [],
  };
}
