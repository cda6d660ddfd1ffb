// Classes for enums, integers, booleans, dates and URLs, each derived from the schema's keywords:
// other lists' values (a merged-list bug), look-alikes of a documented value, falsy values, integer
// overflow, non-standard JSON number literals, RFC 3339 / ISO 8601 edge dates, RFC 3986 URL forms.
import type { JsonSchema } from '../../contract/load.ts';
import { innerInteger, sampleValid, typeOf } from '../samples.ts';
import type { TaxonomyClass, TaxonomyInput, TaxonomyValue } from './types.ts';

const isEnum = ({ schema }: TaxonomyInput): true | string => (Array.isArray(schema.enum) && typeof schema.enum[0] === 'string' ? true : 'not an enum of texts');

/** Every enum of texts the contract names (schemas and inline fields), by where it is. */
export function contractEnums(input: TaxonomyInput): [string, string[]][] {
  const lists = new Map<string, string[]>();
  for (const [name, schema] of Object.entries<JsonSchema>(input.contract.schemas)) if (Array.isArray(schema.enum)) lists.set(name, schema.enum.filter((v: unknown) => typeof v === 'string'));
  for (const op of Object.values(input.contract.operations)) {
    for (const f of op.fields) {
      const s = typeOf(f.schema) === 'array' ? f.schema.items : f.schema;
      if (Array.isArray(s?.enum)) lists.set(`${op.operationId}.${f.name}`, s.enum.filter((v: unknown) => typeof v === 'string'));
    }
  }
  return [...lists.entries()].filter(([, values]) => values.length > 0);
}

export const mergedListClass: TaxonomyClass = {
  name: 'merged-list',
  summary: "values of every other list in the contract (a server validating against one merged list of constants accepts them)",
  applies: isEnum,
  values: (input) => {
    const own: string[] = input.schema.enum;
    const folded = new Set(own.map((v) => v.toLowerCase()));
    const out: TaxonomyValue[] = [];
    for (const [list, values] of contractEnums(input)) {
      const foreign = values.filter((v) => !folded.has(v.toLowerCase()));
      // One value of each other list by default (its first foreign one); all of them when thorough.
      foreign.forEach((value, i) => out.push({ value, cls: 'merged-list', note: `${JSON.stringify(value)} from ${list}`, thorough: i > 0 }));
    }
    const seen = new Set<string>();
    return out.filter((v) => !seen.has(v.value as string) && seen.add(v.value as string));
  },
};

const HOMOGLYPHS: Record<string, string> = { A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х' };
const fullWidth = (text: string) => [...text].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');

export const lookAlikeClass: TaxonomyClass = {
  name: 'look-alike',
  summary: 'a documented value in full-width letters, with a Cyrillic homoglyph, with a zero-width space, with no-break spaces (NFKC or confusable folding accepts them)',
  applies: isEnum,
  values: ({ schema }) => {
    const value: string = schema.enum.find((v: string) => /[A-Za-z]/.test(v)) ?? schema.enum[0];
    const i = [...value].findIndex((c) => HOMOGLYPHS[c]);
    const out: TaxonomyValue[] = [{ value: fullWidth(value), cls: 'look-alike', note: `${value} in full-width letters` }];
    if (i >= 0) out.push({ value: value.slice(0, i) + HOMOGLYPHS[value[i]] + value.slice(i + 1), cls: 'look-alike', note: `${value} with a Cyrillic ${value[i]}` });
    out.push({ value: `${value.slice(0, 1)}\u200b${value.slice(1)}`, cls: 'look-alike', note: `${value} with a zero-width space`, thorough: true });
    out.push({ value: `\u00a0${value}`, cls: 'look-alike', note: `${value} after a no-break space`, thorough: true });
    return out;
  },
};

const isInteger = ({ schema }: TaxonomyInput): true | string => (typeOf(schema) === 'integer' ? true : `not an integer (${typeOf(schema)})`);

export const falsyNumberClass: TaxonomyClass = {
  name: 'falsy-number',
  summary: '0, false, "" and "0" where a loose server reads them as unset',
  applies: isInteger,
  values: () => [
    { value: 0, cls: 'falsy-number', note: '0' },
    { value: false, cls: 'falsy-number', note: 'false' },
    // The falsy text most often read as unset (a form-style `if (!value)`), never an integer (R6).
    { value: '', cls: 'falsy-number', note: 'the empty text' },
    { value: '0', cls: 'falsy-number', note: 'the text "0"', thorough: true },
  ],
};

export const overflowClass: TaxonomyClass = {
  name: 'overflow',
  summary: 'integers past 32 and 64 bits, and 2^32 plus a valid value (a wrapping int32 reads it as valid)',
  applies: isInteger,
  values: ({ schema }) => {
    const inner = innerInteger(schema);
    return [
      { value: 2 ** 32 + inner, cls: 'overflow', note: `2^32 + ${inner} (wraps to ${inner} in 32 bits)` },
      { value: 2 ** 31, cls: 'overflow', note: '2^31' },
      { value: -(2 ** 32) + inner, cls: 'overflow', note: `-2^32 + ${inner} (wraps to ${inner})`, thorough: true },
      { value: 2 ** 64 + inner, cls: 'overflow', note: `2^64 + ${inner}`, literal: (2n ** 64n + BigInt(inner)).toString(), thorough: true },
    ];
  },
};

/** Number literals JSON does not have (RFC 8259): the body is not JSON (R3: JSON_ERROR). */
export function nonJsonNumberLiterals(inner: number): [string, string][] {
  return [
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['a leading zero', `0${inner}`],
    ['a hexadecimal literal', `0x${inner.toString(16)}`],
    ['a plus sign', `+${inner}`],
    ['a trailing decimal point', `${inner}.`],
    ['-Infinity', '-Infinity'],
  ];
}

export const numberLiteralClass: TaxonomyClass = {
  name: 'number-literal',
  summary: 'the field written as NaN, Infinity, 0-padded, +signed, hex or "1." (not JSON: JSON_ERROR); as 600.0 or 6e2 (JSON, not asserted)',
  applies: ({ schema }) => (['integer', 'number'].includes(typeOf(schema)) ? true : 'not a number'),
  values: ({ schema }) => {
    const inner = typeOf(schema) === 'integer' ? innerInteger(schema) : Number(sampleValid(schema) ?? 1);
    const out: TaxonomyValue[] = nonJsonNumberLiterals(inner).map(([note, literal], i) => ({ value: literal, literal, cls: 'number-literal', note: `${literal} (${note})`, thorough: i >= 4 }));
    const why = 'the same number in another JSON form: the documents give no verdict';
    out.push({ value: inner, literal: `${inner}.0`, cls: 'number-literal', note: `${inner}.0`, unasserted: why, thorough: true });
    return out;
  },
};

const isBoolean = ({ schema }: TaxonomyInput): true | string => (typeOf(schema) === 'boolean' ? true : `not a boolean (${typeOf(schema)})`);

export const booleanClass: TaxonomyClass = {
  name: 'boolean-forms',
  summary: 'true and false each (false is not unset); 0, "", "no", "FALSE", [] (never a boolean); True/FALSE bare words (not JSON)',
  applies: isBoolean,
  values: () => [
    { value: false, cls: 'boolean-forms', note: 'false (a value, not unset)' },
    { value: true, cls: 'boolean-forms', note: 'true' },
    { value: '', cls: 'boolean-forms', note: 'the empty text' },
    { value: 'no', cls: 'boolean-forms', note: 'the text "no"', thorough: true },
    { value: 'FALSE', cls: 'boolean-forms', note: 'the text "FALSE"', thorough: true },
    { value: [], cls: 'boolean-forms', note: 'an empty list', thorough: true },
    { value: 'True', literal: 'True', cls: 'boolean-forms', note: 'the bare word True (not JSON)' },
    { value: 'FALSE', literal: 'FALSE', cls: 'boolean-forms', note: 'the bare word FALSE (not JSON)', thorough: true },
  ],
};

const isDate = ({ schema }: TaxonomyInput): true | string => (schema.format === 'date' ? true : 'not a date');

export const calendarEdgeClass: TaxonomyClass = {
  name: 'calendar-edge',
  summary: 'real dates across the whole YYYY-MM-DD range a date library or column mishandles: year 1, before and at 1900 (not leap), the epoch, a 400-year leap day, 2038, 9999-12-31',
  applies: isDate,
  // Every one a real calendar date (T10 asks no more): a server with a narrower date type refuses one.
  values: () =>
    [
      ['0001-01-01', 'the first representable day'],
      ['1899-12-31', 'the day before 1900 (a date column lower bound)'],
      ['1900-02-28', 'the last day of February 1900 (not a leap year)'],
      ['1970-01-01', 'the Unix epoch'],
      ['2000-02-29', 'a leap day of a year divisible by 400'],
      ['2038-01-19', 'the last day of signed 32-bit seconds'],
      ['9999-12-31', 'the last representable day'],
      ['1969-12-31', 'the day before the epoch'],
      ['2038-01-20', 'the first day past signed 32-bit seconds'],
      ['1582-10-10', 'a day the Julian-to-Gregorian switch skipped (proleptic Gregorian: real)'],
      ['0099-12-31', 'a two-digit year written with four digits'],
    ].map(([value, note], i) => ({ value, cls: 'calendar-edge', note: `${value}: ${note}`, thorough: i >= 7 })),
};

export const iso8601Class: TaxonomyClass = {
  name: 'iso8601-not-rfc3339',
  summary: 'ISO 8601 forms that are not YYYY-MM-DD (week, ordinal, expanded year, reduced precision, offsets) and non-ASCII digits or dashes',
  applies: isDate,
  values: () =>
    [
      ['1990-W51-4', 'an ISO week date'],
      ['1990-354', 'an ordinal date'],
      ['１９９０-１２-２０', 'full-width digits'],
      ['1990‐12‐20', 'Unicode hyphens'],
      ['+001990-12-20', 'an expanded year'],
      ['1990-12', 'reduced precision'],
      ['1990-12-20Z', 'a date with a zone'],
      ['١٩٩٠-١٢-٢٠', 'Arabic-Indic digits'],
      ['1990-12-20\u200b', 'a zero-width space after it'],
      ['20.12.1990', 'day.month.year'],
    ].map(([value, note], i) => ({ value, cls: 'iso8601-not-rfc3339', note, thorough: i >= 4 })),
};

const isUrl = ({ schema }: TaxonomyInput): true | string => (schema['x-ivs-text'] === 'url' ? (schema.pattern ? 'a patterned URL (its own format samples)' : true) : 'not a URL');

export const urlFormsClass: TaxonomyClass = {
  name: 'url-forms',
  summary: 'RFC 3986 forms a URL parser rewrites: upper-case scheme and host, percent-encoding, dot segments, empty query and fragment, IPv6, user-info, repeated keys',
  applies: isUrl,
  values: ({ schema }) => {
    const example = String(sampleValid(schema));
    const host = new URL(example).hostname;
    return [
      [`HTTPS://${host.toUpperCase()}/Return`, 'upper-case scheme and host'],
      [`https://${host}/a/%7Euser/%2fx`, 'percent-encoded unreserved and reserved characters'],
      [`https://${host}/a/./b/../c`, 'dot segments'],
      [`https://${host}/r?`, 'an empty query'],
      [`https://${host}/r#`, 'an empty fragment'],
      [`https://[2001:db8::1]:8443/r`, 'an IPv6 host'],
      [`https://user@${host}/r`, 'user-info'],
      [`https://${host}/r?a=1&a=2&b=%20+`, 'repeated query keys, + and %20'],
      [`https://xn--bcher-kva.example/r`, 'a punycode host'],
    ].map(([value, note], i) => ({ value, cls: 'url-forms', note, thorough: i >= 4 }));
  },
};

export const SCALAR_CLASSES: TaxonomyClass[] = [mergedListClass, lookAlikeClass, falsyNumberClass, overflowClass, numberLiteralClass, booleanClass, calendarEdgeClass, iso8601Class, urlFormsClass];
