// `format` (and the contract's `x-ivs-format-samples`): for dates, the calendar (calendar.ts);
// for any format, the contract's own malformed and impossible samples. A sample the field's
// pattern already refuses exercises the pattern instead.
import type { JsonSchema } from '../../contract/load.ts';
import { matchesPattern } from '../characters.ts';
import { invalidCalendarDates, validCalendarDates } from '../calendar.ts';
import type { ValueCase } from '../samples.ts';
import type { KeywordPlugin } from './types.ts';

function formatBreakers(schema: JsonSchema): ValueCase[] {
  const samples: Record<string, string[]> = schema['x-ivs-format-samples'] ?? {};
  const fromData: ValueCase[] = Object.entries(samples).flatMap(([kind, values]) =>
    values.map((value) => ({ value, constraint: matchesPattern(schema.pattern, value) ? 'format' : 'pattern', note: `${kind} ${schema.format ?? 'value'} "${value}"`, valueClass: 'format-sample' })),
  );
  const generated = schema.format === 'date' ? invalidCalendarDates() : [];
  const seen = new Set<unknown>();
  return [...fromData, ...generated].filter((c) => !seen.has(c.value) && seen.add(c.value));
}

export const formatPlugin: KeywordPlugin = {
  keyword: 'format',
  applies: (s) => s.format !== undefined || s['x-ivs-format-samples'] !== undefined,
  boundaries: (s) => (s.format === 'date' ? validCalendarDates() : []),
  breakers: formatBreakers,
};
