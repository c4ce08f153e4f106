/**
 * The codecs of the functionConfig keys (function-config.ts lists the keys): each refines a plain io-ts
 * type with a check and says in its message what a valid value looks like. Then the rules across the
 * fields of one decoded value, which a codec cannot express.
 */
import * as t from 'io-ts';
import { joinPath, type DecodeProblem } from './decode';
import { isQuantity, quantityValue } from './quantity';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function refined<A>(base: t.Type<A, A, unknown>, name: string, ok: (a: A) => boolean, message: string) {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && ok(u),
    (u, c) => {
      const r = base.validate(u, c);
      if (r._tag === 'Left') return r;
      return ok(r.right) ? r : t.failure(u, c, message);
    },
    t.identity,
  );
}

/** One of `values`; the message lists them unless `message` says it otherwise. */
export function oneOf<L extends string>(values: readonly L[], name: string, message = `must be one of ${values.map((v) => `"${v}"`).join(', ')}`) {
  return refined(t.string, name, (s) => (values as readonly string[]).includes(s), message) as unknown as t.Type<L, L, unknown>;
}

/**
 * A CronJob schedule as the CronJob controller parses it: five fields (minute hour day month weekday, with
 * `*`, lists, ranges, steps, names) or a predefined @-schedule. A timezone prefix belongs in spec.timeZone.
 */
function isCronSchedule(s: string): boolean {
  const text = s.trim();
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(text)) return true;
  const fields = text.split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9A-Za-z*?/,-]+$/.test(f));
}

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A duration both the Go collector (kubelet_stats, k8s_cluster) and Prometheus (scrape_interval) parse the same
 * way: whole hours, minutes, seconds and milliseconds in that order, e.g. 30s, 1m30s. Go's fractions (1.5m)
 * and Prometheus' days and weeks are left out because the other side rejects them.
 */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
const MIN_COLLECTION_INTERVAL_MS = 1000;

/** Milliseconds of a DURATION string; undefined when it does not parse. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === '') return undefined;
  const [h, m, s, ms] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

export const Int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  refined(t.number, 'integer', (n) => Number.isInteger(n) && n >= min && n <= max, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`);
const Integer = refined(t.number, 'integer', (n) => Number.isInteger(n), 'must be an integer');

export const DnsLabel = refined(t.string, 'DNS label', (s) => s.length <= 63 && DNS_LABEL.test(s), 'must be a DNS label (lowercase letters, digits and -, at most 63 characters)');
export const DnsSubdomain = refined(t.string, 'DNS subdomain', (s) => s.length <= 253 && DNS_SUBDOMAIN.test(s), 'must be a DNS subdomain name');
export const ImageReference = refined(t.string, 'image', (s) => s.trim() !== '' && !/\s/.test(s), 'must be an image reference');
export const StringMap = t.record(t.string, t.string);
export const InvalidPipelines = oneOf(['fail', 'skip'] as const, 'fail|skip', 'must be "fail" or "skip"');
export const CredentialsMode = oneOf(['copy', 'reference'] as const, 'copy|reference', 'must be "copy" or "reference"');
export const CollectionInterval = refined(
  t.string,
  'duration',
  (s) => (durationMs(s) ?? 0) >= MIN_COLLECTION_INTERVAL_MS,
  'must be a duration of at least 1s such as 30s or 1m30s (units h, m, s, ms)',
);
export const CronSchedule = refined(t.string, 'cron schedule', isCronSchedule, 'must be a cron schedule such as "* * * * *" (5 fields) or @hourly');
export const HttpUrl = refined(t.string, 'URL', isHttpUrl, 'must be an http:// or https:// URL such as http://prometheus.monitoring:9090');

const Quantity = refined(t.string, 'quantity', isQuantity, 'must be a Kubernetes quantity such as 100m or 512Mi');
const ResourceList = t.partial({ cpu: Quantity, memory: Quantity });
export const Resources = t.partial({ requests: ResourceList, limits: ResourceList });

const LabelKey = refined(t.string, 'label key', (s) => s !== '' && s.length <= 317, 'must be a non-empty label key');
/** Kyma's Telemetry `spec.enrichments.extractPodLabels` item: one label by key, or every label with a prefix. */
export const PodLabelSelector = t.union([t.strict({ key: LabelKey }), t.strict({ keyPrefix: LabelKey })]);
export type PodLabelSelector = t.TypeOf<typeof PodLabelSelector>;

export const Autoscaling = t.intersection([
  t.type({ minReplicas: Int(1), maxReplicas: Int(1) }),
  t.partial({ targetCPUUtilizationPercentage: Int(1, 100) }),
]);

/** A pod toleration (core/v1 Toleration); the rules between its fields are tolerationRules. */
export const Toleration = t.partial({
  key: t.string,
  operator: oneOf(['Exists', 'Equal'] as const, 'toleration operator'),
  value: t.string,
  effect: oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const, 'taint effect'),
  tolerationSeconds: Integer,
});

/** A check across the fields of one decoded value; `path` is the key's own path. */
export type Rule<A> = (value: A, path: string) => DecodeProblem[];

export type Toleration = t.TypeOf<typeof Toleration>;
export type ResourceRequirements = t.TypeOf<typeof Resources>;

/** The rules between toleration fields that the API server enforces (core/v1 validation). */
export const tolerationRules: Rule<Toleration[]> = (tolerations, base) =>
  tolerations.flatMap((toleration, i) => {
    const path = joinPath(base, i);
    const problems: DecodeProblem[] = [];
    const operator = toleration.operator ?? 'Equal';
    if ((toleration.key ?? '') === '' && operator !== 'Exists') {
      problems.push({ path, message: 'operator must be Exists when key is empty (which matches every taint)' });
    }
    if (operator === 'Exists' && (toleration.value ?? '') !== '') problems.push({ path, message: 'value must be empty when operator is Exists' });
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      problems.push({ path, message: 'tolerationSeconds needs effect NoExecute' });
    }
    return problems;
  });

/** The API server rejects a container whose request exceeds its limit; say so at render time instead. */
export const requestNotAboveLimit: Rule<ResourceRequirements> = (resources, path) =>
  (['cpu', 'memory'] as const).flatMap((resource) => {
    const request = resources.requests?.[resource];
    const limit = resources.limits?.[resource];
    if (request === undefined || limit === undefined || !(quantityValue(request) > quantityValue(limit))) return [];
    return [{ path: joinPath(joinPath(path, 'requests'), resource), message: `${request} must not exceed limits.${resource} ${limit}` }];
  });

export const minNotAboveMax: Rule<t.TypeOf<typeof Autoscaling>> = (autoscaling, path) =>
  autoscaling.minReplicas > autoscaling.maxReplicas ? [{ path, message: 'minReplicas must not exceed maxReplicas' }] : [];
