// The value taxonomy (issue 24): classes of values a careful tester tries on a field, derived from
// its JSON type, format and keywords — never from its name. A class proposes values; the role each
// is sent in (accepted and echoed, refused with an identifier, or only "never a 5xx") is decided
// afterwards from the contract by the oracle (cases/taxonomy.ts), except where a class says the
// documents leave the value open (`unasserted`).
import type { Contract, FieldSpec, JsonSchema } from '../../contract/load.ts';

export type Depth = 'default' | 'thorough';

export interface TaxonomyValue {
  value: unknown;
  /** The class that proposed it (list --taxonomy, coverage). */
  cls: string;
  note: string;
  /** Why the documents leave this value open: sent only as "never a 5xx" (R7). */
  unasserted?: string;
  /** The field written as this raw JSON text instead of JSON.stringify(value) (non-standard literals). */
  literal?: string;
  /** Sent only with --depth thorough. */
  thorough?: boolean;
}

export interface TaxonomyInput {
  contract: Contract;
  field: FieldSpec;
  /** The schema the class looks at (the field's, or its items' for list fields). */
  schema: JsonSchema;
}

export interface TaxonomyClass {
  name: string;
  /** What the class is about, for `list --taxonomy`. */
  summary: string;
  /** true, or why the class does not apply to this field. */
  applies: (input: TaxonomyInput) => true | string;
  values: (input: TaxonomyInput) => TaxonomyValue[];
}
