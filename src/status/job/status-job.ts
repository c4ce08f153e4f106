/**
 * One run of the status job: read the pipelines, what the function rendered, the workloads and the
 * collectors' counters; evaluate; write each MetricPipeline's status; keep what the next run needs.
 * All I/O goes through `deps`, so tests drive it against fake servers and a fake clock.
 *
 * Never throws for API or network trouble: a failed read becomes an Unknown condition, a failed write is
 * logged and counted. The exit code says whether status was written:
 *   0 every pipeline's status is current (written, unchanged, or the pipeline is gone)
 *   3 some statuses could not be written      4 none could (or the pipelines could not be listed)
 */
import { STATUS_JOB } from '../../constants';
import { OUTCOME_CONFIG_MAP, statusStateLabels, type CollectorName } from '../../contract/collectors';
import { specPullsMetrics } from '../../contract/pull-inputs';
import { ApiFailure, type StatusApi } from '../cluster/api';
import type { PipelineObject } from '../cluster/kube-types';
import type { FetchText } from '../cluster/scrape';
import { assessComponent } from '../cluster/workloads';
import { configurationOf, gatewayConfigFrom, type GatewayConfig } from '../conditions/configuration';
import { desiredConditions } from '../conditions/status-patch';
import type { TypedCondition } from '../conditions/types';
import { agentCondition, gatewayCondition } from '../conditions/workload';
import { conditionOf, evaluate, type FlowHealthResult } from '../flow/evaluate';
import type { Budget, Clock } from '../support/budget';
import type { Logger } from '../support/log';
import { mapLimited } from '../support/map-limited';
import { collectFlowInput } from './flow-source';
import { decodeState, encodeState, type JobState } from './state';
import { writeStatus, type WriteOutcome } from './write-status';

export interface JobOptions {
  namespace: string;
  windowSeconds: number;
  timeoutSeconds: number;
  callTimeoutSeconds: number;
  prometheusUrl?: string;
  dryRun: boolean;
}

export interface JobDeps {
  api: StatusApi;
  fetchText: FetchText;
  clock: Clock;
  log: Logger;
  /** The run's time budget, shared with the API adapter's call timeouts. */
  budget: Budget;
}

export const EXIT_CODES = { ok: 0, internalError: 1, usage: 2, partial: 3, nothingWritten: 4 } as const;

export interface JobReport {
  exitCode: number;
  outcomes: Record<string, WriteOutcome>;
}

/**
 * A previous evaluation older than this is not "the previous one" any more: neither its problems nor its
 * scrape count. Ten windows, at least ten minutes: runs may be scheduled less often than the window.
 */
export const STATE_MAX_AGE_MS = 10 * 60 * 1000;

export function stateMaxAgeMs(windowSeconds: number): number {
  return Math.max(10 * windowSeconds * 1000, STATE_MAX_AGE_MS);
}
const WRITE_CONCURRENCY = 4;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function retryOnce<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ApiFailure && e.transient) return call();
    throw e;
  }
}

async function readGatewayConfig(api: StatusApi, namespace: string): Promise<GatewayConfig> {
  try {
    return gatewayConfigFrom((await retryOnce(() => api.getConfigMap(namespace, OUTCOME_CONFIG_MAP))).annotations);
  } catch (e) {
    if (e instanceof ApiFailure && e.kind === 'notFound') return { kind: 'missing' };
    return { kind: 'error', detail: message(e) };
  }
}

type StateRead = { kind: 'absent' } | { kind: 'present'; resourceVersion: string; state?: JobState } | { kind: 'unreadable' };

async function readState(api: StatusApi, namespace: string, log: Logger): Promise<StateRead> {
  try {
    const cm = await retryOnce(() => api.getConfigMap(namespace, STATUS_JOB.stateConfigMap));
    const { state, problem } = decodeState(cm.data, cm.binaryData);
    if (problem !== undefined) log.warn('previous state partly unusable', { configMap: STATUS_JOB.stateConfigMap, problem });
    return { kind: 'present', resourceVersion: cm.resourceVersion, ...(state === undefined ? {} : { state }) };
  } catch (e) {
    if (e instanceof ApiFailure && e.kind === 'notFound') return { kind: 'absent' };
    log.warn('previous state could not be read; this run neither uses nor saves it', { error: message(e) });
    return { kind: 'unreadable' };
  }
}

async function saveState(api: StatusApi, namespace: string, read: StateRead, state: JobState, log: Logger): Promise<void> {
  if (read.kind === 'unreadable') return;
  const encoded = encodeState(state);
  if (encoded.note !== undefined) log.warn('scrape not kept for the next run', { reason: encoded.note });
  const content = { labels: statusStateLabels(), data: encoded.data, binaryData: encoded.binaryData };
  try {
    if (read.kind === 'present') await api.replaceConfigMap(namespace, STATUS_JOB.stateConfigMap, read.resourceVersion, content);
    else await api.createConfigMap(namespace, STATUS_JOB.stateConfigMap, content);
  } catch (e) {
    log.warn('state for the next run not saved; it will scrape twice', { error: message(e) });
  }
}

function exitCodeOf(outcomes: readonly WriteOutcome[]): number {
  const failed = outcomes.filter((o) => o === 'failed').length;
  if (failed === 0) return EXIT_CODES.ok;
  return failed === outcomes.length ? EXIT_CODES.nothingWritten : EXIT_CODES.partial;
}

export async function runStatusJob(options: JobOptions, deps: JobDeps): Promise<JobReport> {
  const { api, clock, log, budget } = deps;
  const { namespace } = options;
  const started = clock.now();

  let pipelines: PipelineObject[];
  try {
    pipelines = (await retryOnce(() => api.listPipelines())).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    log.error('MetricPipelines could not be listed; no status written', { error: message(e) });
    return { exitCode: EXIT_CODES.nothingWritten, outcomes: {} };
  }
  if (pipelines.length === 0) {
    log.info('no MetricPipelines; nothing to do');
    return { exitCode: EXIT_CODES.ok, outcomes: {} };
  }
  const names = pipelines.map((p) => p.name);
  const agentPipelines = pipelines.filter((p) => specPullsMetrics(p.spec)).map((p) => p.name);

  const [gatewayConfig, stateRead] = await Promise.all([readGatewayConfig(api, namespace), readState(api, namespace, log)]);
  const previousState = stateRead.kind === 'present' ? stateRead.state : undefined;
  const age = previousState === undefined ? Number.POSITIVE_INFINITY : started.getTime() - previousState.evaluatedAt.getTime();
  const maxAgeMs = stateMaxAgeMs(options.windowSeconds);
  const previous = age >= 0 && age <= maxAgeMs ? previousState : undefined;
  if (previousState !== undefined && previous === undefined) log.info('previous state is too old to use', { evaluatedAt: previousState.evaluatedAt.toISOString() });

  const [gateway, agent] = await Promise.all([
    assessComponent(api, namespace, 'gateway', previous?.workloadProblems.gateway, log),
    agentPipelines.length === 0 ? Promise.resolve(undefined) : assessComponent(api, namespace, 'agent', previous?.workloadProblems.agent, log),
  ]);

  const rendered = gatewayConfig.kind === 'found' ? [...gatewayConfig.outcomes].filter(([, o]) => o.rendered).map(([n]) => n) : gatewayConfig.kind === 'missing' ? [] : undefined;
  const isRendered = (name: string): boolean => rendered === undefined || rendered.includes(name);
  const collectors: CollectorName[] = [];
  if (names.some(isRendered)) collectors.push('gateway');
  if (agentPipelines.some(isRendered)) collectors.push('agent');

  const flow = await collectFlowInput(
    {
      namespace,
      windowSeconds: options.windowSeconds,
      ...(options.prometheusUrl === undefined ? {} : { prometheusUrl: options.prometheusUrl }),
      collectors,
      ...(previous?.scrape === undefined ? {} : { previous: previous.scrape }),
      maxSnapshotAgeMs: maxAgeMs,
    },
    { api, fetchText: deps.fetchText, clock, budget, log },
  );
  const notProbed = { probeError: 'not probed: no rendered pipeline uses it' };
  const results: Record<string, FlowHealthResult> = evaluate({
    gateway: flow.scrapes.gateway ?? notProbed,
    ...(agentPipelines.length === 0 ? {} : { agent: flow.scrapes.agent ?? notProbed }),
    windowSeconds: flow.windowSeconds,
    pipelines: names,
    agentPipelines,
    ...(rendered === undefined ? {} : { renderedPipelines: rendered }),
    ...(previous === undefined ? {} : { previous: Object.fromEntries(Object.entries(previous.flowProblems).map(([n, problems]) => [n, { problems }])) }),
  });
  log.info('evaluated', {
    mode: flow.mode,
    windowSeconds: Math.round(flow.windowSeconds * 10) / 10,
    pipelines: names,
    gateway: gatewayConfig.kind,
    pending: names.filter((n) => (results[n]?.pending.length ?? 0) > 0),
  });

  const desiredFor = (p: PipelineObject): TypedCondition[] => {
    const configuration = configurationOf(gatewayConfig, p.name, namespace, clock.now());
    const result = results[p.name];
    // A pipeline created after the evaluation started (re-read after a conflict) has no flow result yet.
    const flowCondition = result === undefined ? { status: 'Unknown' as const, reason: 'GatewayProbingFailed', message: 'Not evaluated yet' } : conditionOf(result);
    return desiredConditions({
      configuration: configuration.condition,
      gateway: gatewayCondition(configuration.rendered, gateway.verdict),
      agent: agentCondition(specPullsMetrics(p.spec), configuration.rendered, agent?.verdict),
      flow: flowCondition,
    });
  };
  const writes = await mapLimited(pipelines, WRITE_CONCURRENCY, (p) => writeStatus(p, desiredFor, { api, clock, budget, log, dryRun: options.dryRun }));
  const outcomes = Object.fromEntries(pipelines.map((p, i) => [p.name, writes[i] as WriteOutcome]));

  if (!options.dryRun) {
    const state: JobState = {
      evaluatedAt: started,
      flowProblems: Object.fromEntries(names.map((n) => [n, [...(results[n]?.problems ?? [])]])),
      workloadProblems: {
        ...(gateway.observed === undefined ? {} : { gateway: gateway.observed }),
        ...(agent?.observed === undefined ? {} : { agent: agent.observed }),
      },
      ...(flow.round === undefined ? {} : { scrape: flow.round }),
    };
    await saveState(api, namespace, stateRead, state, log);
  }
  const exitCode = exitCodeOf(Object.values(outcomes));
  const by = (kind: WriteOutcome) => names.filter((n) => outcomes[n] === kind);
  log[exitCode === EXIT_CODES.ok ? 'info' : 'error']('done', {
    exitCode,
    written: by('written'),
    unchanged: by('unchanged'),
    failed: by('failed'),
    gone: by('gone'),
    seconds: Math.round((clock.now().getTime() - started.getTime()) / 100) / 10,
  });
  return { exitCode, outcomes };
}

