/**
 * ConfigurationGenerated, from what the function recorded when it rendered: the gateway ConfigMap's annotation
 * `fn.metricpipeline.dev/pipelines` = JSON `{<pipeline>: {rendered, reason, message}}` (src/render/render.ts).
 * The job cannot re-run the validation (it has neither the Secrets' values nor the function), so the record
 * is the truth, with one exception: a certificate recorded as "about to expire" is reported as expired once
 * the recorded date has passed, because nothing re-renders the package on that day.
 */
import { ANNOTATIONS } from '../constants';
import { CONFIGURATION, type ConditionValue } from './conditions';

export interface RecordedOutcome {
  rendered: boolean;
  reason: string;
  message: string;
}

/** What the job found where the gateway's ConfigMap should be. */
export type GatewayConfig =
  | { kind: 'found'; outcomes: ReadonlyMap<string, RecordedOutcome> }
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'error'; detail: string };

/** The API server rejects a condition whose reason does not look like this (metav1.Condition). */
export const REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
/** metav1.Condition's limit on messages. */
export const MAX_MESSAGE_LENGTH = 32768;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the annotation of an existing ConfigMap. */
export function gatewayConfigFrom(annotations: Readonly<Record<string, string>>): GatewayConfig {
  const text = annotations[ANNOTATIONS.pipelineStatus];
  if (text === undefined) return { kind: 'unreadable', detail: `annotation ${ANNOTATIONS.pipelineStatus} is missing` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', detail: `annotation ${ANNOTATIONS.pipelineStatus} is not JSON` };
  }
  if (!isRecord(parsed)) return { kind: 'unreadable', detail: `annotation ${ANNOTATIONS.pipelineStatus} is not a JSON object` };
  const outcomes = new Map<string, RecordedOutcome>();
  for (const [name, value] of Object.entries(parsed)) {
    const ok =
      isRecord(value) &&
      typeof value['rendered'] === 'boolean' &&
      typeof value['reason'] === 'string' &&
      REASON_PATTERN.test(value['reason']) &&
      typeof value['message'] === 'string';
    if (!ok) return { kind: 'unreadable', detail: `the entry of pipeline ${JSON.stringify(name)} is not {rendered, reason, message}` };
    outcomes.set(name, { rendered: value['rendered'] as boolean, reason: value['reason'] as string, message: value['message'] as string });
  }
  return { kind: 'found', outcomes };
}

/** The function's wording (src/validate/tls.ts); the date is the last day the certificate is valid. */
const ABOUT_TO_EXPIRE = /^(TLS (?:CA )?certificate) is about to expire, configured certificate is valid until (\d{4}-\d{2}-\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function recheckExpiry(outcome: RecordedOutcome, now: Date): ConditionValue | undefined {
  if (outcome.reason !== 'TLSCertificateAboutToExpire') return undefined;
  const match = ABOUT_TO_EXPIRE.exec(outcome.message);
  if (match === null) return undefined;
  const lastDay = Date.parse(`${match[2] as string}T00:00:00Z`);
  // Only the day is recorded: the certificate certainly expired once that whole day is over.
  if (Number.isNaN(lastDay) || now.getTime() < lastDay + DAY_MS) return undefined;
  return CONFIGURATION.expired(match[1] as string, match[2] as string);
}

export function clipMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
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
      const expired = recheckExpiry(outcome, now);
      if (expired !== undefined) return { condition: expired, rendered: outcome.rendered };
      return {
        condition: { status: outcome.rendered ? 'True' : 'False', reason: outcome.reason, message: clipMessage(outcome.message) },
        rendered: outcome.rendered,
      };
    }
  }
}
