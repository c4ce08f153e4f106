/**
 * What the function did with each MetricPipeline, recorded on the gateway ConfigMap as the annotation
 * `fn.metricpipeline.dev/pipelines` (ANNOTATIONS.pipelineStatus) and read by the status job for the
 * ConfigurationGenerated condition: the job cannot re-run the validation (it has neither the function nor the
 * Secrets' values), so the record is the truth. Encoder and decoder live here together.
 *
 * Format version 2 (current), canonical JSON with the pipelines sorted by name:
 *   {"version":2,"pipelines":{"<name>":{"rendered":true,"reason":"…","message":"…",
 *                                       "expiry":{"certificate":"cert|ca","expiresAt":"<RFC 3339>"}}}}
 * `expiry` only with reason TLSCertificateAboutToExpire.
 *
 * Without a version (functions before version 2): `{"<name>": {"rendered", "reason", "message"}}`. The status job
 * may read a ConfigMap rendered by an older function, so this still decodes; the expiry is then read back
 * from the message (certificate-expiry.ts). A higher version than this code knows is reported as unreadable,
 * with the hint to update the status image. Fields a decoder does not know are ignored, so a later version 2
 * function may add optional fields.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { ANNOTATIONS } from '../constants';
import { expiryFromLegacyMessage, type CertificateExpiry } from './certificate-expiry';

export const OUTCOME_ANNOTATION = ANNOTATIONS.pipelineStatus;
export const OUTCOME_FORMAT_VERSION = 2;

export const ABOUT_TO_EXPIRE_REASON = 'TLSCertificateAboutToExpire';

export interface PipelineOutcome {
  /** True when the pipeline is part of the rendered configuration. */
  rendered: boolean;
  /** Kyma's ConfigurationGenerated reason, e.g. GatewayConfigured, EndpointInvalid. */
  reason: string;
  message: string;
  /** With reason TLSCertificateAboutToExpire: which certificate, and when it expires. */
  expiry?: CertificateExpiry;
}

/** The API server rejects a condition whose reason does not look like this (metav1.Condition). */
export const CONDITION_REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

const ConditionReason = new t.Type<string, string, unknown>(
  'ConditionReason',
  (u): u is string => typeof u === 'string' && CONDITION_REASON_PATTERN.test(u),
  (u, c) => (typeof u === 'string' && CONDITION_REASON_PATTERN.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** RFC 3339 with a zone, as Date.toISOString and Kubernetes write it; whole seconds are written without `.000`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const DateTime = new t.Type<Date, string, unknown>(
  'DateTime',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) => {
    if (typeof u !== 'string' || !RFC3339.test(u)) return t.failure(u, c);
    const date = new Date(u);
    return Number.isNaN(date.getTime()) ? t.failure(u, c) : t.success(date);
  },
  (date) => date.toISOString().replace(/\.000Z$/, 'Z'),
);

const CertificateExpiryCodec = t.type({ certificate: t.keyof({ cert: null, ca: null }), expiresAt: DateTime });

const OutcomeV2 = t.intersection([
  t.type({ rendered: t.boolean, reason: ConditionReason, message: t.string }),
  t.partial({ expiry: CertificateExpiryCodec }),
]);

const LegacyOutcome = t.type({ rendered: t.boolean, reason: ConditionReason, message: t.string });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The annotation's value: version 2, canonical (same outcomes, same text), keys in a fixed order. */
export function encodeOutcomes(outcomes: Readonly<Record<string, PipelineOutcome>>): string {
  const pipelines = Object.fromEntries(
    Object.keys(outcomes)
      .sort(byName)
      .map((name) => {
        const o = outcomes[name] as PipelineOutcome;
        const entry: t.OutputOf<typeof OutcomeV2> = { rendered: o.rendered, reason: o.reason, message: o.message };
        if (o.expiry !== undefined) entry.expiry = CertificateExpiryCodec.encode(o.expiry);
        return [name, entry];
      }),
  );
  return JSON.stringify({ version: OUTCOME_FORMAT_VERSION, pipelines });
}

export type DecodedOutcomes =
  | { ok: true; version: 1 | typeof OUTCOME_FORMAT_VERSION; outcomes: ReadonlyMap<string, PipelineOutcome> }
  | { ok: false; detail: string };

function entries<A>(pipelines: Record<string, unknown>, codec: t.Decoder<unknown, A>, shape: string): { map: Map<string, A> } | { detail: string } {
  const map = new Map<string, A>();
  for (const [name, value] of Object.entries(pipelines)) {
    const decoded = codec.decode(value);
    if (isLeft(decoded)) return { detail: `the entry of pipeline ${JSON.stringify(name)} is not ${shape}` };
    map.set(name, decoded.right);
  }
  return { map };
}

function legacy(outcome: t.TypeOf<typeof LegacyOutcome>): PipelineOutcome {
  const expiry = outcome.reason === ABOUT_TO_EXPIRE_REASON ? expiryFromLegacyMessage(outcome.message) : undefined;
  return { rendered: outcome.rendered, reason: outcome.reason, message: outcome.message, ...(expiry === undefined ? {} : { expiry }) };
}

/** `text` is the annotation's value, undefined when the ConfigMap has no such annotation. */
export function decodeOutcomes(text: string | undefined): DecodedOutcomes {
  const name = `annotation ${OUTCOME_ANNOTATION}`;
  if (text === undefined) return { ok: false, detail: `${name} is missing` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, detail: `${name} is not JSON` };
  }
  if (!isRecord(parsed)) return { ok: false, detail: `${name} is not a JSON object` };
  // A legacy map may hold a pipeline named "version", but its value is an object, never a number.
  const version = parsed['version'];
  if (typeof version !== 'number') {
    const read = entries(parsed, LegacyOutcome, '{rendered, reason, message}');
    return 'detail' in read ? { ok: false, detail: read.detail } : { ok: true, version: 1, outcomes: new Map([...read.map].map(([n, o]) => [n, legacy(o)])) };
  }
  if (version !== OUTCOME_FORMAT_VERSION) {
    return {
      ok: false,
      detail: `${name} has format version ${version}, this status job reads up to version ${OUTCOME_FORMAT_VERSION}: run the status image of the function that rendered it`,
    };
  }
  const pipelines = parsed['pipelines'];
  if (!isRecord(pipelines)) return { ok: false, detail: `${name} has no "pipelines" object` };
  const read = entries(pipelines, OutcomeV2, '{rendered, reason, message[, expiry]}');
  if ('detail' in read) return { ok: false, detail: read.detail };
  const outcomes = new Map<string, PipelineOutcome>();
  for (const [n, o] of read.map) {
    outcomes.set(n, { rendered: o.rendered, reason: o.reason, message: o.message, ...(o.expiry === undefined ? {} : { expiry: o.expiry }) });
  }
  return { ok: true, version: OUTCOME_FORMAT_VERSION, outcomes };
}
