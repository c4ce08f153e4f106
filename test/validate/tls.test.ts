import { expect } from 'chai';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretIndex } from '../../src/core/secret-index';
import { validateTls } from '../../src/validate/tls';
import { daysFrom, makeCert } from '../support/certs';
import { brief, GRPC_ENDPOINT, secretIndex, secretRef, withOutput } from './support';

const NOW = new Date('2030-06-15T12:00:00Z');
const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const FAR = new Date('2125-01-01T00:00:00Z');

const leaf = makeCert({ notBefore: LONG_AGO, notAfter: FAR, ca: false });
const ca = makeCert({ notBefore: LONG_AGO, notAfter: FAR, ca: true, keySlot: 2 });
const otherKey = makeCert({ notBefore: LONG_AGO, notAfter: FAR, ca: false, keySlot: 1 }).keyPem;

type Tls = Record<string, unknown>;

function check(tls: Tls, secrets: SecretIndex = secretIndex(), now = NOW) {
  return brief(validateTls(withOutput({ endpoint: GRPC_ENDPOINT, tls }).pipeline, secrets, now));
}

const v = (value: string) => ({ value });

function invalid(field: 'ca' | 'cert' | 'key', detail: string) {
  return { severity: 'error', reason: 'TLSConfigurationInvalid', field: `spec.output.otlp.tls.${field}`, message: `TLS configuration invalid: ${detail}` };
}

/** A PEM armor around bytes that are not what the label says. */
function garbage(label: string): string {
  return `-----BEGIN ${label}-----\nAAECAwQFBgcICQ==\n-----END ${label}-----\n`;
}

describe('validate/tls', () => {
  describe('valid configurations', () => {
    it('accepts a matching cert and key and a CA', () => {
      expect(check({ cert: v(leaf.certPem), key: v(leaf.keyPem), ca: v(ca.certPem) })).to.deep.equal([]);
    });

    it('accepts PEMs with literal \\n sequences, as some editors write them', () => {
      const escape = (pem: string) => pem.replace(/\n/g, '\\n');
      expect(check({ cert: v(escape(leaf.certPem)), key: v(escape(leaf.keyPem)), ca: v(escape(ca.certPem)) })).to.deep.equal([]);
    });

    it('accepts PEMs from Secrets', () => {
      const secrets = secretIndex({ name: 'tls', data: { crt: leaf.certPem, key: leaf.keyPem, ca: ca.certPem } });
      expect(check({ cert: secretRef('tls', 'crt'), key: secretRef('tls', 'key'), ca: secretRef('tls', 'ca') }, secrets)).to.deep.equal([]);
    });

    it('skips blocks before the private key, such as EC PARAMETERS', () => {
      const key = `${garbage('EC PARAMETERS')}${leaf.keyPem}`;
      expect(check({ cert: v(leaf.certPem), key: v(key) })).to.deep.equal([]);
    });

    it('accepts whatever encoding Go accepts under any PRIVATE KEY label (PKCS#1, PKCS#8, SEC1)', () => {
      const der = (type: 'pkcs1' | 'pkcs8' | 'sec1', key: string) =>
        createPrivateKey(key).export({ type, format: 'der' }).toString('base64').replace(/.{64}/g, '$&\n');
      const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
      for (const type of ['pkcs1', 'pkcs8'] as const) {
        expect(check({ cert: v(leaf.certPem), key: v(pem('PRIVATE KEY', der(type, leaf.keyPem))) }), type).to.deep.equal([]);
        expect(check({ cert: v(leaf.certPem), key: v(pem('RSA PRIVATE KEY', der(type, leaf.keyPem))) }), type).to.deep.equal([]);
      }
    });

    it('has nothing to check without PEMs', () => {
      expect(check({ insecure: true })).to.deep.equal([]);
      expect(check({ insecureSkipVerify: true })).to.deep.equal([]);
    });
  });

  describe('parsing', () => {
    it('rejects a certificate without a PEM block', () => {
      expect(check({ cert: v('not a pem'), key: v(leaf.keyPem) })).to.deep.equal([
        invalid('cert', 'failed to decode PEM block containing certificate'),
      ]);
    });

    it('rejects a certificate PEM that does not parse', () => {
      expect(check({ cert: v(garbage('CERTIFICATE')), key: v(leaf.keyPem) })).to.deep.equal([invalid('cert', 'failed to parse certificate')]);
    });

    it('rejects a key without a private-key PEM block', () => {
      expect(check({ cert: v(leaf.certPem), key: v(leaf.certPem) })).to.deep.equal([
        invalid('key', 'failed to decode PEM block containing private key'),
      ]);
    });

    it('rejects a private key that does not parse', () => {
      expect(check({ cert: v(leaf.certPem), key: v(garbage('PRIVATE KEY')) })).to.deep.equal([invalid('key', 'failed to parse private key')]);
    });

    it('rejects a CA without a PEM block, or one that does not parse', () => {
      expect(check({ ca: v('') })).to.deep.equal([invalid('ca', 'failed to decode PEM block containing CA certificate')]);
      expect(check({ ca: v(garbage('CERTIFICATE')) })).to.deep.equal([invalid('ca', 'failed to parse CA certificate')]);
    });

    it('treats a value with neither value nor valueFrom as empty', () => {
      expect(check({ ca: {} })).to.deep.equal([invalid('ca', 'failed to decode PEM block containing CA certificate')]);
    });
  });

  describe('consistency', () => {
    it('rejects a key that does not belong to the certificate', () => {
      expect(check({ cert: v(leaf.certPem), key: v(otherKey) })).to.deep.equal([invalid('key', 'certificate and private key do not match')]);
    });

    it('rejects a key of another type', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      expect(check({ cert: v(leaf.certPem), key: v(ec.privateKey) })).to.deep.equal([invalid('key', 'certificate and private key do not match')]);
    });

    it('rejects a CA that is not a CA', () => {
      expect(check({ ca: v(leaf.certPem) })).to.deep.equal([invalid('ca', 'not a CA certificate')]);
    });

    it('checks the CA when cert and key are incomplete (the spec rules report that)', () => {
      expect(check({ cert: v('not a pem'), ca: v(leaf.certPem) })).to.deep.equal([invalid('ca', 'not a CA certificate')]);
    });
  });

  describe('expiry', () => {
    it('rejects an expired certificate, with its expiry date', () => {
      const old = makeCert({ notBefore: LONG_AGO, notAfter: new Date('2030-06-01T23:30:00Z'), ca: false });
      expect(check({ cert: v(old.certPem), key: v(old.keyPem) })).to.deep.equal([
        { severity: 'error', reason: 'TLSCertificateExpired', field: 'spec.output.otlp.tls.cert', message: 'TLS certificate expired on 2030-06-01' },
      ]);
    });

    it('rejects an expired CA', () => {
      const old = makeCert({ notBefore: LONG_AGO, notAfter: new Date('2029-12-31T00:00:00Z'), ca: true });
      expect(check({ ca: v(old.certPem) })).to.deep.equal([
        { severity: 'error', reason: 'TLSCertificateExpired', field: 'spec.output.otlp.tls.ca', message: 'TLS CA certificate expired on 2029-12-31' },
      ]);
    });

    it('warns about a certificate that expires within 14 days', () => {
      const soon = makeCert({ notBefore: LONG_AGO, notAfter: new Date('2030-06-25T08:00:00Z'), ca: false });
      expect(check({ cert: v(soon.certPem), key: v(soon.keyPem) })).to.deep.equal([
        {
          severity: 'warning',
          reason: 'TLSCertificateAboutToExpire',
          field: 'spec.output.otlp.tls.cert',
          message: 'TLS certificate is about to expire, configured certificate is valid until 2030-06-25',
        },
      ]);
    });

    it('warns about a CA that expires within 14 days', () => {
      const soon = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 3), ca: true });
      expect(check({ ca: v(soon.certPem) })).to.deep.equal([
        {
          severity: 'warning',
          reason: 'TLSCertificateAboutToExpire',
          field: 'spec.output.otlp.tls.ca',
          message: 'TLS CA certificate is about to expire, configured certificate is valid until 2030-06-18',
        },
      ]);
    });

    it('warns at exactly 14 days and not beyond', () => {
      const edge = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 14), ca: false });
      const later = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 14.01), ca: false });
      expect(check({ cert: v(edge.certPem), key: v(edge.keyPem) }).map((f) => f.reason)).to.deep.equal(['TLSCertificateAboutToExpire']);
      expect(check({ cert: v(later.certPem), key: v(later.keyPem) })).to.deep.equal([]);
    });

    it('judges expiry against the given time, not the clock', () => {
      const cert = makeCert({ notBefore: LONG_AGO, notAfter: new Date('2031-01-01T00:00:00Z'), ca: false });
      const tls = { cert: v(cert.certPem), key: v(cert.keyPem) };
      expect(check(tls, secretIndex(), new Date('2030-01-01T00:00:00Z'))).to.deep.equal([]);
      expect(check(tls, secretIndex(), new Date('2030-12-25T00:00:00Z')).map((f) => f.severity)).to.deep.equal(['warning']);
      expect(check(tls, secretIndex(), new Date('2031-01-01T00:00:01Z')).map((f) => f.severity)).to.deep.equal(['error']);
    });

    it('keeps a certificate warning next to a CA error', () => {
      const soon = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, 5), ca: false });
      const expired = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, -5), ca: true });
      expect(check({ cert: v(soon.certPem), key: v(soon.keyPem), ca: v(expired.certPem) }).map((f) => f.reason)).to.deep.equal([
        'TLSCertificateAboutToExpire',
        'TLSCertificateExpired',
      ]);
    });

    it('stops at the first error, as Kyma does', () => {
      const expired = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, -1), ca: false });
      expect(check({ cert: v(expired.certPem), key: v(expired.keyPem), ca: v('broken') }).map((f) => f.field)).to.deep.equal([
        'spec.output.otlp.tls.cert',
      ]);
    });
  });

  describe('references', () => {
    it('skips when a Secret reference does not resolve (the secret-ref check reports it)', () => {
      expect(check({ cert: secretRef('gone', 'crt'), key: v('broken'), ca: v('broken') })).to.deep.equal([]);
    });

    it('checks PEMs with tls.insecure as well, since they are still rendered', () => {
      expect(check({ insecure: true, ca: v('broken') })).to.deep.equal([invalid('ca', 'failed to decode PEM block containing CA certificate')]);
    });
  });

  describe('committed fixtures (fixtures/certs)', () => {
    // dist/test/validate -> repository root
    const fixture = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../fixtures/certs', name), 'utf8');

    it('has a valid CA and client pair', () => {
      expect(check({ cert: v(fixture('valid-cert.pem')), key: v(fixture('valid-key.pem')), ca: v(fixture('valid-ca.pem')) })).to.deep.equal([]);
      expect(check({ cert: v(fixture('valid-cert.pem')), key: v(fixture('valid-key.pem')) }, secretIndex(), new Date('2124-12-25T00:00:00Z')).map((f) => f.reason)).to.deep.equal(['TLSCertificateAboutToExpire']);
    });

    it('has an expired pair', () => {
      expect(check({ cert: v(fixture('expired-cert.pem')), key: v(fixture('expired-key.pem')) })).to.deep.equal([
        { severity: 'error', reason: 'TLSCertificateExpired', field: 'spec.output.otlp.tls.cert', message: 'TLS certificate expired on 2021-01-01' },
      ]);
    });
  });

  it('never puts PEM contents into a message', () => {
    const expired = makeCert({ notBefore: LONG_AGO, notAfter: daysFrom(NOW, -1), ca: true });
    const body = (pem: string) => pem.split('\n')[1]!;
    const cases: Tls[] = [
      { cert: v(leaf.certPem), key: v(otherKey) },
      { cert: v(`garbage ${body(leaf.certPem)}`), key: v(leaf.keyPem) },
      { cert: v(leaf.certPem), key: v(`garbage ${body(leaf.keyPem)}`) },
      { ca: v(expired.certPem) },
      { ca: v(leaf.certPem) },
    ];
    for (const tls of cases) {
      const findings = check(tls);
      expect(findings).to.have.length(1);
      for (const pem of [leaf.certPem, leaf.keyPem, otherKey, expired.certPem]) {
        expect(findings[0]!.message).not.to.include(body(pem));
      }
      expect(findings[0]!.message).not.to.include('-----');
    }
  });
});
