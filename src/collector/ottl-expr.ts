/**
 * Small helpers for the OTTL text the function generates. Values are quoted with `ottlString` so that a
 * namespace or cluster name can never end the string literal early. `$` is not handled here: the
 * transform/filter builders escape whole statements with `escapeDollar` (src/plan/env-vars.ts).
 */

/** An OTTL string literal: double quotes, with `\` and `"` escaped. */
export function ottlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `resource.attributes["<key>"]` */
export function resourceAttribute(key: string): string {
  return `resource.attributes[${ottlString(key)}]`;
}

/** `attributes["<key>"]`: in the resource context (e.g. a routing table), the resource's own attributes. */
export function attribute(key: string): string {
  return `attributes[${ottlString(key)}]`;
}

/** True when the resource attribute is absent or the empty string. */
export function isUnsetOrEmpty(path: string): string {
  return `${path} == nil or ${path} == ""`;
}

/** `a == "x" or a == "y"`; callers wrap it in parentheses when combining it with `and`. */
export function equalsAny(path: string, values: readonly string[]): string {
  return values.map((v) => `${path} == ${ottlString(v)}`).join(' or ');
}
