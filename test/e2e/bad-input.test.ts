import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, runFunctionBinary } from '../support/run-fn';

/**
 * The bad-input corpus: each fixtures/bad-input/<case>/ holds `input.yaml` (bytes sent on stdin) and
 * `expect.yaml` ({stderr: substring, resource?: Kind/name, field?: path}). Every case must end with exit 1,
 * one human line per problem on stderr (no stack trace), and, when the input parsed, a result that
 * names the resource and field.
 */
const CORPUS = path.join(REPO_ROOT, 'fixtures', 'bad-input');

interface Expectation {
  stderr: string;
  resource?: string;
  field?: string;
}

interface Result {
  message: string;
  severity: string;
  resourceRef?: { kind: string; name: string };
  field?: { path: string };
}

describe('bad-input corpus (real executable)', () => {
  const cases = readdirSync(CORPUS).sort();

  it('has at least 25 cases', () => {
    expect(cases.length).to.be.at.least(25);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(CORPUS, name);
      const expectation = parse(readFileSync(path.join(dir, 'expect.yaml'), 'utf8')) as Expectation;
      const r = runFunctionBinary(readFileSync(path.join(dir, 'input.yaml')));
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.contain(expectation.stderr);
      expect(r.stderr).not.to.match(/\n\s+at .+:\d+:\d+\)?\n/, 'stack trace on stderr');
      for (const line of r.stderr.trim().split('\n')) expect(line).to.match(/^(error|warning|info): /);
      if (expectation.resource) {
        const out = parse(r.stdout) as { items: unknown[]; results?: Result[] };
        const [kind, resourceName] = expectation.resource.split('/');
        const result = (out.results ?? []).find(
          (x) => x.severity === 'error' && x.resourceRef?.kind === kind && x.resourceRef?.name === resourceName && (!expectation.field || x.field?.path === expectation.field),
        );
        expect(result, `no error result for ${expectation.resource} ${expectation.field ?? ''} in\n${r.stdout}`).to.not.equal(undefined);
        const generated = out.items.filter((i) => (i as { metadata?: { labels?: Record<string, string> } }).metadata?.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn');
        expect(generated, 'no workloads may be emitted when the run fails').to.deep.equal([]);
      }
    });
  }
});
