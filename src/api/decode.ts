import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';

/** A problem found while decoding, with a Kubernetes-style field path (`spec.transform[0].statements[2]`). */
export interface DecodeProblem {
  path: string;
  message: string;
}

export type Decoded<A> = { ok: true; value: A } | { ok: false; problems: DecodeProblem[] };

function isIndex(key: string): boolean {
  return /^\d+$/.test(key);
}

/** Joins path segments the way kubectl and kpt print field paths. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number' || isIndex(key)) return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/**
 * io-ts contexts also contain entries for intersection and union members; only entries whose parent is an
 * interface, partial, record or array are real field names.
 */
function pathOf(context: t.Context, base: string): string {
  let path = base;
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!.type as t.Mixed & { _tag?: string };
    const tag = parent._tag;
    if (
      tag === 'InterfaceType' ||
      tag === 'PartialType' ||
      tag === 'ArrayType' ||
      tag === 'DictionaryType' ||
      tag === 'ExactType' ||
      tag === 'ReadonlyArrayType'
    ) {
      if (tag === 'ExactType') continue;
      path = joinPath(path, context[i]!.key);
    }
  }
  return path;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** Turns io-ts errors into one problem per field; values are never quoted (they may be secrets). */
export function problemsFromErrors(errors: t.Errors, base: string): DecodeProblem[] {
  const seen = new Map<string, DecodeProblem>();
  for (const error of errors) {
    const path = pathOf(error.context, base);
    if (seen.has(path)) continue;
    const expected = error.message ?? `must be ${error.context[error.context.length - 1]!.type.name}`;
    const message =
      error.message ?? (error.value === undefined ? 'is required' : `${expected}, got ${describe(error.value)}`);
    seen.set(path, { path, message });
  }
  return [...seen.values()];
}

export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, value: unknown, base: string): Decoded<A> {
  const result = codec.decode(value);
  if (isLeft(result)) return { ok: false, problems: problemsFromErrors(result.left, base) };
  return { ok: true, value: result.right };
}

type AnyProps = Record<string, t.Mixed>;

/** The known properties of an object codec, looking through intersections and refinements. */
function knownProps(codec: t.Mixed): AnyProps | undefined {
  const c = codec as t.Mixed & { _tag?: string; props?: AnyProps; types?: t.Mixed[]; type?: t.Mixed };
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return c.props;
    case 'ExactType':
    case 'RefinementType':
    case 'ReadonlyType':
      return c.type ? knownProps(c.type) : undefined;
    case 'IntersectionType': {
      const merged: AnyProps = {};
      for (const member of c.types ?? []) Object.assign(merged, knownProps(member) ?? {});
      return merged;
    }
    default:
      return undefined;
  }
}

function elementCodec(codec: t.Mixed): t.Mixed | undefined {
  const c = codec as t.Mixed & { _tag?: string; type?: t.Mixed; codomain?: t.Mixed };
  if (c._tag === 'ArrayType' || c._tag === 'ReadonlyArrayType') return c.type;
  if (c._tag === 'RefinementType' || c._tag === 'ReadonlyType' || c._tag === 'ExactType')
    return c.type ? elementCodec(c.type) : undefined;
  return undefined;
}

function recordCodomain(codec: t.Mixed): t.Mixed | undefined {
  const c = codec as t.Mixed & { _tag?: string; codomain?: t.Mixed };
  return c._tag === 'DictionaryType' ? c.codomain : undefined;
}

/**
 * Lists fields of `value` that `codec` does not know. io-ts ignores extra keys; Kubernetes prunes them,
 * which turns a typo into a silently ignored setting, so callers report them.
 */
export function unknownFields(codec: t.Mixed, value: unknown, base: string): string[] {
  const found: string[] = [];
  const walk = (c: t.Mixed, v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object') return;
    const element = elementCodec(c);
    if (element && Array.isArray(v)) {
      v.forEach((item, i) => walk(element, item, joinPath(path, i)));
      return;
    }
    const codomain = recordCodomain(c);
    if (codomain && !Array.isArray(v)) {
      for (const [k, item] of Object.entries(v)) walk(codomain, item, joinPath(path, k));
      return;
    }
    const props = knownProps(c);
    if (!props || Array.isArray(v)) return;
    for (const [k, item] of Object.entries(v)) {
      // Own properties only: `toString` or `__proto__` would otherwise find Object.prototype's members.
      const child = Object.hasOwn(props, k) ? props[k] : undefined;
      if (!child) found.push(joinPath(path, k));
      else walk(child, item, joinPath(path, k));
    }
  };
  walk(codec, value, base);
  return found;
}
