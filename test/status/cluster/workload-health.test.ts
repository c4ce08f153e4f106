import assert from 'node:assert/strict';
import type { DaemonSetObject, DeploymentObject, PodObject } from '../../../src/status/cluster/kube-types';
import { assessWorkload, daemonSetReadiness, deploymentReadiness, missingWorkload, podProblem } from '../../../src/status/cluster/workload-health';

const READY_DEPLOYMENT: DeploymentObject = { generation: 3, replicas: 2, observedGeneration: 3, updatedReplicas: 2, readyReplicas: 2, conditions: [] };
const READY_DS: DaemonSetObject = { generation: 1, observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3 };

function pod(name: string, over: Partial<PodObject> = {}): PodObject {
  return { name, phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }], containers: [{ name: 'collector', ready: true, image: 'otel:1', running: true }], terminating: false, ...over };
}

describe('status/cluster/workload-health', () => {
  it('Deployment: ready only when the controller saw the spec and every replica is updated and ready', () => {
    assert.deepEqual(deploymentReadiness(READY_DEPLOYMENT), { kind: 'ready' });
    assert.deepEqual(deploymentReadiness({ ...READY_DEPLOYMENT, observedGeneration: 2 }), { kind: 'notReady' });
    assert.deepEqual(deploymentReadiness({ ...READY_DEPLOYMENT, updatedReplicas: 1 }), { kind: 'notReady' });
    assert.deepEqual(deploymentReadiness({ ...READY_DEPLOYMENT, readyReplicas: 1 }), { kind: 'notReady' });
    assert.equal(deploymentReadiness({ ...READY_DEPLOYMENT, replicas: 0 }).kind, 'problem');
    const stuck = deploymentReadiness({
      ...READY_DEPLOYMENT,
      readyReplicas: 0,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }],
    });
    assert.deepEqual(stuck, { kind: 'problem', problem: 'progressDeadline', message: 'Deployment rollout does not progress: ReplicaSet "x" has timed out progressing.' });
  });

  it("DaemonSet: Kyma's rule, and no desired pods is ready", () => {
    assert.deepEqual(daemonSetReadiness(READY_DS), { kind: 'ready' });
    assert.deepEqual(daemonSetReadiness({ ...READY_DS, numberReady: 2 }), { kind: 'notReady' });
    assert.deepEqual(daemonSetReadiness({ ...READY_DS, updatedNumberScheduled: 1 }), { kind: 'notReady' });
    assert.deepEqual(daemonSetReadiness({ ...READY_DS, desiredNumberScheduled: 0, updatedNumberScheduled: 0, numberReady: 0 }), { kind: 'ready' });
  });

  it('names the pods problem with stable messages (no pod name, no back-off time)', () => {
    const unschedulable = pod('a', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }], containers: [] });
    assert.deepEqual(podProblem([unschedulable]), { problem: 'unschedulable', message: 'Pod is not scheduled: 0/3 nodes are available: 3 Insufficient memory.' });
    const pull = (reason: string) => pod('b', { phase: 'Pending', containers: [{ name: 'collector', ready: false, image: 'otel:bad', running: false, waiting: { reason, message: 'Back-off pulling image "otel:bad"' } }] });
    assert.deepEqual(podProblem([pull('ErrImagePull')]), podProblem([pull('ImagePullBackOff')]));
    assert.equal(
      podProblem([pull('ImagePullBackOff')])?.message,
      'Pod is in the pending state because the image "otel:bad" of container: collector cannot be pulled. Check the image name and the image pull secrets.',
    );
    const config = pod('c', { phase: 'Pending', containers: [{ name: 'collector', ready: false, image: 'x', running: false, waiting: { reason: 'CreateContainerConfigError', message: 'secret "telemetry-metric-gateway" not found' } }] });
    assert.equal(
      podProblem([config])?.message,
      'Pod is in the pending state because container: collector is not running due to: CreateContainerConfigError: a referenced Secret or key is missing: secret "telemetry-metric-gateway" not found. Please check the container: collector logs.',
    );
    const failed = pod('d', { phase: 'Failed', message: 'Pod was rejected: Node didn\'t have enough resource: memory', containers: [] });
    assert.equal(podProblem([failed])?.message, "Pod is in the failed state due to: Pod was rejected: Node didn't have enough resource: memory");
    const notReady = pod('e', { containers: [{ name: 'collector', ready: false, image: 'x', running: true }] });
    assert.equal(podProblem([notReady])?.problem, 'containerNotReady');
  });

  it('reports the most telling problem and ignores terminating pods', () => {
    const crash = pod('a', { containers: [{ name: 'collector', ready: false, image: 'x', running: false, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }] });
    const unschedulable = pod('z', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'no nodes' }], containers: [] });
    assert.equal(podProblem([crash, unschedulable])?.problem, 'unschedulable');
    assert.equal(
      podProblem([crash])?.message,
      'Pod is in the pending state because container: collector is not running due to: CrashLoopBackOff (last terminated: OOMKilled, exit code 137). Please check the container: collector logs.',
    );
    assert.equal(podProblem([{ ...crash, terminating: true }]), undefined);
    assert.equal(podProblem([pod('ok')]), undefined);
  });

  it('assesses: ready, rollout without a pod problem, or the problem', () => {
    assert.deepEqual(assessWorkload({ kind: 'ready' }, undefined), { kind: 'ready' });
    assert.deepEqual(assessWorkload({ kind: 'notReady' }, [pod('a')]), { kind: 'rollout' });
    assert.deepEqual(assessWorkload({ kind: 'notReady' }, undefined), { kind: 'rollout' });
    assert.deepEqual(assessWorkload(missingWorkload('DaemonSet', 'telemetry-metric-agent'), undefined), {
      kind: 'problem',
      problem: 'missing',
      message: 'DaemonSet telemetry-metric-agent is not yet created',
    });
    // A stuck rollout is explained by its pods when they say why.
    const stuck = { kind: 'problem', problem: 'progressDeadline', message: 'stuck' } as const;
    const crash = pod('a', { containers: [{ name: 'collector', ready: false, image: 'x', running: false, waiting: { reason: 'CrashLoopBackOff' } }] });
    assert.equal((assessWorkload(stuck, [crash]) as { problem: string }).problem, 'crashLoop');
    assert.equal((assessWorkload(stuck, [pod('b')]) as { problem: string }).problem, 'progressDeadline');
  });
});
