/**
 * Kyma's endpoint check (internal/validators/endpoint) on the resolved endpoint. The endpoint may come
 * from a Secret, so messages name the problem only, never the value or a part of it.
 *
 * Deliberate differences from Kyma, which parses with Go's url.Parse plus a `plhd://` trick:
 * - a scheme-less `10.0.0.1:4317` is accepted (Go rejects it: "first path segment cannot contain
 *   colon"), the collector dials it fine;
 * - hosts and ports are checked (empty host, port above 65535), which Kyma leaves to the collector;
 * - the scheme is checked before the port, so `ftp://host` says "unsupported scheme", not "missing port";
 * - the OAuth2 + gRPC + `tls.insecure` case is left to the spec rules, which report the same CEL rule.
 */
import type { MetricPipeline, Tls } from '../api/model';
import { error, type Finding } from '../core/finding';
import type { SecretIndex } from '../core/secret-index';
import { endpointWithPath } from '../plan/build-plan';

export const ENDPOINT_PROBLEMS = {
  empty: 'endpoint is empty',
  characters: 'endpoint contains whitespace, control characters or backslashes',
  host: 'missing or invalid host',
  port: 'invalid port',
  url: 'not a valid URL',
  missingPort: 'missing port',
  scheme: 'missing or unsupported protocol scheme',
  grpcPath: 'gRPC endpoints cannot contain paths',
  oauth2GrpcHttp: 'OAuth2 requires TLS when using gRPC protocol: HTTP scheme not allowed',
  httpWithTls: 'HTTP scheme with TLS not allowed',
  withPath: "endpoint and 'path' do not form a valid URL",
} as const;

const FIELD = 'spec.output.otlp.endpoint';
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const BAD_CHARS = /[\s\x00-\x1f\x7f\\]/;
const MAX_PORT = 65535;

interface Endpoint {
  /** Lower-cased; empty when the endpoint has none (`host:port`). */
  scheme: string;
  port: string;
  path: string;
}

type Problem = keyof typeof ENDPOINT_PROBLEMS;

function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return undefined;
    const after = hostport.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    return { host: hostport.slice(0, close + 1), port: after.slice(1) };
  }
  const parts = hostport.split(':');
  if (parts.length > 2) return undefined;
  return { host: parts[0]!, port: parts[1] ?? '' };
}

function parse(raw: string): Endpoint | Problem {
  if (raw === '') return 'empty';
  if (BAD_CHARS.test(raw)) return 'characters';
  const match = SCHEME.exec(raw);
  const scheme = match ? match[1]!.toLowerCase() : '';
  const rest = match ? raw.slice(match[0].length) : raw;
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const hostport = splitHostPort(authority.slice(authority.lastIndexOf('@') + 1));
  if (hostport === undefined || hostport.host === '') return 'host';
  const { port } = hostport;
  if (port !== '' && (!/^\d+$/.test(port) || Number(port) > MAX_PORT)) return 'port';
  try {
    // WHATWG rejects hosts the collector (Go) would reject too: forbidden code points, bad IPv4/IPv6.
    new URL(match ? raw : `http://${raw}`);
  } catch {
    return 'url';
  }
  return { scheme, port, path: tail.split(/[?#]/, 1)[0]! };
}

/** Kyma's isTLSConfigured: some PEM configured and TLS not switched off. */
function tlsConfigured(tls: Tls | undefined): boolean {
  return tls !== undefined && !tls.insecure && (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined);
}

function check(pipeline: MetricPipeline, raw: string): Problem | undefined {
  const out = pipeline.output;
  const parsed = parse(raw);
  if (typeof parsed === 'string') return parsed;
  const { scheme } = parsed;
  const grpc = out.protocol === 'grpc';
  if (scheme !== 'http' && scheme !== 'https' && !(grpc && scheme === '')) return 'scheme';
  if (grpc && parsed.port === '') return 'missingPort';
  if (grpc && parsed.path !== '') return 'grpcPath';
  if (out.oauth2 && grpc && scheme === 'http') return 'oauth2GrpcHttp';
  if (out.oauth2 && !grpc && scheme === 'http' && tlsConfigured(out.tls)) return 'httpWithTls';
  // The plan builder joins `path` with endpointWithPath, which throws on what it cannot join.
  if (!grpc && out.path !== undefined) {
    try {
      new URL(endpointWithPath(raw, out.path));
    } catch {
      return 'withPath';
    }
  }
  return undefined;
}

/** At most one finding, like Kyma's condition. Skipped when the Secret reference is broken. */
export function validateEndpoint(pipeline: MetricPipeline, secrets: SecretIndex): Finding[] {
  const endpoint = pipeline.output.endpoint;
  const raw = secrets.resolve(endpoint);
  if (raw === undefined && endpoint.valueFrom !== undefined) return [];
  const problem = check(pipeline, raw ?? '');
  if (problem === undefined) return [];
  const field = endpoint.valueFrom
    ? `${FIELD}.valueFrom.secretKeyRef`
    : endpoint.value !== undefined
      ? `${FIELD}.value`
      : FIELD;
  return [error('EndpointInvalid', `OTLP output endpoint invalid: ${ENDPOINT_PROBLEMS[problem]}`, pipeline.ref, field)];
}
