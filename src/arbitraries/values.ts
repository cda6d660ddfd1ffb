// Values for one field, derived from its (dereferenced) schema and `x-ivs-*` data:
//  - validArbitrary: random values honouring every keyword;
//  - boundaryValues: values exactly at, and one inside, each limit (all valid);
//  - invalidValues: for each single constraint, values that break that constraint and nothing else.
// Each generator is a small function of one keyword, so a keyword added to a field in the
// contract is covered without new code here.
import fc from 'fast-check';
import type { JsonSchema } from '../contract/load.ts';
import { ALL_LETTERS, FREE_TEXT, LETTERS_BY_SCRIPT, allowedBy, codePoints, matchesPattern } from './characters.ts';

export interface ValueCase {
  value: unknown;
  /** The schema keyword the value exercises (coverage matrix key). */
  constraint: string;
  note: string;
}

const DEFAULT_MAX_TEXT = 24;

/** The JSON type a schema describes (first non-null type). */
export function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.find((t: string) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.enum) return typeof schema.enum[0];
  return 'string';
}

// ---------------------------------------------------------------- text building blocks

/**
 * Letters a patterned field may use; free text otherwise (without spaces, so ends stay
 * unambiguous). Limits of free text are tested with BMP characters only: only names (T2) say
 * their length is counted in code points, elsewhere a limit in UTF-16 units is not ruled out.
 */
function letterPool(schema: JsonSchema, { astral = false } = {}): string[] {
  if (schema.pattern) return allowedBy(schema.pattern, ALL_LETTERS);
  return FREE_TEXT.filter((c) => c.trim() !== '' && c !== '"' && c !== '\\' && (astral || c.length === 1));
}

/** Non-letter characters the contract says must be accepted (T2), usable inside a value. */
function innerExtras(schema: JsonSchema): string[] {
  return [...(schema['x-ivs-allowed-characters'] ?? '')];
}

function exampleText(schema: JsonSchema): string | undefined {
  const example = (schema.examples ?? []).find((e: unknown) => typeof e === 'string');
  return example;
}

/** A deterministic text of exactly `length` code points that honours the field's pattern. */
export function textOfLength(schema: JsonSchema, length: number, pool = letterPool(schema)): string {
  const example = exampleText(schema);
  if (example) {
    const padded = example + 'a'.repeat(Math.max(0, length - codePoints(example)));
    return [...padded].slice(0, length).join('');
  }
  return Array.from({ length }, (_, i) => pool[i % pool.length]).join('');
}

function textArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? DEFAULT_MAX_TEXT, Math.max(min, DEFAULT_MAX_TEXT));
  const example = exampleText(schema);
  if (example) {
    const room = Math.max(0, max - codePoints(example));
    return fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-/'), maxLength: Math.min(room, 40) }).map((tail) =>
      [...(example + tail)].slice(0, Math.max(min, Math.min(max, codePoints(example + tail)))).join(''),
    );
  }
  const letters = letterPool(schema, { astral: true });
  const inner = [...letters, ...innerExtras(schema)];
  // Letters at both ends: only the inside carries spaces and the allowed punctuation.
  return fc
    .tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...inner), { maxLength: Math.max(0, max - 2) }), fc.constantFrom(...letters))
    .map(([first, middle, last]) => (max <= 1 ? first : first + middle.join('') + last))
    .filter((text) => codePoints(text) >= min && codePoints(text) <= max && matchesPattern(schema.pattern, text));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- valid values

export function validArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum.filter((v: unknown) => v !== null));
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (typeOf(schema)) {
    case 'string':
      if (schema.format === 'date') {
        return fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDate);
      }
      return textArbitrary(schema);
    case 'integer': {
      const { min, max } = integerRange(schema);
      return fc.integer({ min, max });
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 2, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return arrayArbitrary(schema);
    case 'object':
      return schema.examples?.length ? fc.constantFrom(...schema.examples) : fc.constant({});
    default:
      return fc.constant(null);
  }
}

function arrayArbitrary(schema: JsonSchema): fc.Arbitrary<unknown[]> {
  const items = schema.items ?? {};
  const minLength = schema.minItems ?? 0;
  if (items.enum && schema.uniqueItems) {
    return fc.uniqueArray(fc.constantFrom(...items.enum), { minLength, maxLength: Math.min(items.enum.length, minLength + 3) });
  }
  return fc.array(validArbitrary(items), { minLength, maxLength: minLength + 3 });
}

/** Inclusive integer bounds; open ends are capped to keep values in a plausible range. */
export function integerRange(schema: JsonSchema): { min: number; max: number } {
  const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 0);
  const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : (schema.maximum ?? min + 1000);
  return { min, max };
}

/** A first valid value, deterministic (for requests that need "some valid value"). */
export function sampleValid(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum.find((v: unknown) => v !== null);
  if (schema.examples?.length) return schema.examples[0];
  switch (typeOf(schema)) {
    case 'string':
      return schema.format === 'date' ? '1990-12-20' : textOfLength(schema, Math.max(schema.minLength ?? 1, Math.min(6, schema.maxLength ?? 6)));
    case 'integer':
      return integerRange(schema).min;
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array': {
      const item = schema.items?.enum ? schema.items.enum[0] : sampleValid(schema.items ?? {});
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => item);
    }
    case 'object':
      return {};
    default:
      return null;
  }
}

// ---------------------------------------------------------------- boundary values (valid)

export function boundaryValues(schema: JsonSchema): ValueCase[] {
  const unasserted: string[] = schema['x-ivs-unasserted-boundaries'] ?? [];
  return allBoundaryValues(schema).filter((c) => !unasserted.includes(c.constraint) || !c.note.startsWith('exactly'));
}

function allBoundaryValues(schema: JsonSchema): ValueCase[] {
  const cases: ValueCase[] = [];
  const type = typeOf(schema);
  if (type === 'string' && !schema.enum && !schema.format) {
    if (schema.minLength !== undefined) cases.push({ value: textOfLength(schema, schema.minLength), constraint: 'minLength', note: `exactly ${schema.minLength} characters` });
    if (schema.maxLength !== undefined) {
      cases.push({ value: textOfLength(schema, schema.maxLength), constraint: 'maxLength', note: `exactly ${schema.maxLength} characters` });
      cases.push({ value: textOfLength(schema, schema.maxLength - 1), constraint: 'maxLength', note: `${schema.maxLength - 1} characters` });
      // Only where the contract says lengths count code points (x-ivs-length-unit, T2).
      const astral = schema['x-ivs-length-unit'] === 'code-points' ? allowedBy(schema.pattern, LETTERS_BY_SCRIPT.astral) : [];
      if (astral.length && !exampleText(schema)) {
        cases.push({ value: textOfLength(schema, schema.maxLength, astral), constraint: 'maxLength', note: `${schema.maxLength} code points outside the BMP (${2 * schema.maxLength} UTF-16 units)` });
      }
    }
  }
  if (type === 'integer') {
    const { min, max } = integerRange(schema);
    const keys = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'].filter((k) => schema[k] !== undefined);
    if (keys.some((k) => k.toLowerCase().includes('min'))) {
      const key = keys.find((k) => k.toLowerCase().includes('min'))!;
      cases.push({ value: min, constraint: key, note: `lowest valid value ${min}` }, { value: min + 1, constraint: key, note: `one inside the lower limit (${min + 1})` });
    }
    if (keys.some((k) => k.toLowerCase().includes('max'))) {
      const key = keys.find((k) => k.toLowerCase().includes('max'))!;
      cases.push({ value: max, constraint: key, note: `highest valid value ${max}` }, { value: max - 1, constraint: key, note: `one inside the upper limit (${max - 1})` });
    }
  }
  if (type === 'array' && schema.minItems !== undefined) {
    cases.push({ value: [sampleValid(schema.items ?? {})], constraint: 'minItems', note: `exactly ${schema.minItems} item` });
  }
  if (type === 'string' && schema.format === 'date') {
    cases.push({ value: '2020-02-29', constraint: 'format', note: 'a leap day' }, { value: '1900-01-01', constraint: 'format', note: 'an old date' });
  }
  return cases;
}

// ---------------------------------------------------------------- invalid values (one constraint each)

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [123, true, ['x']],
  integer: ['600', 1.5, true],
  number: ['1', true],
  boolean: ['true', 1],
  array: ['ID_CARD', { a: 1 }],
  object: ['x', [1]],
};

type InvalidGenerator = (schema: JsonSchema) => ValueCase[];

const invalidByKeyword: Record<string, InvalidGenerator> = {
  type: (s) => (WRONG_TYPES[typeOf(s)] ?? []).map((value) => ({ value, constraint: 'type', note: `a ${jsonType(value)} instead of ${typeOf(s)}` })),
  minLength: (s) => (s.minLength > 0 ? [{ value: textOfLength(s, s.minLength - 1), constraint: 'minLength', note: `${s.minLength - 1} characters (minimum ${s.minLength})` }] : []),
  maxLength: (s) => [{ value: tooLong(s), constraint: 'maxLength', note: `${s.maxLength + 1} characters (maximum ${s.maxLength})` }],
  pattern: (s) => patternBreakers(s),
  enum: (s) => offEnum(s).map((value) => ({ value, constraint: 'enum', note: `"${value}" is not one of the documented values` })),
  format: (s) => formatBreakers(s),
  minimum: (s) => [{ value: s.minimum - 1, constraint: 'minimum', note: `${s.minimum - 1} (minimum ${s.minimum})` }],
  exclusiveMinimum: (s) => [
    { value: s.exclusiveMinimum, constraint: 'exclusiveMinimum', note: `${s.exclusiveMinimum} (must be more than ${s.exclusiveMinimum})` },
    { value: s.exclusiveMinimum - 1, constraint: 'exclusiveMinimum', note: `${s.exclusiveMinimum - 1}` },
  ],
  maximum: (s) => [{ value: s.maximum + 1, constraint: 'maximum', note: `${s.maximum + 1} (maximum ${s.maximum})` }],
  exclusiveMaximum: (s) => [
    { value: s.exclusiveMaximum, constraint: 'exclusiveMaximum', note: `${s.exclusiveMaximum} (must be less than ${s.exclusiveMaximum})` },
    { value: s.exclusiveMaximum + 1, constraint: 'exclusiveMaximum', note: `${s.exclusiveMaximum + 1}` },
  ],
  minItems: (s) => (s.minItems > 0 ? [{ value: [], constraint: 'minItems', note: 'an empty list' }] : []),
  uniqueItems: (s) => {
    const item = sampleValid(s.items ?? {});
    return [{ value: [item, item], constraint: 'uniqueItems', note: 'the same value twice' }];
  },
  items: (s) => itemBreakers(s),
};

export const INVALID_KEYWORDS = Object.keys(invalidByKeyword);

/** Every single-constraint breaker for a field schema, keyword by keyword. */
export function invalidValues(schema: JsonSchema): ValueCase[] {
  return Object.keys(invalidByKeyword)
    .filter((keyword) => keyword === 'type' || schema[keyword] !== undefined || (keyword === 'format' && schema['x-ivs-format-samples']))
    .filter((keyword) => !(keyword === 'type' && schema.enum === undefined && typeOf(schema) === undefined))
    .flatMap((keyword) => invalidByKeyword[keyword](schema));
}

/** One character over the limit; for an enum, a documented value padded (it then breaks the enum too, with the same identifier). */
function tooLong(schema: JsonSchema): string {
  if (!schema.enum) return textOfLength(schema, schema.maxLength + 1);
  const base = String(schema.enum[0]);
  return (base + 'X'.repeat(schema.maxLength + 1)).slice(0, schema.maxLength + 1);
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value;
}

function patternBreakers(schema: JsonSchema): ValueCase[] {
  const forbidden = schema['x-ivs-forbidden'];
  if (!forbidden) return [];
  const wrap = (c: string) => {
    const base = textOfLength(schema, 4);
    return base.slice(0, 2) + c + base.slice(2);
  };
  const chars: ValueCase[] = [...(forbidden.characters ?? '')].map((c: string) => ({ value: wrap(c), constraint: 'pattern', note: `forbidden character ${JSON.stringify(c)}` }));
  const classes: ValueCase[] = Object.entries<string[]>(forbidden.classes ?? {}).flatMap(([name, samples]) =>
    samples.map((c) => ({ value: wrap(c), constraint: 'pattern', note: `${name} ${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})` })),
  );
  return [...chars, ...classes].filter((c) => !matchesPattern(schema.pattern, c.value as string));
}

/** Values outside an enum: case variants (unless the enum is case-insensitive), a mutated value, a longer one, "". */
export function offEnum(schema: JsonSchema): string[] {
  const values: string[] = (schema.enum ?? []).filter((v: unknown) => typeof v === 'string');
  if (!values.length) return [];
  const caseInsensitive = schema['x-ivs-case-insensitive'] === true;
  const caseUnruled = schema['x-ivs-case-unruled'] === true;
  const known = new Set(values.map((v) => (caseInsensitive ? v.toLowerCase() : v)));
  const isKnown = (v: string) => known.has(caseInsensitive ? v.toLowerCase() : v);
  // Plausible wrong values first (x-ivs-off-enum-samples), then generic ones.
  const candidates: string[] = [...(schema['x-ivs-off-enum-samples'] ?? [])];
  if (!caseInsensitive && !caseUnruled) {
    const first = values[0];
    candidates.push(first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase());
  }
  const base = values[0];
  const mutated = [...'ZQXJ'].map((c) => base.slice(0, -1) + (base === base.toLowerCase() ? c.toLowerCase() : c)).find((v) => !isKnown(v));
  if (mutated) candidates.push(mutated);
  candidates.push('');
  const limit = schema.maxLength ?? 30;
  candidates.push((base + 'X').slice(0, limit));
  // The vendor's wider vocabulary (x-ivs-vendor-vocabulary) is never sent as "must be refused".
  const vocabulary = new Set<string>((schema['x-ivs-vendor-vocabulary']?.values ?? []).map((v: string) => (caseInsensitive ? v.toLowerCase() : v)));
  return [...new Set(candidates)].filter((v) => !isKnown(v) && !vocabulary.has(caseInsensitive ? v.toLowerCase() : v) && codePoints(v) <= limit);
}

function formatBreakers(schema: JsonSchema): ValueCase[] {
  const samples: Record<string, string[]> = schema['x-ivs-format-samples'] ?? {};
  // A sample the pattern already refuses exercises the pattern; the others exercise the format.
  return Object.entries(samples).flatMap(([kind, values]) =>
    values.map((value) => ({ value, constraint: matchesPattern(schema.pattern, value) ? 'format' : 'pattern', note: `${kind} ${schema.format ?? 'value'} "${value}"` })),
  );
}

function itemBreakers(schema: JsonSchema): ValueCase[] {
  const items = schema.items ?? {};
  const cases: ValueCase[] = [{ value: [123], constraint: 'items', note: 'a list item of the wrong type' }];
  for (const value of offEnum(items).slice(0, 2)) cases.push({ value: [value], constraint: 'items', note: `list item "${value}" is not a documented value` });
  return cases;
}

/** Random variants of one constraint's breakers, for property runs (same constraint, other values). */
export function invalidArbitrary(schema: JsonSchema, constraint: string): fc.Arbitrary<unknown> | undefined {
  switch (constraint) {
    case 'maxLength':
      if (schema.enum) return fc.constant(tooLong(schema));
      // Mostly just over the limit, sometimes far over it (a server may cope with +1 and crash on 10×).
      return fc
        .oneof({ weight: 3, arbitrary: fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 40 }) }, { weight: 1, arbitrary: fc.integer({ min: schema.maxLength + 41, max: 10 * schema.maxLength + 100 }) })
        .map((n) => textOfLength(schema, n));
    case 'pattern': {
      const breakers = patternBreakers(schema).map((c) => c.value as string);
      if (!breakers.length) return undefined;
      return fc.tuple(validArbitrary(schema) as fc.Arbitrary<string>, fc.constantFrom(...breakers), fc.nat()).map(([valid, breaker, at]) => {
        const bad = [...breaker].find((c) => !matchesPattern(schema.pattern, c)) ?? breaker;
        const chars = [...valid];
        chars.splice(at % (chars.length + 1), 0, bad);
        return chars.join('');
      });
    }
    case 'exclusiveMinimum':
      return fc.integer({ min: -1_000_000, max: schema.exclusiveMinimum });
    case 'minimum':
      return fc.integer({ min: -1_000_000, max: schema.minimum - 1 });
    case 'maximum':
      return fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1_000_000 });
    case 'exclusiveMaximum':
      return fc.integer({ min: schema.exclusiveMaximum, max: schema.exclusiveMaximum + 1_000_000 });
    case 'enum': {
      const values = offEnum(schema);
      return values.length ? fc.constantFrom(...values) : undefined;
    }
    default: {
      const fixed = invalidValues(schema).filter((c) => c.constraint === constraint).map((c) => c.value);
      return fixed.length ? fc.constantFrom(...fixed) : undefined;
    }
  }
}
