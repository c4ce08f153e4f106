/**
 * function/: what users reference. The catalog metadata must list exactly the settings the code accepts
 * (read at run time: keys are being added), and every declaration must name the same published image.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SETTING_KEYS } from '../../src/api/function-config';
import { FN_CONFIG_API_VERSION, FN_CONFIG_KIND, FUNCTION_IMAGE, FUNCTION_NAME } from '../../src/constants';
import { REPO_ROOT } from '../support/run-fn';

const FUNCTION_DIR = path.join(REPO_ROOT, 'function');
const PUBLISHED_IMAGE = `${FUNCTION_IMAGE.repository}:${FUNCTION_IMAGE.tag}`;
const read = (file: string) => readFileSync(path.join(FUNCTION_DIR, file), 'utf8');

interface Metadata {
  name: string;
  image: string;
  description: string;
  tags: string[];
  sourceURL: string;
  examplePackageURLs: string[];
  license: string;
  runtime: { container: { image: string }; exec: { path: string } };
  functionConfig: { kinds: { apiVersion: string; kind: string }[]; keys: { name: string; description: string }[] };
  examples: { path: string; description: string }[];
}

interface Declaration {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations: Record<string, string> };
  [setting: string]: unknown;
}

interface Kptfile {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  pipeline: { mutators: { image?: string; exec?: string; configPath?: string; configMap?: Record<string, string> }[] };
}

describe('function/: declarations and catalog metadata', () => {
  const metadata = parse(read('metadata.yaml')) as Metadata;

  it('FUNCTION_IMAGE is tagged with the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(FUNCTION_IMAGE.tag).to.equal(pkg.version);
  });

  it('metadata.yaml lists exactly the settings the function accepts (SETTING_KEYS), each described', () => {
    const listed = metadata.functionConfig.keys.map((k) => k.name);
    const missing = SETTING_KEYS.filter((k) => !listed.includes(k));
    const extra = listed.filter((k) => !(SETTING_KEYS as string[]).includes(k));
    expect({ missing, extra }, 'add/remove these keys in function/metadata.yaml (functionConfig.keys)').to.deep.equal({ missing: [], extra: [] });
    expect(new Set(listed).size, 'no key listed twice').to.equal(listed.length);
    for (const key of metadata.functionConfig.keys) expect(key.description, key.name).to.be.a('string').and.not.equal('');
  });

  it('metadata.yaml names the function, its image, both config kinds and existing examples', () => {
    expect(metadata.name).to.equal(FUNCTION_NAME);
    expect(metadata.image).to.equal(PUBLISHED_IMAGE);
    expect(metadata.runtime.container.image).to.equal(PUBLISHED_IMAGE);
    expect(metadata.runtime.exec.path).to.equal(FUNCTION_NAME);
    expect(metadata.description).to.be.a('string').with.length.greaterThan(40);
    expect(metadata.license).to.equal('Apache-2.0');
    expect(metadata.tags).to.include('generator');
    expect(metadata.sourceURL).to.match(/^https:\/\//);
    expect(metadata.functionConfig.kinds.map((k) => `${k.apiVersion}/${k.kind}`).sort()).to.deep.equal(
      [`${FN_CONFIG_API_VERSION}/${FN_CONFIG_KIND}`, 'v1/ConfigMap'].sort(),
    );
    expect(metadata.examples.length).to.be.greaterThan(4);
    for (const example of metadata.examples) expect(existsSync(path.join(REPO_ROOT, example.path)), example.path).to.equal(true);
    for (const url of metadata.examplePackageURLs) {
      const local = url.replace(/^https:\/\/github\.com\/[^/]+\/[^/]+\/tree\/[^/]+\//, '');
      expect(existsSync(path.join(REPO_ROOT, local)), url).to.equal(true);
    }
  });

  it('the container and exec transformer declarations differ only in how the function runs', () => {
    const container = parse(read('container-transformer.yaml')) as Declaration;
    const exec = parse(read('exec-transformer.yaml')) as Declaration;
    const fn = (d: Declaration) => parse(d.metadata.annotations['config.kubernetes.io/function']!) as { container?: { image: string }; exec?: { path: string } };
    expect(fn(container)).to.deep.equal({ container: { image: PUBLISHED_IMAGE } });
    expect(fn(exec).exec?.path).to.be.a('string');
    const settings = (d: Declaration) => ({ ...d, metadata: { name: d.metadata.name } });
    expect(settings(container)).to.deep.equal(settings(exec));
    expect(container.apiVersion).to.equal(FN_CONFIG_API_VERSION);
    expect(container.kind).to.equal(FN_CONFIG_KIND);
  });

  it('the Kptfile examples run the published image (image:) and the PATH executable (exec:) with the same config', () => {
    const image = parse(read('kpt-pipeline-image.yaml')) as Kptfile;
    const exec = parse(read('kpt-pipeline-exec.yaml')) as Kptfile;
    for (const k of [image, exec]) {
      expect(k.apiVersion).to.equal('kpt.dev/v1');
      expect(k.kind).to.equal('Kptfile');
      expect(k.metadata.annotations?.['config.kubernetes.io/local-config']).to.equal('true');
      expect(k.pipeline.mutators).to.have.length(1);
    }
    expect(image.pipeline.mutators[0]).to.deep.equal({ image: PUBLISHED_IMAGE, configPath: 'fn-config.yaml' });
    expect(exec.pipeline.mutators[0]).to.deep.equal({ exec: FUNCTION_NAME, configPath: 'fn-config.yaml' });
    const examplePkg = parse(readFileSync(path.join(REPO_ROOT, 'examples', 'kpt', 'metrics-image', 'Kptfile'), 'utf8')) as Kptfile;
    expect(examplePkg.pipeline.mutators[0]?.image).to.equal(PUBLISHED_IMAGE);
  });
});
