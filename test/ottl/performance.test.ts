import { strict as assert } from 'node:assert';
import { checkCondition, checkStatement } from '../../src/ottl/check';
import { VALID_CONDITIONS, VALID_STATEMENTS } from './corpus-valid';

describe('OTTL checker performance', () => {
  it('checks a few hundred statements and conditions in well under 50 ms', () => {
    const statements = VALID_STATEMENTS.map((s) => s.text);
    const conditions = VALID_CONDITIONS.map((c) => c.text);
    const run = (): void => {
      for (let i = 0; i < 3; i++) {
        statements.forEach((s) => checkStatement(s));
        conditions.forEach((c) => checkCondition(c, 'transform'));
      }
    };
    run(); // warm up the JIT, as a long-running render would be
    const start = process.hrtime.bigint();
    run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const count = 3 * (statements.length + conditions.length);
    assert.ok(count >= 250, `only ${count} samples`);
    assert.ok(ms < 50, `${count} checks took ${ms.toFixed(1)} ms`);
  });
});
