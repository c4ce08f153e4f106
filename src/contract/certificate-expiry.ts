/**
 * A TLS certificate that is about to expire, as data: the function finds it while validating
 * (src/validate/tls.ts), records it in the outcome annotation (outcome-annotation.ts), and the status job
 * reports `TLSCertificateExpired` once the date has passed, because nothing re-renders the package on that
 * day. The English messages both sides write are made here, from the data, so they cannot drift apart.
 */

/** Which certificate of `spec.output.otlp.tls`: the client certificate or the CA. */
export type ExpiringCertificate = 'cert' | 'ca';

export interface CertificateExpiry {
  certificate: ExpiringCertificate;
  /** The certificate's notAfter. */
  expiresAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function certificateLabel(certificate: ExpiringCertificate): string {
  return certificate === 'ca' ? 'TLS CA certificate' : 'TLS certificate';
}

/** The UTC day of `date`, as the messages print it. */
export function expiryDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Kyma's warning (reason TLSCertificateAboutToExpire). */
export function aboutToExpireMessage(expiry: CertificateExpiry): string {
  return `${certificateLabel(expiry.certificate)} is about to expire, configured certificate is valid until ${expiryDay(expiry.expiresAt)}`;
}

/** Kyma's error (reason TLSCertificateExpired). */
export function expiredMessage(expiry: CertificateExpiry): string {
  return `${certificateLabel(expiry.certificate)} expired on ${expiryDay(expiry.expiresAt)}`;
}

/** Expired strictly after notAfter, as the function's check judges it. */
export function hasExpired(expiry: CertificateExpiry, now: Date): boolean {
  return now.getTime() > expiry.expiresAt.getTime();
}

const ABOUT_TO_EXPIRE = /^(TLS (?:CA )?certificate) is about to expire, configured certificate is valid until (\d{4}-\d{2}-\d{2})$/;

/**
 * Only for annotations written before the outcome carried the date (no format version): the expiry read back
 * from aboutToExpireMessage's wording. Only the day is in the message; the certificate certainly expired once
 * that whole day is over, so the day's last millisecond stands in for notAfter.
 */
export function expiryFromLegacyMessage(message: string): CertificateExpiry | undefined {
  const match = ABOUT_TO_EXPIRE.exec(message);
  if (match === null) return undefined;
  const day = Date.parse(`${match[2] as string}T00:00:00Z`);
  if (Number.isNaN(day)) return undefined;
  return { certificate: match[1] === certificateLabel('ca') ? 'ca' : 'cert', expiresAt: new Date(day + DAY_MS - 1) };
}
