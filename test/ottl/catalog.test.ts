import { strict as assert } from 'node:assert';
import { allFunctions, lookupFunction } from '../../src/ottl/functions';

describe('OTTL function catalog', () => {
  it('names editors in lowercase and converters with an uppercase first letter, each once', () => {
    const names = new Set<string>();
    for (const f of allFunctions()) {
      assert.ok(!names.has(f.name), `duplicate ${f.name}`);
      names.add(f.name);
      assert.equal(/^[A-Z]/.test(f.name), f.kind === 'converter', f.name);
    }
  });

  it('lists optional parameters after required ones', () => {
    for (const f of allFunctions()) {
      const firstOptional = f.params.findIndex((p) => p.optional);
      if (firstOptional >= 0) assert.ok(f.params.slice(firstOptional).every((p) => p.optional), f.name);
    }
  });

  it('registers the metric-only editors in the metric context and the summary/histogram ones per data point', () => {
    assert.deepEqual(lookupFunction('convert_sum_to_gauge')?.contexts, ['metric']);
    assert.deepEqual(lookupFunction('merge_histogram_buckets')?.contexts, ['datapoint']);
    assert.equal(lookupFunction('set')?.processor, 'transform');
    assert.equal(lookupFunction('IsMatch')?.processor, 'both');
    assert.equal(lookupFunction('HasAttrOnDatapoint')?.processor, 'filter');
  });

  it('describes parameter kinds from the signature notation', () => {
    const f = lookupFunction('replace_pattern');
    assert.deepEqual(
      f?.params.map((p) => [p.names[0], p.kind, p.optional]),
      [
        ['target', 'path', false],
        ['regex_pattern', 'value', false],
        ['replacement', 'value', false],
        ['function', 'function', true],
        ['replacement_format', 'value', true],
      ],
    );
    assert.deepEqual(lookupFunction('Concat')?.params[0]?.names, ['vals']);
    assert.equal(lookupFunction('Concat')?.params[0]?.kind, 'list');
  });
});
