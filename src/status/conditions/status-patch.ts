/**
 * Pure assembly of one MetricPipeline's status: the verdicts become conditions (plus Ready), merged with
 * what the object already has, and turned into the merge patch the job sends, or none when nothing changed.
 *
 * - `lastTransitionTime` changes only when a condition's status flips (metav1.Condition semantics);
 * - conditions of other types (another writer's) are kept, after ours;
 * - every condition and `status.observedGeneration` carry the generation the job saw, so kstatus and Flux
 *   can tell a status about an older spec from a current one.
 */
import type { PipelineObject, StatusPatch } from '../cluster/kube-types';
import { readyOf } from './messages';
import { clipMessage, CONDITION_TYPES, OWNED_TYPES, type Condition, type ConditionValue, type TypedCondition } from './types';

export interface Verdicts {
  configuration: ConditionValue;
  gateway: ConditionValue;
  agent: ConditionValue;
  flow: ConditionValue;
}

/** The job's conditions in writing order, Ready last. */
export function desiredConditions(v: Verdicts): TypedCondition[] {
  const parts: TypedCondition[] = [
    { type: CONDITION_TYPES.configuration, ...v.configuration },
    { type: CONDITION_TYPES.gateway, ...v.gateway },
    { type: CONDITION_TYPES.agent, ...v.agent },
    { type: CONDITION_TYPES.flow, ...v.flow },
  ].map((c) => ({ ...c, message: clipMessage(c.message) }));
  return [...parts, { type: CONDITION_TYPES.ready, ...readyOf(parts) }];
}

/** metav1.Time: RFC 3339 in UTC with whole seconds. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function existingConditions(status: unknown): Record<string, unknown>[] {
  const conditions = isRecord(status) ? status['conditions'] : undefined;
  return Array.isArray(conditions) ? conditions.filter((c): c is Record<string, unknown> => isRecord(c) && typeof c['type'] === 'string') : [];
}

const SAME_FIELDS = ['status', 'reason', 'message', 'observedGeneration', 'lastTransitionTime'] as const;

/**
 * The patch that brings `pipeline`'s status to `desired`, or undefined when it already says exactly that.
 * A merge patch replaces the conditions list as a whole, so the patch carries the complete new list.
 */
export function statusPatch(pipeline: PipelineObject, desired: readonly TypedCondition[], now: Date): StatusPatch | undefined {
  const existing = existingConditions(pipeline.status);
  const byType = new Map(existing.map((c) => [c['type'] as string, c]));
  const transition = kubeTime(now);
  const ours: Condition[] = desired.map((d) => {
    const old = byType.get(d.type);
    const keep = old !== undefined && old['status'] === d.status && typeof old['lastTransitionTime'] === 'string';
    return {
      type: d.type,
      status: d.status,
      reason: d.reason,
      message: d.message,
      observedGeneration: pipeline.generation,
      lastTransitionTime: keep ? (old['lastTransitionTime'] as string) : transition,
    };
  });
  const others = existing.filter((c) => !OWNED_TYPES.includes(c['type'] as string));
  const conditions = [...ours, ...others];

  const status = isRecord(pipeline.status) ? pipeline.status : {};
  const unchanged =
    status['observedGeneration'] === pipeline.generation &&
    existing.length === conditions.length &&
    conditions.every((c, i) => {
      const old = existing[i] as Record<string, unknown>;
      return old['type'] === c['type'] && SAME_FIELDS.every((f) => old[f] === (c as Record<string, unknown>)[f]);
    });
  if (unchanged) return undefined;
  return { metadata: { resourceVersion: pipeline.resourceVersion }, status: { observedGeneration: pipeline.generation, conditions } };
}
