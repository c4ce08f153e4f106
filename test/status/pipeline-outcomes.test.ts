import assert from 'node:assert/strict';
import { ANNOTATIONS } from '../../src/constants';
import { clipMessage, configurationOf, gatewayConfigFrom, MAX_MESSAGE_LENGTH } from '../../src/status/pipeline-outcomes';

const NOW = new Date('2026-11-24T10:00:00Z');
const annotate = (value: string) => ({ [ANNOTATIONS.pipelineStatus]: value });

describe('status/pipeline-outcomes', () => {
  it('reads what the function recorded', () => {
    const config = gatewayConfigFrom(
      annotate(JSON.stringify({ a: { rendered: true, reason: 'GatewayConfigured', message: 'ok' }, b: { rendered: false, reason: 'ReferencedSecretMissing', message: 'missing' } })),
    );
    assert.equal(config.kind, 'found');
    assert.deepEqual(configurationOf(config, 'a', 'ns', NOW), { condition: { status: 'True', reason: 'GatewayConfigured', message: 'ok' }, rendered: true });
    assert.deepEqual(configurationOf(config, 'b', 'ns', NOW), { condition: { status: 'False', reason: 'ReferencedSecretMissing', message: 'missing' }, rendered: false });
    assert.deepEqual(configurationOf(config, 'c', 'ns', NOW).condition.reason, 'PipelineNotRendered');
    assert.equal(configurationOf(config, 'c', 'ns', NOW).rendered, false);
  });

  it('treats a missing, non-JSON or ill-shaped annotation as unreadable (Unknown)', () => {
    for (const annotations of [{}, annotate('{'), annotate('[]'), annotate('{"a": {"rendered": "yes"}}'), annotate('{"a": {"rendered": true, "reason": "has space", "message": ""}}')]) {
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

  it('reports an about-to-expire certificate as expired once its last day is over', () => {
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
