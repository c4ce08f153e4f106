import { expect } from 'chai';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { runFunction } from '../support/run-fn';
import { resourceListCase, type GeneratedCase } from './arbitraries';

interface Obj {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
}
interface Rl {
  apiVersion: string;
  kind: string;
  items: Obj[];
  results?: { severity: string }[];
}

const isGenerated = (o: Obj) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn';
// Without aliases: orchestrators send each item's own text, while stringify would place anchors by
// traversal order, making a permuted input a different text (cross-item aliases: resource-list tests).
const text = (c: GeneratedCase, items = c.items) =>
  stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: c.functionConfig }, { version: '1.1', aliasDuplicateObjects: false });

const RUNS = { numRuns: 60 };

describe('properties over generated ResourceLists (fast-check)', () => {
  it('output is a valid ResourceList, and valid pipelines always render', () => {
    fc.assert(
      fc.property(resourceListCase, (c) => {
        const r = runFunction(text(c));
        expect(r.code, r.stderr).to.equal(0);
        const rl = parse(r.stdout) as Rl;
        expect(rl.apiVersion).to.equal('config.kubernetes.io/v1');
        expect(rl.kind).to.equal('ResourceList');
        expect(Array.isArray(rl.items)).to.equal(true);
        const hasPipelines = c.items.some((i) => i['kind'] === 'MetricPipeline');
        expect(rl.items.some(isGenerated)).to.equal(hasPipelines);
      }),
      RUNS,
    );
  });

  it('is deterministic and invariant under permutation of the input', () => {
    fc.assert(
      fc.property(resourceListCase.chain((c) => fc.shuffledSubarray(c.items, { minLength: c.items.length }).map((p) => [c, p] as const)), ([c, permuted]) => {
        const a = runFunction(text(c)).stdout;
        expect(runFunction(text(c)).stdout).to.equal(a);
        expect(runFunction(text(c, permuted)).stdout).to.equal(a);
      }),
      RUNS,
    );
  });

  it('is idempotent: its own output run again gives the same output', () => {
    fc.assert(
      fc.property(resourceListCase, (c) => {
        const first = runFunction(text(c));
        const withConfig = first.stdout.replace(/^items:/m, `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data: {maxPipelines: "0"}\nitems:`);
        expect(runFunction(withConfig).stdout).to.equal(first.stdout);
      }),
      RUNS,
    );
  });

  it('passes everything it does not generate through value-identical', () => {
    fc.assert(
      fc.property(resourceListCase, (c) => {
        const input = text(c);
        const inputItems = (parse(input, { version: '1.1' }) as Rl).items;
        const outputItems = (parse(runFunction(input).stdout, { version: '1.1' }) as Rl).items.filter((o) => !isGenerated(o));
        const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
        const sorted = (xs: Obj[]) => [...xs].sort((x, y) => key(x).localeCompare(key(y)));
        expect(sorted(outputItems)).to.deep.equal(sorted(inputItems));
      }),
      RUNS,
    );
  });
});
