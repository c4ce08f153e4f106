/**
 * Where one ValueType of a pipeline comes from, and so how it may reach the gateway (issue 20):
 * - `inline`: written in the MetricPipeline itself; it is in Git anyway, so it goes into the merged Secret;
 * - `reference`: a Secret in the gateway's namespace: the pod reads it from the cluster (env valueFrom or a
 *   Secret volume) and the value never passes through the output, whether or not the Secret is in the input.
 *   `value` is set when the Secret is in the input: it is validated and keys the config checksum;
 * - `copy`: a Secret in another namespace, in the input: the pod cannot read across namespaces, so the value
 *   is copied into the merged Secret (refused under `credentials: reference`).
 * A Secret in another namespace that is not in the input has no source: validation reports it.
 */
import type { MetricPipeline, SecretKeyRef, ValueType } from '../api/model';
import type { SecretIndex } from '../core/secret-index';

export type CredentialSource =
  | { kind: 'inline'; value: string }
  | { kind: 'copy'; ref: SecretKeyRef; value: string }
  | { kind: 'reference'; ref: SecretKeyRef; value?: string };

/** undefined: a reference to a Secret in another namespace that is not in the input (or lacks the key). */
export function credentialSource(v: ValueType, secrets: SecretIndex, gatewayNamespace: string): CredentialSource | undefined {
  const ref = v.valueFrom?.secretKeyRef;
  if (ref === undefined) return { kind: 'inline', value: v.value ?? '' };
  const value = secrets.lookup(ref);
  if (ref.namespace === gatewayNamespace) return value === undefined ? { kind: 'reference', ref } : { kind: 'reference', ref, value };
  return value === undefined ? undefined : { kind: 'copy', ref, value };
}

/** Kyma joins `path` onto the endpoint's own path and keeps the path's query. */
export function endpointWithPath(endpoint: string, path: string | undefined): string {
  if (path === undefined || path === '') return endpoint;
  const url = new URL(endpoint);
  const [pathPart, query] = path.split('?', 2) as [string, string | undefined];
  const joined = `${url.pathname}/${pathPart}`.replace(/\/+/g, '/');
  url.pathname = joined.length > 1 ? joined.replace(/\/$/, '') : joined;
  if (query !== undefined) url.search = query;
  return url.toString();
}

/**
 * How the endpoint reaches the exporter. A referenced endpoint with an HTTP `path` is joined at run time as
 * `${env:...}/path`; when the function has the value and that join differs from Kyma's (endpointWithPath:
 * the endpoint's own path, a trailing slash, a query), the joined value is copied instead, so that the
 * backend sees the URL Kyma would send to (refused under `credentials: reference`, see src/validate).
 */
export type EndpointDelivery =
  | { kind: 'reference'; ref: SecretKeyRef; value?: string; suffix?: string }
  | { kind: 'copy'; joined: string; reason: 'inline' | 'other-namespace' | 'path' };

export function endpointDelivery(pipeline: MetricPipeline, source: CredentialSource): EndpointDelivery {
  const out = pipeline.output;
  const path = out.protocol === 'http' && out.path !== undefined && out.path !== '' ? out.path : undefined;
  if (source.kind !== 'reference') {
    return { kind: 'copy', joined: endpointWithPath(source.value, path), reason: source.kind === 'inline' ? 'inline' : 'other-namespace' };
  }
  const suffix = path === undefined ? undefined : `/${path.replace(/^\/+/, '')}`;
  const base = { kind: 'reference' as const, ref: source.ref, ...(source.value !== undefined ? { value: source.value } : {}) };
  if (suffix === undefined) return base;
  if (source.value !== undefined) {
    const joined = endpointWithPath(source.value, path);
    if (joined !== `${source.value}${suffix}`) return { kind: 'copy', joined, reason: 'path' };
  }
  return { ...base, suffix };
}

/**
 * The header sent by bearertokenauth from a file instead of an environment variable: the one header named
 * Authorization (any case) when its value is referenced, the exporter's auth slot is free (no basic, no
 * OAuth2) and the protocol is HTTP: bearertokenauth refuses plaintext gRPC (RequireTransportSecurity), and a
 * referenced gRPC endpoint may be plaintext. -1: none.
 */
export function bearerHeaderIndex(pipeline: MetricPipeline, referenced: (v: ValueType) => boolean): number {
  const out = pipeline.output;
  if (out.protocol !== 'http' || out.basic !== undefined || out.oauth2 !== undefined) return -1;
  const named = out.headers.flatMap((h, i) => (h.name.toLowerCase() === 'authorization' ? [i] : []));
  if (named.length !== 1) return -1;
  const i = named[0]!;
  return referenced(out.headers[i]!.value) ? i : -1;
}

/**
 * How basic authentication reaches the exporter: `header` (the function builds `Basic base64(user:password)`
 * into the merged Secret; it needs both values) or `extension` (basicauth reads both from the environment;
 * needed when a value is read in the cluster). basicauth refuses plaintext gRPC (RequireTransportSecurity),
 * so a gRPC output without TLS falls back to `header` when the function has both values, and is
 * `impossible` when it has not.
 */
export function basicAuthDelivery(pipeline: MetricPipeline, user: CredentialSource, password: CredentialSource, endpoint: CredentialSource): 'header' | 'extension' | 'impossible' {
  if (user.kind !== 'reference' && password.kind !== 'reference') return 'header';
  const out = pipeline.output;
  const plaintext = out.tls?.insecure === true || (endpoint.value?.toLowerCase().startsWith('http://') ?? false);
  if (out.protocol !== 'grpc' || !plaintext) return 'extension';
  return user.value !== undefined && password.value !== undefined ? 'header' : 'impossible';
}
