import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { FUNCTION_BIN, REPO_ROOT } from '../support/run-fn';
import { KUSTOMIZE_BIN } from '../support/tools';

export const EXAMPLES = path.join(REPO_ROOT, 'examples');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, encoding: 'utf8', timeout: 120_000 });
  const error = r.error ? `\n${r.error.message}` : '';
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${error}` };
}

/**
 * A scratch directory with a bin/ holding `metricpipeline-fn` and `kustomize`, as a user who installed
 * both would have them on PATH; `env` puts that bin/ first.
 */
export function withToolsOnPath(prefix: string): { dir: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `mpfn-${prefix}-`));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(FUNCTION_BIN, path.join(bin, 'metricpipeline-fn'));
  symlinkSync(KUSTOMIZE_BIN, path.join(bin, 'kustomize'));
  return {
    dir,
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function objects(multiDoc: string): K8sObject[] {
  return parseAllDocuments(multiDoc)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

export function find(list: K8sObject[], kind: string, name: string): K8sObject {
  const found = list.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not in output: ${list.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The objects the function generated (its managed-by label), as opposed to the inputs it passed through. */
export function generatedObjects(list: K8sObject[]): K8sObject[] {
  return list.filter((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'metricpipeline-fn');
}

/**
 * Issue 20: an example whose Secret lives only in the cluster (`<example>/secret-in-cluster.example.yaml`,
 * not in the render input) renders no credential: no value of that Secret, as is or base64, anywhere in the
 * rendered text, no Secret but the function's own, and the gateway reads the Secret by reference.
 */
export function expectNoCredential(example: string, rendered: string): void {
  const inCluster = parse(readFileSync(path.join(EXAMPLES, example, 'secret-in-cluster.example.yaml'), 'utf8')) as K8sObject & { stringData: Record<string, string> };
  for (const value of Object.values(inCluster.stringData)) {
    expect(rendered).to.not.include(value);
    expect(rendered).to.not.include(Buffer.from(value).toString('base64'));
  }
  const all = objects(rendered);
  expect(all.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).to.deep.equal(['telemetry-metric-gateway']);
  const deployment = find(all, 'Deployment', 'telemetry-metric-gateway') as unknown as { spec: { template: { spec: { containers: { env: { valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] } } } };
  const refs = deployment.spec.template.spec.containers[0]!.env.flatMap((e) => (e.valueFrom?.secretKeyRef ? [`${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`] : []));
  expect(refs.sort()).to.deep.equal(Object.keys(inCluster.stringData).map((k) => `${inCluster.metadata.name}/${k}`).sort());
}
