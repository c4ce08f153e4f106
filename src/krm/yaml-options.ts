/**
 * YAML settings for lossless pass-through. kubectl and kyaml read YAML 1.1, so we parse 1.1 (keeps `0755`,
 * `yes`, `2021-01-01` meaning what the orchestrator thinks they mean), keep big integers exact, and print
 * every plain non-string scalar exactly as it was written (`0x1F`, `1e3`, `1.10`, `+12`, `1_000`).
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToStringOptions } from 'yaml';

type Tag = Exclude<NonNullable<SchemaOptions['customTags']>, (...args: never[]) => unknown>[number];

function keepPlainSource(tag: Tag): Tag {
  if (typeof tag === 'string' || tag.tag === 'tag:yaml.org,2002:str' || 'collection' in tag || 'nodeClass' in tag) return tag;
  const original = tag.stringify;
  return {
    ...tag,
    stringify(node, ctx, onComment, onChompKeep) {
      const scalar = node as { source?: unknown; type?: string; value?: unknown };
      if (typeof scalar.source === 'string' && scalar.type === 'PLAIN') return scalar.source;
      return original ? original(node, ctx, onComment, onChompKeep) : String(scalar.value);
    },
  } as Tag;
}

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  intAsBigInt: true,
  customTags: (tags) => tags.map(keepPlainSource),
};

export const STRINGIFY_OPTIONS: ToStringOptions = {
  lineWidth: 0,
  indentSeq: false,
  flowCollectionPadding: false,
};
