/**
 * The RBAC shapes every component repeats: each binds the ServiceAccount of its own name to the
 * (Cluster)Role of that name.
 */
import type { ClusterRoleBinding, ObjectMeta, RoleBinding } from './types';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_API_VERSION = `${RBAC_GROUP}/v1` as const;

/** A function, not a shared array: a sub-object used twice would be written as a YAML anchor and alias. */
export const readVerbs = (): string[] => ['get', 'list', 'watch'];

export function clusterRoleBindingFor(metadata: ObjectMeta, name: string, namespace: string): ClusterRoleBinding {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  };
}

export function roleBindingFor(metadata: ObjectMeta, name: string, namespace: string): RoleBinding {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  };
}
