import { expect } from 'chai';
import { RUNTIME_RESOURCES } from '../../src/api/metricpipeline-codec';
import { RUNTIME_ADDITIONAL_METRICS, resourceDefaults } from '../../src/api/runtime-metric-catalog';
import { validatePipeline } from '../../src/validate/index';
import { validateRuntimeMetrics } from '../../src/validate/runtime-metrics';
import { GRPC_ENDPOINT, brief, readPipeline, secretIndex } from './support';

const withRuntime = (runtime: Record<string, unknown>) => readPipeline({ input: { runtime }, output: { otlp: { endpoint: GRPC_ENDPOINT } } });

describe('validate/runtime-metrics (additionalMetrics allow-list)', () => {
  it("accepts every name of Kyma's allow-list", () => {
    expect(validateRuntimeMetrics(withRuntime({ enabled: true, additionalMetrics: [...RUNTIME_ADDITIONAL_METRICS] }).pipeline)).to.deep.equal([]);
  });

  it("names each unknown metric in Kyma's message, pointing at this project's list, with its field", () => {
    const { pipeline } = withRuntime({ enabled: true, additionalMetrics: ['k8s.pod.uptime', 'k8s.pod.cpu.utilisation', 'K8S.POD.UPTIME'] });
    expect(brief(validateRuntimeMetrics(pipeline))).to.deep.equal([
      {
        severity: 'error',
        reason: 'RuntimeAdditionalMetricInvalid',
        field: 'spec.input.runtime.additionalMetrics[1]',
        message:
          'Invalid runtime additional metric: k8s.pod.cpu.utilisation. For the list of valid runtime additional metrics, check the metricpipeline-fn README, section "Runtime additional metrics"',
      },
      {
        severity: 'error',
        reason: 'RuntimeAdditionalMetricInvalid',
        field: 'spec.input.runtime.additionalMetrics[2]',
        message:
          'Invalid runtime additional metric: K8S.POD.UPTIME. For the list of valid runtime additional metrics, check the metricpipeline-fn README, section "Runtime additional metrics"',
      },
    ]);
  });

  it('checks the list even while the runtime input is disabled, as Kyma does', () => {
    expect(validateRuntimeMetrics(withRuntime({ enabled: false, additionalMetrics: ['nope'] }).pipeline)).to.have.length(1);
  });

  it('is part of validatePipeline, after the output checks', () => {
    const p = readPipeline({ input: { runtime: { enabled: true, additionalMetrics: ['nope'] } }, output: { otlp: { endpoint: { value: 'backend' } } } });
    expect(validatePipeline(p.pipeline, p.read, secretIndex(), new Date()).map((f) => f.reason)).to.deep.equal(['EndpointInvalid', 'RuntimeAdditionalMetricInvalid']);
  });

  it('holds every default metric of every resource, unique and sorted (58 kubeletstats + 42 k8s_cluster names)', () => {
    const defaults = RUNTIME_RESOURCES.flatMap(resourceDefaults);
    expect(RUNTIME_ADDITIONAL_METRICS).to.include.members(defaults);
    expect([...RUNTIME_ADDITIONAL_METRICS]).to.deep.equal([...new Set(RUNTIME_ADDITIONAL_METRICS)].sort());
    expect(RUNTIME_ADDITIONAL_METRICS).to.have.length(100);
  });
});
