// The value taxonomy applied to one field: every class, whether it applies (or why not), and the
// values it proposes — list fields get the item classes with each value wrapped in a list, plus
// the list classes. Roles are decided by the caller from the contract (cases/taxonomy.ts).
import type { Contract, FieldSpec } from '../../contract/load.ts';
import { sampleValid, typeOf } from '../samples.ts';
import { SCALAR_CLASSES } from './scalars.ts';
import { TEXT_CLASSES } from './text.ts';
import { sameShapeClass } from './shape.ts';
import { neighbourCodeListClass } from './code-neighbours.ts';
import { unboundedLengthClass } from './unbounded.ts';
import type { Depth, TaxonomyClass, TaxonomyInput, TaxonomyValue } from './types.ts';

export type { Depth, TaxonomyClass, TaxonomyValue } from './types.ts';
export { NAUGHTY } from './text.ts';
export { contractEnums, nonJsonNumberLiterals } from './scalars.ts';

const isList = ({ field }: TaxonomyInput): true | string => (typeOf(field.schema) === 'array' ? true : 'not a list');

export const emptyListClass: TaxonomyClass = {
  name: 'empty-list',
  summary: '[] (a value, not unset: refused under minItems, echoed as [] otherwise)',
  applies: isList,
  values: () => [{ value: [], cls: 'empty-list', note: 'an empty list' }],
};

export const joinedListClass: TaxonomyClass = {
  name: 'joined-items',
  summary: 'two valid items joined into one text with a comma, alone or as one item (a server splitting on commas accepts it)',
  applies: (input) => (isList(input) === true && input.field.schema.items?.enum ? true : 'not a list of enumerated items'),
  values: ({ field }) => {
    const [a, b] = field.schema.items.enum as string[];
    return [
      { value: [`${a},${b}`], cls: 'joined-items', note: `["${a},${b}"]` },
      { value: `${a},${b}`, cls: 'joined-items', note: `"${a},${b}" instead of a list`, thorough: true },
    ];
  },
};

export const emptyObjectClass: TaxonomyClass = {
  name: 'empty-object',
  summary: '{} (a value, not unset: a server reading its first key crashes on it)',
  applies: ({ schema }) => (typeOf(schema) === 'object' ? true : 'not an object'),
  values: () => [{ value: {}, cls: 'empty-object', note: 'an empty object' }],
};

export const TAXONOMY: TaxonomyClass[] = [...TEXT_CLASSES, ...SCALAR_CLASSES, sameShapeClass, neighbourCodeListClass, unboundedLengthClass, emptyListClass, joinedListClass, emptyObjectClass];

export interface FieldTaxonomy {
  cls: string;
  summary: string;
  /** Why the class does not apply, when it does not. */
  notApplicable?: string;
  values: TaxonomyValue[];
}

/** Every class for one field, with its values at this depth (list fields: items wrapped). */
export function fieldTaxonomy(contract: Contract, field: FieldSpec, depth: Depth = 'default'): FieldTaxonomy[] {
  const list = typeOf(field.schema) === 'array';
  return TAXONOMY.map((cls) => {
    const isListClass = cls === emptyListClass || cls === joinedListClass || cls === emptyObjectClass;
    const input: TaxonomyInput = { contract, field, schema: list && !isListClass ? (field.schema.items ?? {}) : field.schema };
    const applies = cls.applies(input);
    if (applies !== true) return { cls: cls.name, summary: cls.summary, notApplicable: list && !isListClass ? `items: ${applies}` : applies, values: [] };
    const values = cls
      .values(input)
      .filter((v) => depth === 'thorough' || !v.thorough)
      .map((v) => (list && !isListClass ? { ...v, value: v.literal ? v.value : [v.value], literal: v.literal ? `[${v.literal}]` : undefined } : v));
    return { cls: cls.name, summary: cls.summary, values };
  });
}

/** A valid value of the field, for bodies that carry it beside another (tests, mutants). */
export function validOf(field: FieldSpec): unknown {
  return sampleValid(field.schema);
}
