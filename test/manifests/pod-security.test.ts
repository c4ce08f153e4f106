import { expect } from 'chai';
import { buildGatewayObjects } from '../../src/manifests/gateway';
import { podSpecOf, restrictedViolations } from '../support/pod-security';
import { DUMMY_CONFIG, find, gatewayPlan } from './fixtures';

describe('test support: restrictedViolations', () => {
  it('accepts the gateway pod', () => {
    expect(restrictedViolations(podSpecOf(find(buildGatewayObjects(gatewayPlan(), DUMMY_CONFIG), 'Deployment')))).to.deep.equal([]);
  });

  it('reports every violation of a privileged pod', () => {
    const pod = {
      hostNetwork: true,
      hostPID: true,
      securityContext: { runAsUser: 0, seccompProfile: { type: 'Unconfined' }, sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
      volumes: [{ name: 'host', hostPath: { path: '/' } }, { name: 'nfs', nfs: { server: 's', path: '/' } }, { name: 'tmp', emptyDir: {} }],
      containers: [
        {
          name: 'c',
          image: 'i',
          ports: [{ containerPort: 80, hostPort: 80 }],
          securityContext: { privileged: true, capabilities: { add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } },
        },
      ],
    };
    expect(restrictedViolations(pod)).to.deep.equal([
      'hostNetwork must not be true',
      'hostPID must not be true',
      'volumes[0] (host) must not be a hostPath volume',
      'volumes[1] (nfs) has type nfs, not allowed under restricted',
      'securityContext.sysctls[0] kernel.msgmax is not a safe sysctl',
      'securityContext.runAsUser must not be 0',
      'securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got Unconfined',
      'containers[0].securityContext.privileged must not be true',
      'containers[0].securityContext.allowPrivilegeEscalation must be false',
      'containers[0].securityContext.capabilities.drop must include ALL',
      'containers[0].securityContext.capabilities.add must only contain NET_BIND_SERVICE, got SYS_ADMIN',
      'containers[0].securityContext.runAsNonRoot must be true (on the container or the pod)',
      'containers[0].ports[0].hostPort must not be set',
      'containers[0].securityContext.readOnlyRootFilesystem must be true',
    ]);
  });

  it('accepts pod-level runAsNonRoot and seccomp but not a container that opts out', () => {
    const container = {
      name: 'c',
      image: 'i',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    };
    const pod = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container] };
    expect(restrictedViolations(pod)).to.deep.equal([]);
    const optOut = { ...container, securityContext: { ...container.securityContext, runAsNonRoot: false } };
    expect(restrictedViolations({ ...pod, initContainers: [optOut] })).to.deep.equal([
      'initContainers[0].securityContext.runAsNonRoot must not be false',
      'initContainers[0].securityContext.runAsNonRoot must be true (on the container or the pod)',
    ]);
  });
});
