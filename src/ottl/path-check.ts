/**
 * Checks one path against the metric contexts (src/ottl/paths.ts): a context prefix is required
 * (context inference rejects bare paths with "missing context name"), the context must be one a
 * MetricPipeline can use, fields and sub-fields must exist and only maps may be indexed.
 */
import { clip } from '../core/clip';
import type { Key, PathValue, Value } from './ast';
import type { PathHint } from './infer';
import { CONTEXT_NAMES, FIELDS, FOREIGN_CONTEXTS, METRIC_CONTEXTS, type FieldSpec, type MetricContext } from './paths';
import { closest, didYouMean } from './suggest';

export interface PathSink {
  report(at: number, message: string): void;
  /** Checks a key expression (`attributes[datapoint.attributes["k"]]`). */
  value(v: Value): void;
}

/** `resource.attributes[...]`: keys are elided because their contents are values. */
export function displayPath(p: PathValue): string {
  const fields = p.fields.map((f) => f.name.text + '[...]'.repeat(f.keys.length));
  return clip([...(p.context ? [p.context.text] : []), ...fields].join('.'));
}

const EXAMPLE: Readonly<Record<MetricContext, string>> = {
  resource: 'resource.attributes["key"]',
  scope: 'scope.name',
  metric: 'metric.name',
  datapoint: 'datapoint.attributes["key"]',
};

/** Reports the path's problems; returns its inference hint when it is valid. */
export function checkPath(p: PathValue, sink: PathSink): PathHint | undefined {
  const first = p.fields[0];
  if (!first) return undefined;
  if (!p.context) {
    bare(p, first.name.text, sink);
    keys(first.keys, sink);
    return undefined;
  }
  const ctxName = p.context.text;
  const context = CONTEXT_NAMES[ctxName];
  if (!context) {
    unknownContext(p, ctxName, sink);
    return undefined;
  }
  const fields = FIELDS[context];
  const spec = fields[first.name.text];
  if (!spec) {
    sink.report(
      first.name.at,
      `unknown path "${displayPath(p)}": the ${context} context has no field "${clip(first.name.text)}"${didYouMean(first.name.text, Object.keys(fields))}`,
    );
    return undefined;
  }
  if (!fieldKeys(p, first.name.text, spec, first.keys, sink)) return undefined;
  let current: FieldSpec = spec;
  let parent = first.name.text;
  for (const f of p.fields.slice(1)) {
    const sub: FieldSpec | undefined = current.sub?.[f.name.text];
    if (!sub) {
      const asKey = current.indexable ? `; use ${ctxName}.${clip(parent)}["${clip(f.name.text)}"] for a map key` : '';
      const known = current.sub ? didYouMean(f.name.text, Object.keys(current.sub)) : '';
      sink.report(f.name.at, `unknown path "${displayPath(p)}": "${clip(parent)}" has no field "${clip(f.name.text)}"${known}${asKey}`);
      return undefined;
    }
    if (!fieldKeys(p, f.name.text, sub, f.keys, sink)) return undefined;
    current = sub;
    parent = f.name.text;
  }
  return { context, display: displayPath(p), at: p.at, cache: first.name.text === 'cache', legacy: ctxName === 'instrumentation_scope' };
}

function keys(list: readonly Key[], sink: PathSink): void {
  for (const k of list) if (k.kind === 'exprKey') sink.value(k.expr);
}

function fieldKeys(p: PathValue, name: string, spec: FieldSpec, list: readonly Key[], sink: PathSink): boolean {
  const key = list[0];
  if (key && !spec.indexable) {
    sink.report(key.at, `"${name}" in the path "${displayPath(p)}" cannot be indexed with [...]`);
    return false;
  }
  keys(list, sink);
  return true;
}

/** The contexts a bare path's field may belong to, most specific first. */
const SUGGESTION_ORDER: readonly MetricContext[] = ['datapoint', 'metric', 'resource', 'scope'];

/** A path without context prefix: rejected under context inference ("missing context name"). */
function bare(p: PathValue, field: string, sink: PathSink): void {
  const own = CONTEXT_NAMES[field];
  if (own) {
    sink.report(p.at, `path "${displayPath(p)}" is incomplete: name a field of the ${own} context, e.g. ${EXAMPLE[own]}`);
    return;
  }
  const options = SUGGESTION_ORDER.filter((c) => field !== 'cache' && FIELDS[c][field]).map((c) => `"${c}.${field}"`);
  const hint =
    options.length > 0
      ? `; write ${options.join(' or ')}`
      : field === 'cache'
        ? '; write "datapoint.cache" (or the cache of the context the statements run in)'
        : '';
  sink.report(
    p.at,
    `path "${displayPath(p)}" has no context prefix: the collector infers the context from path prefixes and rejects paths without one${hint}`,
  );
}

function unknownContext(p: PathValue, ctxName: string, sink: PathSink): void {
  const at = p.context?.at ?? p.at;
  const foreign = FOREIGN_CONTEXTS[ctxName];
  if (foreign) {
    sink.report(at, `context "${ctxName}" ${foreign}; MetricPipeline paths start with resource, scope, metric or datapoint`);
    return;
  }
  // `attributes.foo`: a field name where the context belongs, i.e. the prefix is missing.
  if (METRIC_CONTEXTS.some((c) => FIELDS[c][ctxName])) {
    bare(p, ctxName, sink);
    return;
  }
  const suggestion = closest(ctxName, Object.keys(CONTEXT_NAMES));
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '; paths start with resource, scope, metric or datapoint';
  sink.report(at, `unknown context "${ctxName}" in the path "${displayPath(p)}"${hint}`);
}
