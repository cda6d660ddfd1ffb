// `type` (R6): JSON type confusion, chosen so that no other rule can hide it — a fraction that
// would truncate or round to a valid integer, the valid value as a numeric string, booleans for
// numbers and numbers for booleans, JSON text in a string for an object, null and nested lists
// inside a list, and `{}` / `[]` for scalars.
import type { JsonSchema } from '../../contract/load.ts';
import { innerInteger, jsonType, sampleValid, typeOf, type ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

function confusions(schema: JsonSchema): unknown[] {
  const sample = sampleValid(schema);
  switch (typeOf(schema)) {
    case 'integer': {
      const inner = innerInteger(schema);
      return [inner + 0.5, String(inner), true, [inner], {}];
    }
    case 'number':
      return [String(sample ?? 1), true, [sample ?? 1], {}];
    case 'boolean':
      return ['true', 'false', 1, 0, [true], {}];
    case 'string': {
      // For a text of digits and separators (a date), the digits as a number.
      const digits = typeof sample === 'string' ? sample.replace(/\D/g, '') : '';
      return [digits.length >= 2 && digits.length <= 15 ? Number(digits) : 123, true, [sample], {}];
    }
    case 'array': {
      const item = Array.isArray(sample) ? sample[0] : sample;
      return [item, JSON.stringify([item]), {}];
    }
    case 'object': {
      const example = schema.examples?.[0] ?? {};
      return [JSON.stringify(example), [], [example], 'x', true];
    }
    default:
      return [];
  }
}

function note(value: unknown, schema: JsonSchema): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return `${value}: a fraction (would truncate to a valid ${typeOf(schema)})`;
  if (typeof value === 'string' && /^[[{]/.test(value)) return `JSON text in a string instead of a ${typeOf(schema)}`;
  return `a ${jsonType(value)} (${JSON.stringify(value)}) instead of ${typeOf(schema)}`;
}

export const typePlugin: KeywordPlugin = {
  keyword: 'type',
  applies: (schema) => typeOf(schema) !== undefined,
  breakers: (schema): ValueCase[] =>
    confusions(schema).map((value) => ({ value, constraint: 'type', note: note(value, schema), valueClass: 'type-confusion' })),
};
