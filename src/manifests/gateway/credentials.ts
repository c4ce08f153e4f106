/**
 * How the gateway pod reads its credentials (issue 20): env entries that reference Secrets of its own
 * namespace, and one projected volume with every credential file (PEMs, OAuth2 client id/secret, bearer
 * tokens) from the merged Secret or from those Secrets. A Secret the pod reads stays in the cluster: the
 * output names it, never its value. The kubelet refreshes Secret volumes in place, so a renewed certificate
 * reaches the exporter's reload without a rollout.
 */
import { CREDENTIALS_VOLUME } from '../../constants';
import type { GatewayPlan } from '../../plan/types';
import type { EnvVar, Volume, VolumeMount } from '../types';

export function credentialEnv(plan: GatewayPlan): EnvVar[] {
  return plan.envRefs.map(({ name, secret, key }) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } }));
}

/** One projection per Secret, in the order the plan first needs it; undefined when there are no files. */
export function credentialsVolume(plan: GatewayPlan): Volume | undefined {
  if (plan.files.length === 0) return undefined;
  const bySecret = new Map<string, { key: string; path: string }[]>();
  for (const { secret, key, path } of plan.files) {
    const items = bySecret.get(secret) ?? [];
    items.push({ key, path });
    bySecret.set(secret, items);
  }
  return {
    name: CREDENTIALS_VOLUME.name,
    projected: { sources: [...bySecret].map(([name, items]) => ({ secret: { name, items } })) },
  };
}

export function credentialsVolumeMount(): VolumeMount {
  return { name: CREDENTIALS_VOLUME.name, mountPath: CREDENTIALS_VOLUME.mountPath, readOnly: true };
}

/**
 * What keys `checksum/config` besides the ConfigMap: the merged Secret (env and file entries) and the values
 * of referenced Secrets that are in the input. Prefixed so that no two sources share a key (env names have
 * no `/`).
 */
export function checksumSecretData(plan: GatewayPlan): Record<string, string> {
  const prefixed = (prefix: string, data: Record<string, string>) => Object.entries(data).map(([k, v]) => [`${prefix}${k}`, v] as const);
  return Object.fromEntries([
    ...Object.entries(plan.secretData),
    ...prefixed('file/', plan.secretFiles),
    ...prefixed('secret/', plan.referencedValues),
  ]);
}
