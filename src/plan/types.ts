/**
 * The typed input of every builder. A plan holds only what the collector config and the manifests need:
 * environment-variable names and file paths for the config, plain values only in `secretData` and
 * `secretFiles` (the merged Secret) and in `referencedValues` (hashed, never written).
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline, RuntimeResource } from '../api/model';
import type { PipelineOutcome } from '../contract/outcome-annotation';

/**
 * How one pipeline's exporter gets its values: environment-variable names (keys of the merged Secret, or
 * container env entries that reference a Secret of the gateway's namespace) and file paths (the credentials
 * volume, see GatewayPlan.files). See src/plan/credential-source.ts for which value goes which way.
 */
export interface PipelineEnv {
  /** `${env:endpoint}` + `endpointSuffix` is the exporter's endpoint (the suffix joins `path` at run time). */
  endpoint: string;
  endpointSuffix?: string;
  /** `Authorization: Basic ...` built from basic authentication whose values the function has. */
  basicAuthHeader?: string;
  /** Basic authentication with a referenced user or password: the basicauth client extension builds it. */
  basicAuth?: { user: string; password: string };
  /** `prefix` is set when the value is referenced: the config then writes `prefix ${env:...}`. */
  headers: { name: string; envVar: string; prefix?: string }[];
  /** A referenced Authorization header sent by bearertokenauth from a file it re-reads when it changes. */
  bearer?: { file: string; scheme: string };
  /** File paths of the PEMs (reloaded by the exporter every TLS_RELOAD_INTERVAL). */
  tls?: { ca?: string; cert?: string; key?: string };
  oauth2?: { tokenUrl: string; clientId: OAuth2Value; clientSecret: OAuth2Value };
}

/** An OAuth2 client value: an environment variable (merged Secret) or a file (a referenced Secret). */
export type OAuth2Value = { env: string } | { file: string };

/** A container env entry read from a Secret of the gateway's namespace (`valueFrom.secretKeyRef`). */
export interface EnvReference {
  name: string;
  secret: string;
  key: string;
}

/** One file of the credentials volume: `path` below the mount, from `key` of Secret `secret`. */
export interface CredentialFile {
  path: string;
  secret: string;
  key: string;
}

export interface PipelinePlan {
  pipeline: MetricPipeline;
  env: PipelineEnv;
  /**
   * The resolved endpoint is plain `http://`, so the exporter must not try TLS. Derived from the value,
   * carried as a flag so that the value itself never reaches the config. False when the function does not
   * have the value (a referenced Secret not in the input): the exporter then goes by the URL's scheme.
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
  /** Merged Secret data read as environment variables: name -> plain value (`$`-escaped when written). */
  secretData: Record<string, string>;
  /** Merged Secret data read as files (PEMs): key -> value, written as is (a file is not expanded). */
  secretFiles: Record<string, string>;
  /** Container env entries that reference Secrets of the gateway's namespace, in pipeline order. */
  envRefs: EnvReference[];
  /** The credentials volume's files, from the merged Secret or referenced Secrets; empty: no volume. */
  files: CredentialFile[];
  /**
   * Values of referenced Secrets that are in the input, keyed by `namespace/name/key`: they never reach the
   * output, but they key `checksum/config`, so that a change in Git still rolls the pods.
   */
  referencedValues: Record<string, string>;
  /** Outcome per MetricPipeline name, rendered or not, sorted by name. */
  outcomes: Record<string, PipelineOutcome>;
}
