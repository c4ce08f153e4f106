/**
 * examples/argocd: the config-management plugin, the repo-server sidecar patch and the Application,
 * checked structurally, and the plugin's generate command run on the example application the way
 * Argo CD's cmp-server runs it (`sh -c "<args>"` in the application directory, function on PATH).
 * test/container/argocd-sidecar.test.ts runs the same commands inside the sidecar image.
 */
import { expect } from 'chai';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { FUNCTION_IMAGE } from '../../src/constants';
import { REPO_ROOT } from '../support/run-fn';
import { KUSTOMIZE_BIN, which } from '../support/tools';
import { EXAMPLES, expectNoCredential, find, generatedObjects, objects, run, withToolsOnPath, type K8sObject } from './support';

const ARGOCD = path.join(EXAMPLES, 'argocd');
const APP = path.join(ARGOCD, 'app');

interface Command {
  command: string[];
  args?: string[];
}
interface Plugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { version?: string; generate: Command; discover?: { fileName?: string; find?: Command } };
}

const plugin = parse(readFileSync(path.join(ARGOCD, 'repo-server', 'plugin.yaml'), 'utf8')) as Plugin;

/**
 * The plugin's sh is the sidecar's: busybox ash on node:24-alpine, which has `set -o pipefail`.
 * This host's /bin/sh may be Debian's dash, which has not, so the commands run under busybox's sh
 * (what the sidecar has) or, without busybox, bash (the same POSIX `-c` semantics plus pipefail).
 */
function sidecarLikeShell(): string[] {
  if (which('busybox')) return ['busybox', 'sh'];
  if (which('bash')) return ['bash'];
  throw new Error('need busybox or bash to run the plugin commands');
}

/** Runs a plugin command ([sh, -c, script]) like cmp-server does, in `cwd`. */
function runPluginCommand(c: Command, cwd: string, env: NodeJS.ProcessEnv) {
  const [shell, flag, ...rest] = [...c.command, ...(c.args ?? [])];
  expect(shell, 'plugin commands run through sh').to.equal('sh');
  expect(flag).to.equal('-c');
  const [cmd, ...shellArgs] = sidecarLikeShell();
  return run(cmd!, [...shellArgs, '-c', ...rest], { cwd, env });
}

describe('example: Argo CD config-management plugin', () => {
  let tools: ReturnType<typeof withToolsOnPath>;
  before(() => {
    tools = withToolsOnPath('argocd-example');
  });
  after(() => tools.cleanup());

  it('plugin.yaml is a sidecar ConfigManagementPlugin whose generate is kustomize build with exec, through check-output', () => {
    expect(plugin.apiVersion).to.equal('argoproj.io/v1alpha1');
    expect(plugin.kind).to.equal('ConfigManagementPlugin');
    expect(plugin.metadata.name).to.match(/^[a-z0-9-]+$/);
    expect(plugin.spec.version).to.match(/^v\d+$/);
    expect(plugin.spec.generate.command).to.deep.equal(['sh', '-c']);
    expect(plugin.spec.generate.args).to.deep.equal(['set -o pipefail; kustomize build --enable-alpha-plugins --enable-exec . | metricpipeline-fn check-output']);
    expect(plugin.spec.discover?.find?.command?.slice(0, 2)).to.deep.equal(['sh', '-c']);
    const allowed = new Set(['version', 'init', 'generate', 'discover', 'parameters', 'preserveFileMode', 'provideGitCreds']);
    expect(Object.keys(plugin.spec).filter((k) => !allowed.has(k)), 'unknown spec fields').to.deep.equal([]);
  });

  it('generate, run in the example application, prints the rendered gateway and nothing else', () => {
    const r = runPluginCommand(plugin.spec.generate, APP, tools.env);
    expect(r.code, r.stderr).to.equal(0);
    const all = objects(r.stdout);
    expect(all.every((o) => typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.metadata?.name), 'only Kubernetes objects').to.equal(true);
    expect(generatedObjects(all).map((o) => o.kind)).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Secret']);
    expectNoCredential('argocd', r.stdout);
    // Identical to a plain exec build of the directory.
    const direct = run(KUSTOMIZE_BIN, ['build', '--enable-alpha-plugins', '--enable-exec', APP], { env: tools.env });
    expect(r.stdout).to.equal(direct.stdout);
  });

  it('generate fails when the function did not run (no --enable-exec): MetricPipelines out, no collector', () => {
    const noExec = { ...plugin.spec.generate, args: plugin.spec.generate.args!.map((a) => a.replace(' --enable-exec', '')) };
    const r = runPluginCommand(noExec, APP, tools.env);
    expect(r.code).not.to.equal(0);
    expect(r.stderr).to.match(/check-output: the output holds 1 MetricPipeline\(s\) but nothing metricpipeline-fn renders/);
  });

  it('generate fails (non-zero, empty stdout) when the function rejects the input, so Argo CD never prunes on a failed render', () => {
    const dir = path.join(tools.dir, 'broken-app');
    cpSync(APP, dir, { recursive: true });
    // A Secret of another namespace would be copied, which the example's `credentials: reference` refuses.
    const pipelines = path.join(dir, 'pipelines.yaml');
    writeFileSync(pipelines, readFileSync(pipelines, 'utf8').replaceAll('namespace: kyma-system', 'namespace: shop'));
    const r = runPluginCommand(plugin.spec.generate, dir, tools.env);
    expect(r.code).not.to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('backend-credentials');
  });

  it('discover claims the example application but not a plain kustomize directory', () => {
    const find = plugin.spec.discover!.find!;
    const claimed = runPluginCommand(find, APP, tools.env);
    expect(claimed.code, claimed.stderr).to.equal(0);
    expect(claimed.stdout.trim()).not.to.equal('');
    const plain = runPluginCommand(find, path.join(EXAMPLES, 'kustomize', 'base'), tools.env);
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stdout.trim()).to.equal('');
  });

  it('the example application declares the function by its PATH name, as the sidecar provides it', () => {
    const declaration = parse(readFileSync(path.join(APP, 'metricpipeline-fn.yaml'), 'utf8')) as K8sObject;
    const fn = parse(declaration.metadata.annotations!['config.kubernetes.io/function']!) as { exec?: { path: string } };
    expect(fn.exec?.path).to.equal('metricpipeline-fn');
  });

  it('the repo-server patch adds the plugin sidecar to a stand-in of the upstream argocd-repo-server', () => {
    // The example's kustomization pulls Argo CD's install.yaml from GitHub; offline, a stand-in with the
    // upstream repo-server's shape (container, var-files and plugins volumes) takes its place.
    const dir = path.join(tools.dir, 'repo-server');
    cpSync(path.join(ARGOCD, 'repo-server'), dir, { recursive: true });
    const kustomization = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources).to.have.length(1);
    expect(kustomization.resources[0]).to.match(/^https:\/\/raw\.githubusercontent\.com\/argoproj\/argo-cd\/.+\/manifests\/install\.yaml$/);
    kustomization.resources = ['upstream-repo-server.yaml'];
    writeFileSync(path.join(dir, 'kustomization.yaml'), stringify(kustomization));
    writeFileSync(
      path.join(dir, 'upstream-repo-server.yaml'),
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'argocd-repo-server' },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-repo-server' } },
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'argocd-repo-server' } },
            spec: {
              initContainers: [{ name: 'copyutil', image: 'quay.io/argoproj/argocd:stable', volumeMounts: [{ name: 'var-files', mountPath: '/var/run/argocd' }] }],
              containers: [{ name: 'argocd-repo-server', image: 'quay.io/argoproj/argocd:stable', volumeMounts: [{ name: 'plugins', mountPath: '/home/argocd/cmp-server/plugins' }] }],
              volumes: [
                { name: 'var-files', emptyDir: {} },
                { name: 'plugins', emptyDir: {} },
              ],
            },
          },
        },
      }),
    );
    const r = run(KUSTOMIZE_BIN, ['build', dir]);
    expect(r.code, r.stderr).to.equal(0);
    const all = objects(r.stdout);
    const configMap = all.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    expect(configMap.metadata.name).to.match(/^metricpipeline-fn-cmp-plugin-[a-z0-9]+$/);
    expect(configMap.metadata.namespace).to.equal('argocd');
    expect(parse(configMap.data['plugin.yaml']!)).to.deep.equal(plugin);

    const deployment = find(all, 'Deployment', 'argocd-repo-server') as unknown as {
      metadata: { namespace: string };
      spec: { template: { spec: { containers: Container[]; volumes: { name: string; configMap?: { name: string }; emptyDir?: object }[] } } };
    };
    interface Container {
      name: string;
      image: string;
      command?: string[];
      securityContext?: { runAsUser?: number; runAsNonRoot?: boolean };
      volumeMounts: { name: string; mountPath: string; subPath?: string }[];
    }
    expect(deployment.metadata.namespace).to.equal('argocd');
    const pod = deployment.spec.template.spec;
    expect(pod.containers.map((c) => c.name).sort()).to.deep.equal(['argocd-repo-server', 'metricpipeline-fn']);
    const sidecar = pod.containers.find((c) => c.name === 'metricpipeline-fn')!;
    const upstream = pod.containers.find((c) => c.name === 'argocd-repo-server')!;
    expect(sidecar.command).to.deep.equal(['/var/run/argocd/argocd-cmp-server']);
    expect(sidecar.image).to.match(new RegExp(`:${FUNCTION_IMAGE.tag.replace(/\./g, '\\.')}$`));
    expect(sidecar.securityContext).to.include({ runAsUser: 999, runAsNonRoot: true });
    const mounts = Object.fromEntries(sidecar.volumeMounts.map((m) => [m.mountPath, m]));
    expect(mounts['/var/run/argocd']?.name).to.equal('var-files');
    expect(mounts['/home/argocd/cmp-server/plugins']?.name).to.equal('plugins');
    expect(mounts['/home/argocd/cmp-server/config/plugin.yaml']).to.include({ subPath: 'plugin.yaml' });
    const tmpMount = mounts['/tmp'];
    expect(tmpMount, 'the sidecar has its own /tmp').not.to.equal(undefined);
    const volumes = Object.fromEntries(pod.volumes.map((v) => [v.name, v]));
    expect(volumes[tmpMount!.name]?.emptyDir).to.deep.equal({});
    // kustomize rewrote the volume to the hashed ConfigMap name, so a plugin change rolls the repo-server.
    expect(volumes[mounts['/home/argocd/cmp-server/config/plugin.yaml']!.name]?.configMap?.name).to.equal(configMap.metadata.name);
    // The upstream container is untouched.
    expect(upstream.volumeMounts).to.deep.equal([{ name: 'plugins', mountPath: '/home/argocd/cmp-server/plugins' }]);
  });

  it('the sidecar Dockerfile starts from the published function image; the Application references the plugin by <name>-<version>', () => {
    const dockerfile = readFileSync(path.join(ARGOCD, 'sidecar', 'Dockerfile'), 'utf8');
    expect(dockerfile).to.contain(`ARG FUNCTION_IMAGE=${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}`);
    expect(dockerfile).to.match(/^USER 999$/m);

    const app = parse(readFileSync(path.join(ARGOCD, 'application.yaml'), 'utf8')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string };
      spec: { project: string; source: { repoURL: string; path: string; targetRevision: string; plugin: { name: string } }; destination: { server?: string; name?: string; namespace: string } };
    };
    expect(app.apiVersion).to.equal('argoproj.io/v1alpha1');
    expect(app.kind).to.equal('Application');
    expect(app.metadata.namespace).to.equal('argocd');
    expect(app.spec.project).to.be.a('string');
    expect(app.spec.source.plugin.name).to.equal(`${plugin.metadata.name}-${plugin.spec.version}`);
    expect(existsSync(path.join(REPO_ROOT, app.spec.source.path, 'kustomization.yaml')), app.spec.source.path).to.equal(true);
    expect(app.spec.source.repoURL).to.match(/^https:\/\//);
    expect(app.spec.destination.server ?? app.spec.destination.name).to.be.a('string');
    expect(app.spec.destination.namespace).to.equal('kyma-system');
  });
});
