/**
 * Kyma's TLS check (internal/validators/tlscert): the configured PEMs parse, key and certificate
 * belong together, the CA is a CA, and neither certificate has expired or expires within
 * CERT_EXPIRY_WARNING_DAYS. Like Kyma, only the first PEM block of each value is examined, and the
 * first error ends the check (warnings found before it are kept). PEM contents never reach a message.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { MetricPipeline, ValueType } from '../api/model';
import { CERT_EXPIRY_WARNING_DAYS } from '../constants';
import { aboutToExpireMessage, expiredMessage, type CertificateExpiry } from '../contract/certificate-expiry';
import { error, warning, type Finding } from '../core/finding';
import type { SecretIndex } from '../core/secret-index';

export const TLS_PROBLEMS = {
  certDecode: 'failed to decode PEM block containing certificate',
  certParse: 'failed to parse certificate',
  keyDecode: 'failed to decode PEM block containing private key',
  keyParse: 'failed to parse private key',
  caDecode: 'failed to decode PEM block containing CA certificate',
  caParse: 'failed to parse CA certificate',
  mismatch: 'certificate and private key do not match',
  notCa: 'not a CA certificate',
} as const;

const FIELD = 'spec.output.otlp.tls';
const DAY_MS = 24 * 60 * 60 * 1000;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface PemBlock {
  type: string;
  der: Buffer;
  text: string;
}

/** The plan builder writes PEMs with literal `\n` turned into newlines; check what it writes. */
function sanitize(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function pemBlocks(pem: string): PemBlock[] {
  return [...pem.matchAll(PEM_BLOCK)].map((m) => ({
    type: m[1]!,
    der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'),
    text: m[0],
  }));
}

function parseCert(pem: string): X509Certificate | 'decode' | 'parse' {
  const block = pemBlocks(pem)[0];
  if (block === undefined) return 'decode';
  try {
    return new X509Certificate(block.der);
  } catch {
    return 'parse';
  }
}

/** The encodings Go's tls.X509KeyPair tries, in its order, whatever the PEM label says. */
const KEY_ENCODINGS = ['pkcs1', 'pkcs8', 'sec1'] as const;

/** Go's tls.X509KeyPair skips blocks such as `EC PARAMETERS` and takes the first `... PRIVATE KEY`. */
function parseKey(pem: string): KeyObject | 'decode' | 'parse' {
  const block = pemBlocks(pem).find((b) => b.type.endsWith('PRIVATE KEY'));
  if (block === undefined) return 'decode';
  for (const type of KEY_ENCODINGS) {
    try {
      return createPrivateKey({ key: block.der, format: 'der', type });
    } catch {
      // the next encoding, as Go does
    }
  }
  return 'parse';
}

/**
 * OpenSSL prints `Jan  1 00:00:00 2125 GMT`; parsed by hand so no locale or engine quirk applies
 * (Node 20 has no `validToDate`).
 */
function notAfter(cert: X509Certificate): Date | undefined {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4}) GMT$/.exec(cert.validTo);
  if (m === null || !MONTHS.includes(m[1]!)) return undefined;
  const [, mon, day, hh, mm, ss, year] = m;
  return new Date(Date.UTC(Number(year), MONTHS.indexOf(mon!), Number(day), Number(hh), Number(mm), Number(ss)));
}

function expiry(cert: X509Certificate, isCa: boolean, now: Date, finding: MakeFinding): Finding | undefined {
  const until = notAfter(cert);
  if (until === undefined) return invalid(finding, isCa ? TLS_PROBLEMS.caParse : TLS_PROBLEMS.certParse, isCa ? 'ca' : 'cert');
  const field = isCa ? 'ca' : 'cert';
  const expiry: CertificateExpiry = { certificate: field, expiresAt: until };
  if (now.getTime() > until.getTime()) {
    return finding({ severity: 'error', reason: 'TLSCertificateExpired', message: expiredMessage(expiry), field });
  }
  if (until.getTime() - now.getTime() <= CERT_EXPIRY_WARNING_DAYS * DAY_MS) {
    // The date travels as data to the status job, which reports the certificate expired once it has passed.
    return { ...finding({ severity: 'warning', reason: 'TLSCertificateAboutToExpire', message: aboutToExpireMessage(expiry), field }), expiry };
  }
  return undefined;
}

interface FindingArgs {
  severity: 'error' | 'warning';
  reason: Finding['reason'];
  message: string;
  field: 'ca' | 'cert' | 'key';
}

/**
 * null: not configured; undefined: the Secret reference does not resolve. A value with neither
 * `value` nor `valueFrom` counts as empty, as in Kyma's resolveValue.
 */
function resolved(v: ValueType | undefined, secrets: SecretIndex): string | undefined | null {
  if (v === undefined) return null;
  const value = secrets.resolve(v);
  if (value === undefined && v.valueFrom !== undefined) return undefined;
  return sanitize(value ?? '');
}

type MakeFinding = (f: FindingArgs) => Finding;

function invalid(make: MakeFinding, message: string, field: FindingArgs['field']): Finding {
  return make({ severity: 'error', reason: 'TLSConfigurationInvalid', message: `TLS configuration invalid: ${message}`, field });
}

function checkPair(certPem: string, keyPem: string, now: Date, make: MakeFinding): Finding[] {
  const cert = parseCert(certPem);
  if (typeof cert === 'string') return [invalid(make, cert === 'decode' ? TLS_PROBLEMS.certDecode : TLS_PROBLEMS.certParse, 'cert')];
  const key = parseKey(keyPem);
  if (typeof key === 'string') return [invalid(make, key === 'decode' ? TLS_PROBLEMS.keyDecode : TLS_PROBLEMS.keyParse, 'key')];
  let matches = false;
  try {
    matches = cert.checkPrivateKey(key);
  } catch {
    // Mixed key types (an EC key for an RSA certificate) throw instead of returning false.
  }
  if (!matches) return [invalid(make, TLS_PROBLEMS.mismatch, 'key')];
  const expired = expiry(cert, false, now, make);
  return expired ? [expired] : [];
}

function checkCa(caPem: string, now: Date, make: MakeFinding): Finding[] {
  const ca = parseCert(caPem);
  if (typeof ca === 'string') return [invalid(make, ca === 'decode' ? TLS_PROBLEMS.caDecode : TLS_PROBLEMS.caParse, 'ca')];
  if (!ca.ca) return [invalid(make, TLS_PROBLEMS.notCa, 'ca')];
  const expired = expiry(ca, true, now, make);
  return expired ? [expired] : [];
}

export function validateTls(pipeline: MetricPipeline, secrets: SecretIndex, now: Date): Finding[] {
  const tls = pipeline.output.tls;
  if (tls === undefined) return [];
  const cert = resolved(tls.cert, secrets);
  const key = resolved(tls.key, secrets);
  const ca = resolved(tls.ca, secrets);
  // A broken Secret reference is reported by the secret-ref check; a lone cert or key by the spec rules.
  if (cert === undefined || key === undefined || ca === undefined) return [];
  const make: MakeFinding = ({ severity, reason, message, field }) =>
    (severity === 'error' ? error : warning)(reason, message, pipeline.ref, `${FIELD}.${field}`);
  const pair = cert !== null && key !== null ? checkPair(cert, key, now, make) : [];
  if (pair.some((f) => f.severity === 'error')) return pair;
  return [...pair, ...(ca !== null ? checkCa(ca, now, make) : [])];
}
