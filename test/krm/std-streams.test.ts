import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { stringify } from 'yaml';
import { isTerminal } from '../../src/krm/std-streams';
import { FUNCTION_BIN } from '../support/run-fn';
import { requireTool } from '../support/tools';

function bigResourceList(n: number): string {
  const items = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: 'apps' },
    data: { payload: 'x'.repeat(200) },
  }));
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}

describe('standard streams of the executable', () => {
  it('takes /dev/null (a character device) and a regular file for what they are, not for a terminal', () => {
    for (const file of ['/dev/null', __filename]) {
      const fd = openSync(file, 'r');
      try {
        expect(isTerminal(fd), file).to.equal(false);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('prints its usage and exits 1 on a terminal instead of waiting for input', function () {
    // util-linux `script` gives the child a pseudo-terminal on stdin.
    const script = requireTool(this, 'script');
    if (!script) return;
    const r = spawnSync(script, ['-qec', FUNCTION_BIN, '/dev/null'], { encoding: 'utf8', timeout: 30_000, input: '' });
    expect(r.stdout).to.match(/usage: metricpipeline-fn < resource-list.yaml/);
    expect(r.status).to.equal(1);
  });

  it('reports empty input from /dev/null in one line', () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const r = spawnSync(FUNCTION_BIN, [], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 30_000 });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.equal('error: no input: expected a ResourceList on stdin\n');
    } finally {
      closeSync(fd);
    }
  });

/** Runs argv with input, reading its stdout slowly so that its writes meet a full pipe again and again. */
async function runWithSlowReader(argv: string[], input: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}

  for (const [what, argv] of [
    ['a blocking pipe', [FUNCTION_BIN]],
    // Touching process.stdout turns a pipe non-blocking, as a parent sharing the descriptor may: writes
    // then meet EAGAIN, and the rest must still arrive, in order.
    ['a non-blocking pipe', [process.execPath, '-e', `process.stdout; require(${JSON.stringify(FUNCTION_BIN)})`]],
    // The same for a child process, which inherits the descriptor's non-blocking mode from its parent.
    [
      'a non-blocking pipe it inherits',
      [process.execPath, '-e', `process.stdout; process.exitCode = require('child_process').spawnSync(${JSON.stringify(FUNCTION_BIN)}, { stdio: 'inherit' }).status`],
    ],
  ] as const) {
    it(`writes all of a large output into ${what} whose reader is slow`, async () => {
      const { code, out } = await runWithSlowReader([...argv], bigResourceList(3000)); // ~1 MB, many pipe buffers
      expect(code).to.equal(0);
      const names = [...out.matchAll(/^ {4}name: (cm-\d+)$/gm)].map((m) => m[1]);
      expect(names).to.have.length(3000);
      expect(out.endsWith('\n')).to.equal(true);
    });
  }
});
