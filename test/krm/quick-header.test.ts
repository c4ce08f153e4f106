import { expect } from 'chai';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { quickHeader } from '../../src/krm/quick-header';

const KEYS = { path: ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'], index: ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] };
const word = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), fc.constantFrom('yes', 'no', '0755', '1.10', 'null', '~', 'on', 'a: b', "it's", 'x #y', '"q"', ''));
/** Multi-line values, which yaml prints as block scalars (`|`, `|-`, `|+`, `|2`) as kustomize prints its id. */
const multiline = fc.array(fc.oneof(word, fc.constantFrom('  indented', 'kind: x', '- item', '')), { minLength: 2, maxLength: 4 }).map((lines) => lines.join('\n'));
const object = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1', 'example.com/v1', 'yes'),
  kind: fc.constantFrom('ConfigMap', 'Deployment', 'No'),
  metadata: fc.record(
    {
      name: word,
      namespace: word,
      labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,10}$/), word, { maxKeys: 3 }),
      annotations: fc.dictionary(fc.constantFrom('config.kubernetes.io/path', 'internal.config.kubernetes.io/index', 'note', 'kustomize.config.k8s.io/id'), fc.oneof(word, multiline), { maxKeys: 4 }),
      generation: fc.integer({ min: 1, max: 9 }),
    },
    { requiredKeys: [] },
  ),
  data: fc.dictionary(word, word, { maxKeys: 3 }),
});

describe('quick header', () => {
  it('reads what a YAML parser reads, or declines', () => {
    let read = 0;
    let readBlocks = 0;
    fc.assert(
      fc.property(object, fc.boolean(), (obj, quoteStyle) => {
        const text = stringify(obj, { version: '1.1', defaultStringType: quoteStyle ? 'QUOTE_SINGLE' : 'PLAIN' });
        const quick = quickHeader(text, KEYS);
        if (!quick) return;
        read++;
        if (Object.values(obj.metadata.annotations ?? {}).some((v) => v.includes('\n'))) readBlocks++;
        const parsed = parse(text, { version: '1.1' }) as { apiVersion: unknown; kind: unknown; metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> } };
        expect(quick.apiVersion).to.equal(parsed.apiVersion);
        expect(quick.kind).to.equal(parsed.kind);
        expect(quick.name).to.equal(parsed.metadata?.name ?? '');
        expect(quick.namespace).to.equal(parsed.metadata?.namespace ?? '');
        expect(quick.labels).to.deep.equal(parsed.metadata?.labels ?? {});
        expect(quick.path).to.equal(parsed.metadata?.annotations?.['config.kubernetes.io/path'] ?? '');
        expect(quick.index).to.equal(parsed.metadata?.annotations?.['internal.config.kubernetes.io/index'] ?? '');
      }),
      { numRuns: 2000 },
    );
    expect(read, 'the quick path must take the common case').to.be.greaterThan(100);
    expect(readBlocks, 'and items with multi-line annotations (kustomize\'s id)').to.be.greaterThan(20);
  });

  it('reads the items kustomize sends, with the id annotation as a block scalar', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    kustomize.config.k8s.io/id: |',
      '      kind: ConfigMap',
      '      name: app-1',
      '      version: v1',
      "    config.kubernetes.io/index: '3'",
      "    internal.config.kubernetes.io/index: '3'",
      "    internal.config.kubernetes.io/id: '4'",
      '  labels:',
      '    app: a',
      '  name: app-1',
      '  namespace: team',
      'data:',
      '  k: v',
      '',
    ].join('\n');
    expect(quickHeader(text, KEYS)).to.deep.equal({ apiVersion: 'v1', kind: 'ConfigMap', name: 'app-1', namespace: 'team', path: '', index: '3', labels: { app: 'a' } });
  });

  it('declines block scalars it cannot skip with certainty', () => {
    const item = (annotations: string[]) => ['apiVersion: v1', 'kind: A', 'metadata:', '  name: a', '  annotations:', ...annotations, ''].join('\n');
    // where the header needs the value
    expect(quickHeader(item(['    config.kubernetes.io/path: |', '      a.yaml']), KEYS)).to.equal(undefined);
    // a line less indented than the block's first one (a parse error)
    expect(quickHeader(item(['    note: |', '        deep', '      shallow']), KEYS)).to.equal(undefined);
    // a whitespace-only line (before the first content line it may be an error)
    expect(quickHeader(item(['    note: |', '          ', '      text']), KEYS)).to.equal(undefined);
    // an explicit indentation indicator, and block scalars in labels
    expect(quickHeader(item(['    note: |2', '        text']), KEYS)).to.equal(undefined);
    expect(quickHeader(['apiVersion: v1', 'kind: A', 'metadata:', '  labels:', '    a: |', '      b', ''].join('\n'), KEYS)).to.equal(undefined);
  });

  it('declines flow maps, anchors, comments-free oddities and nested metadata', () => {
    expect(quickHeader('apiVersion: v1\nkind: A\nmetadata: {name: a}\n', KEYS)).to.equal(undefined);
    expect(quickHeader('apiVersion: v1\nkind: A\nmetadata:\n  name: &n a\n', KEYS)).to.equal(undefined);
    expect(quickHeader('apiVersion: v1\nkind: A\nmetadata:\n  ownerReferences:\n  - name: b\n  name: a\n', KEYS)).to.equal(undefined);
    expect(quickHeader('apiVersion: v1\nkind: A\nkind: B\nmetadata:\n  name: a\n', KEYS)).to.equal(undefined);
  });
});
