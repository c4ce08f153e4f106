/**
 * Environment-variable names for values the collector config references as ${env:NAME}. The scheme is
 * Kyma's (e.g. OTLP_ENDPOINT_METRICPIPELINE_<NAME>), so operators who know Kyma find the same keys.
 */

/** Upper-cases and replaces everything the collector's ${env:...} syntax does not accept with `_`. */
export function envSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

export function pipelineEnvNames(pipelineName: string) {
  const p = `METRICPIPELINE_${envSuffix(pipelineName)}`;
  return {
    endpoint: `OTLP_ENDPOINT_${p}`,
    basicAuthHeader: `BASIC_AUTH_HEADER_${p}`,
    header: (headerName: string) => `HEADER_${p}_${envSuffix(headerName)}`,
    tlsCa: `OTLP_TLS_CA_PEM_${p}`,
    tlsCert: `OTLP_TLS_CERT_PEM_${p}`,
    tlsKey: `OTLP_TLS_KEY_PEM_${p}`,
    oauth2TokenUrl: `OAUTH2_TOKEN_URL_${p}`,
    oauth2ClientId: `OAUTH2_CLIENT_ID_${p}`,
    oauth2ClientSecret: `OAUTH2_CLIENT_SECRET_${p}`,
  };
}

/** `${env:NAME}` as the collector config writes it. */
export function envRef(name: string): string {
  return `\${env:${name}}`;
}
