/**
 * The collector expands `${...}` (and rejects malformed `${`) in every string value of its config before a
 * component sees it; `$$` is the escape for a literal `$`. Any user-provided text that reaches the config
 * (OTTL statements and conditions, namespace names, the cluster name, OAuth2 scopes and parameters) must go
 * through `escapeDollar`, or a regex such as `"^foo$"` or a value such as `${1}` would be mangled or break
 * config loading. Map keys are not expanded by the collector and must not be escaped.
 */

/** Doubles every `$` so the collector reads the text back literally. */
export function escapeDollar(text: string): string {
  return text.replace(/\$/g, () => '$$');
}
