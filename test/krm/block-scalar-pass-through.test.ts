import { expect } from 'chai';
import { parse } from 'yaml';
import { readResourceList, writeResourceList } from '../../src/krm/resource-list';
import { runFunction } from '../support/run-fn';

/**
 * Block scalars of pass-through items must come out with the same value: keep chomping (`|+`, `>+`) makes
 * trailing blank lines part of the value, also where an item, or the whole document, ends. kpt rewrites a
 * user's file whenever the function changes a value.
 */
const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

const FIRST = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: first
  data:
    keep: |+
      kept

    strip: |-
      stripped
    clip: |
      clipped
    folded: >
      folded
      text

    foldedKeep: >+
      folded kept


    foldedStrip: >-
      folded
      stripped
    endsItem: |+
      ends the item


`;

const LAST = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: last
  data:
    endsDocument: |+
      ends the document


`;

function items(text: string): unknown[] {
  return (parse(text, { version: '1.1' }) as { items: unknown[] }).items;
}

function roundTrip(text: string): string {
  const read = readResourceList(text);
  if (!read.ok) throw new Error(read.message);
  return writeResourceList({ keep: read.list.items, generated: [], results: [] });
}

const VARIANTS: [string, string][] = [
  ['item text written back as it came', `${HEAD}${FIRST}${LAST}`],
  ['items re-printed because they hold comments', `${HEAD}${FIRST.replace('name: first', 'name: first # c')}${LAST.replace('name: last', 'name: last # c')}`],
  ['the whole document parsed (a functionConfig in flow style after the items)', `${HEAD}${FIRST}${LAST}functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n`],
  ['items in reverse order', `${HEAD}${LAST}${FIRST}`],
];

describe('pass-through of block scalars', () => {
  it('the input holds the values the test means', () => {
    const [first, last] = items(`${HEAD}${FIRST}${LAST}`) as { data: Record<string, string> }[];
    expect(first!.data).to.deep.equal({
      keep: 'kept\n\n',
      strip: 'stripped',
      clip: 'clipped\n',
      folded: 'folded text\n',
      foldedKeep: 'folded kept\n\n\n',
      foldedStrip: 'folded stripped',
      endsItem: 'ends the item\n\n\n',
    });
    expect(last!.data).to.deep.equal({ endsDocument: 'ends the document\n\n\n' });
  });

  for (const [name, input] of VARIANTS) {
    it(`keeps every value: ${name}`, () => {
      const byName = (list: unknown[]) => Object.fromEntries((list as { metadata: { name: string } }[]).map((i) => [i.metadata.name, i]));
      expect(byName(items(roundTrip(input)))).to.deep.equal(byName(items(input)));
    });
  }

  it('keeps every value through the function, generated objects after the items included', () => {
    const input = `${HEAD}${FIRST}${LAST}- apiVersion: telemetry.kyma-project.io/v1beta1
  kind: MetricPipeline
  metadata:
    name: p
  spec:
    output:
      otlp:
        endpoint:
          value: https://otlp.example.com:4317
`;
    const r = runFunction(input);
    expect(r.code, r.stderr).to.equal(0);
    const out = items(r.stdout) as { kind: string; metadata: { name: string } }[];
    expect(out.filter((i) => i.kind === 'ConfigMap' && ['first', 'last'].includes(i.metadata.name))).to.deep.equal(items(`${HEAD}${FIRST}${LAST}`));
  });

  it('writes items without comments textually unchanged, trailing blank lines included', () => {
    const out = roundTrip(`${HEAD}${FIRST}${LAST}`);
    expect(out).to.equal(`${HEAD}${FIRST}${LAST}`);
  });
});
