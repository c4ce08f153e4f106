/**
 * Reads the CLI's `--pipelines FILE`: which pipelines to report and which of them the agent feeds.
 * Accepted (JSON is YAML, so both work):
 * - a list of names (`[a, b]` or `- a` lines): every named pipeline is also fed by the agent, if there is one;
 * - MetricPipeline objects as a YAML stream, a `List`/`ResourceList` (`items`), or a list of objects: the
 *   agent feeds only those with a pull input enabled (src/contract/pull-inputs.ts);
 * - other objects (e.g. the rest of a rendered package) are ignored.
 */
import { parseAllDocuments } from 'yaml';
import { METRIC_PIPELINE_KIND, TELEMETRY_GROUP } from '../../constants';
import { specPullsMetrics } from '../../contract/pull-inputs';

export class PipelinesFileError extends Error {
  override readonly name = 'PipelinesFileError';
}

export interface PipelineSelection {
  pipelines: string[];
  /** Undefined when only names were given: then the agent feeds all of them. */
  agentPipelines: string[] | undefined;
}

/** A Kubernetes object name (DNS subdomain); catches files that are not a pipeline list at all. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMetricPipeline(obj: Record<string, unknown>): boolean {
  return obj['kind'] === METRIC_PIPELINE_KIND && typeof obj['apiVersion'] === 'string' && obj['apiVersion'].startsWith(`${TELEMETRY_GROUP}/`);
}

/** Gathers names (and which of them the agent feeds) from whatever the file holds. */
class SelectionBuilder {
  readonly names = new Set<string>();
  readonly agent = new Set<string>();
  sawObjects = false;

  add(value: unknown, where: string): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (!NAME.test(value)) throw new PipelinesFileError(`${where}: ${JSON.stringify(value)} is not a MetricPipeline name`);
      this.names.add(value);
      this.agent.add(value);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.add(item, `${where}[${i}]`));
      return;
    }
    if (!isRecord(value)) throw new PipelinesFileError(`${where}: expected a pipeline name or a MetricPipeline, got ${typeof value}`);
    if (Array.isArray(value['items'])) {
      this.add(value['items'], `${where}.items`);
      return;
    }
    if (!isMetricPipeline(value)) return;
    const metadata = value['metadata'];
    const name = isRecord(metadata) ? metadata['name'] : undefined;
    if (typeof name !== 'string' || name === '') throw new PipelinesFileError(`${where}: MetricPipeline without metadata.name`);
    this.sawObjects = true;
    this.names.add(name);
    if (specPullsMetrics(value['spec'])) this.agent.add(name);
  }
}

export function parsePipelinesFile(text: string, source: string): PipelineSelection {
  const builder = new SelectionBuilder();
  parseAllDocuments(text).forEach((doc, i) => {
    const problem = doc.errors[0];
    if (problem !== undefined) {
      const line = problem.linePos?.[0].line;
      throw new PipelinesFileError(`${source}${line === undefined ? '' : `:${line}`}: not YAML or JSON: ${problem.message.split('\n')[0]}`);
    }
    builder.add(doc.toJS(), `${source}: document ${i + 1}`);
  });
  const pipelines = [...builder.names].sort();
  const agentPipelines = builder.sawObjects ? [...builder.agent].sort() : undefined;
  return { pipelines, agentPipelines };
}
