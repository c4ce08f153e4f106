import assert from 'node:assert/strict';
import { aboutToExpireMessage, type CertificateExpiry } from '../../../src/contract/certificate-expiry';
import { encodeOutcomes, OUTCOME_ANNOTATION } from '../../../src/contract/outcome-annotation';
import { configurationOf, gatewayConfigFrom } from '../../../src/status/conditions/configuration';
import { clipMessage, MAX_MESSAGE_LENGTH } from '../../../src/status/conditions/types';

const NOW = new Date('2026-11-24T10:00:00Z');
const annotate = (value: string) => ({ [OUTCOME_ANNOTATION]: value });

describe('status/conditions/configuration', () => {
  for (const format of ['current', 'legacy'] as const) {
    it(`reads what the function recorded (${format} annotation)`, () => {
      const outcomes = { a: { rendered: true, reason: 'GatewayConfigured', message: 'ok' }, b: { rendered: false, reason: 'ReferencedSecretMissing', message: 'missing' } };
      const config = gatewayConfigFrom(annotate(format === 'current' ? encodeOutcomes(outcomes) : JSON.stringify(outcomes)));
      assert.equal(config.kind, 'found');
      assert.deepEqual(configurationOf(config, 'a', 'ns', NOW), { condition: { status: 'True', reason: 'GatewayConfigured', message: 'ok' }, rendered: true });
      assert.deepEqual(configurationOf(config, 'b', 'ns', NOW), { condition: { status: 'False', reason: 'ReferencedSecretMissing', message: 'missing' }, rendered: false });
      assert.deepEqual(configurationOf(config, 'c', 'ns', NOW).condition.reason, 'PipelineNotRendered');
      assert.equal(configurationOf(config, 'c', 'ns', NOW).rendered, false);
    });
  }

  it('treats a missing, non-JSON or ill-shaped annotation as unreadable (Unknown)', () => {
    const cases = [
      {},
      annotate('{'),
      annotate('[]'),
      annotate('{"a": {"rendered": "yes"}}'),
      annotate('{"a": {"rendered": true, "reason": "has space", "message": ""}}'),
      annotate('{"version": 2, "pipelines": {"a": {"rendered": true, "reason": "R", "message": "", "expiry": {"certificate": "cert", "expiresAt": "soon"}}}}'),
      annotate('{"version": 3, "pipelines": {}}'),
    ];
    for (const annotations of cases) {
      const config = gatewayConfigFrom(annotations);
      assert.equal(config.kind, 'unreadable', JSON.stringify(annotations));
      const verdict = configurationOf(config, 'a', 'ns', NOW);
      assert.equal(verdict.condition.status, 'Unknown');
      assert.equal(verdict.condition.reason, 'ConfigurationUnreadable');
      assert.equal(verdict.rendered, undefined);
    }
  });

  it('missing ConfigMap: not rendered; API error: unknown', () => {
    assert.deepEqual(configurationOf({ kind: 'missing' }, 'a', 'ns', NOW).rendered, false);
    assert.equal(configurationOf({ kind: 'missing' }, 'a', 'ns', NOW).condition.reason, 'GatewayNotRendered');
    const error = configurationOf({ kind: 'error', detail: 'boom' }, 'a', 'ns', NOW);
    assert.deepEqual(error, { condition: { status: 'Unknown', reason: 'ConfigurationProbingFailed', message: 'Could not read ConfigMap ns/telemetry-metric-gateway: boom' }, rendered: undefined });
  });

  it('reports an about-to-expire certificate as expired once its recorded expiry has passed', () => {
    const outcome = (expiry: CertificateExpiry) =>
      gatewayConfigFrom(annotate(encodeOutcomes({ a: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: aboutToExpireMessage(expiry), expiry } })));
    const at = (iso: string, certificate: 'cert' | 'ca' = 'cert'): CertificateExpiry => ({ certificate, expiresAt: new Date(iso) });
    assert.equal(configurationOf(outcome(at('2026-11-24T10:00:00Z')), 'a', 'ns', NOW).condition.reason, 'TLSCertificateAboutToExpire', 'valid up to its notAfter');
    assert.deepEqual(configurationOf(outcome(at('2026-11-24T09:59:59Z', 'ca')), 'a', 'ns', NOW), {
      condition: { status: 'False', reason: 'TLSCertificateExpired', message: 'TLS CA certificate expired on 2026-11-24' },
      rendered: true,
    });
  });

  it('reads the expiry of an annotation without version from the message: expired once the last day is over', () => {
    const outcome = (date: string, ca = false) =>
      gatewayConfigFrom(annotate(JSON.stringify({ a: { rendered: true, reason: 'TLSCertificateAboutToExpire', message: `TLS ${ca ? 'CA ' : ''}certificate is about to expire, configured certificate is valid until ${date}` } })));
    assert.equal(configurationOf(outcome('2026-11-24'), 'a', 'ns', NOW).condition.reason, 'TLSCertificateAboutToExpire', 'still its last day');
    assert.deepEqual(configurationOf(outcome('2026-11-23', true), 'a', 'ns', NOW), {
      condition: { status: 'False', reason: 'TLSCertificateExpired', message: 'TLS CA certificate expired on 2026-11-23' },
      rendered: true,
    });
  });

  it('clips messages to the API limit', () => {
    assert.equal(clipMessage('x'.repeat(MAX_MESSAGE_LENGTH + 5)).length, MAX_MESSAGE_LENGTH);
    assert.equal(clipMessage('short'), 'short');
  });
});
