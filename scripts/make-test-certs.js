#!/usr/bin/env node
'use strict';
// Writes the committed test certificates in fixtures/certs (run once; commit the output):
//   valid-ca.pem                 self-signed CA, valid 2025-01-01 .. 2125-01-01
//   valid-cert.pem, valid-key.pem  client certificate signed by that CA, same validity, and its key
//   expired-cert.pem, expired-key.pem  self-signed client certificate valid 2020-01-01 .. 2021-01-01
// Private keys are PKCS#8 PEM. They protect nothing: they exist only for tests and examples.
const { generateKeyPairSync, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const forge = require('node-forge');

const OUT = path.join(__dirname, '..', 'fixtures', 'certs');

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

function certificate({ subject, issuer, keys, issuerKeys, notBefore, notAfter, ca }) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: subject }, { name: 'organizationName', value: 'metricpipeline-fn tests' }]);
  cert.setIssuer([{ name: 'commonName', value: issuer }, { name: 'organizationName', value: 'metricpipeline-fn tests' }]);
  const extensions = [
    { name: 'basicConstraints', cA: ca, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: !ca, keyCertSign: ca, cRLSign: ca },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!ca) extensions.push({ name: 'extKeyUsage', clientAuth: true });
  if (issuerKeys !== keys) {
    const issuerCert = forge.pki.createCertificate();
    issuerCert.publicKey = forge.pki.publicKeyFromPem(issuerKeys.publicPem);
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes() });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuerKeys.privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const validFrom = new Date('2025-01-01T00:00:00Z');
const validTo = new Date('2125-01-01T00:00:00Z');
const caKeys = keyPair();
const clientKeys = keyPair();
const expiredKeys = keyPair();

const files = {
  'valid-ca.pem': certificate({
    subject: 'metricpipeline-fn test CA',
    issuer: 'metricpipeline-fn test CA',
    keys: caKeys,
    issuerKeys: caKeys,
    notBefore: validFrom,
    notAfter: validTo,
    ca: true,
  }),
  'valid-cert.pem': certificate({
    subject: 'metricpipeline-fn test client',
    issuer: 'metricpipeline-fn test CA',
    keys: clientKeys,
    issuerKeys: caKeys,
    notBefore: validFrom,
    notAfter: validTo,
    ca: false,
  }),
  'valid-key.pem': clientKeys.privatePem,
  'expired-cert.pem': certificate({
    subject: 'metricpipeline-fn expired client',
    issuer: 'metricpipeline-fn expired client',
    keys: expiredKeys,
    issuerKeys: expiredKeys,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2021-01-01T00:00:00Z'),
    ca: false,
  }),
  'expired-key.pem': expiredKeys.privatePem,
};

fs.mkdirSync(OUT, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  fs.writeFileSync(path.join(OUT, name), content);
  process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(OUT, name))}\n`);
}
