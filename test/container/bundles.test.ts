/**
 * What the runtime image relies on without running it: the bundles need nothing but Node's built-in
 * modules (the image has no node_modules), and the Dockerfile copies exactly them and the launchers.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { FUNCTION_IMAGE } from '../../src/constants';
import { REPO_ROOT } from '../support/run-fn';

const BUNDLES = ['metricpipeline-fn.js', 'metricpipeline-status.js'];

describe('container image inputs (no podman needed)', () => {
  for (const bundle of BUNDLES) {
    it(`dist/bundle/${bundle} requires only Node built-in modules, apart from optional ones guarded by try`, () => {
      const text = readFileSync(path.join(REPO_ROOT, 'dist', 'bundle', bundle), 'utf8');
      const unguarded: string[] = [];
      for (const match of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const name = match[1]!;
        if (builtinModules.includes(name.replace(/^node:/, ''))) continue;
        // Libraries probe optional native add-ons (ws: bufferutil, utf-8-validate; node-fetch: encoding)
        // inside try/catch and fall back to plain JavaScript when they are missing, as in the image.
        const before = text.slice(Math.max(0, match.index - 200), match.index);
        if (/try\s*\{[^}]*$/.test(before)) continue;
        unguarded.push(name);
      }
      expect(unguarded, 'modules the image would not have').to.deep.equal([]);
    });
  }

  it('the Dockerfile runtime stage copies only the build output, runs as 65534, with the function as ENTRYPOINT', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m);
    const runtime = stages[stages.length - 1]!;
    const instructions = runtime.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    const copies = instructions.filter((line) => line.startsWith('COPY '));
    expect(copies.length).to.be.greaterThan(0);
    for (const copy of copies) expect(copy, 'the runtime stage takes only what the build stage made').to.match(/^COPY --from=build \/src\/(dist\/bundle|function)\//);
    expect(instructions.filter((line) => /node_modules|^RUN /.test(line)), 'no dependencies or commands in the runtime stage').to.deep.equal([]);
    expect(runtime).to.match(/^USER 65534:65534$/m);
    expect(runtime).to.contain('ENTRYPOINT ["node", "/app/function/metricpipeline-fn"]');
    expect(FUNCTION_IMAGE.statusCommand).to.deep.equal(['node', '/app/function/metricpipeline-status']);
    // Base images are build args, so CI can pass locally assembled ones.
    expect(dockerfile).to.match(/^ARG BUILD_BASE=\S+$/m);
    expect(dockerfile).to.match(/^ARG RUNTIME_BASE=\S+$/m);
    expect(dockerfile).to.match(/^FROM \$\{BUILD_BASE\} AS build$/m);
    expect(dockerfile).to.match(/^FROM \$\{RUNTIME_BASE\}$/m);
  });

  it('.dockerignore lets through exactly what the Dockerfile copies from the build context', () => {
    const allowed = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''))
      .sort();
    const sources = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('COPY ') && !line.startsWith('COPY --from'))
      .flatMap((line) => line.split(/\s+/).slice(1, -1))
      .map((source) => source.replace(/\/$/, ''));
    const coveredBy = (source: string) => allowed.find((a) => source === a || source.startsWith(`${a}/`) || path.dirname(source) === a);
    expect(sources.filter((s) => !coveredBy(s)), 'copied but ignored').to.deep.equal([]);
    expect(allowed.filter((a) => !sources.some((s) => coveredBy(s) === a)), 'allowed but never copied').to.deep.equal([]);
  });
});
