/**
 * OTTL in `spec.transform` and `spec.filter`, checked the way the pinned collector (contrib v0.141.0) and
 * Kyma's telemetry-manager parse it, so a typo fails the render instead of crash-looping the gateway.
 *
 * Per item: syntax, known functions and arities, paths, enums (src/ottl/check.ts).
 * Per group, when every item is clean: context inference over all statements and conditions of one
 * transform entry (and, as Kyma's validator also does, over its conditions alone). Filter conditions run in
 * the datapoint context, which is not inferred. Paths must carry a context prefix: the rendered transform
 * processor infers the context, and inference rejects bare paths such as `attributes["x"]` ("missing context
 * name"); Kyma's validator demands the same of filter conditions.
 */
import type { MetricPipeline } from '../api/model';
import { error, type Finding } from '../core/finding';
import { type OttlInspection, inspectCondition, inspectStatement } from '../ottl/check';
import { type Hints, explainForeignCache, explainLegacyScope, explainUnsupported, foreignCache, inferContext } from '../ottl/infer';
import { columnOf } from '../ottl/lexer';

type Kind = 'statement' | 'condition';

interface Item {
  field: string;
  kind: Kind;
  text: string;
  inspection: OttlInspection;
}

const invalid = (kind: Kind, column: number, message: string): string => `OTTL ${kind} is invalid at column ${column}: ${message}`;

function itemFindings(pipeline: MetricPipeline, items: readonly Item[]): Finding[] {
  return items.flatMap((it) =>
    it.inspection.problems.map((p) => error('OTTLSpecInvalid', invalid(it.kind, p.column, p.message), pipeline.ref, it.field)),
  );
}

/** Context inference over a group of clean items; findings point at the item holding the culprit. */
function groupFindings(pipeline: MetricPipeline, items: readonly Item[], groupField: string, noun: string): Finding[] {
  const owner = new Map<object, Item>();
  const hints: Hints = { paths: [], functions: [], enums: [] };
  for (const it of items) {
    const h = it.inspection.hints;
    for (const [list, into] of [
      [h.paths, hints.paths],
      [h.functions, hints.functions],
      [h.enums, hints.enums],
    ] as const) {
      for (const x of list) {
        owner.set(x, it);
        (into as object[]).push(x);
      }
    }
  }
  const at = (hint: { at: number }, message: string): Finding => {
    const it = owner.get(hint) as Item;
    return error('OTTLSpecInvalid', invalid(it.kind, columnOf(it.text, hint.at), message), pipeline.ref, it.field);
  };
  const inf = inferContext(hints);
  if (!inf.ok) {
    if (inf.reason === 'unsupported') return [at(inf.missing, explainUnsupported(inf))];
    if (inf.reason === 'legacy-scope') return [at(inf.legacy, explainLegacyScope(inf.legacy))];
    return [
      error(
        'OTTLSpecInvalid',
        `OTTL ${noun} are invalid: none of them references a path with a context prefix (such as metric.name or ` +
          `datapoint.attributes["key"]), so the collector cannot infer the context to run them in`,
        pipeline.ref,
        groupField,
      ),
    ];
  }
  const cache = foreignCache(hints, inf.context);
  return cache ? [at(cache, explainForeignCache(cache, inf.context, inf.from))] : [];
}

function transformFindings(pipeline: MetricPipeline): Finding[] {
  return pipeline.transform.flatMap((t, i) => {
    const base = `spec.transform[${i}]`;
    const statements: Item[] = t.statements.map((text, j) => ({
      field: `${base}.statements[${j}]`,
      kind: 'statement',
      text,
      inspection: inspectStatement(text),
    }));
    const conditions: Item[] = t.conditions.map((text, j) => ({
      field: `${base}.conditions[${j}]`,
      kind: 'condition',
      text,
      inspection: inspectCondition(text, 'transform'),
    }));
    const items = [...statements, ...conditions];
    const perItem = itemFindings(pipeline, items);
    if (perItem.length > 0 || items.length === 0) return perItem;
    const group = groupFindings(pipeline, items, base, 'statements and conditions of this transform');
    if (group.length > 0 || conditions.length === 0) return group;
    // Kyma's validator also parses the conditions on their own, so they need a prefixed path themselves.
    return groupFindings(pipeline, conditions, `${base}.conditions`, 'conditions of this transform');
  });
}

/**
 * The rendered filter processor evaluates every condition in the datapoint context (Kyma's choice), so nothing
 * is inferred there (check.ts rejects the caches of other contexts per condition). A filter entry must still
 * name a context in some path, as Kyma's validator, which infers the context, demands.
 */
function filterFindings(pipeline: MetricPipeline): Finding[] {
  return pipeline.filter.flatMap((f, i) => {
    const items: Item[] = f.conditions.map((text, j) => ({
      field: `spec.filter[${i}].conditions[${j}]`,
      kind: 'condition',
      text,
      inspection: inspectCondition(text, 'filter'),
    }));
    const perItem = itemFindings(pipeline, items);
    if (perItem.length > 0 || items.length === 0) return perItem;
    if (items.some((it) => it.inspection.hints.paths.length > 0)) return [];
    return [
      error(
        'OTTLSpecInvalid',
        `OTTL conditions of this filter are invalid: none of them references a path with a context prefix (such as metric.name or ` +
          `datapoint.attributes["key"]), so the collector cannot infer the context to run them in`,
        pipeline.ref,
        `spec.filter[${i}].conditions`,
      ),
    ];
  });
}

/** Every OTTL problem of the pipeline's transform and filter rules, as OTTLSpecInvalid errors. */
export function validateOttl(pipeline: MetricPipeline): Finding[] {
  return [...transformFindings(pipeline), ...filterFindings(pipeline)];
}
