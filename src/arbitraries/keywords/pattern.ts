// `pattern`: each forbidden character and character class (x-ivs-forbidden) inside an otherwise
// valid text; random breakers insert one at a random place of a random valid text.
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/load.ts';
import { matchesPattern } from '../characters.ts';
import { textOfLength, validArbitrary, type ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

export function patternBreakers(schema: JsonSchema): ValueCase[] {
  const forbidden = schema['x-ivs-forbidden'];
  if (!forbidden) return [];
  const wrap = (c: string) => {
    const base = textOfLength(schema, 4);
    return base.slice(0, 2) + c + base.slice(2);
  };
  const chars: ValueCase[] = [...(forbidden.characters ?? '')].map((c: string) => ({ value: wrap(c), constraint: 'pattern', note: `forbidden character ${JSON.stringify(c)}`, valueClass: 'forbidden-character' }));
  const classes: ValueCase[] = Object.entries<string[]>(forbidden.classes ?? {}).flatMap(([name, samples]) =>
    samples.map((c) => ({ value: wrap(c), constraint: 'pattern', note: `${name} ${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`, valueClass: 'forbidden-character' })),
  );
  return [...chars, ...classes].filter((c) => !matchesPattern(schema.pattern, c.value as string));
}

export const patternPlugin: KeywordPlugin = {
  keyword: 'pattern',
  breakers: patternBreakers,
  arbitrary: (schema) => {
    const breakers = patternBreakers(schema).map((c) => c.value as string);
    if (!breakers.length) return undefined;
    return fc.tuple(validArbitrary(schema) as fc.Arbitrary<string>, fc.constantFrom(...breakers), fc.nat()).map(([valid, breaker, at]) => {
      const bad = [...breaker].find((c) => !matchesPattern(schema.pattern, c)) ?? breaker;
      const chars = [...valid];
      chars.splice(at % (chars.length + 1), 0, bad);
      return chars.join('');
    });
  },
};
