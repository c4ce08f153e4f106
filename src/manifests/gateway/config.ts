/**
 * The gateway's ConfigMap (collector config) and Secret (every endpoint, credential and PEM as an env var).
 * Both carry Flux's substitute opt-out: the config references secrets as ${env:NAME}, which Flux post-build
 * substitution would otherwise replace with empty strings.
 */
import { ANNOTATIONS, FLUX_SUBSTITUTE_DISABLED, GATEWAY } from '../../constants';
import { encodeOutcomes, OUTCOME_ANNOTATION } from '../../contract/outcome-annotation';
import { sortedMap } from '../../core/order';
import { escapeDollar } from '../../plan/env-vars';
import type { GatewayPlan } from '../../plan/types';
import { componentMeta } from '../metadata';
import type { ConfigMap, Secret, StringMap } from '../types';

const { meta: gatewayMeta } = componentMeta(GATEWAY);

/** What the gateway ConfigMap's `data` holds; the checksum is computed over exactly this. */
export function gatewayConfigMapData(configYaml: string): StringMap {
  return { [GATEWAY.configMapKey]: configYaml };
}

/**
 * The pipeline outcomes ride on the ConfigMap so that the status job can report per pipeline without
 * re-running the function; they are an annotation, not data, so a changed message does not roll the pods.
 * The format is the contract's (src/contract/outcome-annotation.ts).
 */
export function gatewayConfigMap(plan: GatewayPlan, configYaml: string): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: gatewayMeta(plan.settings, GATEWAY.name, {}, {
      [ANNOTATIONS.fluxSubstitute]: FLUX_SUBSTITUTE_DISABLED,
      [OUTCOME_ANNOTATION]: encodeOutcomes(plan.outcomes),
    }),
    data: gatewayConfigMapData(configYaml),
  };
}

/**
 * `data`, not `stringData`: stringData is write-only and would show as a permanent diff in Argo CD.
 * Values are `$`-escaped because the collector expands `${...}` inside the values of the environment
 * variables it reads (see escapeDollar): what arrives at a backend is then the Secret's value byte for byte.
 */
export function gatewaySecret(plan: GatewayPlan): Secret {
  const data = sortedMap(
    Object.fromEntries(
      Object.entries(plan.secretData).map(([k, v]) => [k, Buffer.from(escapeDollar(v), 'utf8').toString('base64')]),
    ),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: gatewayMeta(plan.settings, GATEWAY.name, {}, { [ANNOTATIONS.fluxSubstitute]: FLUX_SUBSTITUTE_DISABLED }),
    type: 'Opaque',
    data,
  };
}
