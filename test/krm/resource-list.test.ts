import { expect } from 'chai';
import { readResourceList, writeResourceList } from '../../src/krm/resource-list';

const PASS_THROUGH = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: values
    namespace: app
  data:
    mode: 0755
    date: 2021-01-01
    version: 1.10
    answer: yes
    big: 12345678901234567890
    hex: 0x1F
    exp: 1e3
    single: 'quoted'
    double: "quoted"
    block: |
      line one
      line two
    list: [a, b]
`;

function roundTrip(text: string): string {
  const read = readResourceList(text);
  if (!read.ok) throw new Error(read.message);
  return writeResourceList({ keep: read.list.items, generated: [], results: [] });
}

describe('ResourceList I/O', () => {
  it('writes pass-through items byte-identical, scalars spelled as they came', () => {
    expect(roundTrip(PASS_THROUGH)).to.equal(PASS_THROUGH);
  });

  it('accepts v1alpha1 and JSON input and always writes config.kubernetes.io/v1', () => {
    const json = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1alpha1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }] });
    const out = roundTrip(json);
    expect(out).to.match(/^apiVersion: config\.kubernetes\.io\/v1\n/);
    expect(out).to.contain('"name": "a"');
  });

  it('drops comments so that orchestrators can restore them without duplicates', () => {
    const out = roundTrip(PASS_THROUGH.replace('name: values', 'name: values # keep me'));
    expect(out).not.to.contain('keep me');
  });

  it('sorts items so that permuted input gives the same output', () => {
    const a = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n`;
    const b = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n`;
    expect(roundTrip(a)).to.equal(roundTrip(b));
  });

  it('quotes generated strings that YAML 1.1 readers would take for something else', () => {
    const read = readResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    if (!read.ok) throw new Error(read.message);
    const out = writeResourceList({ keep: [], generated: [{ a: 'yes', b: '8888', c: 'true', d: '0755' }], results: [] });
    expect(out).to.contain('a: "yes"').and.contain('b: "8888"').and.contain('c: "true"').and.contain('d: "0755"');
  });

  it('survives aliases that point into another item once items are reordered', () => {
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b, labels: &shared {app: x}}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: *shared}}\n`;
    const out = roundTrip(text);
    expect(out).to.contain('kind: ConfigMap, metadata: {name: a, labels: {app: x}}');
  });

  it('gives the same output for cross-item aliases whichever item holds the anchor', () => {
    const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
    const a = `${head}- {apiVersion: v1, kind: Secret, metadata: {name: b, labels: &shared {app: x}}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: *shared}}\n`;
    const b = `${head}- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: &shared {app: x}}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b, labels: *shared}}\n`;
    expect(roundTrip(a)).to.equal(roundTrip(b));
  });

  it('writes shared objects of generated output in full, without anchors', () => {
    const read = readResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    if (!read.ok) throw new Error(read.message);
    const labels = { app: 'x' };
    const out = writeResourceList({ keep: [], generated: [{ a: labels }, { b: labels }], results: [] });
    expect(out).not.to.match(/[&*]a1/);
  });

  const bad: [string, string, RegExp][] = [
    ['empty input', '', /no input/],
    ['whitespace only', '  \n\n', /no input/],
    ['malformed YAML', 'items: [a, b\nkind: {', /not valid YAML at line \d+, column \d+/],
    ['binary garbage', '\u0000\u0001\u0002\u00ff', /NUL bytes/],
    ['a scalar', 'hello', /not a ResourceList/],
    ['a list', '- a\n- b', /not a ResourceList/],
    ['wrong kind', 'apiVersion: v1\nkind: ConfigMap\nitems: []', /not a ResourceList: got kind "ConfigMap"/],
    ['wrong apiVersion', 'apiVersion: config.kubernetes.io/v9\nkind: ResourceList\nitems: []', /apiVersion "config.kubernetes.io\/v9"/],
    ['items missing', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList', /items is required/],
    ['items not a list', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}', /items must be a list/],
    ['non-object item', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [1]', /items\[0\] must be an object/],
    ['several documents', 'a: 1\n---\nb: 2', /not valid YAML/],
    ['an alias without anchor', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [*nope]', /alias \*nope has no anchor/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name} with one clear line`, () => {
      const read = readResourceList(input);
      expect(read.ok).to.equal(false);
      if (!read.ok) {
        expect(read.message).to.match(message);
        expect(read.message).not.to.contain('\n');
      }
    });
  }
});
