/** The bundled example (fixtures/example) as one ResourceList with a functionConfig, and its Secret values. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { REPO_ROOT } from './run-fn';

function exampleDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'fixtures', 'example', file), 'utf8')).map((d) => d.toJS() as unknown);
}

/** The bundled example (fixtures/example) as one ResourceList, the way an orchestrator sends it. */
export function exampleResourceList(): string {
  const items = ['pipelines.yaml', 'secrets.yaml'].flatMap(exampleDocuments);
  return stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    functionConfig: { apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn' }, namespace: 'kyma-system' },
  });
}

/** Every value of the example's Secrets, and the Basic header the function derives from two of them. */
export function exampleSecretValues(): string[] {
  const secrets = exampleDocuments('secrets.yaml') as { data?: Record<string, string>; stringData?: Record<string, string> }[];
  const values = secrets.flatMap((s) => [
    ...Object.values(s.stringData ?? {}),
    ...Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')),
  ]);
  const { user, password } = secrets.find((s) => s.stringData?.['password'])!.stringData!;
  return [...values, Buffer.from(`${user}:${password}`).toString('base64')];
}
