/**
 * Writes one MetricPipeline's status through the status subresource with a JSON merge patch that carries
 * the resourceVersion the job read: if the object changed meanwhile (a new spec, another writer), the API
 * server answers 409 and the job reads it again, recomputes against the fresh object and retries. A server
 * error or lost connection is retried too (the resourceVersion makes a repeated write harmless); a timeout
 * is not, as it already used its share of the budget.
 */
import { ApiFailure, type StatusApi } from '../cluster/api';
import type { PipelineObject } from '../cluster/kube-types';
import { statusPatch } from '../conditions/status-patch';
import type { TypedCondition } from '../conditions/types';
import type { Budget, Clock } from '../support/budget';
import type { Logger } from '../support/log';

export type WriteOutcome = 'written' | 'unchanged' | 'gone' | 'dry-run' | 'failed';

export const MAX_WRITE_ATTEMPTS = 4;
const BACKOFF_MS = 250;

export interface WriterDeps {
  api: StatusApi;
  clock: Clock;
  budget: Budget;
  log: Logger;
  dryRun: boolean;
}

function asFailure(e: unknown): ApiFailure {
  return e instanceof ApiFailure ? e : new ApiFailure('network', e instanceof Error ? e.message : String(e));
}

export async function writeStatus(initial: PipelineObject, desiredFor: (p: PipelineObject) => TypedCondition[], deps: WriterDeps): Promise<WriteOutcome> {
  let pipeline = initial;
  const name = initial.name;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const patch = statusPatch(pipeline, desiredFor(pipeline), deps.clock.now());
    if (patch === undefined) return 'unchanged';
    if (deps.dryRun) {
      deps.log.info('dry run: would patch status', { pipeline: name, patch: JSON.stringify(patch) });
      return 'dry-run';
    }
    if (deps.budget.expired()) {
      deps.log.error('status not written: the run is out of time', { pipeline: name });
      return 'failed';
    }
    try {
      await deps.api.patchPipelineStatus(name, patch);
      return 'written';
    } catch (e) {
      const failure = asFailure(e);
      if (failure.kind === 'notFound') {
        deps.log.info('MetricPipeline was deleted meanwhile; no status to write', { pipeline: name });
        return 'gone';
      }
      const last = attempt === MAX_WRITE_ATTEMPTS;
      if (failure.kind === 'conflict' && !last) {
        deps.log.info('status write conflicted; reading the MetricPipeline again', { pipeline: name, attempt });
        try {
          pipeline = await deps.api.getPipeline(name);
          continue;
        } catch (g) {
          const read = asFailure(g);
          if (read.kind === 'notFound') return 'gone';
          deps.log.error('status not written: the MetricPipeline could not be read again', { pipeline: name, error: read.message });
          return 'failed';
        }
      }
      if (failure.transient && !last) {
        deps.log.warn('status write failed; retrying', { pipeline: name, attempt, error: failure.message });
        await deps.clock.sleep(Math.min(BACKOFF_MS * attempt, deps.budget.waitableMs()));
        continue;
      }
      deps.log.error('status not written', { pipeline: name, attempt, error: failure.message });
      return 'failed';
    }
  }
  return 'failed';
}
