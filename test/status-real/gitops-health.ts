/**
 * What Argo CD and Flux make of a MetricPipeline that the real API server returns, with the checks the README
 * ships, read from where the README points (not copied here):
 *
 * - Argo CD: health/argocd/.../health.lua run by .peers/bin/lua-health, gopher-lua set up as Argo CD sets up a
 *   check configured in argocd-cm (test/peers/lua-health), on the object as `kubectl get -o json` returns it.
 * - Flux: the `healthCheckExprs` of the README's Flux paragraph, evaluated by the API server's own CEL (cel-go is
 *   not built here; the API server links it): one ValidatingAdmissionPolicy per expression, matched only by a
 *   probe annotation and denying when the expression is true, and a server-side dry-run annotation of the
 *   pipeline, so that the API server evaluates the expression on the object it stores, status included.
 *   Flux binds the object's top-level fields (apiVersion, kind, metadata, spec, status) as variables, an
 *   admission policy binds the object as `object`: those identifiers get the prefix `object.`, nothing else in
 *   the expression changes. Around the expressions, Flux's order (fluxcd/pkg runtime/cel StatusEvaluator):
 *   InProgress when status.observedGeneration differs from metadata.generation, else Failed if `failed` is
 *   true, else Current if `current` is true, else InProgress; an evaluation error is Unknown (kstatus).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SCRIPT } from '../health/cases';
import { waitFor } from '../flow/support';
import { peerPath, type ControlPlane } from '../support/peers';
import { REPO_ROOT } from '../support/run-fn';
import type { Pipeline } from './support';

export interface ArgoHealth {
  status: string;
  message?: string;
}

export function argoHealth(object: Pipeline): ArgoHealth {
  const r = spawnSync(peerPath('lua-health'), [SCRIPT], { input: JSON.stringify(object), encoding: 'utf8', timeout: 30_000 });
  expect(r.status, `lua-health: ${r.stderr}`).to.equal(0);
  return JSON.parse(r.stdout) as ArgoHealth;
}

type Expressions = { current: string; failed: string };

/** The README's healthCheckExprs entry for MetricPipeline. */
export function readmeFluxExpressions(): Expressions {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(healthCheckExprs:[\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```yaml block with healthCheckExprs');
  const entries = (parse(block) as { healthCheckExprs: (Expressions & { kind: string })[] }).healthCheckExprs;
  const entry = entries.find((e) => e.kind === 'MetricPipeline');
  if (entry === undefined) throw new Error('README.md healthCheckExprs has no MetricPipeline entry');
  return { current: entry.current, failed: entry.failed };
}

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/** Flux's top-level variables as fields of the admission policy's `object`; string literals are left alone. */
export function asAdmissionExpression(expr: string): string {
  let out = '';
  for (let i = 0; i < expr.length; ) {
    const ch = expr[i] as string;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== ch) j += expr[j] === '\\' ? 2 : 1;
      out += expr.slice(i, j + 1);
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i))?.[0] as string;
      const before = out.trimEnd().slice(-1);
      out += TOP_LEVEL.has(word) && before !== '.' && before !== '?' ? `object.${word}` : word;
      i += word.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const PROBE = 'metricpipeline-fn.test/cel-probe';
const WHICH = ['current', 'failed'] as const;

function policy(which: string, expression: string): object[] {
  const name = `flux-health-${which}`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['telemetry.kyma-project.io'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['metricpipelines'] }] },
        // Only the test's probe: the job's and everyone else's writes pass untouched.
        matchConditions: [{ name: 'probe', expression: `has(object.metadata.annotations) && object.metadata.annotations[?'${PROBE}'].orValue('') == '${which}'` }],
        validations: [{ expression: `!(${expression})`, message: 'the expression is true' }],
      },
    },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name, validationActions: ['Deny'] } },
  ];
}

/** true / false as the API server evaluated it, or the evaluation error. */
type Value = boolean | { error: string };

function probe(cp: ControlPlane, name: string, which: string): Value {
  try {
    cp.kubectl(['annotate', '--dry-run=server', '--overwrite', `metricpipeline/${name}`, `${PROBE}=${which}`]);
    return false;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (text.includes('the expression is true')) return true;
    const error = /resulted in error: (.*)/.exec(text)?.[1];
    if (error !== undefined) return { error: error.trim() };
    throw e;
  }
}

export interface FluxHealth {
  status: 'Current' | 'Failed' | 'InProgress' | 'Unknown';
  current?: Value;
  failed?: Value;
}

/**
 * Installs the policies; resolves once the API server applies both, seen on `unjudged`, a pipeline that has
 * no status yet (the README's expressions then have no `status` to select from).
 */
export async function installFluxHealth(cp: ControlPlane, unjudged: string): Promise<void> {
  const exprs = readmeFluxExpressions();
  cp.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: WHICH.flatMap((w) => policy(w, asAdmissionExpression(exprs[w]))) }));
  await waitFor('the Flux health policies to take effect', () => (WHICH.every((w) => probe(cp, unjudged, w) !== false) ? true : undefined), 30_000);
}

export function fluxHealth(cp: ControlPlane, object: Pipeline): FluxHealth {
  const observed = object.status?.observedGeneration;
  if (observed !== undefined && observed !== object.metadata.generation) return { status: 'InProgress' };
  const failed = probe(cp, object.metadata.name, 'failed');
  if (typeof failed !== 'boolean') return { status: 'Unknown', failed };
  if (failed) return { status: 'Failed', failed };
  const current = probe(cp, object.metadata.name, 'current');
  if (typeof current !== 'boolean') return { status: 'Unknown', failed, current };
  return { status: current ? 'Current' : 'InProgress', failed, current };
}
