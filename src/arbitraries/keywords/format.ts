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
  const generated = schema.format === 'date' ? invalidCalendarDates() : urlFormBreakers(schema);
  const seen = new Set<unknown>();
  return [...fromData, ...generated].filter((c) => !seen.has(c.value) && seen.add(c.value));
}

/**
 * URL forms a patterned URL field (x-ivs-text: url with a pattern: callbackUrl's https-only) must
 * refuse, built from its own example: a network-path reference, no scheme, other schemes, one or
 * three slashes, whitespace around. Only those the field's pattern refuses; the scheme's case is
 * left out (RFC 3986 makes schemes case-insensitive: the pattern alone does not settle it).
 */
export function urlFormBreakers(schema: JsonSchema): ValueCase[] {
  if (schema['x-ivs-text'] !== 'url' || !schema.pattern) return [];
  const example = (schema.examples ?? [])[0];
  if (typeof example !== 'string' || !URL.canParse(example)) return [];
  const url = new URL(example);
  const rest = `${url.host}${url.pathname}${url.search}`;
  const forms: [string, string][] = [
    [`//${rest}`, 'a network-path reference (no scheme)'],
    [rest, 'no scheme at all'],
    [`${url.protocol}/${rest}`, 'one slash after the scheme'],
    [`${url.protocol}///${rest}`, 'three slashes after the scheme (empty authority)'],
    [`ftp://${rest}`, 'another scheme (ftp)'],
    ['javascript:alert(1)//' + rest, 'a javascript: URL'],
    [`data:text/plain,${rest}`, 'a data: URL'],
    [` ${example}`, 'a leading space'],
    [`${example} `, 'a trailing space'],
    [`${example}\n`, 'a trailing newline'],
  ];
  return forms
    .filter(([value]) => !matchesPattern(schema.pattern, value))
    .map(([value, note]) => ({ value, constraint: 'pattern', note: `URL form: ${note} "${value}"`, valueClass: 'url-form' }));
}

export const formatPlugin: KeywordPlugin = {
  keyword: 'format',
  applies: (s) => s.format !== undefined || s['x-ivs-format-samples'] !== undefined || (s['x-ivs-text'] === 'url' && s.pattern !== undefined),
  boundaries: (s) => (s.format === 'date' ? validCalendarDates() : []),
  breakers: formatBreakers,
};
