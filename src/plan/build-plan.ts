/**
 * Turns validated pipelines into the Plan every builder reads: the pipelines are sorted by name here, once,
 * and in the gateway's part every endpoint, credential, header and PEM becomes an environment variable or a
 * file, from the merged Secret or from a Secret of the gateway's namespace (src/plan/credential-source.ts),
 * and the pipeline only keeps the names and paths.
 * Call only with pipelines that passed validation (all Secret references resolve).
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline, ValueType } from '../api/model';
import { CREDENTIALS_VOLUME, GATEWAY } from '../constants';
import { sortedByName, sortedMap } from '../core/order';
import type { SecretIndex } from '../core/secret-index';
import { agentInputsOf, buildAgentPlan } from './agent-plan';
import { basicAuthDelivery, bearerHeaderIndex, credentialSource, endpointDelivery, type CredentialSource } from './credential-source';
import { pipelineEnvNames } from './env-vars';
import type { CredentialFile, EnvReference, GatewayPlan, OAuth2Value, PipelineEnv, PipelineOutcome, PipelinePlan, Plan } from './types';

export { endpointWithPath } from './credential-source';

/** Secrets written through some editors carry literal `\n` sequences; the collector needs real newlines. */
function pem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

/** Where the values of all pipelines go; filled by planPipeline, read by the manifest builders. */
interface Sink {
  settings: Settings;
  secrets: SecretIndex;
  data: Record<string, string>;
  secretFiles: Record<string, string>;
  envRefs: EnvReference[];
  files: CredentialFile[];
  referencedValues: Record<string, string>;
}

function sourceOf(sink: Sink, v: ValueType, what: string, pipeline: string): CredentialSource {
  const source = credentialSource(v, sink.secrets, sink.settings.namespace);
  if (source === undefined) throw new Error(`internal: unresolved ${what} of MetricPipeline ${pipeline} reached the plan`);
  if (source.kind === 'reference' && source.value !== undefined) {
    sink.referencedValues[`${source.ref.namespace}/${source.ref.name}/${source.ref.key}`] = source.value;
  }
  return source;
}

/** The value as an environment variable: a merged-Secret key, or an env entry referencing the Secret. */
function toEnv(sink: Sink, name: string, source: CredentialSource, transform: (v: string) => string = (v) => v): void {
  if (source.kind === 'reference') sink.envRefs.push({ name, secret: source.ref.name, key: source.ref.key });
  else sink.data[name] = transform(source.value);
}

/** The value as a file of the credentials volume; returns its path in the container. */
function toFile(sink: Sink, file: string, mergedKey: string, source: CredentialSource, transform: (v: string) => string = (v) => v): string {
  if (source.kind === 'reference') sink.files.push({ path: file, secret: source.ref.name, key: source.ref.key });
  else {
    sink.secretFiles[mergedKey] = transform(source.value);
    sink.files.push({ path: file, secret: GATEWAY.name, key: mergedKey });
  }
  return `${CREDENTIALS_VOLUME.mountPath}/${file}`;
}

function planPipeline(pipeline: MetricPipeline, sink: Sink): PipelinePlan {
  const names = pipelineEnvNames(pipeline.name);
  const out = pipeline.output;
  const source = (v: ValueType, what: string) => sourceOf(sink, v, what, pipeline.name);
  const dir = (kind: string) => `${kind}/${pipeline.name}`;

  const endpointSource = source(out.endpoint, 'endpoint');
  const delivery = endpointDelivery(pipeline, endpointSource);
  const env: PipelineEnv = { endpoint: names.endpoint, headers: [] };
  let plaintextEndpoint = false;
  if (delivery.kind === 'reference') {
    sink.envRefs.push({ name: names.endpoint, secret: delivery.ref.name, key: delivery.ref.key });
    if (delivery.suffix !== undefined) env.endpointSuffix = delivery.suffix;
    plaintextEndpoint = delivery.value?.toLowerCase().startsWith('http://') ?? false;
  } else {
    sink.data[names.endpoint] = delivery.joined;
    plaintextEndpoint = delivery.joined.toLowerCase().startsWith('http://');
  }

  if (out.basic) {
    const user = source(out.basic.user, 'basic user');
    const password = source(out.basic.password, 'basic password');
    if (basicAuthDelivery(pipeline, user, password, endpointSource) === 'header') {
      sink.data[names.basicAuthHeader] = `Basic ${Buffer.from(`${user.value ?? ''}:${password.value ?? ''}`).toString('base64')}`;
      env.basicAuthHeader = names.basicAuthHeader;
    } else {
      toEnv(sink, names.basicAuthUser, user);
      toEnv(sink, names.basicAuthPassword, password);
      env.basicAuth = { user: names.basicAuthUser, password: names.basicAuthPassword };
    }
  }
  const bearerAt = bearerHeaderIndex(pipeline, (v) => credentialSource(v, sink.secrets, sink.settings.namespace)?.kind === 'reference');
  out.headers.forEach((header, i) => {
    const envVar = names.header(header.name);
    const value = source(header.value, `header ${header.name}`);
    if (i === bearerAt) {
      env.bearer = { file: toFile(sink, `${dir('auth')}/authorization`, envVar, value), scheme: header.prefix ?? '' };
      return;
    }
    toEnv(sink, envVar, value, (v) => (header.prefix ? `${header.prefix} ${v}`.trim() : v));
    env.headers.push({ name: header.name, envVar, ...(value.kind === 'reference' && header.prefix ? { prefix: header.prefix } : {}) });
  });
  if (out.tls) {
    const tls: NonNullable<PipelineEnv['tls']> = {};
    // Every PEM is a file, so that the exporter can reload it; pem() repairs what the function has in hand.
    if (out.tls.ca) tls.ca = toFile(sink, `${dir('tls')}/ca.crt`, names.tlsCa, source(out.tls.ca, 'TLS CA'), pem);
    if (out.tls.cert && out.tls.key) {
      tls.cert = toFile(sink, `${dir('tls')}/tls.crt`, names.tlsCert, source(out.tls.cert, 'TLS certificate'), pem);
      tls.key = toFile(sink, `${dir('tls')}/tls.key`, names.tlsKey, source(out.tls.key, 'TLS key'), pem);
    }
    if (Object.keys(tls).length > 0) env.tls = tls;
  }
  if (out.oauth2) {
    toEnv(sink, names.oauth2TokenUrl, source(out.oauth2.tokenURL, 'OAuth2 token URL'));
    const clientValue = (v: ValueType, what: string, envName: string, file: string): OAuth2Value => {
      const s = source(v, what);
      if (s.kind !== 'reference') {
        toEnv(sink, envName, s);
        return { env: envName };
      }
      return { file: toFile(sink, `${dir('oauth2')}/${file}`, envName, s) };
    };
    env.oauth2 = {
      tokenUrl: names.oauth2TokenUrl,
      clientId: clientValue(out.oauth2.clientID, 'OAuth2 client ID', names.oauth2ClientId, 'client-id'),
      clientSecret: clientValue(out.oauth2.clientSecret, 'OAuth2 client secret', names.oauth2ClientSecret, 'client-secret'),
    };
  }
  return { pipeline, env, plaintextEndpoint };
}

/** `sorted`: the pipelines in name order, never empty. */
function buildGatewayPlan(
  settings: Settings,
  sorted: readonly MetricPipeline[],
  secrets: SecretIndex,
  outcomes: Record<string, PipelineOutcome>,
): GatewayPlan {
  const sink: Sink = { settings, secrets, data: {}, secretFiles: {}, envRefs: [], files: [], referencedValues: {} };
  const plans = sorted.map((p) => planPipeline(p, sink));
  const plan: GatewayPlan = {
    settings,
    pipelines: plans,
    secretData: sortedMap(sink.data),
    secretFiles: sortedMap(sink.secretFiles),
    envRefs: sink.envRefs,
    files: sink.files,
    referencedValues: sortedMap(sink.referencedValues),
    outcomes,
  };
  const agentInputs = agentInputsOf(sorted);
  if (agentInputs !== undefined) plan.agentInputs = agentInputs;
  return plan;
}

/**
 * `pipelines`: the valid ones, in any order; `outcomes`: what happened to every MetricPipeline of the input.
 * Without valid pipelines the plan has neither gateway nor agent, only what the status job needs.
 */
export function buildPlan(
  settings: Settings,
  pipelines: readonly MetricPipeline[],
  secrets: SecretIndex,
  outcomes: Record<string, PipelineOutcome>,
): Plan {
  const sorted = sortedByName(pipelines);
  const plan: Plan = { settings, outcomes: sortedMap(outcomes) };
  if (sorted.length > 0) plan.gateway = buildGatewayPlan(settings, sorted, secrets, plan.outcomes);
  const agent = buildAgentPlan(settings, sorted);
  if (agent !== undefined) plan.agent = agent;
  return plan;
}
