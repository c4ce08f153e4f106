/**
 * Entry points: check one transform statement or one condition and get every problem the collector
 * would reject it for at startup, each with its 1-based column.
 *
 * Checks that depend on the other statements of the same group (context inference across a whole
 * `transform` or `filter` entry) need all of them; `inspect*` returns the hints for that, and
 * src/validate/ottl.ts runs the group checks. The single-item functions run inference over the item
 * alone, which already catches every conflict that cannot be fixed by other items of the group
 * (adding paths can only raise the inferred context, and lower contexts are a superset).
 */
import { type Hints, explainForeignCache, explainLegacyScope, explainUnsupported, foreignCache, inferContext } from './infer';
import { columnOf } from './lexer';
import { parseCondition, parseStatement } from './parser';
import { Checker, type Problem } from './semantics';
import type { Processor } from './functions';

export interface OttlProblem {
  /** 1-based column, counted in characters. */
  column: number;
  message: string;
}

export interface OttlInspection {
  problems: OttlProblem[];
  /** Paths, functions and enums used, with UTF-16 offsets; empty when the text did not parse. */
  hints: Hints;
  /** Whether the text parsed (problems may still be semantic). */
  parsed: boolean;
}

const EMPTY: Hints = { paths: [], functions: [], enums: [] };

function finish(src: string, problems: readonly Problem[], hints: Hints, parsed: boolean): OttlInspection {
  return {
    problems: problems.map((p) => ({ column: columnOf(src, p.at), message: p.message })),
    hints,
    parsed,
  };
}

/** Inference over this item alone; only when it has prefixed paths (a lone item may rely on its group for them). */
function itemInference(checker: Checker): Problem[] {
  const { hints } = checker;
  if (checker.problems.length > 0 || hints.paths.length === 0) return [];
  const inf = inferContext(hints);
  if (!inf.ok) {
    if (inf.reason === 'unsupported') return [{ at: inf.missing.at, message: explainUnsupported(inf) }];
    if (inf.reason === 'legacy-scope') return [{ at: inf.legacy.at, message: explainLegacyScope(inf.legacy) }];
    return [];
  }
  const cache = foreignCache(hints, inf.context);
  return cache ? [{ at: cache.at, message: explainForeignCache(cache, inf.context, inf.from) }] : [];
}

export function inspectStatement(text: string): OttlInspection {
  const parsed = parseStatement(text);
  if (!parsed.ok) return finish(text, [parsed.error], EMPTY, false);
  const checker = new Checker('transform');
  checker.statement(parsed.value);
  return finish(text, [...checker.problems, ...itemInference(checker)], checker.hints, true);
}

/**
 * The rendered filter processor runs every user condition in the datapoint context (as Kyma does): nothing is
 * inferred, and only the data point's own cache is reachable there.
 */
function filterContext(checker: Checker): Problem[] {
  if (checker.problems.length > 0) return [];
  return checker.hints.paths
    .filter((p) => p.cache && p.context !== FILTER_CONTEXT)
    .map((p) => ({
      at: p.at,
      message: `"${p.display}" cannot be used in a filter condition: filter conditions run on data points, where only ${FILTER_CONTEXT}.cache is available`,
    }));
}

/** The context the rendered filter processor evaluates MetricPipeline filter conditions in. */
export const FILTER_CONTEXT = 'datapoint';

export function inspectCondition(text: string, processor: Processor): OttlInspection {
  const parsed = parseCondition(text);
  if (!parsed.ok) return finish(text, [parsed.error], EMPTY, false);
  const checker = new Checker(processor);
  checker.bool(parsed.value);
  const context = processor === 'filter' ? filterContext(checker) : itemInference(checker);
  return finish(text, [...checker.problems, ...context], checker.hints, true);
}

/** Problems of a transform statement: an editor invocation with an optional `where` condition. */
export function checkStatement(text: string): OttlProblem[] {
  return inspectStatement(text).problems;
}

/** Problems of a condition (a boolean expression) of the transform or the filter processor. */
export function checkCondition(text: string, processor: 'transform' | 'filter'): OttlProblem[] {
  return inspectCondition(text, processor).problems;
}
