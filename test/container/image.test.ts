/**
 * The container image, built from the repository's Dockerfile and run for real with podman: directly,
 * as kustomize's container function, and as kpt's `--image` / Kptfile `image:` function. Whatever runs
 * it, its output must equal the exec function's byte for byte.
 * Skipped loudly without podman; mandatory when REQUIRE_TOOLS contains podman (.ci/run).
 */
import { expect } from 'chai';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { FUNCTION_IMAGE } from '../../src/constants';
import { exampleResourceList } from '../support/example';
import { FUNCTION_BIN, REPO_ROOT, runFunctionBinary } from '../support/run-fn';
import { KUSTOMIZE_BIN, requireTool } from '../support/tools';
import { binDir, containerEnv, DEV_IMAGE, ensureImage, podman, run, scratch, shimLog, shimRuns } from './podman';

const PUBLISHED_IMAGE = `${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}`;
const STATUS_BIN = path.join(REPO_ROOT, 'function', 'metricpipeline-status');

/** How kpt and kustomize must have started the image: as nobody, without network. */
function expectSandboxed(runs: string[]): void {
  expect(runs, 'the orchestrator never ran the image').to.have.length.greaterThan(0);
  for (const line of runs) {
    expect(line).to.contain(DEV_IMAGE);
    expect(line).to.match(/--user[ =]nobody\b/);
    expect(line).to.match(/--network[ =]none\b/);
  }
}

/** `podman run` with the restrictions of a locked-down runtime on top of what kpt and kustomize ask for. */
const LOCKED_DOWN = ['run', '--rm', '-i', '--network', 'none', '--user', 'nobody', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

/** A copy of a container-transformer declaration that runs the locally built image instead of the published one. */
function devContainerTransformer(): string {
  const text = readFileSync(path.join(REPO_ROOT, 'function', 'container-transformer.yaml'), 'utf8');
  expect(text, 'function/container-transformer.yaml names the published image').to.contain(PUBLISHED_IMAGE);
  return text.replace(PUBLISHED_IMAGE, DEV_IMAGE);
}

describe('container image (podman): build, run as nobody without network, same output as exec', function () {
  before(function () {
    this.timeout(30 * 60_000);
    if (!requireTool(this, 'podman')) return;
    ensureImage();
  });

  it('is non-root, its ENTRYPOINT is the function, and it holds only the two bundles and their launchers', () => {
    const inspect = podman(['image', 'inspect', DEV_IMAGE, '--format', '{{json .Config}}']);
    expect(inspect.code, inspect.stderr).to.equal(0);
    const config = JSON.parse(inspect.stdout) as { User: string; Entrypoint: string[] };
    expect(config.User).to.equal('65534:65534');
    expect(config.Entrypoint).to.deep.equal(['node', '/app/function/metricpipeline-fn']);
    // The status CronJob's command (FUNCTION_IMAGE.statusCommand) must name a program in the image.
    expect(FUNCTION_IMAGE.statusCommand[1]).to.equal('/app/function/metricpipeline-status');

    // Walks the whole file system inside the image (no shell or find there: node is all it has).
    const walk = `
      const fs = require('fs'), path = require('path'); const out = [];
      (function walk(dir) {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (['/proc', '/sys', '/dev', '/etc', '/run'].includes(p)) continue;
          if (e.isDirectory()) walk(p); else out.push(p);
        }
      })('/');
      console.log(JSON.stringify(out));`;
    const r = podman(['run', '--rm', '--network', 'none', '--entrypoint', 'node', DEV_IMAGE, '-e', walk]);
    expect(r.code, r.stderr).to.equal(0);
    const files = JSON.parse(r.stdout) as string[];
    const app = files.filter((f) => f.startsWith('/app/'));
    expect(app).to.include.members([
      '/app/dist/bundle/metricpipeline-fn.js',
      '/app/dist/bundle/metricpipeline-status.js',
      '/app/function/metricpipeline-fn',
      '/app/function/metricpipeline-status',
    ]);
    // The two bundles and their two launchers; no sources, no maps.
    expect(app.filter((f) => !/^\/app\/(dist\/bundle\/[\w.-]+\.js|function\/metricpipeline-(fn|status))$/.test(f))).to.deep.equal([]);
    expect(files.filter((f) => f.includes('/node_modules/')), 'no node_modules in the runtime image').to.deep.equal([]);
    expect(files.filter((f) => f.startsWith('/src/')), 'nothing of the build stage').to.deep.equal([]);
  });

  it('runs as nobody (65534) with only a loopback interface when started like kpt and kustomize do', () => {
    const probe = `console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), nics: Object.keys(require('os').networkInterfaces()), node: process.version }))`;
    const r = podman([...LOCKED_DOWN, '--entrypoint', 'node', DEV_IMAGE, '-e', probe]);
    expect(r.code, r.stderr).to.equal(0);
    const seen = JSON.parse(r.stdout) as { uid: number; gid: number; nics: string[]; node: string };
    expect(seen.uid).to.equal(65534);
    expect(seen.gid).to.equal(65534);
    expect(seen.nics).to.deep.equal(['lo']);
    expect(seen.node).to.match(/^v24\./);
  });

  it('renders a ResourceList on a read-only root file system without capabilities, byte for byte like the exec function', () => {
    const input = exampleResourceList();
    const inContainer = podman([...LOCKED_DOWN, DEV_IMAGE], input);
    const onHost = runFunctionBinary(input);
    expect(onHost.code, onHost.stderr).to.equal(0);
    expect(inContainer.code, inContainer.stderr).to.equal(0);
    expect(inContainer.stdout).to.equal(onHost.stdout);
  });

  it('fails like the exec function on invalid input: same exit code, same message on stderr', () => {
    // A key missing from a Secret in the input (the pipeline references apiToken).
    const input = exampleResourceList().replace('apiToken: ', 'renamedToken: ');
    const inContainer = podman([...LOCKED_DOWN, DEV_IMAGE], input);
    const onHost = runFunctionBinary(input);
    expect(onHost.code).to.equal(1);
    expect(inContainer.code).to.equal(onHost.code);
    expect(inContainer.stderr).to.contain(onHost.stderr.trim());
    expect(inContainer.stdout).to.equal(onHost.stdout);
  });

  it('as a kustomize container function renders the root example exactly like the exec function (npm start)', () => {
    const { dir, cleanup } = scratch('kustomize-container');
    try {
      const execBuild = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', '.']);
      expect(execBuild.code, execBuild.stderr).to.equal(0);

      // Same inputs and function settings as the root kustomization.yaml, but the container declaration.
      for (const file of ['pipelines.yaml', 'secrets.yaml']) cpSync(path.join(REPO_ROOT, 'fixtures', 'example', file), path.join(dir, file));
      writeFileSync(path.join(dir, 'container-transformer.yaml'), devContainerTransformer());
      writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        stringify({ resources: ['pipelines.yaml', 'secrets.yaml'], transformers: ['container-transformer.yaml'] }),
      );
      const log = shimLog(dir);
      const containerBuild = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', dir], { env: containerEnv({ DOCKER_SHIM_LOG: log }) });
      expect(containerBuild.code, containerBuild.stderr).to.equal(0);
      expect(containerBuild.stdout).to.equal(execBuild.stdout);
      expectSandboxed(shimRuns(log));
    } finally {
      cleanup();
    }
  });

  it('as a kustomize container function renders the base + overlay example exactly like the exec function', () => {
    const { dir, cleanup } = scratch('kustomize-overlay');
    try {
      cpSync(path.join(REPO_ROOT, 'examples', 'kustomize'), dir, { recursive: true });
      const overlay = path.join(dir, 'overlays', 'production');
      const bin = binDir(dir, { 'metricpipeline-fn': FUNCTION_BIN });
      const execBuild = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', overlay], {
        env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      });
      expect(execBuild.code, execBuild.stderr).to.equal(0);

      // Swap the overlay's exec declaration for the container one, keeping its settings.
      const declaration = path.join(overlay, 'metricpipeline-fn.yaml');
      const text = readFileSync(declaration, 'utf8');
      const swapped = text.replace(/exec:\n\s+path: metricpipeline-fn/, `container:\n        image: ${DEV_IMAGE}`);
      expect(swapped, 'the overlay declares the exec function by its PATH name').not.to.equal(text);
      writeFileSync(declaration, swapped);
      const log = shimLog(dir);
      const containerBuild = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', overlay], { env: containerEnv({ DOCKER_SHIM_LOG: log }) });
      expect(containerBuild.code, containerBuild.stderr).to.equal(0);
      expect(containerBuild.stdout).to.equal(execBuild.stdout);
      expectSandboxed(shimRuns(log));
    } finally {
      cleanup();
    }
  });

  describe('with kpt', function () {
    let kpt = '';
    before(function () {
      kpt = requireTool(this, 'kpt') ?? '';
    });

    it('kpt fn eval --image --image-pull-policy never prints exactly what kpt fn eval --exec prints', () => {
      const { dir, cleanup } = scratch('kpt-eval');
      try {
        const pkg = path.join(dir, 'pkg');
        cpSync(path.join(REPO_ROOT, 'fixtures', 'kpt-package'), pkg, { recursive: true });
        const settings = ['--', 'namespace=kyma-system', 'gatewayReplicas=3'];
        const exec = run(kpt, ['fn', 'eval', pkg, '--exec', FUNCTION_BIN, '-o', 'stdout', ...settings]);
        expect(exec.code, exec.stderr).to.equal(0);
        const log = shimLog(dir);
        const image = run(kpt, ['fn', 'eval', pkg, '--image', DEV_IMAGE, '--image-pull-policy', 'never', '-o', 'stdout', ...settings], {
          env: containerEnv({ DOCKER_SHIM_LOG: log }),
        });
        expect(image.code, image.stderr).to.equal(0);
        expect(image.stdout).to.equal(exec.stdout);
        expect(image.stdout).to.contain('kind: Deployment');
        expectSandboxed(shimRuns(log));
      } finally {
        cleanup();
      }
    });

    it('kpt fn render of examples/kpt/metrics-image (Kptfile image:) writes the same files as metrics-exec (exec:)', () => {
      const { dir, cleanup } = scratch('kpt-render');
      try {
        const imagePkg = path.join(dir, 'metrics-image');
        const execPkg = path.join(dir, 'metrics-exec');
        cpSync(path.join(REPO_ROOT, 'examples', 'kpt', 'metrics-image'), imagePkg, { recursive: true });
        cpSync(path.join(REPO_ROOT, 'examples', 'kpt', 'metrics-exec'), execPkg, { recursive: true });
        const imageKptfile = path.join(imagePkg, 'Kptfile');
        const kptfileText = readFileSync(imageKptfile, 'utf8');
        expect(kptfileText).to.contain(`image: ${PUBLISHED_IMAGE}`);
        writeFileSync(imageKptfile, kptfileText.replace(PUBLISHED_IMAGE, DEV_IMAGE));
        const execKptfile = path.join(execPkg, 'Kptfile');
        writeFileSync(execKptfile, readFileSync(execKptfile, 'utf8').replace('../../../function/metricpipeline-fn', FUNCTION_BIN));

        const execRender = run(kpt, ['fn', 'render', execPkg, '--allow-exec']);
        expect(execRender.code, execRender.stderr).to.equal(0);
        const log = shimLog(dir);
        const imageRender = run(kpt, ['fn', 'render', imagePkg, '--image-pull-policy', 'never'], { env: containerEnv({ DOCKER_SHIM_LOG: log }) });
        expect(imageRender.code, imageRender.stderr).to.equal(0);
        expectSandboxed(shimRuns(log));

        const generated = readdirSync(path.join(imagePkg, 'generated')).sort();
        expect(generated).to.deep.equal(readdirSync(path.join(execPkg, 'generated')).sort());
        expect(generated.length).to.be.greaterThan(0);
        for (const file of generated) {
          expect(readFileSync(path.join(imagePkg, 'generated', file), 'utf8'), file).to.equal(readFileSync(path.join(execPkg, 'generated', file), 'utf8'));
        }
      } finally {
        cleanup();
      }
    });
  });

  it('runs the status program with its own command: `evaluate` on sample snapshots prints what the host launcher prints', () => {
    const scenarios = path.join(REPO_ROOT, 'fixtures', 'status', 'scenarios');
    const cases = [
      { name: 'healthy', args: ['--gateway', 'gateway-before.prom', 'gateway-after.prom', '--window', '60'] },
      { name: 'some-dropped', args: ['--gateway', 'gateway-before.prom', 'gateway-after.prom', '--window', '60'] },
      {
        name: 'agent-failures',
        args: ['--gateway', 'gateway-before.prom', 'gateway-after.prom', '--agent', 'agent-before.prom', 'agent-after.prom', '--pipelines', 'pipelines.yaml', '--window', '60'],
      },
    ];
    for (const { name, args } of cases) {
      const dir = path.join(scenarios, name);
      const onHost = run(STATUS_BIN, ['evaluate', ...args], { cwd: dir });
      expect(onHost.code, `${name}: ${onHost.stderr}`).to.equal(0);
      const [entrypoint, ...command] = FUNCTION_IMAGE.statusCommand;
      const inContainer = podman([
        ...LOCKED_DOWN,
        '--volume', `${dir}:/data:ro`,
        '--workdir', '/data',
        '--entrypoint', entrypoint,
        DEV_IMAGE,
        ...command,
        'evaluate',
        ...args,
      ]);
      expect(inContainer.code, `${name}: ${inContainer.stderr}`).to.equal(0);
      expect(inContainer.stdout, name).to.equal(onHost.stdout);
      expect(Object.keys(JSON.parse(inContainer.stdout) as object).length, name).to.be.greaterThan(0);
    }
  });
});
