import { expect } from 'chai';
import { parse } from 'yaml';
import { readResourceList, writeResourceList } from '../../src/krm/resource-list';
import { runFunction, runFunctionBinary } from '../support/run-fn';

/**
 * Aliases are capped as yaml caps them within one item (maxAliasCount): an anchor in one item and its
 * aliases in others count against the same cap across the whole ResourceList. The suite's timeout is the
 * guard against exponential expansion; nothing here measures time.
 */
const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** Each item's list holds nine aliases of the previous item's list: 9^levels leaves from ~1 kB. */
function laughs(levels: number, comment = ''): string {
  const items = [`- apiVersion: v1${comment}\n  kind: ConfigMap\n  metadata:\n    name: l0\n  data: &l0 {a: lol}\n`];
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: 9 }, () => `*l${i - 1}`).join(',');
    items.push(`- apiVersion: v1${comment}\n  kind: ConfigMap\n  metadata:\n    name: l${i}\n  data: &l${i} [${refs}]\n`);
  }
  return `${HEAD}${items.join('')}`;
}

/** The same chain as one flow-style list, which the whole document is parsed for. */
function flowLaughs(levels: number): string {
  const items = ['{apiVersion: v1, kind: ConfigMap, metadata: {name: l0}, data: &l0 {a: lol}}'];
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ');
    items.push(`{apiVersion: v1, kind: ConfigMap, metadata: {name: l${i}}, data: &l${i} [${refs}]}`);
  }
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${items.join(', ')}]\n`;
}

const MESSAGE = /^error: input has too many YAML aliases: expanding them would exceed the limit of 100 alias uses \(a "billion laughs" input\?\)\n$/;

describe('aliases across items', () => {
  for (const [name, input] of [
    ['items written back as they came', laughs(9)],
    ['items with comments, re-printed', laughs(9, ' # c')],
    ['a flow-style list', flowLaughs(9)],
  ]) {
    it(`refuses an exponential chain fast, with one line: ${name}`, () => {
      const r = runFunction(input);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(MESSAGE);
      expect(r.stdout.length).to.be.lessThan(2000);
    });
  }

  it('refuses it in the real executable too', () => {
    const r = runFunctionBinary(laughs(9, ' # c'));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(MESSAGE);
  });

  it('accepts a few levels that stay under the cap and writes them in full', () => {
    const input = laughs(2, ' # c');
    const r = runFunction(input);
    expect(r.code, r.stderr).to.equal(0);
    const out = parse(r.stdout) as { items: { data: unknown }[] };
    expect(out.items.map((i) => i.data)).to.deep.equal((parse(input) as { items: { data: unknown }[] }).items.map((i) => i.data));
  });

  it('writes valid YAML when the item holding the anchor moves behind the one with the alias', () => {
    const input = `${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n  data: &shared\n    k: v\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data: *shared\n`;
    const read = readResourceList(input);
    if (!read.ok) throw new Error(read.message);
    const out = writeResourceList({ keep: read.list.items, generated: [], results: [] });
    const items = (parse(out) as { items: { metadata: { name: string }; data: unknown }[] }).items;
    expect(items.map((i) => [i.metadata.name, i.data])).to.deep.equal([
      ['a', { k: 'v' }],
      ['b', { k: 'v' }],
    ]);
  });
});
