import { strict as assert } from 'node:assert';
import { checkCondition, checkStatement } from '../../src/ottl/check';
import { BROKEN } from './corpus-broken';
import { VALID_CONDITIONS, VALID_STATEMENTS } from './corpus-valid';

describe('OTTL valid corpus', () => {
  it('has at least 40 samples', () => {
    assert.ok(VALID_STATEMENTS.length + VALID_CONDITIONS.length >= 40);
  });

  for (const s of VALID_STATEMENTS) {
    it(`statement: ${s.text}`, () => {
      assert.deepEqual(checkStatement(s.text), [], s.source);
    });
  }

  for (const c of VALID_CONDITIONS) {
    for (const processor of c.processors) {
      it(`${processor} condition: ${c.text}`, () => {
        assert.deepEqual(checkCondition(c.text, processor), [], c.source);
      });
    }
  }
});

describe('OTTL broken corpus', () => {
  it('has at least 25 samples', () => {
    assert.ok(BROKEN.length >= 25);
  });

  for (const b of BROKEN) {
    it(`${b.kind}: ${b.text === '' ? '(empty)' : b.text}`, () => {
      const problems = b.kind === 'statement' ? checkStatement(b.text) : checkCondition(b.text, b.kind);
      assert.deepEqual(problems, [{ column: b.column, message: b.message }]);
    });
  }

  it('never puts a line break into a message', () => {
    const problems = checkStatement('set(metric.name,\n  "x")\n where metric.nmae == "y"');
    assert.equal(problems.length, 1);
    assert.ok(!/\n/.test(problems[0]?.message ?? '\n'));
  });
});
