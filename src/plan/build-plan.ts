/**
 * Turns validated pipelines into the Plan every builder reads: the pipelines are sorted by name here, once,
 * and in the gateway's part every endpoint, credential, header and PEM becomes an entry of the merged
 * Secret, and the pipeline only keeps the names of those entries.
 * Call only with pipelines that passed validation (all Secret references resolve).
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline, ValueType } from '../api/model';
import { sortedByName, sortedMap } from '../core/order';
import type { SecretIndex } from '../core/secret-index';
import { agentInputsOf, buildAgentPlan } from './agent-plan';
import { pipelineEnvNames } from './env-vars';
import type { GatewayPlan, PipelineEnv, PipelineOutcome, PipelinePlan, Plan } from './types';

/** Kyma joins `path` onto the endpoint's own path and keeps the path's query. */
export function endpointWithPath(endpoint: string, path: string | undefined): string {
  if (path === undefined || path === '') return endpoint;
  const url = new URL(endpoint);
  const [pathPart, query] = path.split('?', 2) as [string, string | undefined];
  const joined = `${url.pathname}/${pathPart}`.replace(/\/+/g, '/');
  url.pathname = joined.length > 1 ? joined.replace(/\/$/, '') : joined;
  if (query !== undefined) url.search = query;
  return url.toString();
}

/** Secrets written through some editors carry literal `\n` sequences; the collector needs real newlines. */
function pem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function resolved(secrets: SecretIndex, v: ValueType, what: string, pipeline: string): string {
  const value = secrets.resolve(v);
  if (value === undefined) throw new Error(`internal: unresolved ${what} of MetricPipeline ${pipeline} reached the plan`);
  return value;
}

function planPipeline(pipeline: MetricPipeline, secrets: SecretIndex, data: Record<string, string>): PipelinePlan {
  const names = pipelineEnvNames(pipeline.name);
  const out = pipeline.output;
  const get = (v: ValueType, what: string) => resolved(secrets, v, what, pipeline.name);

  const endpoint = endpointWithPath(get(out.endpoint, 'endpoint'), out.protocol === 'http' ? out.path : undefined);
  data[names.endpoint] = endpoint;
  const env: PipelineEnv = { endpoint: names.endpoint, headers: [] };

  if (out.basic) {
    const user = get(out.basic.user, 'basic user');
    const password = get(out.basic.password, 'basic password');
    data[names.basicAuthHeader] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    env.basicAuthHeader = names.basicAuthHeader;
  }
  for (const header of out.headers) {
    const envVar = names.header(header.name);
    const value = get(header.value, `header ${header.name}`);
    data[envVar] = header.prefix ? `${header.prefix} ${value}`.trim() : value;
    env.headers.push({ name: header.name, envVar });
  }
  if (out.tls) {
    const tls: NonNullable<PipelineEnv['tls']> = {};
    if (out.tls.ca) {
      data[names.tlsCa] = pem(get(out.tls.ca, 'TLS CA'));
      tls.ca = names.tlsCa;
    }
    if (out.tls.cert && out.tls.key) {
      data[names.tlsCert] = pem(get(out.tls.cert, 'TLS certificate'));
      data[names.tlsKey] = pem(get(out.tls.key, 'TLS key'));
      tls.cert = names.tlsCert;
      tls.key = names.tlsKey;
    }
    if (Object.keys(tls).length > 0) env.tls = tls;
  }
  if (out.oauth2) {
    data[names.oauth2TokenUrl] = get(out.oauth2.tokenURL, 'OAuth2 token URL');
    data[names.oauth2ClientId] = get(out.oauth2.clientID, 'OAuth2 client ID');
    data[names.oauth2ClientSecret] = get(out.oauth2.clientSecret, 'OAuth2 client secret');
    env.oauth2 = {
      tokenUrl: names.oauth2TokenUrl,
      clientId: names.oauth2ClientId,
      clientSecret: names.oauth2ClientSecret,
    };
  }
  return { pipeline, env, plaintextEndpoint: endpoint.toLowerCase().startsWith('http://') };
}

/** `sorted`: the pipelines in name order, never empty. */
function buildGatewayPlan(
  settings: Settings,
  sorted: readonly MetricPipeline[],
  secrets: SecretIndex,
  outcomes: Record<string, PipelineOutcome>,
): GatewayPlan {
  const data: Record<string, string> = {};
  const plans = sorted.map((p) => planPipeline(p, secrets, data));
  const plan: GatewayPlan = { settings, pipelines: plans, secretData: sortedMap(data), outcomes };
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
