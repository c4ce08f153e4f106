/**
 * The exporter id of a MetricPipeline: written by the function (src/collector/exporter.ts) and read back by
 * the status job (src/status/flow) from the `exporter` label of the collector's self-metrics, the only
 * label that attributes drops and queue fill to a pipeline. Format and parse live here together, and the
 * tests run one against the other.
 *
 * Format: `<type>/metricpipeline-<name>`. The function emits the pinned collector's OTLP exporter types,
 * `otlp` and `otlphttp` (src/collector/distribution.ts); later collector releases call them `otlp_grpc` and
 * `otlp_http`, and ids written by older renderers and Kyma versions have no prefix (`otlp/<name>`,
 * `otlphttp/<name>`, `otlp_grpc/<name>`). All of them parse. This follows Kyma's relabel regex
 * `.+/(?:(?:metric|trace|log)pipeline-)?([a-zA-Z0-9-]+)` with one deliberate difference: MetricPipeline
 * names are DNS subdomains and may contain dots, which Kyma's regex silently drops.
 */

/** Prefix of the name part of every component the function dedicates to one MetricPipeline. */
export const PIPELINE_COMPONENT_PREFIX = 'metricpipeline-';

/** OTLP exporter types an id may carry: the pinned collector's, and those of releases from 0.144.0 on. */
export const OTLP_EXPORTER_TYPES = ['otlp', 'otlphttp', 'otlp_grpc', 'otlp_http'] as const;

/** `type` is the collector's exporter type, e.g. `otlp`; `pipeline` the MetricPipeline's name. */
export function pipelineExporterId(type: string, pipeline: string): string {
  return `${type}/${PIPELINE_COMPONENT_PREFIX}${pipeline}`;
}

export interface ExporterPipeline {
  kind: 'pipeline';
  /** The pipeline name read from the id. */
  pipeline: string;
  /**
   * The whole name part, when it carried the `metricpipeline-` prefix: an old-style id of a pipeline that is
   * itself named `metricpipeline-x` looks the same as a new-style id of pipeline `x`.
   */
  unprefixed?: string;
  /** The id said `metricpipeline-` explicitly, so it certainly belongs to one pipeline. */
  prefixed: boolean;
}

/**
 * Who an exporter works for: a metric pipeline; another signal's pipeline (`tracepipeline-x`, `logpipeline-x`,
 * possible in a shared collector, never ours); or no pipeline at all (`debug`, `otlp`, a name that cannot be a
 * pipeline name). The agent's exporter to the gateway (AGENT.exporterId, `otlp/gateway`) parses as an
 * unprefixed pipeline id: the status job treats such an agent exporter as carrying every agent pipeline.
 */
export type ExporterOwner = ExporterPipeline | { kind: 'other-signal' } | { kind: 'none' };

const PIPELINE_NAME = /^[a-zA-Z0-9.-]+$/;
const OTHER_SIGNAL_PREFIXES = ['tracepipeline-', 'logpipeline-'];

export function exporterOwner(exporterId: string): ExporterOwner {
  // Component ids are `type/name`; the name may itself contain '/', pipeline names may not, so the
  // pipeline is after the last '/' (as with Kyma's greedy `.+/`).
  const slash = exporterId.lastIndexOf('/');
  if (slash <= 0) return { kind: 'none' };
  const namePart = exporterId.slice(slash + 1);
  if (!PIPELINE_NAME.test(namePart)) return { kind: 'none' };
  if (OTHER_SIGNAL_PREFIXES.some((p) => namePart.startsWith(p))) return { kind: 'other-signal' };
  if (namePart.startsWith(PIPELINE_COMPONENT_PREFIX) && namePart.length > PIPELINE_COMPONENT_PREFIX.length) {
    return { kind: 'pipeline', pipeline: namePart.slice(PIPELINE_COMPONENT_PREFIX.length), unprefixed: namePart, prefixed: true };
  }
  return { kind: 'pipeline', pipeline: namePart, prefixed: false };
}

/**
 * The pipeline an exporter serves among `known` pipelines (any name when `known` is undefined);
 * undefined when it serves none of them.
 */
export function resolvePipeline(target: ExporterPipeline, known: ReadonlySet<string> | undefined): string | undefined {
  if (known === undefined || known.has(target.pipeline)) return target.pipeline;
  if (target.unprefixed !== undefined && known.has(target.unprefixed)) return target.unprefixed;
  return undefined;
}
