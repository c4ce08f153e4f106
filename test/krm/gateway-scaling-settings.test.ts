/**
 * Issue 21, "Defaults that hold under load": the gateway's requests follow its pipelines, the HPA scales on
 * CPU and memory relative to those requests, and gatewayReplicas beside gatewayAutoscaling gets a warning
 * saying which wins. Through the function's real entry point (runFunction), in both functionConfig forms.
 */
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { GATEWAY_AUTOSCALING, GATEWAY_RESOURCES } from '../../src/constants';
import { runFunction } from '../support/run-fn';

interface Obj {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}
interface Rl {
  items: Obj[];
  results?: { severity: string; message: string; field?: { path: string } }[];
}

const pipeline = (name: string) => ({ apiVersion: 'telemetry.kyma-project.io/v1beta1', kind: 'MetricPipeline', metadata: { name }, spec: { output: { otlp: { endpoint: { value: `https://${name}.example.com:4317` } } } } });
const typed = (extra: object) => ({ apiVersion: 'fn.metricpipeline.dev/v1alpha1', kind: 'RenderMetricPipelines', metadata: { name: 'fn' }, statusImage: 'r.example.com/s:1', ...extra });
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { statusImage: 'r.example.com/s:1', ...data } });

function render(pipelines: number, functionConfig: object): Rl {
  const items = Array.from({ length: pipelines }, (_, i) => pipeline(`p${i}`));
  const run = runFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  expect(run.code, run.stderr).to.equal(0);
  return parse(run.stdout) as Rl;
}

const hpa = (rl: Rl) => rl.items.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec as { metrics: { resource: { name: string; target: { averageUtilization: number } } }[] } | undefined;
const requests = (rl: Rl) => (rl.items.find((o) => o.kind === 'Deployment')?.spec as { template: { spec: { containers: { resources: { requests: Record<string, string> } }[] } } }).template.spec.containers[0]!.resources.requests;

describe('gateway scaling settings (issue 21)', () => {
  it('requests grow with the pipelines, from the measured base', () => {
    const r = GATEWAY_RESOURCES;
    expect(requests(render(1, typed({})))).to.deep.equal({ cpu: `${r.cpuRequestBaseMilli + r.cpuRequestPerPipelineMilli}m`, memory: `${r.memoryRequestBaseMi + r.memoryRequestPerPipelineMi}Mi` });
    expect(requests(render(3, typed({})))).to.deep.equal({ cpu: `${r.cpuRequestBaseMilli + 3 * r.cpuRequestPerPipelineMilli}m`, memory: `${r.memoryRequestBaseMi + 3 * r.memoryRequestPerPipelineMi}Mi` });
  });

  it('the HPA scales on CPU (the given target) and on memory at half the limit, relative to the requests', () => {
    const spec = hpa(render(1, typed({ gatewayAutoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } })))!;
    const byName = Object.fromEntries(spec.metrics.map((m) => [m.resource.name, m.resource.target.averageUtilization]));
    const r = GATEWAY_RESOURCES;
    const limitMi = r.memoryLimitBaseMi + r.memoryLimitPerPipelineMi;
    const requestMi = r.memoryRequestBaseMi + r.memoryRequestPerPipelineMi;
    expect(byName).to.deep.equal({ cpu: 70, memory: Math.round((GATEWAY_AUTOSCALING.memoryTargetFractionOfLimit * limitMi * 100) / requestMi) });
    // With the user's own memory request and limit, the memory target follows them: half of 2Gi is 200 % of 512Mi.
    const own = hpa(render(1, typed({ gatewayAutoscaling: { minReplicas: 1, maxReplicas: 3 }, gatewayResources: { requests: { memory: '512Mi' }, limits: { memory: '2Gi' } } })))!;
    expect(own.metrics.map((m) => [m.resource.name, m.resource.target.averageUtilization])).to.deep.equal([['cpu', GATEWAY_AUTOSCALING.defaultTargetCPUUtilizationPercentage], ['memory', 200]]);
  });

  for (const [form, config] of [
    ['typed', typed({ gatewayReplicas: 4, gatewayAutoscaling: { minReplicas: 2, maxReplicas: 6 } })],
    ['ConfigMap', configMap({ gatewayReplicas: '4', gatewayAutoscaling: '{minReplicas: 2, maxReplicas: 6}' })],
  ] as const) {
    it(`warns that gatewayAutoscaling wins over gatewayReplicas when both are set (${form})`, () => {
      const rl = render(1, config);
      const warnings = (rl.results ?? []).filter((x) => x.field?.path === 'gatewayReplicas');
      expect(warnings.map((w) => w.severity)).to.deep.equal(['warning']);
      expect(warnings[0]!.message).to.equal('gatewayReplicas (4) and gatewayAutoscaling are both set: gatewayAutoscaling wins. The HorizontalPodAutoscaler keeps the gateway between 2 and 6 replicas and the Deployment has no replicas field, so gatewayReplicas is not used; remove one of the two');
      expect(rl.items.find((o) => o.kind === 'Deployment')!.spec).to.not.have.property('replicas');
    });
  }

  it('says nothing when only one of them is set', () => {
    for (const config of [typed({ gatewayReplicas: 4 }), typed({ gatewayAutoscaling: { minReplicas: 2, maxReplicas: 6 } }), configMap({ gatewayReplicas: '3' })]) {
      expect((render(1, config).results ?? []).filter((x) => x.field?.path === 'gatewayReplicas')).to.deep.equal([]);
    }
  });
});
