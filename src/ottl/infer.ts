/**
 * Context inference as the collector does it (`pkg/ottl/context_inferrer.go`, v0.141.0), restricted to
 * the four metric contexts:
 *
 * 1. the candidate is the highest-priority context named by any path prefix (datapoint > metric >
 *    resource > scope); paths without a prefix contribute nothing;
 * 2. no candidate: the collector fails with "unable to infer context";
 * 3. the candidate must offer every function and enum used; otherwise its lower contexts are tried in
 *    priority order and the first that offers all of them is used; none: the collector fails.
 *
 * Inference runs over a whole group: all statements and conditions of one `transform` entry, or all
 * conditions of one `filter` entry, because that is what the collector parses together.
 */
import { clip } from '../core/clip';
import { lookupFunction } from './functions';
import { ENUMS, INFER_PRIORITY, LOWER_CONTEXTS, type MetricContext } from './paths';

export interface PathHint {
  context: MetricContext;
  /** `resource.attributes[...]`, for messages. */
  display: string;
  at: number;
  /** The path reads a context's cache (`metric.cache[...]`), which only that context may do. */
  cache: boolean;
  /** Written with the legacy scope name `instrumentation_scope`, which inference treats apart (see inferContext). */
  legacy?: boolean;
}

export interface NameHint {
  name: string;
  at: number;
}

export interface Hints {
  paths: PathHint[];
  functions: NameHint[];
  enums: NameHint[];
}

export type Inference =
  | { ok: true; context: MetricContext; from: PathHint }
  | { ok: false; reason: 'no-path' }
  | { ok: false; reason: 'legacy-scope'; legacy: PathHint }
  | { ok: false; reason: 'unsupported'; candidate: MetricContext; from: PathHint; missing: NameHint; what: 'function' | 'enum' };

function supports(context: MetricContext, functions: readonly NameHint[], enums: readonly NameHint[]): NameHint | undefined {
  for (const f of functions) {
    const def = lookupFunction(f.name);
    if (def && !def.contexts.includes(context)) return f;
  }
  for (const e of enums) if (!ENUMS[context].has(e.name)) return e;
  return undefined;
}

/** Priority of a path's prefix; the legacy `instrumentation_scope` ranks right after `scope`. */
function rank(p: PathHint): number {
  return INFER_PRIORITY.indexOf(p.context) * 2 + (p.legacy ? 1 : 0);
}

export function inferContext(hints: Hints): Inference {
  let from: PathHint | undefined;
  for (const p of hints.paths) {
    if (!from || rank(p) < rank(from)) from = p;
  }
  if (!from) return { ok: false, reason: 'no-path' };
  // instrumentation_scope is no inference candidate ("is not a valid candidate"), and the scope and resource
  // parsers do not know the name; only the metric and datapoint parsers accept it.
  if (from.legacy) return { ok: false, reason: 'legacy-scope', legacy: from };
  const result = pick(hints, from);
  const legacy = hints.paths.find((p) => p.legacy);
  if (result.ok && legacy && (result.context === 'scope' || result.context === 'resource')) return { ok: false, reason: 'legacy-scope', legacy };
  return result;
}

function pick(hints: Hints, from: PathHint): Inference {
  const candidate = from.context;
  const missing = supports(candidate, hints.functions, hints.enums);
  if (!missing) return { ok: true, context: candidate, from };
  const lower = [...LOWER_CONTEXTS[candidate]].sort((a, b) => INFER_PRIORITY.indexOf(a) - INFER_PRIORITY.indexOf(b));
  for (const context of lower) {
    if (!supports(context, hints.functions, hints.enums)) return { ok: true, context, from };
  }
  const what = hints.functions.includes(missing) ? 'function' : 'enum';
  return { ok: false, reason: 'unsupported', candidate, from, missing, what };
}

/** Explains why the legacy scope name fails inference (one line, no values). */
export function explainLegacyScope(p: PathHint): string {
  return (
    `"${p.display}" uses the legacy context name instrumentation_scope, which the pinned collector only accepts in ` +
    `statements that run on metrics or data points, not when it infers the scope or resource context; write "scope." instead`
  );
}

/** Explains a failed inference (one line, no values). */
export function explainUnsupported(inf: Extract<Inference, { reason: 'unsupported' }>): string {
  const { missing, candidate, from, what } = inf;
  if (what === 'enum' && lookupFunction(missing.name)?.kind === 'converter') {
    return (
      `the pinned collector takes the all-uppercase function name "${clip(missing.name)}" for an enum symbol when it ` +
      `infers the context of transform rules, and no context has that enum; pass a converter whose name has a ` +
      `lowercase letter (e.g. Murmur3Hash) or leave the optional function argument out`
    );
  }
  let where = '';
  if (what === 'function') {
    const def = lookupFunction(missing.name);
    if (def && def.contexts.length > 0) where = ` (it is only available in the ${def.contexts.join(', ')} context)`;
  }
  return (
    `${what} "${clip(missing.name)}" is not available in the ${candidate} context, which the collector infers ` +
    `from the path "${clip(from.display)}"${where}; put statements that need different contexts into separate transform entries`
  );
}

/** A cache path of another context than the inferred one: the collector rejects it at startup. */
export function foreignCache(hints: Hints, context: MetricContext): PathHint | undefined {
  return hints.paths.find((p) => p.cache && p.context !== context);
}

export function explainForeignCache(p: PathHint, context: MetricContext, from: PathHint): string {
  return (
    `"${p.display}" can only be used when the statements run in the ${p.context} context, but the collector ` +
    `infers the ${context} context from the path "${from.display}"; use ${context}.cache instead`
  );
}
