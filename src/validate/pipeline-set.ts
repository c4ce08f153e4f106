/**
 * Rules no single MetricPipeline can break on its own: unique names, the pipeline count limit, and
 * environment-variable names, which must be unique across the merged gateway Secret (two values
 * written to one key would silently send one pipeline's credential to another backend).
 *
 * Pipelines are taken in name order (input order among equal names) and a finding always goes to the
 * later of two pipelines, so the earlier one keeps rendering. The count limit counts every pipeline,
 * valid or not, so admission depends on names alone: counting only valid ones would let a fix to one
 * pipeline (or a Secret, or the clock) push another pipeline out of the gateway. Kyma admits in
 * lock-acquisition order, which has no equivalent in a renderer; name order is the stable stand-in.
 */
import type { Settings } from '../api/function-config';
import type { MetricPipeline } from '../api/model';
import { clip } from '../core/clip';
import { error, type Finding } from '../core/finding';
import { sortedByName } from '../core/order';
import { envSuffix, pipelineEnvNames } from '../plan/env-vars';

export const MAX_PIPELINES_MESSAGE = 'Maximum pipeline count limit exceeded';

interface EnvUse {
  pipeline: MetricPipeline;
  /** What uses the variable, for messages: `endpoint`, `header 'X-Foo'`. */
  what: string;
  field: string;
}

function duplicates(sorted: MetricPipeline[]): { unique: MetricPipeline[]; findings: Finding[] } {
  const first = new Map<string, MetricPipeline>();
  const findings: Finding[] = [];
  for (const p of sorted) {
    if (p.name === '') continue;
    const earlier = first.get(p.name);
    if (earlier === undefined) {
      first.set(p.name, p);
      continue;
    }
    const message = `Duplicate MetricPipeline name: an earlier MetricPipeline (${earlier.ref.apiVersion}) has the same name; only one object per name can exist`;
    findings.push(error('InputInvalid', message, p.ref, 'metadata.name'));
  }
  return { unique: [...first.values()], findings };
}

function overLimit(unique: MetricPipeline[], max: number): Finding[] {
  if (max === 0) return [];
  return unique.slice(max).map((p) => error('MaxPipelinesExceeded', MAX_PIPELINES_MESSAGE, p.ref));
}

/** The variables the plan builder writes for one pipeline (src/plan/build-plan.ts). */
function envUses(p: MetricPipeline): [string, EnvUse][] {
  const names = pipelineEnvNames(p.name);
  const out = p.output;
  const base = 'spec.output.otlp';
  const use = (v: string, what: string, field: string): [string, EnvUse] => [v, { pipeline: p, what, field }];
  const uses = [use(names.endpoint, 'endpoint', `${base}.endpoint`)];
  if (out.basic) {
    // The header when the function has both values, the user and password otherwise (basicauth extension).
    for (const name of [names.basicAuthHeader, names.basicAuthUser, names.basicAuthPassword]) uses.push(use(name, 'basic authentication', `${base}.authentication.basic`));
  }
  out.headers.forEach((h, i) => uses.push(use(names.header(h.name), `header '${clip(h.name)}'`, `${base}.headers[${i}].name`)));
  if (out.tls?.ca) uses.push(use(names.tlsCa, 'TLS CA', `${base}.tls.ca`));
  if (out.tls?.cert && out.tls.key) {
    uses.push(use(names.tlsCert, 'TLS certificate', `${base}.tls.cert`), use(names.tlsKey, 'TLS key', `${base}.tls.key`));
  }
  if (out.oauth2) {
    uses.push(use(names.oauth2TokenUrl, 'OAuth2 tokenURL', `${base}.authentication.oauth2.tokenURL`));
    uses.push(use(names.oauth2ClientId, 'OAuth2 clientID', `${base}.authentication.oauth2.clientID`));
    uses.push(use(names.oauth2ClientSecret, 'OAuth2 clientSecret', `${base}.authentication.oauth2.clientSecret`));
  }
  return uses;
}

function envCollisions(unique: MetricPipeline[]): Finding[] {
  const findings: Finding[] = [];
  const bySuffix = new Map<string, MetricPipeline>();
  const byVar = new Map<string, EnvUse>();
  for (const p of unique) {
    const suffix = envSuffix(p.name);
    const earlier = bySuffix.get(suffix);
    if (earlier) {
      const message = `MetricPipeline names '${earlier.name}' and '${p.name}' map to the same environment-variable suffix ${suffix}; rename one of them`;
      findings.push(error('InputInvalid', message, p.ref, 'metadata.name'));
      continue;
    }
    bySuffix.set(suffix, p);
    for (const [envVar, use] of envUses(p)) {
      const other = byVar.get(envVar);
      if (!other) {
        byVar.set(envVar, use);
        continue;
      }
      const same = other.pipeline === p;
      const owner = same ? '' : ` of MetricPipeline '${other.pipeline.name}'`;
      const message = `${use.what} maps to the same environment variable ${envVar} as ${other.what}${owner}; rename one of them`;
      findings.push(error(same ? 'SpecInvalid' : 'InputInvalid', capitalize(message), p.ref, use.field));
    }
  }
  return findings;
}

/** Basic authentication is rendered as an `Authorization` header; a second one would replace it. */
function authorizationConflicts(unique: MetricPipeline[]): Finding[] {
  const findings: Finding[] = [];
  for (const p of unique) {
    if (!p.output.basic) continue;
    p.output.headers.forEach((h, i) => {
      if (h.name.toLowerCase() !== 'authorization') return;
      const message = `Header '${clip(h.name)}' conflicts with basic authentication, which sets the Authorization header; remove one of them`;
      findings.push(error('SpecInvalid', message, p.ref, `spec.output.otlp.headers[${i}].name`));
    });
  }
  return findings;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function validatePipelineSet(pipelines: MetricPipeline[], settings: Settings): Finding[] {
  const { unique, findings } = duplicates(sortedByName(pipelines));
  return [
    ...findings,
    ...overLimit(unique, settings.maxPipelines),
    ...envCollisions(unique),
    ...authorizationConflicts(unique),
  ];
}
