/**
 * The shipped MetricPipeline CRD (crd/metricpipelines.telemetry.kyma-project.io.yaml): a valid
 * apiextensions.k8s.io/v1 CustomResourceDefinition (kubernetes-models' schema plus the structural-schema rules
 * the API server enforces), both versions with the status subresource and printer columns, no conversion
 * webhook, every CEL rule of Kyma's CRD, and a schema that accepts the objects and statuses the job writes.
 */
import Ajv from 'ajv';
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { expectGolden, goldenPath } from '../support/golden';
import { REPO_ROOT } from '../support/run-fn';

type Schema = Record<string, unknown>;
interface Version {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  subresources?: { status?: unknown };
  additionalPrinterColumns: { name: string; jsonPath: string; type: string }[];
  schema: { openAPIV3Schema: Schema };
}
interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: { group: string; scope: string; conversion?: { strategy: string; webhook?: unknown }; names: { kind: string; plural: string }; versions: Version[] };
}
interface CelRule {
  version: string;
  path: string;
  rule: string;
  message?: string;
}

const CRD_FILE = join(REPO_ROOT, 'crd', 'metricpipelines.telemetry.kyma-project.io.yaml');
/** Kyma's CRD, next to the repository as the team's shared reference; the golden keeps its rules for CI. */
const KYMA_CRD = join(REPO_ROOT, '..', 'shared', 'reference', 'kyma', 'crd', 'telemetry.kyma-project.io_metricpipelines.HEAD.yaml');
const RULES_GOLDEN = 'manifests/status-job-crd-kyma-rules.yaml';
const SAMPLES = join(REPO_ROOT, 'health', 'argocd', 'telemetry.kyma-project.io_MetricPipeline', 'testdata');

const crd = parse(readFileSync(CRD_FILE, 'utf8')) as Crd;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every schema node with its path, depth first. */
function walk(schema: Schema, path: string, visit: (node: Schema, path: string) => void): void {
  visit(schema, path);
  if (isSchema(schema['properties'])) for (const [k, v] of Object.entries(schema['properties'])) if (isSchema(v)) walk(v, `${path}.${k}`, visit);
  if (isSchema(schema['items'])) walk(schema['items'], `${path}[]`, visit);
  if (isSchema(schema['additionalProperties'])) walk(schema['additionalProperties'], `${path}{}`, visit);
}

function celRules(doc: Crd): CelRule[] {
  const rules: CelRule[] = [];
  for (const v of doc.spec.versions) {
    walk(v.schema.openAPIV3Schema, '', (node, path) => {
      const validations = node['x-kubernetes-validations'];
      if (!Array.isArray(validations)) return;
      for (const r of validations as { rule: string; message?: string }[]) rules.push({ version: v.name, path: path || '.', rule: r.rule, ...(r.message === undefined ? {} : { message: r.message }) });
    });
  }
  return rules;
}

/** The OpenAPI schema as a JSON schema ajv runs: without the Kubernetes extensions. */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (!isSchema(schema)) return schema;
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !k.startsWith('x-kubernetes-')).map(([k, v]) => [k, k === 'enum' || k === 'required' ? v : jsonSchema(v)]));
}

function version(name: string): Version {
  const v = crd.spec.versions.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no version ${name}`);
  return v;
}

describe('CRD: MetricPipeline', () => {
  it('is a valid apiextensions.k8s.io/v1 CustomResourceDefinition', () => {
    expect(() => new CustomResourceDefinition(crd as unknown as ConstructorParameters<typeof CustomResourceDefinition>[0]).validate()).not.to.throw();
    expect(crd.apiVersion).to.equal('apiextensions.k8s.io/v1');
    expect(crd.metadata.name).to.equal(`${crd.spec.names.plural}.${crd.spec.group}`);
    expect(crd.spec.scope).to.equal('Cluster');
    // The function drops objects carrying its managed-by label from its input; the CRD must survive a render.
    expect(crd.metadata.labels?.['app.kubernetes.io/managed-by']).to.equal(undefined);
  });

  it('has a structural schema, as the API server requires', () => {
    for (const v of crd.spec.versions) {
      walk(v.schema.openAPIV3Schema, v.name, (node, path) => {
        const free = node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
        if (!free) expect(node['type'], `${path}: type`).to.be.a('string');
        if (node['properties'] !== undefined) expect(node['type'], `${path}: properties need type object`).to.equal('object');
        if (node['type'] === 'array') expect(isSchema(node['items']), `${path}: items`).to.equal(true);
        expect(node['properties'] !== undefined && node['additionalProperties'] !== undefined, `${path}: properties and additionalProperties`).to.equal(false);
        expect(node['$ref'], `${path}: $ref`).to.equal(undefined);
      });
      const metadata = (v.schema.openAPIV3Schema['properties'] as Record<string, Schema>)['metadata'] as Schema;
      expect(Object.keys(metadata).filter((k) => k !== 'type'), `${v.name}: metadata may only be typed`).to.deep.equal([]);
    }
  });

  it('serves v1alpha1 and v1beta1, stores v1beta1, both with the status subresource', () => {
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).to.deep.equal([
      ['v1alpha1', true, false],
      ['v1beta1', true, true],
    ]);
    expect(version('v1alpha1').deprecated).to.equal(true);
    for (const v of crd.spec.versions) expect(v.subresources?.status, v.name).to.deep.equal({});
  });

  it('needs no conversion webhook', () => {
    expect(crd.spec.conversion).to.deep.equal({ strategy: 'None' });
  });

  it('shows every condition and Ready as printer columns', () => {
    for (const v of crd.spec.versions) {
      expect(v.additionalPrinterColumns.map((c) => [c.name, c.jsonPath]), v.name).to.deep.equal([
        ['Configuration Generated', '.status.conditions[?(@.type=="ConfigurationGenerated")].status'],
        ['Gateway Healthy', '.status.conditions[?(@.type=="GatewayHealthy")].status'],
        ['Agent Healthy', '.status.conditions[?(@.type=="AgentHealthy")].status'],
        ['Flow Healthy', '.status.conditions[?(@.type=="TelemetryFlowHealthy")].status'],
        ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
        ['Age', '.metadata.creationTimestamp'],
      ]);
    }
  });

  it("lists Kyma's CEL rules (golden; rewritten from Kyma's CRD when it is at hand)", function () {
    if (!existsSync(KYMA_CRD)) {
      if (process.env['UPDATE_GOLDEN'] === '1') this.skip();
      expect(existsSync(goldenPath(RULES_GOLDEN))).to.equal(true);
      return;
    }
    expectGolden(RULES_GOLDEN, stringify(celRules(parse(readFileSync(KYMA_CRD, 'utf8')) as Crd), { lineWidth: 0 }));
  });

  it("has every CEL rule of Kyma's CRD, at the same place, with the same message, and no other", () => {
    const kyma = parse(readFileSync(goldenPath(RULES_GOLDEN), 'utf8')) as CelRule[];
    expect(kyma.length).to.be.greaterThan(30);
    expect(celRules(crd)).to.deep.equal(kyma);
  });

  it('records status.observedGeneration and keys conditions by type in both versions', () => {
    for (const v of crd.spec.versions) {
      const status = (v.schema.openAPIV3Schema['properties'] as Record<string, Schema>)['status'] as Schema;
      const props = status['properties'] as Record<string, Schema>;
      expect(props['observedGeneration']?.['type'], v.name).to.equal('integer');
      expect(props['conditions']?.['x-kubernetes-list-type']).to.equal('map');
      expect(props['conditions']?.['x-kubernetes-list-map-keys']).to.deep.equal(['type']);
      expect((props['conditions']?.['items'] as Schema)['required']).to.include('type');
    }
  });

  it('accepts the sample objects, with statuses as the job writes them, under v1beta1', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(jsonSchema(version('v1beta1').schema.openAPIV3Schema) as object);
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).to.be.greaterThan(5);
    for (const file of files) {
      const obj = parse(readFileSync(join(SAMPLES, file), 'utf8')) as unknown;
      expect(validate(obj), `${file}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
    }
    const bad = { apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name: 'x' }, spec: { output: { otlp: { endpoint: { value: 'x' } } } }, status: { conditions: [{ type: 'Ready', status: 'Maybe', reason: 'has space', message: '', lastTransitionTime: 'x' }] } };
    expect(validate(bad)).to.equal(false);
  });

  it('documents the limitation of conversion None: the versions differ in shape (otlp input disabled vs enabled)', () => {
    const otlp = (name: string) => ((((version(name).schema.openAPIV3Schema['properties'] as Record<string, Schema>)['spec'] as Schema)['properties'] as Record<string, Schema>)['input'] as Schema)['properties'] as Record<string, Schema>;
    const alpha = otlp('v1alpha1')['otlp']?.['properties'] as Record<string, unknown>;
    const beta = otlp('v1beta1')['otlp']?.['properties'] as Record<string, unknown>;
    expect(Object.keys(alpha)).to.include('disabled');
    expect(Object.keys(beta)).to.include('enabled');
  });
});
