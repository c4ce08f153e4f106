import { expect } from 'chai';
import fc from 'fast-check';
import { parse } from 'yaml';
import { emitYaml, type Plain } from '../../src/yaml/emit-yaml';

/** What a reader gets back: both YAML versions the orchestrators and kubectl may use. */
function readBoth(text: string): [unknown, unknown] {
  return [parse(text, { version: '1.1' }), parse(text, { version: '1.2' })];
}

const tricky = fc.constantFrom(
  '', ' ', 'yes', 'No', 'on', 'off', 'y', 'n', '~', 'null', 'NULL', 'true', 'False', '0755', '0x1F', '1e3', '1.10', '.5', '+12',
  '1_000', '1:20', '2021-01-01', '.inf', '-.NaN', '<<', '=', '- a', '? a', 'a: b', 'a #b', 'a:', ':a', '#a', '&a', '*a', '!a', '|', '>',
  '%a', '@a', 'E0', 'e5', '.', '+.', '.e1', '1.', '_', '30s', '1200Mi', '0.8', '1e', '0o17', '0b1', '2021-1-1x', '12:30', '1:2:3', '`a', '"a"', "'a'", '[a]', '{a}', 'a,b', 'a\tb', '\u00a0', 'line\u2028sep', 'nel\u0085', 'bom\ufeff', 'emoji 😀',
  '${env:X}', '$$1', 'a\n', 'a\nb', 'a\n\n', '\n', '\na', ' a\nb', 'a \nb ', 'x\n  y\n', '\n a', '  \na', '\n\n', 'a\n \n', '\u0000', 'a\r\nb',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tricky);
const plain: fc.Arbitrary<Plain> = fc.letrec<{ value: Plain }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('emitYaml', () => {
  it('prints data that parses back to itself under YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(fc.dictionary(text, plain, { maxKeys: 5 }), fc.boolean(), (value, indentSeq) => {
        const out = emitYaml(value, { indentSeq });
        const [v11, v12] = readBoth(out);
        const expected = JSON.parse(JSON.stringify(value)) as unknown;
        expect(v11, out).to.deep.equal(expected);
        expect(v12, out).to.deep.equal(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('uses the readable styles: plain where safe, compact lists, literal blocks', () => {
    expect(emitYaml({ a: 'x', b: ['z', { c: 'yes' }], d: 'l1\nl2\n', e: {}, f: [] })).to.equal(
      'a: x\nb:\n- z\n- c: "yes"\nd: |\n  l1\n  l2\ne: {}\nf: []\n',
    );
  });
});
