// `minLength` and `maxLength`: the values at and one inside each limit, and one character past it
// (code points, as JSON Schema and T2 count; astral letters only where the contract says so).
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/load.ts';
import { LETTERS_BY_SCRIPT, allowedBy } from '../characters.ts';
import { exampleText, textOfLength, typeOf, type ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

const isFreeText = (s: JsonSchema) => typeOf(s) === 'string' && !s.enum && !s.format;

/** One character over the limit; for an enum, a documented value padded (it then breaks the enum too, with the same identifier). */
export function tooLong(schema: JsonSchema): string {
  if (!schema.enum) return textOfLength(schema, schema.maxLength + 1);
  const base = String(schema.enum[0]);
  return (base + 'X'.repeat(schema.maxLength + 1)).slice(0, schema.maxLength + 1);
}

export const minLengthPlugin: KeywordPlugin = {
  keyword: 'minLength',
  boundaries: (s) => (isFreeText(s) ? [{ value: textOfLength(s, s.minLength), constraint: 'minLength', note: `exactly ${s.minLength} characters`, valueClass: 'limit' }] : []),
  breakers: (s) => (s.minLength > 0 ? [{ value: textOfLength(s, s.minLength - 1), constraint: 'minLength', note: `${s.minLength - 1} characters (minimum ${s.minLength})`, valueClass: 'limit' }] : []),
};

export const maxLengthPlugin: KeywordPlugin = {
  keyword: 'maxLength',
  boundaries: (s) => {
    if (!isFreeText(s)) return [];
    const cases: ValueCase[] = [
      { value: textOfLength(s, s.maxLength), constraint: 'maxLength', note: `exactly ${s.maxLength} characters`, valueClass: 'limit' },
      { value: textOfLength(s, s.maxLength - 1), constraint: 'maxLength', note: `${s.maxLength - 1} characters`, valueClass: 'limit' },
    ];
    // Only where the contract says lengths count code points (x-ivs-length-unit, T2).
    const astral = s['x-ivs-length-unit'] === 'code-points' ? allowedBy(s.pattern, LETTERS_BY_SCRIPT.astral) : [];
    if (astral.length && !exampleText(s)) {
      cases.push({ value: textOfLength(s, s.maxLength, astral), constraint: 'maxLength', note: `${s.maxLength} code points outside the BMP (${2 * s.maxLength} UTF-16 units)`, valueClass: 'limit' });
    }
    return cases;
  },
  breakers: (s) => [{ value: tooLong(s), constraint: 'maxLength', note: `${s.maxLength + 1} characters (maximum ${s.maxLength})`, valueClass: 'limit' }],
  arbitrary: (s) => {
    if (s.enum) return fc.constant(tooLong(s));
    // Mostly just over the limit, sometimes far over it (a server may cope with +1 and crash on 10×).
    return fc
      .oneof({ weight: 3, arbitrary: fc.integer({ min: s.maxLength + 1, max: s.maxLength + 40 }) }, { weight: 1, arbitrary: fc.integer({ min: s.maxLength + 41, max: 10 * s.maxLength + 100 }) })
      .map((n) => textOfLength(s, n));
  },
};
