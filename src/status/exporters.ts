/**
 * Maps a collector exporter id (the `exporter` label) to the MetricPipeline it serves. The exporter id is the
 * only label that identifies a pipeline in the collector's self-metrics.
 *
 * Current ids are `otlp_grpc/metricpipeline-<name>` and `otlp_http/metricpipeline-<name>`; ids written by
 * older renderers and Kyma versions (`otlp/<name>`, `otlphttp/<name>`, `otlp_grpc/<name>`) must keep
 * working. This follows Kyma's relabel regex `.+/(?:(?:metric|trace|log)pipeline-)?([a-zA-Z0-9-]+)` with one
 * deliberate difference: MetricPipeline names are DNS subdomains and may contain dots, which Kyma's regex
 * silently drops.
 */

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
 * pipeline name).
 */
export type ExporterOwner = ExporterPipeline | { kind: 'other-signal' } | { kind: 'none' };

const PIPELINE_NAME = /^[a-zA-Z0-9.-]+$/;
const METRIC_PREFIX = 'metricpipeline-';
const OTHER_SIGNAL_PREFIXES = ['tracepipeline-', 'logpipeline-'];

export function exporterOwner(exporterId: string): ExporterOwner {
  // Component ids are `type/name`; the name may itself contain '/', pipeline names may not, so the
  // pipeline is after the last '/' (as with Kyma's greedy `.+/`).
  const slash = exporterId.lastIndexOf('/');
  if (slash <= 0) return { kind: 'none' };
  const namePart = exporterId.slice(slash + 1);
  if (!PIPELINE_NAME.test(namePart)) return { kind: 'none' };
  if (OTHER_SIGNAL_PREFIXES.some((p) => namePart.startsWith(p))) return { kind: 'other-signal' };
  if (namePart.startsWith(METRIC_PREFIX) && namePart.length > METRIC_PREFIX.length) {
    return { kind: 'pipeline', pipeline: namePart.slice(METRIC_PREFIX.length), unprefixed: namePart, prefixed: true };
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
