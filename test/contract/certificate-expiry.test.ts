import assert from 'node:assert/strict';
import { aboutToExpireMessage, expiredMessage, expiryFromLegacyMessage, hasExpired } from '../../src/contract/certificate-expiry';

describe('contract/certificate-expiry', () => {
  const cert = { certificate: 'cert' as const, expiresAt: new Date('2030-06-25T08:00:00Z') };
  const ca = { certificate: 'ca' as const, expiresAt: new Date('2029-12-31T00:00:00Z') };

  it("writes Kyma's messages from the data", () => {
    assert.equal(aboutToExpireMessage(cert), 'TLS certificate is about to expire, configured certificate is valid until 2030-06-25');
    assert.equal(aboutToExpireMessage(ca), 'TLS CA certificate is about to expire, configured certificate is valid until 2029-12-31');
    assert.equal(expiredMessage(cert), 'TLS certificate expired on 2030-06-25');
    assert.equal(expiredMessage(ca), 'TLS CA certificate expired on 2029-12-31');
  });

  it('has expired strictly after notAfter', () => {
    assert.equal(hasExpired(cert, new Date('2030-06-25T08:00:00Z')), false);
    assert.equal(hasExpired(cert, new Date('2030-06-25T08:00:00.001Z')), true);
  });

  it('reads a legacy message back: same certificate and day, expired once the day is over', () => {
    for (const expiry of [cert, ca]) {
      const read = expiryFromLegacyMessage(aboutToExpireMessage(expiry));
      assert.equal(read?.certificate, expiry.certificate);
      assert.equal(expiredMessage(read!), expiredMessage(expiry));
    }
    const read = expiryFromLegacyMessage(aboutToExpireMessage(cert))!;
    assert.equal(hasExpired(read, new Date('2030-06-25T23:59:59.999Z')), false);
    assert.equal(hasExpired(read, new Date('2030-06-26T00:00:00Z')), true);
  });

  it('reads nothing from other messages', () => {
    for (const message of ['', 'TLS certificate expired on 2030-06-25', 'TLS certificate is about to expire, configured certificate is valid until soon']) {
      assert.equal(expiryFromLegacyMessage(message), undefined, message);
    }
  });
});
