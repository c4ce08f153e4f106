/**
 * Follows one sample data point through a rendered collector config, as the collector would move it: from a
 * receiver through every pipeline that lists it, processor by processor (transform and filter evaluated with
 * test/support/ottl-eval.ts, the rest passed through), across forward and routing connectors, to the
 * exporters it reaches. Each arrival records the pipelines and processors on its way, so a test can assert
 * not only where data ends up but also what happened to it on the way (e.g. which enrichment ran).
 */
import { applyStatement, evaluateCondition, type Sample } from './ottl-eval';

type Json = Record<string, unknown>;

export interface Arrival {
  exporter: string;
  /** `<pipeline>` and `<pipeline>:<processor>` entries in the order they were passed. */
  trace: string[];
  sample: Sample;
}

interface Pipeline {
  receivers: string[];
  processors: string[];
  exporters: string[];
}

/** Processors that change no attribute the walk looks at (batching, limits, metadata lookups). */
const PASS_THROUGH = new Set(['memory_limiter', 'batch', 'k8sattributes', 'cumulativetodelta']);
const MAX_HOPS = 20;

function typeOf(id: string): string {
  return id.split('/')[0]!;
}

function clone(sample: Sample): Sample {
  return { metric: sample.metric, resource: { ...sample.resource }, datapoint: { ...sample.datapoint } };
}

function section(config: Json, name: string): Json {
  return (config[name] ?? {}) as Json;
}

/** Runs one processor; undefined when it drops the sample. */
function process(id: string, config: Json, sample: Sample): Sample | undefined {
  const type = typeOf(id);
  if (PASS_THROUGH.has(type)) return sample;
  if (type === 'filter') {
    // One sample is one data point of one metric of one resource: a condition of any context that holds
    // drops it (the resource or metric it belongs to would go, or the data point itself).
    const metrics = (config['metrics'] ?? {}) as { resource?: string[]; metric?: string[]; datapoint?: string[] };
    const conditions = [...(metrics.resource ?? []), ...(metrics.metric ?? []), ...(metrics.datapoint ?? [])];
    const drop = conditions.some((c) => evaluateCondition(c, sample));
    return drop ? undefined : sample;
  }
  if (type === 'transform') {
    for (const group of (config['metric_statements'] ?? []) as { statements: string[]; conditions?: string[] }[]) {
      if (group.conditions !== undefined && !group.conditions.some((c) => evaluateCondition(c, sample))) continue;
      for (const statement of group.statements) applyStatement(statement, sample);
    }
    return sample;
  }
  throw new Error(`the walk does not know processor type "${type}" (${id})`);
}

/** The pipelines a routing connector sends the sample to (the first matching table entry wins). */
function route(config: Json, sample: Sample): string[] {
  const table = (config['table'] ?? []) as { statement: string; pipelines: string[] }[];
  for (const entry of table) {
    const match = /^route\(\) where (.*)$/.exec(entry.statement);
    if (match === null) throw new Error(`unsupported routing statement: ${entry.statement}`);
    if (evaluateCondition(match[1]!, sample)) return entry.pipelines;
  }
  return (config['default_pipelines'] ?? []) as string[];
}

/**
 * Every exporter the sample reaches when `receiver` (a receiver id of `config`) emits it. Several arrivals
 * at one exporter mean the sample was duplicated on the way.
 */
export function walk(config: Json, receiver: string, sample: Sample): Arrival[] {
  const service = section(config, 'service');
  const pipelines = section(service, 'pipelines') as Record<string, Pipeline>;
  const processors = section(config, 'processors');
  const connectors = section(config, 'connectors');
  const arrivals: Arrival[] = [];

  const enter = (name: string, input: Sample, trace: string[]): void => {
    if (trace.length > MAX_HOPS * 10) throw new Error(`the walk does not end: ${trace.join(' > ')}`);
    const pipeline = pipelines[name];
    if (pipeline === undefined) throw new Error(`no pipeline ${name}`);
    let current: Sample | undefined = clone(input);
    const path = [...trace, name];
    for (const id of pipeline.processors) {
      current = process(id, (processors[id] ?? {}) as Json, current);
      path.push(`${name}:${id}`);
      if (current === undefined) return;
    }
    for (const exporter of pipeline.exporters) {
      const connector = connectors[exporter] as Json | undefined;
      if (connector === undefined) {
        arrivals.push({ exporter, trace: path, sample: clone(current) });
        continue;
      }
      const targets =
        typeOf(exporter) === 'routing'
          ? route(connector, current)
          : Object.entries(pipelines).filter(([, p]) => p.receivers.includes(exporter)).map(([n]) => n);
      for (const target of targets) enter(target, current, [...path, exporter]);
    }
  };

  const starts = Object.entries(pipelines).filter(([, p]) => p.receivers.includes(receiver));
  if (starts.length === 0) throw new Error(`no pipeline receives from ${receiver}`);
  for (const [name] of starts) enter(name, sample, [receiver]);
  return arrivals;
}

/** Agent, then gateway: what reaches the agent's gateway exporter enters the gateway's OTLP receiver. */
export function walkThrough(
  agent: Json,
  gateway: Json,
  receiver: string,
  sample: Sample,
  link: { agentExporter: string; gatewayReceiver: string },
): Arrival[] {
  return walk(agent, receiver, sample).flatMap((hop) => {
    if (hop.exporter !== link.agentExporter) throw new Error(`agent data reached ${hop.exporter}, not the gateway`);
    return walk(gateway, link.gatewayReceiver, hop.sample).map((a) => ({ ...a, trace: [...hop.trace, hop.exporter, ...a.trace] }));
  });
}
