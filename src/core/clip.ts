/**
 * Input echoed in a message is clipped: messages travel into results, stderr and the gateway ConfigMap's
 * outcome annotation, and a 300 KB OTTL statement echoed whole would push that annotation over the API
 * server's 256 KiB limit and make the whole output unapplyable.
 */
export const ECHO_LIMIT = 200;

/** The text itself when short enough, else its first ECHO_LIMIT characters and an ellipsis. */
export function clip(text: string, limit = ECHO_LIMIT): string {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit).join('')}…`;
}
