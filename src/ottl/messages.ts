/** Messages shared by the parser and the checker, so both places say the same thing. */

export const converterAsStatement = (name: string): string =>
  `converter "${name}" cannot be used as a statement: a statement must invoke an editor ` +
  `(a function starting with a lowercase letter, such as set or delete_key); ` +
  `use converters inside a statement's arguments, its where clause or in conditions`;

export const editorAsCondition = (name: string): string =>
  `editor "${name}" cannot be used as a condition: a condition is a boolean expression ` +
  `(a comparison, true/false, or a converter such as IsMatch(...)); editors belong in statements`;

export const editorAsValue = (name: string): string =>
  `editor "${name}" cannot be used as a value: converters, which return values, start with an uppercase letter`;
