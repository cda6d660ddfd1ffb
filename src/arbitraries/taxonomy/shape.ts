// Same-shape non-members (issue 24, class 1): values that look exactly like an enum's members —
// same length, character class and case — but are not in the list. A server that checks only the
// shape (/^[A-Z]$/, /^[a-z]{2}$/) or a wider list than documented accepts them. When the shape's
// whole space is small (single letters) every non-member is sent; otherwise the contract's other
// code lists, transformed into the field's shape, closest to a member first (a small fixed sample
// by default, all with --depth thorough). Vendor vocabulary and unasserted values are never sent.
import type { JsonSchema } from '../../contract/load.ts';
import { isUnassertedValue } from '../values.ts';
import { contractEnums } from './scalars.ts';
import type { TaxonomyClass, TaxonomyInput, TaxonomyValue } from './types.ts';

type Case = 'upper' | 'lower' | 'mixed';
interface Shape {
  chars: RegExp;
  letters: string;
  casing: Case;
  lengths: Set<number>;
}

/** How many values the default depth sends when the shape's space is too large to send whole. */
export const SHAPE_SAMPLE = 3;
/** A shape space up to this size is sent whole. */
export const SMALL_SPACE = 30;

function shapeOf(members: string[]): Shape | string {
  const lengths = new Set(members.map((v) => [...v].length));
  if (members.every((v) => /^[A-Z]+$/.test(v))) return { chars: /^[A-Z]+$/, letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', casing: 'upper', lengths };
  if (members.every((v) => /^[a-z]+$/.test(v))) return { chars: /^[a-z]+$/, letters: 'abcdefghijklmnopqrstuvwxyz', casing: 'lower', lengths };
  if (members.every((v) => /^[A-Za-z]+$/.test(v))) return { chars: /^[A-Za-z]+$/, letters: '', casing: 'mixed', lengths };
  if (members.every((v) => /^[A-Z][A-Z_]*$/.test(v))) return { chars: /^[A-Z][A-Z_]*$/, letters: '', casing: 'upper', lengths };
  if (members.every((v) => /^[0-9]+$/.test(v))) return { chars: /^[0-9]+$/, letters: '0123456789', casing: 'mixed', lengths };
  return 'members have no common shape';
}

/** Hamming distance for equal lengths, else the length difference plus the longer length. */
function distance(a: string, b: string): number {
  if (a.length !== b.length) return Math.abs(a.length - b.length) + Math.max(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** A stable order among equally close values (FNV-1a of field and value): a fixed sample, not the first of the alphabet. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function vocabularyOf(schema: JsonSchema): string[] {
  return schema['x-ivs-vendor-vocabulary']?.values ?? [];
}

const isTextEnum = ({ schema }: TaxonomyInput): true | string => {
  if (!Array.isArray(schema.enum) || typeof schema.enum[0] !== 'string') return 'not an enum of texts';
  const shape = shapeOf(schema.enum.filter((v: unknown) => typeof v === 'string'));
  return typeof shape === 'string' ? shape : true;
};

export const sameShapeClass: TaxonomyClass = {
  name: 'same-shape',
  summary: "non-members with the members' own length, characters and case: every one when the space is small, else other code lists in the field's shape, closest first",
  applies: isTextEnum,
  values: (input) => {
    const { schema, field } = input;
    const members: string[] = schema.enum.filter((v: unknown) => typeof v === 'string');
    const shape = shapeOf(members) as Shape;
    const insensitive = schema['x-ivs-case-insensitive'] === true || schema['x-ivs-case-unruled'] === true;
    const fold = (v: string) => (insensitive || shape.casing === 'mixed' ? v.toLowerCase() : v);
    const known = new Set([...members, ...vocabularyOf(schema)].map(fold));
    const fits = (v: string) => shape.chars.test(v) && shape.lengths.has([...v].length) && !known.has(fold(v)) && !isUnassertedValue(schema, v);
    const out: TaxonomyValue[] = [];
    // The whole space, when it is small: single letters (or digits) of the members' case.
    if (shape.letters && shape.lengths.size === 1 && shape.letters.length ** [...shape.lengths][0] <= SMALL_SPACE) {
      for (const c of shape.letters) if (fits(c)) out.push({ value: c, cls: 'same-shape', note: `"${c}": a ${shape.casing}-case letter not in the list` });
      return out;
    }
    // Other code lists, in the field's case; the closest to a member (or to the vendor's vocabulary) first.
    const near = [...members, ...vocabularyOf(schema)].map(fold);
    const seen = new Set<string>();
    const candidates: { value: string; from: string; d: number; h: number }[] = [];
    for (const [list, values] of contractEnums(input)) {
      for (const raw of values) {
        const forms = shape.casing === 'upper' ? [raw.toUpperCase()] : shape.casing === 'lower' ? [raw.toLowerCase()] : [raw];
        for (const value of forms) {
          if (seen.has(fold(value)) || !fits(value)) continue;
          seen.add(fold(value));
          candidates.push({ value, from: list, d: Math.min(...near.map((m) => distance(fold(value), m))), h: hash(`${field.name}\u0000${value}`) });
        }
      }
    }
    candidates.sort((a, b) => a.d - b.d || a.h - b.h);
    candidates.forEach((c, i) => out.push({ value: c.value, cls: 'same-shape', note: `"${c.value}" (from ${c.from}) in the field's shape, not in its list`, thorough: i >= SHAPE_SAMPLE }));
    return out;
  },
};
