// One JSON Schema keyword's values, behind one interface (after fast-check's one arbitrary per
// file): the valid values at its limits, the values that break it and nothing else, and random
// breakers for property runs. A plugin is registered by its keyword's name (registry.ts).
import type fc from 'fast-check';
import type { JsonSchema } from '../../contract/load.ts';
import type { ValueCase } from '../samples.ts';

export interface KeywordPlugin {
  /** The JSON Schema keyword (or `x-ivs-*` extension) this plugin exercises. */
  keyword: string;
  /** Whether the plugin has something to send for this schema (default: the keyword is present). */
  applies?(schema: JsonSchema): boolean;
  /** Valid values at, and one inside, the keyword's limits. */
  boundaries?(schema: JsonSchema): ValueCase[];
  /** Values that break this keyword and nothing else of the schema. */
  breakers(schema: JsonSchema): ValueCase[];
  /** Random breakers of the keyword, for property runs (same keyword, other values). */
  arbitrary?(schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
}

export function appliesTo(plugin: KeywordPlugin, schema: JsonSchema): boolean {
  return plugin.applies ? plugin.applies(schema) : schema[plugin.keyword] !== undefined;
}
