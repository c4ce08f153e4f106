/**
 * ConfigurationGenerated, from what the function recorded when it rendered: the outcome annotation on the
 * gateway ConfigMap (src/contract/outcome-annotation.ts). The job cannot re-run the validation (it has
 * neither the Secrets' values nor the function), so the record is the truth, with one exception: a
 * certificate recorded as about to expire is reported as expired once its recorded expiry has passed,
 * because nothing re-renders the package on that day.
 */
import { hasExpired } from '../../contract/certificate-expiry';
import { decodeOutcomes, OUTCOME_ANNOTATION, type PipelineOutcome } from '../../contract/outcome-annotation';
import { CONFIGURATION } from './messages';
import { clipMessage, type ConditionValue } from './types';

/** What the job found where the gateway's ConfigMap should be. */
export type GatewayConfig =
  | { kind: 'found'; outcomes: ReadonlyMap<string, PipelineOutcome> }
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'error'; detail: string };

/** Reads the outcome annotation of an existing ConfigMap, in any format version this job knows. */
export function gatewayConfigFrom(annotations: Readonly<Record<string, string>>): GatewayConfig {
  const decoded = decodeOutcomes(annotations[OUTCOME_ANNOTATION]);
  return decoded.ok ? { kind: 'found', outcomes: decoded.outcomes } : { kind: 'unreadable', detail: decoded.detail };
}

export interface ConfigurationVerdict {
  condition: ConditionValue;
  /** Whether the pipeline is in the rendered configuration; undefined when that cannot be known. */
  rendered: boolean | undefined;
}

export function configurationOf(config: GatewayConfig, pipeline: string, namespace: string, now: Date): ConfigurationVerdict {
  switch (config.kind) {
    case 'missing':
      return { condition: CONFIGURATION.missing(namespace), rendered: false };
    case 'unreadable':
      return { condition: CONFIGURATION.unreadable(namespace, config.detail), rendered: undefined };
    case 'error':
      return { condition: CONFIGURATION.probingFailed(namespace, config.detail), rendered: undefined };
    case 'found': {
      const outcome = config.outcomes.get(pipeline);
      if (outcome === undefined) return { condition: CONFIGURATION.notRendered(), rendered: false };
      if (outcome.expiry !== undefined && hasExpired(outcome.expiry, now)) {
        return { condition: CONFIGURATION.expired(outcome.expiry), rendered: outcome.rendered };
      }
      return {
        condition: { status: outcome.rendered ? 'True' : 'False', reason: outcome.reason, message: clipMessage(outcome.message) },
        rendered: outcome.rendered,
      };
    }
  }
}
