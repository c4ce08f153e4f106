import assert from 'node:assert/strict';
import { AGENT_INPUTS } from '../../src/collector/input-filters';
import { PULL_INPUTS, pullsMetrics, specPullsMetrics } from '../../src/contract/pull-inputs';

const off = { enabled: false };
const on = { enabled: true };

describe('contract/pull-inputs', () => {
  it("are Kyma's agent inputs, and what the agent marks", () => {
    assert.deepEqual(PULL_INPUTS, ['prometheus', 'istio', 'runtime']);
    assert.equal(AGENT_INPUTS, PULL_INPUTS);
  });

  it('decide alike on the decoded model and on a raw spec', () => {
    for (const input of PULL_INPUTS) {
      const switches = { prometheus: off, istio: off, runtime: off, [input]: on };
      assert.equal(pullsMetrics(switches), true, input);
      assert.equal(specPullsMetrics({ input: { [input]: { enabled: true } } }), true, input);
    }
    assert.equal(pullsMetrics({ prometheus: off, istio: off, runtime: off }), false);
    assert.equal(specPullsMetrics({ input: { otlp: { enabled: true }, prometheus: { enabled: false } } }), false);
  });

  it('reads only an explicit enabled: true from an unvalidated spec', () => {
    for (const spec of [undefined, null, 'x', [], {}, { input: [] }, { input: { prometheus: true } }, { input: { istio: { enabled: 'true' } } }]) {
      assert.equal(specPullsMetrics(spec), false, JSON.stringify(spec));
    }
  });
});
