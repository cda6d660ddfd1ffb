// `minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum`: the lowest and highest valid
// values and one inside them, and the values just outside (for exclusive limits, the limit itself).
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/load.ts';
import { integerRange, typeOf, type ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

const limit = (value: unknown, constraint: string, note: string): ValueCase => ({ value, constraint, note, valueClass: 'limit' });

function lower(keyword: 'minimum' | 'exclusiveMinimum'): (s: JsonSchema) => ValueCase[] {
  return (s) => {
    if (typeOf(s) !== 'integer') return [];
    const { min } = integerRange(s);
    return [limit(min, keyword, `lowest valid value ${min}`), limit(min + 1, keyword, `one inside the lower limit (${min + 1})`)];
  };
}

function upper(keyword: 'maximum' | 'exclusiveMaximum'): (s: JsonSchema) => ValueCase[] {
  return (s) => {
    if (typeOf(s) !== 'integer') return [];
    const { max } = integerRange(s);
    return [limit(max, keyword, `highest valid value ${max}`), limit(max - 1, keyword, `one inside the upper limit (${max - 1})`)];
  };
}

export const minimumPlugin: KeywordPlugin = {
  keyword: 'minimum',
  boundaries: lower('minimum'),
  breakers: (s) => [limit(s.minimum - 1, 'minimum', `${s.minimum - 1} (minimum ${s.minimum})`)],
  arbitrary: (s) => fc.integer({ min: -1_000_000, max: s.minimum - 1 }),
};

export const exclusiveMinimumPlugin: KeywordPlugin = {
  keyword: 'exclusiveMinimum',
  boundaries: lower('exclusiveMinimum'),
  breakers: (s) => [limit(s.exclusiveMinimum, 'exclusiveMinimum', `${s.exclusiveMinimum} (must be more than ${s.exclusiveMinimum})`), limit(s.exclusiveMinimum - 1, 'exclusiveMinimum', `${s.exclusiveMinimum - 1}`)],
  arbitrary: (s) => fc.integer({ min: -1_000_000, max: s.exclusiveMinimum }),
};

export const maximumPlugin: KeywordPlugin = {
  keyword: 'maximum',
  boundaries: upper('maximum'),
  breakers: (s) => [limit(s.maximum + 1, 'maximum', `${s.maximum + 1} (maximum ${s.maximum})`)],
  arbitrary: (s) => fc.integer({ min: s.maximum + 1, max: s.maximum + 1_000_000 }),
};

export const exclusiveMaximumPlugin: KeywordPlugin = {
  keyword: 'exclusiveMaximum',
  boundaries: upper('exclusiveMaximum'),
  breakers: (s) => [limit(s.exclusiveMaximum, 'exclusiveMaximum', `${s.exclusiveMaximum} (must be less than ${s.exclusiveMaximum})`), limit(s.exclusiveMaximum + 1, 'exclusiveMaximum', `${s.exclusiveMaximum + 1}`)],
  arbitrary: (s) => fc.integer({ min: s.exclusiveMaximum, max: s.exclusiveMaximum + 1_000_000 }),
};
