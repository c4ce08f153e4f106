import { strict as assert } from 'node:assert';
import { columnOf, LexError, tokenize } from '../../src/ottl/lexer';

const types = (src: string): string[] => tokenize(src).map((t) => t.type);

describe('OTTL lexer', () => {
  it('reads a sign directly before a digit as part of the number, like the pinned collector (v0.141.0)', () => {
    assert.deepEqual(types('1-1'), ['int', 'int', 'eof']);
    assert.deepEqual(types('1 - 1'), ['int', 'addSub', 'int', 'eof']);
    assert.deepEqual(types('x -1.5'), ['ident', 'float', 'eof']);
    assert.deepEqual(types('- x'), ['addSub', 'ident', 'eof']);
  });

  it('reads a float only with a digit after the point, like the pinned collector', () => {
    assert.deepEqual(types('1. +2'), ['int', 'dot', 'int', 'eof']);
    assert.deepEqual(types('-.5e-3'), ['float', 'eof']);
    assert.deepEqual(types('1e3'), ['int', 'ident', 'eof']);
  });

  it('reads bytes before numbers and floats with an optional leading digit and exponent', () => {
    assert.deepEqual(types('0x0aFF .5 1.5e3 7'), ['bytes', 'float', 'float', 'int', 'eof']);
  });

  it('reads strings with escaped quotes and backslashes as one token', () => {
    const tokens = tokenize('"a \\"b\\" \\\\" x');
    assert.equal(tokens[0]?.type, 'string');
    assert.equal(tokens[1]?.text, 'x');
  });

  it('treats not/and/or/true/false as keywords only as whole words', () => {
    assert.deepEqual(types('not notify and android or orange true trueish'), [
      'not',
      'ident',
      'and',
      'ident',
      'or',
      'ident',
      'bool',
      'ident',
      'eof',
    ]);
  });

  it('reads comparison operators, =, => and punctuation', () => {
    assert.deepEqual(types('== != <= >= < > = => ( ) [ ] { } : , .'), [
      'compare',
      'compare',
      'compare',
      'compare',
      'compare',
      'compare',
      'equal',
      'arrow',
      'lparen',
      'rparen',
      'lbracket',
      'rbracket',
      'lbrace',
      'rbrace',
      'colon',
      'comma',
      'dot',
      'eof',
    ]);
  });

  it('rejects characters outside the grammar with their offset', () => {
    assert.throws(
      () => tokenize('a | b'),
      (e: unknown) => e instanceof LexError && e.at === 2 && /use "and" \/ "or"/.test(e.message),
    );
    assert.throws(() => tokenize('"open'), (e: unknown) => e instanceof LexError && e.at === 0);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const src = '"🚀" x';
    assert.equal(columnOf(src, src.indexOf('x')), 5);
    assert.equal(columnOf('abc', 0), 1);
  });
});
