/**
 * Certificates for tests, made on the fly with node-forge. RSA key generation dominates the cost, so
 * keys come from a small cache of slots: certificates made with the same slot share one key pair,
 * and a key from another slot is a ready-made "does not match" key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertOptions {
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA (and keyCertSign); false makes a leaf certificate. */
  ca: boolean;
  /** Which cached key pair to use; certificates of one slot share a key. Default 0. */
  keySlot?: number;
  commonName?: string;
  /** Sign with this CA (its subject becomes the issuer) instead of self-signing. */
  issuer?: CertPair;
  /** subjectAltName IP addresses: Go's TLS verifies a server by SAN only, never by common name. */
  ipAddresses?: string[];
}

export interface CertPair {
  certPem: string;
  /** PKCS#8 PEM of the certificate's private key. */
  keyPem: string;
}

interface KeyPair {
  publicPem: string;
  privatePem: string;
}

const keys = new Map<number, KeyPair>();

function keyPair(slot: number): KeyPair {
  let pair = keys.get(slot);
  if (!pair) {
    const generated = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    pair = { publicPem: generated.publicKey, privatePem: generated.privateKey };
    keys.set(slot, pair);
  }
  return pair;
}

/** A certificate valid from notBefore to notAfter, self-signed unless `issuer` is given. */
export function makeCert(options: CertOptions): CertPair {
  const { publicPem, privatePem } = keyPair(options.keySlot ?? 0);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // A leading 01 keeps the DER integer positive.
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = [{ name: 'commonName', value: options.commonName ?? (options.ca ? 'test-ca' : 'test-client') }];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? forge.pki.certificateFromPem(options.issuer.certPem).subject.attributes : subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: options.ca, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: !options.ca, keyCertSign: options.ca, cRLSign: options.ca },
    ...(options.ipAddresses ? [{ name: 'subjectAltName', altNames: options.ipAddresses.map((ip) => ({ type: 7, ip })) }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(options.issuer?.keyPem ?? privatePem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privatePem };
}

/** `now` shifted by a number of days (negative for the past). */
export function daysFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export interface IssueOptions {
  /** The CA that signs (a makeCert({ ca: true }) pair). */
  issuer: CertPair;
  notBefore: Date;
  notAfter: Date;
  /** Which cached key pair the new certificate gets; use one the issuer does not use. */
  keySlot: number;
  commonName: string;
  /** What the certificate is for (extKeyUsage); Go checks it on either side of a TLS handshake. */
  usage: 'server' | 'client';
  /** subjectAltName IP addresses: Go verifies a server by SAN only, never by common name. */
  ipAddresses?: string[];
}

/** A leaf certificate signed by `issuer`, for TLS servers and clients in flow tests. */
export function issueCert(options: IssueOptions): CertPair {
  const { publicPem, privatePem } = keyPair(options.keySlot);
  const issuer = forge.pki.certificateFromPem(options.issuer.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  cert.setSubject([{ name: 'commonName', value: options.commonName }]);
  cert.setIssuer(issuer.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: options.usage === 'server', clientAuth: options.usage === 'client' },
    ...((options.ipAddresses ?? []).length > 0 ? [{ name: 'subjectAltName', altNames: (options.ipAddresses ?? []).map((ip) => ({ type: 7, ip })) }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(options.issuer.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privatePem };
}
