// Long texts where the contract gives no maximum (issue 24): a string field with no maxLength,
// no pattern, no enum and no format must accept long values; a server with a column narrower than
// the documents (30, 64, 255 characters) refuses or cuts them. The value is the field's own valid
// sample repeated, so only its length is new.
import { sampleValid, typeOf } from '../samples.ts';
import type { TaxonomyClass, TaxonomyInput } from './types.ts';

/** Lengths past the usual column widths: 64 and 256 by default, more with --depth thorough. */
const LENGTHS: [number, boolean][] = [[65, false], [256, false], [31, true], [101, true], [1025, true]];

const isUnbounded = ({ schema }: TaxonomyInput): true | string => {
  if (typeOf(schema) !== 'string') return `not a text (${typeOf(schema)})`;
  if (schema.maxLength !== undefined) return 'has a maximum length (length-units covers it)';
  if (schema.pattern || schema.enum || schema.format || schema['x-ivs-text']) return 'its pattern, list or format bounds it';
  return true;
};

export const unboundedLengthClass: TaxonomyClass = {
  name: 'unbounded-length',
  summary: 'texts longer than common column widths (65, 256; 31, 101, 1025 thorough) where the contract gives no maximum: accepted and echoed whole',
  applies: isUnbounded,
  values: ({ schema }) => {
    const seed = String(sampleValid(schema) ?? 'A1');
    const unit = seed.length ? seed : 'A1';
    return LENGTHS.map(([length, thorough]) => {
      const value = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
      return { value, cls: 'unbounded-length', note: `${length} characters (no documented maximum)`, thorough };
    });
  },
};
