// `enum`: plausible wrong neighbours of the documented values (neighbours.ts: the contract's
// `x-ivs-neighbours` and generated case, spacing, separator and spelling variants), the contract's
// own off-enum samples, and the empty string.
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/load.ts';
import { codePoints } from '../characters.ts';
import { enumNeighbours } from '../neighbours.ts';
import type { ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

/** Values outside an enum, most informative first (a neighbour a lenient build would accept). */
export function offEnum(schema: JsonSchema, limit?: number): string[] {
  return offEnumCases(schema, limit).map((c) => c.value as string);
}

export function offEnumCases(schema: JsonSchema, limit?: number): ValueCase[] {
  const values: string[] = (schema.enum ?? []).filter((v: unknown) => typeof v === 'string');
  if (!values.length) return [];
  const insensitive = schema['x-ivs-case-insensitive'] === true || schema['x-ivs-case-unruled'] === true;
  const known = new Set(values.map((v) => (insensitive ? v.toLowerCase() : v)));
  // The vendor's wider vocabulary (x-ivs-vendor-vocabulary) may be accepted: never a must-refuse value.
  const vocabulary = (schema['x-ivs-vendor-vocabulary']?.values ?? []).map((v: string) => (insensitive ? v.toLowerCase() : v));
  for (const v of vocabulary) known.add(v);
  const isKnown = (v: string) => known.has(insensitive ? v.toLowerCase() : v);
  const max = schema.maxLength ?? 30;
  const cases: ValueCase[] = [
    ...(schema['x-ivs-off-enum-samples'] ?? []).map((v: string) => ({ value: v, constraint: 'enum', note: `"${v}" is not one of the documented values`, valueClass: 'neighbour' })),
    ...enumNeighbours(schema, limit).map((n) => ({ value: n.value, constraint: 'enum', note: `${JSON.stringify(n.value)}: ${n.kind} of a documented value`, valueClass: 'neighbour' })),
    { value: '', constraint: 'enum', note: 'the empty string', valueClass: 'neighbour' },
  ];
  const seen = new Set<string>();
  return cases.filter((c) => {
    const v = c.value as string;
    if (seen.has(v) || isKnown(v) || codePoints(v) > max) return false;
    seen.add(v);
    return true;
  });
}

export const enumPlugin: KeywordPlugin = {
  keyword: 'enum',
  breakers: (s) => offEnumCases(s),
  arbitrary: (s) => {
    const values = offEnum(s);
    return values.length ? fc.constantFrom(...values) : undefined;
  },
};
