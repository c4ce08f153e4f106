/**
 * The gateway's ConfigMap (collector config) and merged Secret (the endpoints, credentials and PEMs the
 * function has in hand: inline values and copies from other namespaces; see src/plan/credential-source.ts).
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
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  // File entries are read by the component itself, which expands nothing: they are written as they are.
  const data = sortedMap(
    Object.fromEntries([
      ...Object.entries(plan.secretData).map(([k, v]): [string, string] => [k, base64(escapeDollar(v))]),
      ...Object.entries(plan.secretFiles).map(([k, v]): [string, string] => [k, base64(v)]),
    ]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: gatewayMeta(plan.settings, GATEWAY.name, {}, { [ANNOTATIONS.fluxSubstitute]: FLUX_SUBSTITUTE_DISABLED }),
    type: 'Opaque',
    data,
  };
}
