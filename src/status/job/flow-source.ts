/**
 * Where the two scrape rounds of the flow evaluation come from, in order of preference:
 * 1. Prometheus (`--prometheus-url`): two instant queries a window apart; nothing to wait for.
 * 2. The previous run's last round (the state ConfigMap), when it is recent: one scrape now, and the window
 *    is the time since that round. If that is shorter than `--window`, the run waits for the rest.
 * 3. Otherwise two scrape rounds `--window` apart, or as far apart as the time budget allows.
 * With a CronJob running every minute, 2. is the normal case: one scrape per run, a window of about 60 s.
 */
import { COLLECTORS, type CollectorName } from '../../contract/collectors';
import { ApiFailure, type StatusApi } from '../cluster/api';
import type { MetricsEndpoint } from '../cluster/kube-types';
import { queryRound } from '../cluster/prometheus-source';
import { scrapeRound, type FetchText } from '../cluster/scrape';
import type { CollectorScrapes } from '../flow/evaluate';
import type { Snapshot } from '../metrics/samples';
import type { Budget, Clock } from '../support/budget';
import type { Logger } from '../support/log';
import type { ScrapeRound } from './state';

function serviceOf(collector: CollectorName): string {
  return COLLECTORS[collector].metricsService;
}

export interface FlowSourceOptions {
  namespace: string;
  windowSeconds: number;
  prometheusUrl?: string;
  /** The collectors to read; the others are not needed by any rendered pipeline. */
  collectors: readonly CollectorName[];
  /** The previous run's last round, if the state had one. */
  previous?: ScrapeRound;
  /** A previous round older than this is not used. */
  maxSnapshotAgeMs: number;
}

export interface FlowSourceDeps {
  api: StatusApi;
  fetchText: FetchText;
  clock: Clock;
  budget: Budget;
  log: Logger;
}

export type FlowMode = 'prometheus' | 'snapshot' | 'two-rounds';

export interface FlowInput {
  scrapes: Partial<Record<CollectorName, CollectorScrapes>>;
  windowSeconds: number;
  mode: FlowMode;
  /** The later round, for the next run (not in Prometheus mode). */
  round?: ScrapeRound;
}

type RoundOf = Snapshot | { probeError: string };

function combine(before: RoundOf, after: RoundOf): CollectorScrapes {
  if ('probeError' in before) return before;
  if ('probeError' in after) return after;
  return { before, after };
}

async function endpointsOf(collector: CollectorName, options: FlowSourceOptions, deps: FlowSourceDeps): Promise<MetricsEndpoint[] | { probeError: string }> {
  const service = serviceOf(collector);
  for (let attempt = 1; ; attempt++) {
    try {
      const endpoints = await deps.api.listMetricsEndpoints(options.namespace, service);
      if (endpoints.length === 0) return { probeError: `Service ${options.namespace}/${service} has no endpoints` };
      return endpoints;
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure('network', String(e));
      if (attempt < 2 && failure.transient) continue;
      return { probeError: failure.message };
    }
  }
}

async function scrapeAll(
  endpoints: ReadonlyMap<CollectorName, MetricsEndpoint[] | { probeError: string }>,
  deps: FlowSourceDeps,
): Promise<Map<CollectorName, RoundOf>> {
  const rounds = new Map<CollectorName, RoundOf>();
  await Promise.all(
    [...endpoints].map(async ([collector, list]) => {
      if ('probeError' in list) {
        rounds.set(collector, list);
        return;
      }
      const { snapshot, failures } = await scrapeRound(list, deps.fetchText, () => deps.budget.readTimeoutMs());
      if (failures.length > 0) {
        deps.log.warn('collector pods could not be scraped', { collector, pods: failures.map((f) => f.pod), error: failures[0]?.error });
      }
      rounds.set(collector, snapshot.size > 0 ? snapshot : { probeError: `no pod of ${serviceOf(collector)} could be scraped: ${failures[0]?.error ?? 'no pods'}` });
    }),
  );
  return rounds;
}

function toScrapeRound(takenAt: Date, rounds: ReadonlyMap<CollectorName, RoundOf>): ScrapeRound {
  const round: ScrapeRound = { takenAt };
  for (const [collector, result] of rounds) if (!('probeError' in result)) round[collector] = result;
  return round;
}

async function fromPrometheus(url: string, options: FlowSourceOptions, deps: FlowSourceDeps): Promise<FlowInput> {
  const end = deps.clock.now();
  const start = new Date(end.getTime() - options.windowSeconds * 1000);
  const scrapes: Partial<Record<CollectorName, CollectorScrapes>> = {};
  await Promise.all(
    options.collectors.map(async (collector) => {
      try {
        const [before, after] = await Promise.all(
          [start, end].map((at) => queryRound(url, serviceOf(collector), options.namespace, at, deps.fetchText, deps.budget.readTimeoutMs())),
        );
        scrapes[collector] = { before: before as Snapshot, after: after as Snapshot };
      } catch (e) {
        scrapes[collector] = { probeError: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  return { scrapes, windowSeconds: options.windowSeconds, mode: 'prometheus' };
}

function usablePrevious(options: FlowSourceOptions, now: Date): ScrapeRound | undefined {
  const previous = options.previous;
  if (previous === undefined) return undefined;
  const age = now.getTime() - previous.takenAt.getTime();
  if (age <= 0 || age > options.maxSnapshotAgeMs) return undefined;
  return options.collectors.every((c) => previous[c] !== undefined) ? previous : undefined;
}

export async function collectFlowInput(options: FlowSourceOptions, deps: FlowSourceDeps): Promise<FlowInput> {
  if (options.prometheusUrl !== undefined) return fromPrometheus(options.prometheusUrl, options, deps);
  const endpoints = new Map<CollectorName, MetricsEndpoint[] | { probeError: string }>();
  await Promise.all(options.collectors.map(async (c) => void endpoints.set(c, await endpointsOf(c, options, deps))));
  const windowMs = options.windowSeconds * 1000;

  const previous = usablePrevious(options, deps.clock.now());
  let before: Map<CollectorName, RoundOf>;
  let startedAt: Date;
  let mode: FlowMode;
  if (previous !== undefined) {
    mode = 'snapshot';
    startedAt = previous.takenAt;
    before = new Map(options.collectors.map((c) => [c, previous[c] as Snapshot]));
    const age = deps.clock.now().getTime() - startedAt.getTime();
    await deps.clock.sleep(Math.min(Math.max(0, windowMs - age), deps.budget.waitableMs()));
  } else {
    mode = 'two-rounds';
    startedAt = deps.clock.now();
    before = await scrapeAll(endpoints, deps);
    await deps.clock.sleep(Math.min(windowMs, deps.budget.waitableMs()));
  }
  const takenAt = deps.clock.now();
  const after = await scrapeAll(endpoints, deps);
  const scrapes: Partial<Record<CollectorName, CollectorScrapes>> = {};
  for (const c of options.collectors) scrapes[c] = combine(before.get(c) as RoundOf, after.get(c) as RoundOf);
  // Two rounds in the same millisecond (no budget left to wait) still make a window, just a useless one.
  const windowSeconds = Math.max(0.001, (takenAt.getTime() - startedAt.getTime()) / 1000);
  return { scrapes, windowSeconds, mode, round: toScrapeRound(takenAt, after) };
}
