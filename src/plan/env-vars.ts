import { createHash } from 'node:crypto';

/**
 * How values reach the collector: environment-variable names for values the collector config references
 * as ${env:NAME}, and the escaping of text the collector would otherwise expand. The naming scheme is
 * Kyma's (e.g. OTLP_ENDPOINT_METRICPIPELINE_<NAME>), so operators who know Kyma find the same keys.
 */

/** Upper-cases and replaces everything the collector's ${env:...} syntax does not accept with `_`. */
export function envSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * The longest environment-variable name the function emits. Each name is also a key of the merged Secret,
 * which the API server caps at 253 characters; a valid pipeline name alone may be 253 long.
 */
export const ENV_NAME_MAX = 200;
const HASH_LENGTH = 8;

/**
 * Kyma's name when it fits; otherwise its head and a hash of the whole name, so a long name stays unique
 * and stable. Names that still collide are refused by validation (src/validate/pipeline-set.ts).
 */
function bounded(name: string): string {
  if (name.length <= ENV_NAME_MAX) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH).toUpperCase();
  return `${name.slice(0, ENV_NAME_MAX - HASH_LENGTH - 1)}_${hash}`;
}

export function pipelineEnvNames(pipelineName: string) {
  const p = `METRICPIPELINE_${envSuffix(pipelineName)}`;
  return {
    endpoint: bounded(`OTLP_ENDPOINT_${p}`),
    basicAuthHeader: bounded(`BASIC_AUTH_HEADER_${p}`),
    basicAuthUser: bounded(`BASIC_AUTH_USER_${p}`),
    basicAuthPassword: bounded(`BASIC_AUTH_PASSWORD_${p}`),
    header: (headerName: string) => bounded(`HEADER_${p}_${envSuffix(headerName)}`),
    tlsCa: bounded(`OTLP_TLS_CA_PEM_${p}`),
    tlsCert: bounded(`OTLP_TLS_CERT_PEM_${p}`),
    tlsKey: bounded(`OTLP_TLS_KEY_PEM_${p}`),
    oauth2TokenUrl: bounded(`OAUTH2_TOKEN_URL_${p}`),
    oauth2ClientId: bounded(`OAUTH2_CLIENT_ID_${p}`),
    oauth2ClientSecret: bounded(`OAUTH2_CLIENT_SECRET_${p}`),
  };
}

/** `${env:NAME}` as the collector config writes it. */
export function envRef(name: string): string {
  return `\${env:${name}}`;
}

/**
 * The collector expands `${...}` (and rejects malformed `${`) in every string value of its config before a
 * component sees it, and again inside the value an `${env:NAME}` reference brings in; `$$` is the escape
 * for a literal `$` in both places. So every user-provided text that reaches the collector, whether in the
 * config (OTTL statements, namespace names, the cluster name, OAuth2 scopes and parameters) or as the value
 * of an environment variable (endpoints, credentials, PEMs in the merged Secret), goes through
 * `escapeDollar`: otherwise a regex such as `"^foo$"` is mangled, a token such as `${env:OTHER_TEAMS_TOKEN}`
 * or `${file:/var/run/secrets/...}` is replaced by what it names, and `${x:y}` stops the collector.
 * Map keys are not expanded by the collector and must not be escaped.
 */
export function escapeDollar(text: string): string {
  return text.replace(/\$/g, () => '$$');
}
