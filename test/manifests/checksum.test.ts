import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { ANNOTATIONS } from '../../src/constants';
import { configChecksum } from '../../src/manifests/checksum';
import { buildGatewayObjects } from '../../src/manifests/gateway';
import type { Deployment } from '../../src/manifests/types';
import { DUMMY_CONFIG, find, gatewayPlan, type Built } from './fixtures';

function podChecksum(endpoint: string, config = DUMMY_CONFIG): string | undefined {
  const deployment = find(buildGatewayObjects(gatewayPlan({ endpoint }), config), 'Deployment') as Built<Deployment>;
  return deployment.spec.template.metadata.annotations[ANNOTATIONS.configChecksum];
}

describe('manifests: config checksum', () => {
  const cm = { 'relay.conf': 'a: 1\n' };
  const secret = { B: 'two', A: 'one' };

  it('is a hex HMAC-SHA256, independent of key insertion order', () => {
    const sum = configChecksum(cm, secret);
    expect(sum).to.match(/^[0-9a-f]{64}$/);
    expect(configChecksum({ ...cm }, { A: 'one', B: 'two' })).to.equal(sum);
  });

  it('changes when any ConfigMap or Secret value or key changes', () => {
    const sum = configChecksum(cm, secret);
    expect(configChecksum({ 'relay.conf': 'a: 2\n' }, secret)).to.not.equal(sum);
    expect(configChecksum(cm, { ...secret, B: 'three' })).to.not.equal(sum);
    expect(configChecksum(cm, { ...secret, C: '' })).to.not.equal(sum);
    expect(configChecksum(cm, { A: 'one' })).to.not.equal(sum);
  });

  it('does not confuse key/value boundaries or which object a key lives in', () => {
    expect(configChecksum({}, { ab: 'c' })).to.not.equal(configChecksum({}, { a: 'bc' }));
    expect(configChecksum({ k: 'v' }, {})).to.not.equal(configChecksum({}, { k: 'v' }));
  });

  it('cannot be recomputed from the config and one guessed value: the hash is keyed by all Secret values', () => {
    // The unkeyed construction (Kyma's, and ours before): SHA-256 over the length-prefixed sections.
    const plain = createHash('sha256');
    for (const [section, data] of [['configmap', cm], ['secret', { A: 'one', B: 'two' }]] as const) {
      const entries = Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1));
      for (const text of [section, String(entries.length), ...entries.flat()]) plain.update(`${Buffer.byteLength(text)}:${text}`);
    }
    expect(configChecksum(cm, secret)).to.not.equal(plain.digest('hex'));
    // Knowing every value but one strong one does not help: a wrong strong value gives another checksum.
    expect(configChecksum(cm, { A: 'one', B: 'two' })).to.not.equal(configChecksum(cm, { A: 'one', B: 'tw0' }));
  });

  it('rolls the gateway pods when a referenced Secret value changes, and only then', () => {
    const before = podChecksum('https://backend.example.com:4317');
    expect(podChecksum('https://backend.example.com:4317')).to.equal(before);
    expect(podChecksum('https://other.example.com:4317')).to.not.equal(before);
    expect(podChecksum('https://backend.example.com:4317', `${DUMMY_CONFIG}# changed\n`)).to.not.equal(before);
  });
});
