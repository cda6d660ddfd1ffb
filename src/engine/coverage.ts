// The coverage matrix: every (endpoint, field, constraint) the contract defines, walked from the
// contract itself, against the cases that break it. A constraint with no case is a gap.
import type { Contract } from '../contract/load.ts';
import { INVALID_KEYWORDS } from '../arbitraries/values.ts';
import type { PlannedSuite } from './run.ts';

export interface CoverageRow {
  endpoint: string;
  field: string;
  constraint: string;
  rule: string;
  /** Names of the checks (cases) that send a request breaking this constraint. */
  cases: string[];
}

/** Every constraint the contract states for request bodies (schema keywords, required, cross-field). */
export function contractConstraints(contract: Contract): Omit<CoverageRow, 'cases'>[] {
  const rows: Omit<CoverageRow, 'cases'>[] = [];
  for (const op of Object.values(contract.operations)) {
    for (const field of op.fields) {
      const keywords = INVALID_KEYWORDS.filter((k) => k === 'type' || field.schema[k] !== undefined);
      for (const constraint of keywords) rows.push({ endpoint: op.endpoint, field: field.name, constraint, rule: field.rule });
      if (field.required) {
        rows.push({ endpoint: op.endpoint, field: field.name, constraint: 'required', rule: field.rule });
        rows.push({ endpoint: op.endpoint, field: field.name, constraint: 'required-null', rule: field.rule });
      }
    }
    for (const rule of op.crossField) rows.push({ endpoint: op.endpoint, field: rule.id, constraint: 'cross-field', rule: rule.rule });
  }
  return rows;
}

export function coverageMatrix(contract: Contract, plan: PlannedSuite[]): CoverageRow[] {
  const cases = plan.flatMap((p) => p.cases).filter((c) => c.check === 'rejects-invalid');
  return contractConstraints(contract).map((row) => ({
    ...row,
    cases: cases.filter((c) => c.endpoint === row.endpoint && c.field === row.field && c.constraint === row.constraint).map((c) => c.name),
  }));
}
