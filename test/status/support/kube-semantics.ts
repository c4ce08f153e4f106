/**
 * What the fake API server (fake-kube.ts) does the way a real one does: JSON merge patch, the status
 * schema of the MetricPipeline CRD (metav1.Condition), and equality label selectors.
 */

export type Obj = Record<string, unknown>;

function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const result: Obj = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What the CRD's status schema (metav1.Condition) enforces; a violation is a 422 from a real API server. */
export function statusProblems(status: unknown): string[] {
  if (!isRecord(status)) return ['status is not an object'];
  const problems: string[] = [];
  const known = new Set(['conditions', 'observedGeneration']);
  for (const key of Object.keys(status)) if (!known.has(key)) problems.push(`status.${key} is not in the schema`);
  if (status['observedGeneration'] !== undefined && !(Number.isInteger(status['observedGeneration']) && (status['observedGeneration'] as number) >= 0)) {
    problems.push('status.observedGeneration must be a non-negative integer');
  }
  const conditions = status['conditions'];
  if (conditions === undefined) return problems;
  if (!Array.isArray(conditions)) return [...problems, 'status.conditions is not a list'];
  conditions.forEach((c: unknown, i) => {
    const at = `status.conditions[${i}]`;
    if (!isRecord(c)) return void problems.push(`${at} is not an object`);
    for (const key of ['type', 'status', 'reason', 'message', 'lastTransitionTime']) if (typeof c[key] !== 'string') problems.push(`${at}.${key} is required`);
    if (!['True', 'False', 'Unknown'].includes(c['status'] as string)) problems.push(`${at}.status is not True, False or Unknown`);
    if (typeof c['reason'] === 'string' && !REASON.test(c['reason'])) problems.push(`${at}.reason ${JSON.stringify(c['reason'])} does not match the pattern`);
    if (typeof c['message'] === 'string' && c['message'].length > 32768) problems.push(`${at}.message is too long`);
    if (typeof c['lastTransitionTime'] === 'string' && !RFC3339.test(c['lastTransitionTime'])) problems.push(`${at}.lastTransitionTime is not RFC 3339`);
    if (c['observedGeneration'] !== undefined && !Number.isInteger(c['observedGeneration'])) problems.push(`${at}.observedGeneration must be an integer`);
    const extra = Object.keys(c).filter((k) => !['type', 'status', 'reason', 'message', 'lastTransitionTime', 'observedGeneration'].includes(k));
    if (extra.length > 0) problems.push(`${at} has unknown fields ${extra.join(', ')}`);
  });
  const types = conditions.filter(isRecord).map((c) => c['type']);
  if (new Set(types).size !== types.length) problems.push('status.conditions has duplicate types');
  return problems;
}

export function matchesSelector(labels: unknown, selector: string | undefined): boolean {
  if (selector === undefined || selector === '') return true;
  const have = isRecord(labels) ? labels : {};
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return k !== undefined && have[k] === v;
  });
}

