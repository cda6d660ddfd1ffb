// The generic breaker, after Schemathesis's schema negation: for a keyword without a plugin, pick
// from a broad pool of candidate values those the schema refuses but the same schema without that
// keyword accepts — values that break that keyword and nothing else. The oracle judges what is
// sent, so a keyword added to the contract is exercised without new code.
import { createAjv } from '../../contract/oracle.ts';
import type { JsonSchema } from '../../contract/load.ts';
import { sampleValid, type ValueCase } from '../samples.ts';

const ajv = createAjv();

function candidates(schema: JsonSchema): unknown[] {
  const sample = sampleValid(schema);
  const numbers = [0, 1, -1, 0.5, 2, 3, 7, 10, 59, 60, 61, 100, 1000, 3600, 86400, 1e6];
  if (typeof sample === 'number') numbers.push(sample + 1, sample - 1, sample + 0.5, sample * 2, sample * 7 + 1);
  const texts = ['', 'a', 'A', ' ', 'ab', 'x'.repeat(5), 'x'.repeat(33), 'x'.repeat(101), 'x'.repeat(256), 'x'.repeat(2049)];
  if (typeof sample === 'string') texts.push(sample.toUpperCase(), sample.toLowerCase(), `${sample} `, sample + sample);
  const item = Array.isArray(sample) ? sample[0] : undefined;
  const enumItems: unknown[] = schema.items?.enum ?? (item === undefined ? [] : [item]);
  const lists: unknown[] = [[], ...Array.from({ length: 12 }, (_, n) => Array.from({ length: n + 1 }, (_, i) => enumItems[i % Math.max(1, enumItems.length)] ?? 'x')), enumItems.slice()];
  const objects = [{}, { a: 1 }, { a: 1, b: 2, c: 3 }];
  return [...numbers, ...texts, ...lists, ...objects, true, false];
}

/** Values that break `keyword` of `schema` alone (at most `limit`). */
export function negate(schema: JsonSchema, keyword: string, limit = 2): ValueCase[] {
  if (schema[keyword] === undefined) return [];
  const { [keyword]: _dropped, ...rest } = schema;
  let whole: ReturnType<typeof ajv.compile>;
  let without: ReturnType<typeof ajv.compile>;
  try {
    whole = ajv.compile(schema);
    without = ajv.compile(rest);
  } catch {
    return [];
  }
  const out: ValueCase[] = [];
  for (const value of candidates(schema)) {
    if (!whole(value) && without(value)) out.push({ value, constraint: keyword, note: `${JSON.stringify(value).slice(0, 40)} breaks ${keyword} (generic negation)`, valueClass: 'generic' });
    if (out.length >= limit) break;
  }
  return out;
}
