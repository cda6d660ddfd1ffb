// Values for one field, derived from its (dereferenced) schema and `x-ivs-*` data, keyword by
// keyword through the registered plugins (keywords/*.ts):
//  - validArbitrary: random values honouring every keyword;
//  - boundaryValues: values exactly at, and one inside, each limit (all valid);
//  - invalidValues: for each single constraint, values that break that constraint and nothing else.
// A keyword the contract uses without a plugin is broken by the generic negation (keywords/negation.ts).
import fc from 'fast-check';
import type { JsonSchema } from '../contract/load.ts';
import { keywordPlugin, negate, registeredKeywords } from './keywords/index.ts';
import { appliesTo } from './keywords/types.ts';
import type { ValueCase } from './samples.ts';

export { innerInteger, integerRange, jsonType, sampleValid, textOfLength, typeOf, validArbitrary, type ValueCase } from './samples.ts';
export { offEnum } from './keywords/enum.ts';

/** Schema keys that annotate rather than constrain: never broken. */
const ANNOTATIONS = new Set(['$ref', '$id', '$schema', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'nullable', 'properties', 'required', 'additionalProperties', 'contentMediaType', 'contentEncoding']);

/** Validation keywords of a field schema (x-ivs-* extensions and annotations excluded). */
export function schemaKeywords(schema: JsonSchema): string[] {
  return Object.keys(schema).filter((k) => !k.startsWith('x-') && !ANNOTATIONS.has(k));
}

/** Keywords of the schema no plugin handles: broken by the generic negation. */
export function unhandledKeywords(schema: JsonSchema): string[] {
  return schemaKeywords(schema).filter((k) => !keywordPlugin(k));
}

export function boundaryValues(schema: JsonSchema): ValueCase[] {
  const unasserted: string[] = schema['x-ivs-unasserted-boundaries'] ?? [];
  return registeredKeywords()
    .map((k) => keywordPlugin(k)!)
    .filter((p) => p.boundaries && appliesTo(p, schema))
    .flatMap((p) => p.boundaries!(schema))
    .filter((c) => !unasserted.includes(c.constraint) || !c.note.startsWith('exactly'))
    .filter((c) => !isUnassertedValue(schema, c.value));
}

/** A value whose verdict the rulings leave open (x-ivs-unasserted-values): sent neither as valid nor as invalid. */
export function isUnassertedValue(schema: JsonSchema, value: unknown): boolean {
  return (schema['x-ivs-unasserted-values'] ?? []).some((v: unknown) => Object.is(v, value));
}

/** The keywords with plugins (the coverage matrix's and the property runs' keys). */
export const INVALID_KEYWORDS = registeredKeywords();

/** Every single-constraint breaker for a field schema, keyword by keyword. */
export function invalidValues(schema: JsonSchema): ValueCase[] {
  const fromPlugins = registeredKeywords()
    .map((k) => keywordPlugin(k)!)
    .filter((p) => appliesTo(p, schema))
    .flatMap((p) => p.breakers(schema));
  return [...fromPlugins, ...unhandledKeywords(schema).flatMap((k) => negate(schema, k))].filter((c) => !isUnassertedValue(schema, c.value));
}

/** Random variants of one constraint's breakers, for property runs (same constraint, other values). */
export function invalidArbitrary(schema: JsonSchema, constraint: string): fc.Arbitrary<unknown> | undefined {
  const plugin = keywordPlugin(constraint);
  const random = plugin?.arbitrary?.(schema);
  // Values the rulings leave open are never drawn (x-ivs-unasserted-values).
  if (random) return (schema['x-ivs-unasserted-values'] ?? []).length ? random.filter((v) => !isUnassertedValue(schema, v)) : random;
  const fixed = invalidValues(schema).filter((c) => c.constraint === constraint).map((c) => c.value);
  return fixed.length ? fc.constantFrom(...fixed) : undefined;
}
