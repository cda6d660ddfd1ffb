// List keywords: `minItems`, `maxItems`, `uniqueItems` and `items` (each item broken on its own:
// a wrong type, a neighbour of a documented value).
import type { JsonSchema } from '../../contract/load.ts';
import { sampleValid, type ValueCase } from '../samples.ts';
import { offEnumCases } from './enum.ts';
import type { KeywordPlugin } from './types.ts';

/** `count` items, distinct where the list wants them unique and the item enum has enough values. */
function itemsOf(schema: JsonSchema, count: number): unknown[] {
  const items = schema.items ?? {};
  const pool: unknown[] = items.enum ? items.enum.filter((v: unknown) => v !== null) : [sampleValid(items)];
  return Array.from({ length: count }, (_, i) => (schema.uniqueItems && typeof pool[i % pool.length] === 'string' && i >= pool.length ? `${pool[i % pool.length]}${i}` : pool[i % pool.length]));
}

export const minItemsPlugin: KeywordPlugin = {
  keyword: 'minItems',
  boundaries: (s) => [{ value: itemsOf(s, s.minItems || 1).slice(0, Math.max(1, s.minItems)), constraint: 'minItems', note: `exactly ${Math.max(1, s.minItems)} item(s)`, valueClass: 'limit' }],
  breakers: (s) => (s.minItems > 0 ? [{ value: itemsOf(s, s.minItems - 1), constraint: 'minItems', note: s.minItems === 1 ? 'an empty list' : `${s.minItems - 1} items`, valueClass: 'limit' }] : []),
};

export const maxItemsPlugin: KeywordPlugin = {
  keyword: 'maxItems',
  boundaries: (s) => [{ value: itemsOf(s, s.maxItems), constraint: 'maxItems', note: `exactly ${s.maxItems} items`, valueClass: 'limit' }],
  breakers: (s) => [{ value: itemsOf(s, s.maxItems + 1), constraint: 'maxItems', note: `${s.maxItems + 1} items (maximum ${s.maxItems})`, valueClass: 'limit' }],
};

export const uniqueItemsPlugin: KeywordPlugin = {
  keyword: 'uniqueItems',
  applies: (s) => s.uniqueItems === true,
  breakers: (s) => {
    const item = sampleValid(s.items ?? {});
    return [{ value: [item, item], constraint: 'uniqueItems', note: 'the same value twice', valueClass: 'duplicate' }];
  },
};

export const itemsPlugin: KeywordPlugin = {
  keyword: 'items',
  breakers: (s) => {
    const items = s.items ?? {};
    const item = sampleValid(items);
    const itemTypes: string[] = Array.isArray(items.type) ? items.type : [items.type ?? typeof item];
    const cases: ValueCase[] = [{ value: [typeof item === 'number' ? 'x' : 123], constraint: 'items', note: 'a list item of the wrong type', valueClass: 'type-confusion' }];
    // null inside a list and a nested list: wrong item types a lenient build flattens or skips.
    if (!itemTypes.includes('null')) cases.push({ value: [null, item], constraint: 'items', note: 'a list with null in it', valueClass: 'type-confusion' });
    if (!itemTypes.includes('array')) cases.push({ value: [[item]], constraint: 'items', note: 'a nested list', valueClass: 'type-confusion' });
    for (const c of offEnumCases(items, 6)) cases.push({ ...c, value: [c.value], constraint: 'items', note: `list item ${c.note}` });
    return cases;
  },
};
