/**
 * function/metricpipeline-fn is built by scripts/build-native.js: a Node single executable with the
 * function in its start-up snapshot where Node supports it, a link to the JavaScript launcher
 * elsewhere. Both must behave the same in every byte; CI requires the single executable
 * (REQUIRE_TOOLS contains `sea`), so that it cannot quietly fall back to the slower launcher.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exampleResourceList, exampleSecretValues } from '../support/example';
import { FUNCTION_BIN, FUNCTION_JS, REPO_ROOT } from '../support/run-fn';
import { requireOrSkip } from '../support/tools';

function run(argv: string[], input: string | Buffer, args: string[] = []) {
  const r = spawnSync(argv[0]!, [...argv.slice(1), ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const runLauncher = (input: string | Buffer, args: string[] = []) => run([process.execPath, FUNCTION_JS], input, args);

describe('function/metricpipeline-fn (scripts/build-native.js)', () => {
  const isLink = lstatSync(FUNCTION_BIN).isSymbolicLink();

  it('is a Node single executable where Node can build one', function () {
    if (!requireOrSkip(this, 'sea', !isLink, "function/metricpipeline-fn links to the JavaScript launcher (see the build's output)")) return;
    const bytes = readFileSync(FUNCTION_BIN);
    expect(bytes.subarray(0, 4).toString('latin1')).to.equal('\x7fELF');
    expect(bytes.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'), 'the fuse postject flips').to.equal(true);
  });

  it('holds none of the Secret values of the example it was checked against', function () {
    if (!requireOrSkip(this, 'sea', !isLink, 'no single executable was built')) return;
    const bytes = readFileSync(FUNCTION_BIN);
    // Values that are also words of node itself or of the bundle (the user name `metrics`) prove nothing.
    const elsewhere = [readFileSync(process.execPath), readFileSync(path.join(REPO_ROOT, 'dist', 'bundle', 'metricpipeline-fn.js'))];
    const telling = exampleSecretValues().filter((v) => !elsewhere.some((b) => b.includes(v)));
    expect(telling).to.have.length.above(3);
    // The snapshot's warm-up ran on placeholders; this catches a warm-up that sees real values again.
    for (const value of telling) expect(bytes.includes(value), `a Secret value of the example (${value.length} characters)`).to.equal(false);
  });

  const cases: [string, string | Buffer, string[]][] = [
    ['the example', exampleResourceList(), []],
    ['a pipeline with an empty basic-auth password', readFileSync(path.join(REPO_ROOT, 'fixtures', 'bad-input', 'basic-password-empty', 'input.yaml')), []],
    ['empty input', '', []],
    ['YAML that is not a ResourceList', 'just: a map\n', []],
    ['--help', '', ['--help']],
    ['unexpected arguments', '', ['extra']],
  ];
  for (const [what, input, args] of cases) {
    it(`gives the same exit code, stdout and stderr as the JavaScript launcher for ${what}`, () => {
      expect(run([FUNCTION_BIN], input, args)).to.deep.equal(runLauncher(input, args));
    });
  }

  describe('the build script on a copy of the repository', () => {
    let dir: string;
    const copy = ['scripts/build-native.js', 'scripts/example-resource-list.js', 'function/metricpipeline-fn.js', 'function/lib', 'fixtures/example', 'dist/bundle'];
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'mpfn-native-'));
      for (const p of copy) cpSync(path.join(REPO_ROOT, p), path.join(dir, p), { recursive: true });
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const build = (setting: string) =>
      spawnSync(process.execPath, [path.join(dir, 'scripts', 'build-native.js')], { encoding: 'utf8', env: { ...process.env, METRICPIPELINE_FN_NATIVE: setting } });

    it('links the JavaScript launcher when told not to build a single executable, and that link runs', () => {
      const r = build('off');
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('build-native: function/metricpipeline-fn runs the JavaScript launcher (METRICPIPELINE_FN_NATIVE=off)\n');
      const link = path.join(dir, 'function', 'metricpipeline-fn');
      expect(readlinkSync(link)).to.equal('metricpipeline-fn.js');
      const viaLink = run([link], exampleResourceList());
      expect(viaLink.status, viaLink.stderr).to.equal(0);
      expect(viaLink.stdout).to.equal(runLauncher(exampleResourceList()).stdout);
    });

    it('refuses a setting other than on or off in one line', () => {
      const r = build('yes');
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain('METRICPIPELINE_FN_NATIVE must be on or off, not yes');
    });
  });
});
