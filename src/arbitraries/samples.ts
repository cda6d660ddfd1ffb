// Valid values of one field schema: random (fast-check), deterministic samples and texts of an
// exact length. Shared by the keyword plugins (keywords/*.ts), which bound and break one keyword each.
import fc from 'fast-check';
import type { JsonSchema } from '../contract/load.ts';
import { ALL_LETTERS, FREE_TEXT, allowedBy, codePoints, matchesPattern } from './characters.ts';

/** One value a generator sends, tagged with the keyword it exercises and its value class. */
export interface ValueCase {
  value: unknown;
  /** The schema keyword the value exercises (coverage matrix key). */
  constraint: string;
  note: string;
  /** The value class (coverage per field): limit, neighbour, calendar, type-confusion, generic … */
  valueClass?: string;
}

const DEFAULT_MAX_TEXT = 24;

/** The JSON type a schema describes (first non-null type). */
export function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.find((t: string) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.enum) return typeof schema.enum[0];
  return 'string';
}

/**
 * Letters a patterned field may use; free text otherwise (without spaces, so ends stay
 * unambiguous). Limits of free text are tested with BMP characters only: only names (T2) say
 * their length is counted in code points, elsewhere a limit in UTF-16 units is not ruled out.
 */
export function letterPool(schema: JsonSchema, { astral = false } = {}): string[] {
  if (schema.pattern) return allowedBy(schema.pattern, ALL_LETTERS);
  return FREE_TEXT.filter((c) => c.trim() !== '' && c !== '"' && c !== '\\' && (astral || c.length === 1));
}

export function exampleText(schema: JsonSchema): string | undefined {
  return (schema.examples ?? []).find((e: unknown) => typeof e === 'string');
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
  const inner = [...letters, ...(schema['x-ivs-allowed-characters'] ?? '')];
  // Letters at both ends: only the inside carries spaces and the allowed punctuation.
  return fc
    .tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...inner), { maxLength: Math.max(0, max - 2) }), fc.constantFrom(...letters))
    .map(([first, middle, last]) => (max <= 1 ? first : first + middle.join('') + last))
    .filter((text) => codePoints(text) >= min && codePoints(text) <= max && matchesPattern(schema.pattern, text));
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? Infinity, minLength + 3));
  if (items.enum && schema.uniqueItems) {
    return fc.uniqueArray(fc.constantFrom(...items.enum), { minLength, maxLength: Math.min(items.enum.length, maxLength) });
  }
  return fc.array(validArbitrary(items), { minLength, maxLength });
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

/** A valid integer well inside the range (not at a limit), so a changed fraction or type is the only fault. */
export function innerInteger(schema: JsonSchema): number {
  const { min, max } = integerRange(schema);
  const example = (schema.examples ?? []).find((e: unknown) => Number.isInteger(e) && (e as number) > min && (e as number) < max);
  if (example !== undefined) return example;
  return max - min >= 1200 ? min + 599 : Math.floor((min + max) / 2);
}

export function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value;
}
