/**
 * The typed input of every builder. A plan holds only what the collector config and the manifests need:
 * environment-variable names for the config, plain values only in `secretData` (the merged Secret).
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline, RuntimeResource } from '../api/model';
import type { PipelineOutcome } from '../contract/outcome-annotation';

/** Names of the environment variables (keys of the merged Secret) one pipeline's exporter references. */
export interface PipelineEnv {
  endpoint: string;
  /** `Authorization: Basic ...` built from basic authentication. */
  basicAuthHeader?: string;
  headers: { name: string; envVar: string }[];
  tls?: { ca?: string; cert?: string; key?: string };
  oauth2?: { tokenUrl: string; clientId: string; clientSecret: string };
}

export interface PipelinePlan {
  pipeline: MetricPipeline;
  env: PipelineEnv;
  /**
   * The resolved endpoint is plain `http://`, so the exporter must not try TLS. Derived from the value,
   * carried as a flag so that the value itself never reaches the config.
   */
  plaintextEndpoint: boolean;
}

/** What the function did with one MetricPipeline; recorded on the gateway ConfigMap for the status job. */
export type { PipelineOutcome };

/** What the runtime input collects for all pipelines together. */
export interface RuntimeCollection {
  /** Resources enabled in at least one pipeline with the runtime input. */
  resources: Record<RuntimeResource, boolean>;
  /** The union of those pipelines' additionalMetrics, unique and sorted. */
  additionalMetrics: string[];
}

/**
 * What the metric agent collects: the union of what the pipelines that pull metrics ask for. Each pipeline
 * then keeps only its own share in the gateway.
 */
export interface AgentInputs {
  prometheus: boolean;
  istio: boolean;
  /** Some pipeline with the istio input wants `envoy_*` metrics. */
  envoy: boolean;
  /** Absent when no pipeline enables the runtime input. */
  runtime?: RuntimeCollection;
}

export interface AgentPlan {
  settings: Settings;
  /** Pipelines with a prometheus, istio or runtime input, sorted by name. Never empty. */
  pipelines: MetricPipeline[];
  inputs: AgentInputs;
}

/** The one plan of a run; the collector config builders and the manifest builders read only this. */
export interface Plan {
  settings: Settings;
  /** Outcome per MetricPipeline name, rendered or not, sorted by name; empty when the input has none. */
  outcomes: Record<string, PipelineOutcome>;
  /** Absent when no pipeline is valid: then only the status job is rendered. */
  gateway?: GatewayPlan;
  /** Absent when no valid pipeline pulls metrics. */
  agent?: AgentPlan;
}

export interface GatewayPlan {
  settings: Settings;
  /** What the metric agent pushes to the gateway; absent when no agent is rendered. */
  agentInputs?: AgentInputs;
  /** Valid pipelines, sorted by name. Never empty: without pipelines nothing is rendered. */
  pipelines: PipelinePlan[];
  /** Merged Secret data: environment-variable name -> plain value. */
  secretData: Record<string, string>;
  /** Outcome per MetricPipeline name, rendered or not, sorted by name. */
  outcomes: Record<string, PipelineOutcome>;
}
