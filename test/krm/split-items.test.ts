import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { quickHeader } from '../../src/krm/quick-header';
import { splitItems } from '../../src/krm/split-items';
import { INDEX_ANNOTATION, PATH_ANNOTATION, readResourceList } from '../../src/krm/resource-list';
import { REPO_ROOT } from '../support/run-fn';

/** What kpt 1.0.0-beta.56 sends to a function, captured (fixtures/krm/README.md). */
const KPT_INPUT = readFileSync(path.join(REPO_ROOT, 'fixtures', 'krm', 'kpt-beta56-input-resourcelist.yaml'), 'utf8');
/** What kustomize sends to an exec function, captured by `npm run bench`'s recorder (fixtures/krm/README.md). */
const KUSTOMIZE_INPUTS = ['kustomize-v5.8.2-input-resourcelist.yaml', 'kustomize-v4.5.4-input-resourcelist.yaml'].map((f) => [f, readFileSync(path.join(REPO_ROOT, 'fixtures', 'krm', f), 'utf8')] as const);
const KEYS = { path: [PATH_ANNOTATION, 'config.kubernetes.io/path'], index: [INDEX_ANNOTATION, 'config.kubernetes.io/index'] };

describe('splitting block-style ResourceLists into items', () => {
  it('splits what kpt sends, comment on the dash line included', () => {
    const split = splitItems(KPT_INPUT);
    expect(split, 'kpt input must take the split path').to.not.equal(undefined);
    const expected = (parse(KPT_INPUT) as { items: unknown[] }).items;
    expect(split!.items.map((c) => parse(c.text))).to.deep.equal(expected);
    expect(parse(split!.head)).to.deep.include({ kind: 'ResourceList', items: [] });
  });

  it('handles indented ("wide") item lists and keeps the text after them', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - kind: A\n    metadata: {name: a}\n  - kind: B\nfunctionConfig:\n  data: {x: "1"}\n';
    const split = splitItems(text)!;
    expect(split.items.map((c) => c.verbatim)).to.deep.equal(['- kind: A\n  metadata: {name: a}\n', '- kind: B\n']);
    expect(parse(split.head)).to.deep.equal({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], functionConfig: { data: { x: '1' } } });
  });

  it('declines what it cannot split safely', () => {
    expect(splitItems('{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}')).to.equal(undefined);
    expect(splitItems('items:\n- a: 1\r\n')).to.equal(undefined);
    expect(splitItems('---\nitems:\n- a: 1\n')).to.equal(undefined);
    expect(splitItems('items: []\n')).to.equal(undefined);
  });

  it('reads the same items whether the list is block YAML (split) or JSON (whole document)', () => {
    const block = readResourceList(KPT_INPUT);
    const json = readResourceList(JSON.stringify(parse(KPT_INPUT, { version: '1.1' }), (_k, v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
    if (!block.ok || !json.ok) throw new Error('both must read');
    expect(block.list.items.map((i) => i.header)).to.deep.equal(json.list.items.map((i) => i.header));
    expect(block.list.items.map((i) => i.toJs()).length).to.equal(json.list.items.length);
  });

  for (const [name, input] of KUSTOMIZE_INPUTS) {
    it(`reads every item of what kustomize sends without a tree, id block scalars and all (${name})`, () => {
      const split = splitItems(input);
      expect(split, 'kustomize input must take the split path').to.not.equal(undefined);
      const read = readResourceList(input);
      if (!read.ok) throw new Error(read.message);
      const whole = (parse(input) as { items: { kind: string; metadata: { annotations: Record<string, string> } }[] }).items;
      expect(whole.every((o) => o.metadata.annotations['kustomize.config.k8s.io/id']?.includes('\n')), 'the shape under test').to.equal(true);
      split!.items.forEach((chunk, i) => {
        const quick = quickHeader(chunk.text, KEYS);
        expect(quick, `item ${i} (${whole[i]!.kind}) must take the quick path`).to.not.equal(undefined);
        expect(quick).to.deep.equal(read.list.items[i]!.header);
        if (whole[i]!.kind !== 'MetricPipeline') expect(read.list.items[i]!.block).to.equal(chunk.verbatim);
        expect(read.list.items[i]!.toJs()).to.deep.equal(whole[i]);
      });
    });
  }

  it('writes items without comments exactly as they were written', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion:   v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: 0x1F, "y": \'1.10\'}\n';
    const read = readResourceList(text);
    if (!read.ok) throw new Error(read.message);
    expect(read.list.items[0]!.block).to.equal('- apiVersion:   v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: 0x1F, "y": \'1.10\'}\n');
  });
});
