import assert from 'node:assert/strict';
import { decodeOutcomes, encodeOutcomes, OUTCOME_FORMAT_VERSION, type PipelineOutcome } from '../../src/contract/outcome-annotation';

const expiring: PipelineOutcome = {
  rendered: true,
  reason: 'TLSCertificateAboutToExpire',
  message: 'TLS CA certificate is about to expire, configured certificate is valid until 2125-01-01',
  expiry: { certificate: 'ca', expiresAt: new Date('2125-01-01T00:00:00Z') },
};
const outcomes: Record<string, PipelineOutcome> = {
  zeta: { rendered: true, reason: 'GatewayConfigured', message: 'rendered into the gateway' },
  broken: { rendered: false, reason: 'EndpointInvalid', message: 'endpoint is not a URL' },
  'my.tls': expiring,
};

function decoded(text: string | undefined): ReadonlyMap<string, PipelineOutcome> {
  const result = decodeOutcomes(text);
  assert.ok(result.ok, JSON.stringify(result));
  return result.outcomes;
}

describe('contract/outcome-annotation', () => {
  it('decodes what it encodes', () => {
    assert.deepEqual(Object.fromEntries(decoded(encodeOutcomes(outcomes))), outcomes);
    assert.deepEqual(Object.fromEntries(decoded(encodeOutcomes({}))), {});
  });

  it('writes canonical JSON: version first, pipelines sorted, fields in a fixed order, expiry as RFC 3339', () => {
    const text = encodeOutcomes(outcomes);
    assert.equal(text, encodeOutcomes(Object.fromEntries(Object.entries(outcomes).reverse())));
    assert.equal(
      text,
      '{"version":2,"pipelines":{' +
        '"broken":{"rendered":false,"reason":"EndpointInvalid","message":"endpoint is not a URL"},' +
        '"my.tls":{"rendered":true,"reason":"TLSCertificateAboutToExpire","message":"TLS CA certificate is about to expire, configured certificate is valid until 2125-01-01","expiry":{"certificate":"ca","expiresAt":"2125-01-01T00:00:00Z"}},' +
        '"zeta":{"rendered":true,"reason":"GatewayConfigured","message":"rendered into the gateway"}}}',
    );
    assert.equal(OUTCOME_FORMAT_VERSION, 2);
  });

  it('decodes annotations without a version, as older functions wrote them, with the expiry from the message', () => {
    const legacy = JSON.stringify({ a: { message: 'ok', reason: 'GatewayConfigured', rendered: true }, 'my.tls': { rendered: true, reason: expiring.reason, message: expiring.message } });
    const result = decodeOutcomes(legacy);
    assert.ok(result.ok);
    assert.equal(result.version, 1);
    assert.deepEqual(result.outcomes.get('a'), { rendered: true, reason: 'GatewayConfigured', message: 'ok' });
    // Only the day is in the message: its last millisecond stands in for notAfter.
    assert.deepEqual(result.outcomes.get('my.tls'), { ...expiring, expiry: { certificate: 'ca', expiresAt: new Date('2125-01-01T23:59:59.999Z') } });
  });

  it('keeps a legacy pipeline named "version" apart from the format version', () => {
    const result = decodeOutcomes(JSON.stringify({ version: { rendered: true, reason: 'GatewayConfigured', message: 'ok' } }));
    assert.ok(result.ok);
    assert.deepEqual([...result.outcomes.keys()], ['version']);
  });

  it('ignores fields it does not know, so version 2 can grow optional ones', () => {
    const text = JSON.stringify({ version: 2, pipelines: { a: { rendered: true, reason: 'GatewayConfigured', message: 'ok', later: 1 } }, later: true });
    assert.deepEqual(decoded(text).get('a'), { rendered: true, reason: 'GatewayConfigured', message: 'ok' });
  });

  it('says why it cannot read an annotation, in one line', () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /annotation fn\.metricpipeline\.dev\/pipelines is missing$/],
      ['{', /is not JSON$/],
      ['[]', /is not a JSON object$/],
      ['{"a": {"rendered": "yes"}}', /^the entry of pipeline "a" is not \{rendered, reason, message\}$/],
      ['{"a": {"rendered": true, "reason": "has space", "message": ""}}', /^the entry of pipeline "a" is not/],
      ['{"version": 2}', /has no "pipelines" object$/],
      ['{"version": 2, "pipelines": {"a": {"rendered": true, "reason": "R", "message": "", "expiry": {"certificate": "key", "expiresAt": "2125-01-01T00:00:00Z"}}}}', /^the entry of pipeline "a" is not/],
      ['{"version": 2, "pipelines": {"a": {"rendered": true, "reason": "R", "message": "", "expiry": {"certificate": "ca", "expiresAt": "2125-13-01T00:00:00Z"}}}}', /^the entry of pipeline "a" is not/],
      ['{"version": 3, "pipelines": {}}', /has format version 3, this status job reads up to version 2/],
    ];
    for (const [text, detail] of cases) {
      const result = decodeOutcomes(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) {
        assert.match(result.detail, detail, text);
        assert.ok(!result.detail.includes('\n'));
      }
    }
  });
});
