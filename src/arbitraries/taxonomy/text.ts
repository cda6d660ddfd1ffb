// Text classes (any string field that is neither an enum, a date nor a URL): whitespace, falsy and
// numeric-looking texts, Unicode normalisation forms, combining marks, invisible and bidi
// controls, width variants, astral characters at the first, a middle and the last position, the
// classic naughty strings, and lengths at the limit in every unit a server might count in.
// The oracle decides each value's role; these notes say only what each value probes.
import { codePoints } from '../characters.ts';
import { sampleValid, typeOf } from '../samples.ts';
import type { TaxonomyClass, TaxonomyInput, TaxonomyValue } from './types.ts';

const isPlainText = ({ schema }: TaxonomyInput): true | string => {
  if (typeOf(schema) !== 'string') return `not text (${typeOf(schema)})`;
  if (schema.enum) return 'an enum: see the enum classes';
  if (schema.format) return `a ${schema.format}: see its format classes`;
  if (schema['x-ivs-text'] === 'url') return 'a URL: see the URL class';
  return true;
};

/** A valid text of the field to carry a payload (letters only, so the payload is the only news). */
export function baseText(input: TaxonomyInput): string {
  const sample = sampleValid(input.schema);
  const text = typeof sample === 'string' && sample.length >= 2 ? sample : 'Ann';
  return text.replace(/[^\p{L}]/gu, '').slice(0, 6) || 'Ann';
}

/** The payload at the first, a middle or the last position of the base text. */
export function at(base: string, payload: string, position: 'first' | 'middle' | 'last' | 'alone'): string {
  if (position === 'alone') return payload;
  if (position === 'first') return payload + base;
  if (position === 'last') return base + payload;
  const half = Math.floor(base.length / 2);
  return base.slice(0, half) + payload + base.slice(half);
}

function positioned(cls: string, input: TaxonomyInput, payloads: [string, string][], positions: ('first' | 'middle' | 'last' | 'alone')[]): TaxonomyValue[] {
  const base = baseText(input);
  const out: TaxonomyValue[] = [];
  // Every payload at its first position, then the other positions: a budget keeps the variety.
  // The first two payloads at the first position by default; every payload at every position when thorough.
  positions.forEach((position, p) =>
    payloads.forEach(([name, payload], i) => out.push({ value: at(base, payload, position), cls, note: `${name} (${position})`, thorough: p > 0 || i >= 2 })),
  );
  return out;
}

export const whitespaceClass: TaxonomyClass = {
  name: 'whitespace',
  summary: 'spaces at either end, doubled inside, alone; line feed, CR LF and tab inside; no-break and ideographic spaces, runs of spaces, line breaks and tabs at the ends (a server that trims, collapses or joins lines shows it)',
  applies: isPlainText,
  values: (input) => {
    const base = baseText(input);
    return [
      { value: ` ${base}`, cls: 'whitespace', note: 'a leading space' },
      { value: `${base} `, cls: 'whitespace', note: 'a trailing space' },
      { value: ' ', cls: 'whitespace', note: 'one space only (not unset)' },
      { value: at(base, '  ', 'middle'), cls: 'whitespace', note: 'two spaces inside' },
      // Interior line breaks and tabs (a multi-line address): echoed exactly, never joined or expanded.
      { value: at(base, '\n', 'middle'), cls: 'whitespace', note: 'a line feed inside' },
      { value: at(base, '\r\n', 'middle'), cls: 'whitespace', note: 'CR LF inside' },
      { value: at(base, '\t', 'middle'), cls: 'whitespace', note: 'a tab inside' },
      { value: at(base, '   ', 'middle'), cls: 'whitespace', note: 'a run of three spaces inside', thorough: true },
      { value: `${base}\n`, cls: 'whitespace', note: 'a trailing line feed', thorough: true },
      { value: `\t${base}`, cls: 'whitespace', note: 'a leading tab', thorough: true },
      { value: `\u00a0${base}\u00a0`, cls: 'whitespace', note: 'no-break spaces at the ends', thorough: true },
      { value: at(base, '\u3000', 'middle'), cls: 'whitespace', note: 'an ideographic space inside', thorough: true },
    ];
  },
};

export const falsyTextClass: TaxonomyClass = {
  name: 'falsy-text',
  summary: 'texts a loose server reads as unset or re-types: "", "0", "false", "null", "undefined", "NaN", "[]"',
  applies: isPlainText,
  values: () =>
    ['', '0', 'false', 'null', 'undefined', 'NaN', '[]', '{}'].map((value, i) => ({ value, cls: 'falsy-text', note: `the text ${JSON.stringify(value)}`, thorough: i >= 4 })),
};

export const numericTextClass: TaxonomyClass = {
  name: 'numeric-text',
  summary: 'texts that look like numbers (leading zeros, exponent, sign, hex, full-width digits): kept as text, never re-typed',
  applies: isPlainText,
  values: () =>
    ['00123', '1e3', '-1', '0x1F', '１２３', '1.50'].map((value, i) => ({ value, cls: 'numeric-text', note: `the text ${JSON.stringify(value)}`, thorough: i >= 2 })),
};

export const normalisationClass: TaxonomyClass = {
  name: 'normalisation',
  summary: 'the same letters in NFD and NFC, and characters NFC/NFKC change (Angstrom sign, ligature, Roman numeral): echoed as sent',
  applies: isPlainText,
  values: (input) => {
    const base = baseText(input);
    return [
      { value: `${base}e\u0301`, cls: 'normalisation', note: 'NFD: e + combining acute' },
      { value: `${base}\u00e9`, cls: 'normalisation', note: 'NFC: precomposed é' },
      { value: `\u212b${base}`, cls: 'normalisation', note: 'the Angstrom sign (NFC makes it Å)', thorough: true },
      { value: `${base}\ufb01`, cls: 'normalisation', note: 'the fi ligature (NFKC makes it fi)', thorough: true },
    ];
  },
};

export const combiningClass: TaxonomyClass = {
  name: 'combining-marks',
  summary: 'stacked combining marks on one letter',
  applies: isPlainText,
  values: (input) => [
    { value: at(baseText(input), 'a\u0300\u0301\u0302\u0303', 'middle'), cls: 'combining-marks', note: 'four marks on one letter' },
    { value: at(baseText(input), 'Z\u0351\u036b\u0343\u0346', 'last'), cls: 'combining-marks', note: 'stacked marks at the end', thorough: true },
  ],
};

export const invisibleClass: TaxonomyClass = {
  name: 'invisible',
  summary: 'zero-width space, joiner and non-joiner, word joiner, soft hyphen, BOM inside the text (first, middle, last)',
  applies: isPlainText,
  values: (input) =>
    positioned('invisible', input, [['a zero-width space', '\u200b'], ['a byte-order mark', '\ufeff'], ['a zero-width joiner', '\u200d'], ['a soft hyphen', '\u00ad'], ['a word joiner', '\u2060']], ['middle', 'first', 'last']),
};

export const bidiClass: TaxonomyClass = {
  name: 'bidi',
  summary: 'right-to-left text and bidi controls (RLO, RLM, isolates)',
  applies: isPlainText,
  values: (input) => [
    { value: at(baseText(input), '\u202e', 'first'), cls: 'bidi', note: 'a right-to-left override first' },
    { value: `שלום ${baseText(input)}`, cls: 'bidi', note: 'Hebrew then Latin' },
    { value: at(baseText(input), '\u2067x\u2069', 'middle'), cls: 'bidi', note: 'an isolate inside', thorough: true },
    { value: at(baseText(input), '\u200f', 'last'), cls: 'bidi', note: 'a right-to-left mark last', thorough: true },
  ],
};

export const widthClass: TaxonomyClass = {
  name: 'width',
  summary: 'full-width and half-width forms',
  applies: isPlainText,
  values: () => [
    { value: 'ＡｎｎＭａｒｉｅ', cls: 'width', note: 'full-width Latin letters' },
    { value: 'ｶﾀｶﾅ', cls: 'width', note: 'half-width katakana', thorough: true },
  ],
};

export const astralClass: TaxonomyClass = {
  name: 'astral',
  summary: 'characters outside the BMP (two UTF-16 units) first, in the middle and last; emoji sequences',
  applies: isPlainText,
  values: (input) => [
    ...positioned('astral', input, [['an astral letter', '𠀀']], ['first', 'middle', 'last']),
    { value: at(baseText(input), '😀', 'middle'), cls: 'astral', note: 'an emoji' },
    { value: at(baseText(input), '👩\u200d👩\u200d👧', 'last'), cls: 'astral', note: 'an emoji ZWJ sequence', thorough: true },
    { value: at(baseText(input), '🇱🇹', 'last'), cls: 'astral', note: 'a flag (two regional indicators)', thorough: true },
  ],
};

/** After the big list of naughty strings: each a class of input some layer mishandles. */
export const NAUGHTY: [string, string][] = [
  ['SQL quote', "' OR '1'='1"],
  ['apostrophes and ampersand', "O'Brien & Sons"],
  ['HTML markup', '<script>alert(1)</script>'],
  ['HTML entity', 'Tom &amp; Jerry'],
  ['template syntax', '{{7*7}} ${7*7}'],
  ['format specifiers', '%s%n%x%d'],
  ['path traversal', '../../etc/passwd'],
  ['backslashes', 'C:\\new\\table'],
  ['JSON text', '{"a":1}'],
  ['escaped-looking text', '\\u0000\\n'],
];

export const naughtyClass: TaxonomyClass = {
  name: 'naughty',
  summary: 'the big list of naughty strings: SQL, HTML, templates, format specifiers, paths, backslashes, JSON text',
  applies: isPlainText,
  values: () => NAUGHTY.map(([note, value], i) => ({ value, cls: 'naughty', note, thorough: i >= 4 })),
};

export const controlClass: TaxonomyClass = {
  name: 'control',
  summary: 'control characters and lone surrogates: the documents give no verdict (never a 5xx)',
  applies: isPlainText,
  values: (input) => {
    const why = 'the documents give no verdict on control characters or lone surrogates';
    return [
      { value: at(baseText(input), '\r\nX-Injected: 1', 'last'), cls: 'control', note: 'CR LF (header injection)', unasserted: why },
      { value: at(baseText(input), '\u0000', 'middle'), cls: 'control', note: 'NUL inside', unasserted: why },
      { value: at(baseText(input), '\udc00', 'first'), cls: 'control', note: 'a lone low surrogate first', unasserted: why, thorough: true },
    ];
  },
};

/** Characters by how many bytes and escapes they cost: a server counting in another unit refuses the limit. */
const UNIT_FILLERS: [string, string][] = [
  ['2-byte UTF-8 letters (ą)', 'ą'],
  ['characters HTML escapes (&)', '&'],
  ['characters JSON escapes (")', '"'],
  ['3-byte UTF-8 letters (中)', '中'],
  ['characters JSON escapes (\\)', '\\'],
  ["characters HTML escapes (')", "'"],
];

export const lengthUnitsClass: TaxonomyClass = {
  name: 'length-units',
  summary: 'exactly the maximum in characters that cost 2 or 3 UTF-8 bytes or an escape; over it only once NFC composes (code-point limits)',
  applies: ({ schema }) => (typeOf(schema) !== 'string' || schema.enum || schema.format ? 'not free text' : schema.maxLength === undefined ? 'no maxLength' : true),
  values: ({ schema }) => {
    const max: number = schema.maxLength;
    const out: TaxonomyValue[] = UNIT_FILLERS.map(([note, c], i) => ({ value: c.repeat(max), cls: 'length-units', note: `${max} ${note}`, thorough: i >= 3 }));
    if (schema['x-ivs-length-unit'] === 'code-points') {
      // max+1 code points that NFC composes into fewer: over the limit as T2 counts.
      const pairs = Math.ceil((max + 1) / 2);
      const text = 'e\u0301'.repeat(pairs).slice(0, max + 1);
      out.push({ value: text, cls: 'length-units', note: `${codePoints(text)} code points (${text.normalize('NFC').length} after NFC)` });
    }
    return out;
  },
};

export const TEXT_CLASSES: TaxonomyClass[] = [
  whitespaceClass,
  falsyTextClass,
  numericTextClass,
  normalisationClass,
  combiningClass,
  invisibleClass,
  bidiClass,
  widthClass,
  astralClass,
  naughtyClass,
  lengthUnitsClass,
  controlClass,
];
