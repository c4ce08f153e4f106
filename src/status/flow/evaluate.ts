/**
 * Pure flow-health evaluation: two scrape rounds of the gateway (and agent) in, one TelemetryFlowHealthy
 * condition per MetricPipeline out. The same code serves the offline CLI and the status CronJob, so neither
 * reads files or talks to Kubernetes here.
 *
 * Rules (Kyma's self-monitor alerts, evaluated on counter increases over the window instead of a 5m rate):
 * - AllDropped  = (enqueue_failed > 0 or send_failed > 0) and sent == 0, per pipeline;
 * - SomeDropped = (enqueue_failed > 0 or send_failed > 0) and sent > 0, per pipeline;
 * - Throttling  = refused > 0 on any gateway receiver; receivers are shared, so it applies to every pipeline;
 * - BufferFillingUp = max over pods of queue_size / queue_capacity > 0.8 for the pipeline's exporter(s).
 * Agent exporters prefixed `metricpipeline-<name>` serve that pipeline; any other agent exporter (e.g. the
 * one forwarding to the gateway) carries data of every agent pipeline, so its problems apply to all of them.
 */
import { exporterOwner, resolvePipeline } from '../../contract/exporter-id';
import type { ConditionStatus } from '../conditions/types';
import type { Snapshot } from '../metrics/samples';
import { collectorActivity, type CollectorActivity, type ExporterActivity } from './activity';
import { FLOW_MESSAGES, FLOW_REASONS, flowStatusOf, type FlowProblem, type FlowReason } from './reasons';

/** Kyma's `for: 1m`: a problem must hold this long before the condition turns False. */
export const MIN_HOLD_SECONDS = 60;
/** Queue utilization above which a buffer is "filling up" (Kyma's former rule, the Helm chart's alert). */
export const BUFFER_THRESHOLD = 0.8;

/** Two scrape rounds of one collector, or why it could not be scraped. */
export type CollectorScrapes = { before: Snapshot; after: Snapshot } | { probeError: string };

/** What the caller kept from the previous evaluation of a pipeline. */
export interface PreviousFlowHealth {
  /** Reason reported last time. */
  reason?: string;
  /**
   * Every problem observed last time, confirmed or not (FlowHealthResult.problems). When absent, only
   * `reason` is known to have been observed.
   */
  problems?: readonly string[];
}

export interface EvaluateInput {
  gateway: CollectorScrapes;
  /** Absent: there is no agent, no agent problems exist. */
  agent?: CollectorScrapes;
  /** Seconds between the two scrape rounds. */
  windowSeconds: number;
  /** The pipelines to report. Absent: every pipeline named by an exporter of the later scrape. */
  pipelines?: readonly string[];
  /** Pipelines the agent feeds (prometheus/istio/runtime input). Absent: all pipelines. */
  agentPipelines?: readonly string[];
  /** Pipelines present in the rendered configuration. Absent: all pipelines. */
  renderedPipelines?: readonly string[];
  /** Results of the immediately preceding evaluation, by pipeline; only consulted when the window < 60 s. */
  previous?: Readonly<Record<string, PreviousFlowHealth | undefined>>;
}

export interface FlowHealth {
  status: ConditionStatus;
  reason: FlowReason;
  message: string;
}

export interface FlowHealthResult extends FlowHealth {
  /** Problems observed in this window in precedence order, confirmed or not; keep for the next run's `previous`. */
  problems: FlowProblem[];
  /** Those of `problems` that have not held for MIN_HOLD_SECONDS yet, so they do not count. */
  pending: FlowProblem[];
}

/** Problems reported at once: they say the flow could not be judged, not that data was lost. */
const IMMEDIATE: ReadonlySet<FlowReason> = new Set<FlowReason>(['ConfigurationNotGenerated', 'GatewayProbingFailed', 'AgentProbingFailed']);

/** Every other problem is only reported once it held for MIN_HOLD_SECONDS. */
const HELD: ReadonlySet<FlowProblem> = new Set(
  FLOW_REASONS.filter((r): r is FlowProblem => r !== 'FlowHealthy' && !IMMEDIATE.has(r)),
);

const RANK: ReadonlyMap<FlowReason, number> = new Map(FLOW_REASONS.map((r, i) => [r, i]));

function byPrecedence(a: FlowReason, b: FlowReason): number {
  return (RANK.get(a) as number) - (RANK.get(b) as number);
}

/** Sum of one pipeline's exporters; utilization is the max. */
interface PipelineFlow {
  sent: number;
  dropped: number;
  queueUtilization: number;
}

function emptyFlow(): PipelineFlow {
  return { sent: 0, dropped: 0, queueUtilization: 0 };
}

function accumulate(flow: PipelineFlow, exporter: ExporterActivity): void {
  flow.sent += exporter.sent;
  flow.dropped += exporter.sendFailed + exporter.enqueueFailed;
  if (exporter.queueUtilization !== undefined && exporter.queueUtilization > flow.queueUtilization) {
    flow.queueUtilization = exporter.queueUtilization;
  }
}

function flowOf(map: Map<string, PipelineFlow>, pipeline: string): PipelineFlow {
  let flow = map.get(pipeline);
  if (flow === undefined) {
    flow = emptyFlow();
    map.set(pipeline, flow);
  }
  return flow;
}

/** Activity of a collector, or undefined when it could not be read (probe error or an empty scrape). */
function readable(scrapes: CollectorScrapes, windowSeconds: number): CollectorActivity | undefined {
  if ('probeError' in scrapes) return undefined;
  const activity = collectorActivity(scrapes.before, scrapes.after, windowSeconds);
  // A collector always exposes its own metrics; a scrape without any sample did not reach one.
  return activity.samples === 0 ? undefined : activity;
}

function gatewayFlows(activity: CollectorActivity, known: ReadonlySet<string> | undefined): Map<string, PipelineFlow> {
  const flows = new Map<string, PipelineFlow>();
  for (const [id, exporter] of activity.exporters) {
    const owner = exporterOwner(id);
    if (owner.kind !== 'pipeline') continue;
    const pipeline = resolvePipeline(owner, known);
    if (pipeline !== undefined) accumulate(flowOf(flows, pipeline), exporter);
  }
  return flows;
}

interface AgentFlows {
  /** Exporters that carry every agent pipeline's data. */
  shared: PipelineFlow;
  /** Exporters dedicated to one pipeline. */
  own: Map<string, PipelineFlow>;
}

function agentFlows(activity: CollectorActivity, known: ReadonlySet<string> | undefined): AgentFlows {
  const result: AgentFlows = { shared: emptyFlow(), own: new Map() };
  for (const [id, exporter] of activity.exporters) {
    const owner = exporterOwner(id);
    if (owner.kind === 'other-signal') continue;
    if (owner.kind === 'pipeline' && owner.prefixed) {
      const pipeline = resolvePipeline(owner, known);
      if (pipeline !== undefined) accumulate(flowOf(result.own, pipeline), exporter);
    } else {
      accumulate(result.shared, exporter);
    }
  }
  return result;
}

function agentFlowOf(flows: AgentFlows, pipeline: string): PipelineFlow {
  const flow = emptyFlow();
  const own = flows.own.get(pipeline);
  for (const part of own === undefined ? [flows.shared] : [flows.shared, own]) {
    flow.sent += part.sent;
    flow.dropped += part.dropped;
    flow.queueUtilization = Math.max(flow.queueUtilization, part.queueUtilization);
  }
  return flow;
}

function dropProblem(flow: PipelineFlow, all: FlowProblem, some: FlowProblem): FlowProblem | undefined {
  if (flow.dropped <= 0) return undefined;
  return flow.sent > 0 ? some : all;
}

function validateWindow(windowSeconds: number): void {
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new RangeError(`windowSeconds must be a positive number of seconds, got ${windowSeconds}`);
  }
}

/** Problems the previous run observed for a pipeline. */
function previouslyObserved(previous: PreviousFlowHealth | undefined): ReadonlySet<string> {
  if (previous === undefined) return new Set();
  if (previous.problems !== undefined) return new Set(previous.problems);
  return new Set(previous.reason === undefined ? [] : [previous.reason]);
}

/** The condition for a set of observed problems, given which of them held long enough. */
function conclude(problems: FlowProblem[], confirmed: (p: FlowProblem) => boolean): FlowHealthResult {
  problems.sort(byPrecedence);
  const reason: FlowReason = problems.find(confirmed) ?? 'FlowHealthy';
  const pending = problems.filter((p) => !confirmed(p));
  return { status: flowStatusOf(reason), reason, message: FLOW_MESSAGES[reason], problems, pending };
}

export function evaluate(input: EvaluateInput): Record<string, FlowHealthResult> {
  validateWindow(input.windowSeconds);
  const known = input.pipelines === undefined ? undefined : new Set(input.pipelines);
  const gateway = readable(input.gateway, input.windowSeconds);
  const agent = input.agent === undefined ? undefined : readable(input.agent, input.windowSeconds);
  const gFlows = gateway === undefined ? new Map<string, PipelineFlow>() : gatewayFlows(gateway, known);
  const aFlows = agent === undefined ? undefined : agentFlows(agent, known);

  const pipelines = input.pipelines ?? [...new Set([...gFlows.keys(), ...(aFlows?.own.keys() ?? [])])];
  const agentSet = input.agentPipelines === undefined ? undefined : new Set(input.agentPipelines);
  const rendered = input.renderedPipelines === undefined ? undefined : new Set(input.renderedPipelines);
  const singleWindowSuffices = input.windowSeconds >= MIN_HOLD_SECONDS;

  const results: Record<string, FlowHealthResult> = {};
  for (const pipeline of [...new Set(pipelines)].sort()) {
    // Without configuration nothing can flow, so probing is pointless (Kyma does not probe either).
    if (rendered !== undefined && !rendered.has(pipeline)) {
      results[pipeline] = conclude(['ConfigurationNotGenerated'], () => true);
      continue;
    }
    const problems: FlowProblem[] = [];
    if (gateway === undefined) {
      problems.push('GatewayProbingFailed');
    } else {
      const flow = gFlows.get(pipeline) ?? emptyFlow();
      const drop = dropProblem(flow, 'GatewayAllTelemetryDataDropped', 'GatewaySomeTelemetryDataDropped');
      if (drop !== undefined) problems.push(drop);
      if (gateway.refused > 0) problems.push('GatewayThrottling');
      if (flow.queueUtilization > BUFFER_THRESHOLD) problems.push('GatewayBufferFillingUp');
    }
    if (input.agent !== undefined && (agentSet === undefined || agentSet.has(pipeline))) {
      if (aFlows === undefined) {
        problems.push('AgentProbingFailed');
      } else {
        const flow = agentFlowOf(aFlows, pipeline);
        const drop = dropProblem(flow, 'AgentAllTelemetryDataDropped', 'AgentSomeTelemetryDataDropped');
        if (drop !== undefined) problems.push(drop);
        if (flow.queueUtilization > BUFFER_THRESHOLD) problems.push('AgentBufferFillingUp');
      }
    }
    const before = singleWindowSuffices ? undefined : previouslyObserved(input.previous?.[pipeline]);
    results[pipeline] = conclude(problems, (p) => !HELD.has(p) || before === undefined || before.has(p));
  }
  return results;
}

/** The condition without the bookkeeping, as the CLI prints it and the status subresource stores it. */
export function conditionOf(result: FlowHealthResult): FlowHealth {
  return { status: result.status, reason: result.reason, message: result.message };
}
