import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { run } from '../../src/krm/main';
import { REPO_ROOT, runFunctionBinary } from '../support/run-fn';

/** The bundled example as a ResourceList text: the seed every mutation starts from. */
const SEED = stringify({
  apiVersion: 'config.kubernetes.io/v1',
  kind: 'ResourceList',
  items: ['pipelines.yaml', 'secrets.yaml'].flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'fixtures', 'example', f), 'utf8')).map((d) => d.toJS() as unknown),
  ),
  functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { gatewayReplicas: '3' } },
});
const LINES = SEED.split('\n');

type Mutation =
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'truncate'; at: number }
  | { op: 'indent'; line: number; by: number }
  | { op: 'retype'; line: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line: fc.nat(LINES.length - 1) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(SEED.length) }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(LINES.length - 1), by: fc.constantFrom(-4, -2, -1, 1, 2, 4) }),
  fc.record({
    op: fc.constant('retype' as const),
    line: fc.nat(LINES.length - 1),
    value: fc.constantFrom('[a, b]', '{x: 1}', '12345678901234567890', 'true', 'null', '""', '- x', '!!binary AAAA', '*nope', '&a b', '0x1F', '"\\u0000"'),
  }),
);

function apply(lines: string[], m: Mutation): string[] {
  const out = [...lines];
  switch (m.op) {
    case 'delete':
      out.splice(m.line, 1);
      return out;
    case 'duplicate':
      out.splice(m.line, 0, out[m.line] ?? '');
      return out;
    case 'truncate':
      return out.join('\n').slice(0, m.at).split('\n');
    case 'indent': {
      const line = out[m.line] ?? '';
      out[m.line] = m.by > 0 ? ' '.repeat(m.by) + line : line.slice(Math.min(-m.by, line.length - line.trimStart().length));
      return out;
    }
    case 'retype': {
      const line = out[m.line] ?? '';
      const colon = line.indexOf(': ');
      out[m.line] = colon >= 0 ? `${line.slice(0, colon + 2)}${m.value}` : `${line.replace(/\S.*$/, '')}${m.value}`;
      return out;
    }
  }
}

const mutated = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(apply, LINES).join('\n'));

describe('fuzzing with mutated YAML', () => {
  it('in-process: never throws, exits 0 or 1, and speaks in one-line messages', () => {
    fc.assert(
      fc.property(mutated, (input) => {
        let stderr = '';
        const code = run([], { stdin: () => input, stdout: () => undefined, stderr: (t) => (stderr += t), now: () => new Date('2026-11-24T00:00:00Z') });
        expect([0, 1]).to.include(code);
        for (const line of stderr.split('\n').filter(Boolean)) expect(line).to.match(/^(error|warning|info): /);
        expect(stderr).not.to.contain('internal error');
      }),
      { numRuns: 400 },
    );
  });

  it('the real executable: no other exit code, no hang, no stack trace', () => {
    fc.assert(
      fc.property(mutated, (input) => {
        const r = runFunctionBinary(input);
        expect([0, 1], r.stderr).to.include(r.code);
        expect(r.stderr).not.to.match(/\n\s+at .+:\d+:\d+\)?\n/);
      }),
      { numRuns: 25 },
    );
  });
});
