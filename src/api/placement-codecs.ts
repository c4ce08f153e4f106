/**
 * Codecs of the placement and environment settings (nodeSelector, tolerations, affinity, topology spread,
 * extra env vars), per component. They check the shape the function relies on and what a user gets wrong
 * most; the full core/v1 rules (label selector syntax, affinity terms) are the API server's, and the tests
 * dry-run a render with every one of these settings against the real one (test/peers/apiserver.test.ts).
 */
import * as t from 'io-ts';
import { ENV, RESERVED_ENV_PREFIXES } from '../constants';
import { joinPath, type DecodeProblem } from './decode';
import { Int, oneOf, refined, type Rule } from './setting-codecs';

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** A map whose keys are all in `keys`, each a map (the API server checks what is inside). */
function mapOf(name: string, keys: readonly string[]) {
  const message = `must be a map with only ${keys.join(', ')}, each a map`;
  return new t.Type<Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>, unknown>(
    name,
    (u): u is Record<string, Record<string, unknown>> => isRecord(u) && Object.entries(u).every(([k, v]) => keys.includes(k) && isRecord(v)),
    (u, c) => (isRecord(u) && Object.entries(u).every(([k, v]) => keys.includes(k) && isRecord(v)) ? t.success(u as Record<string, Record<string, unknown>>) : t.failure(u, c, message)),
    t.identity,
  );
}

const NonEmpty = refined(t.string, 'non-empty string', (s) => s !== '', 'must be a non-empty string');

/** core/v1 Affinity: nodeAffinity, podAffinity, podAntiAffinity. */
export const Affinity = mapOf('affinity', ['nodeAffinity', 'podAffinity', 'podAntiAffinity']);

/** core/v1 TopologySpreadConstraint; without labelSelector the function fills in the component's pod selector. */
export const TopologySpreadConstraint = t.intersection([
  t.type({ maxSkew: Int(1), topologyKey: NonEmpty, whenUnsatisfiable: oneOf(['DoNotSchedule', 'ScheduleAnyway'] as const, 'whenUnsatisfiable') }),
  t.partial({
    labelSelector: mapOf('labelSelector', ['matchLabels', 'matchExpressions']),
    minDomains: Int(1),
    nodeAffinityPolicy: oneOf(['Honor', 'Ignore'] as const, 'nodeAffinityPolicy'),
    nodeTaintsPolicy: oneOf(['Honor', 'Ignore'] as const, 'nodeTaintsPolicy'),
    matchLabelKeys: t.array(t.string),
  }),
]);
export type TopologySpreadConstraint = t.TypeOf<typeof TopologySpreadConstraint>;

const KeyRef = t.intersection([t.type({ name: NonEmpty, key: NonEmpty }), t.partial({ optional: t.boolean })]);
const EnvVarSource = t.partial({
  secretKeyRef: KeyRef,
  configMapKeyRef: KeyRef,
  fieldRef: t.intersection([t.type({ fieldPath: NonEmpty }), t.partial({ apiVersion: t.string })]),
  resourceFieldRef: t.intersection([t.type({ resource: NonEmpty }), t.partial({ containerName: t.string, divisor: t.string })]),
});

/** The classic C-identifier-like rule: accepted by every Kubernetes release and by the collector's ${env:…}. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EnvName = refined(t.string, 'env name', (s) => ENV_NAME.test(s), 'must be an environment variable name (letters, digits and _, not starting with a digit)');

/** core/v1 EnvVar: a literal value or one valueFrom source. */
export const EnvVar = t.intersection([t.type({ name: EnvName }), t.partial({ value: t.string, valueFrom: EnvVarSource })]);
export type EnvVar = t.TypeOf<typeof EnvVar>;

const FUNCTION_ENV: readonly string[] = Object.values(ENV);

/**
 * One source per variable, and no variable the function sets itself: an extra variable of the same name
 * would shadow the pod's IP or a credential from the merged Secret (env wins over envFrom).
 */
export const extraEnvRules: Rule<EnvVar[]> = (vars, base) => {
  const seen = new Set<string>();
  return vars.flatMap((v, i) => {
    const path = joinPath(base, i);
    const problems: DecodeProblem[] = [];
    if (v.value !== undefined && v.valueFrom !== undefined) problems.push({ path, message: 'must have value or valueFrom, not both' });
    if (v.valueFrom !== undefined && Object.keys(v.valueFrom).length !== 1) {
      problems.push({ path: joinPath(path, 'valueFrom'), message: 'must have exactly one of secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef' });
    }
    const prefix = RESERVED_ENV_PREFIXES.find((p) => v.name.startsWith(p));
    if (FUNCTION_ENV.includes(v.name) || prefix !== undefined) {
      const why = prefix === undefined ? 'the function sets it' : `names starting with ${prefix} carry the pipelines' credentials`;
      problems.push({ path: joinPath(path, 'name'), message: `${v.name} is reserved: ${why}` });
    }
    if (seen.has(v.name)) problems.push({ path: joinPath(path, 'name'), message: `${v.name} is listed twice` });
    seen.add(v.name);
    return problems;
  });
};
