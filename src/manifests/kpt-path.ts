/**
 * Where kpt writes generated objects: `internal.config.kubernetes.io/path` relative to the package, and a
 * distinct `internal.config.kubernetes.io/index` per object of one file, or kpt rejects the output
 * ("resource at path ... and index ... already exists"). kustomize strips both. Only the internal keys are
 * set; orchestrators mirror them to the legacy keys.
 */
import { GENERATED_DIR, KPT_ANNOTATIONS } from '../constants';
import { sortedMap } from '../core/order';
import type { KubeObject } from './types';

const FILE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.yaml$/;

/** `generated/<file>`; `file` is a plain file name ending in `.yaml` (no directories, no `..`). */
export function generatedPath(file: string): string {
  if (!FILE_NAME.test(file)) throw new Error(`internal: generated file name must look like name.yaml, got "${file}"`);
  return `${GENERATED_DIR}/${file}`;
}

/**
 * Copies of `objects` annotated to be written, in this order, to `generated/<file>`. Builders of optional
 * objects return undefined; those are left out, and the indexes stay consecutive.
 */
export function withKptPaths<T extends KubeObject>(objects: readonly (T | undefined)[], file: string): T[] {
  const path = generatedPath(file);
  const present = objects.filter((o): o is T => o !== undefined);
  return present.map((obj, index) => ({
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: sortedMap({
        ...(obj.metadata.annotations ?? {}),
        [KPT_ANNOTATIONS.path]: path,
        [KPT_ANNOTATIONS.index]: String(index),
      }),
    },
  }));
}
