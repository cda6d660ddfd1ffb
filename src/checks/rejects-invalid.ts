// A request that breaks a rule must be refused (R3, R6, R8, C1 or the broken field's rule).
import { defineCheck } from './define-check.ts';
import { expectsReject } from './helpers.ts';
import { expectedIdentifiers, isSuccess, type Check } from './types.ts';

export const rejectsInvalidCheck = defineCheck({
  name: 'rejects-invalid',
  rules: ['R3', 'R6', 'R8', 'C1'],
  appliesTo: expectsReject,
  run: ({ answer, expectation, category, field, constraint, op }) => {
    if (!isSuccess(answer)) return [];
    // A case variant is refused under the case ruling (x-ivs-case-rule, T23), not the field's own: a
    // deviation of its own, not merged with the field's other off-list values (same id, one rule).
    const spec = op.fields.find((f) => f.name === field);
    const caseRule = spec?.schema?.['x-ivs-case-rule'] ?? spec?.schema?.items?.['x-ivs-case-rule'];
    if (caseRule !== undefined && expectation.rule === caseRule && caseRule !== spec?.rule) constraint = `${constraint ?? 'enum'}-case`;
    return [
      {
        category: category ?? 'validation',
        check: 'rejects-invalid',
        rule: expectation.rule,
        documented: expectation.documented,
        field,
        constraint,
        expected: `rejected${expectation.identifier ? ` with ${expectedIdentifiers(expectation).join(' or ')}` : ''}: ${expectation.reason}`,
        actual: `accepted: HTTP ${answer.status}`,
      },
    ];
  },
});

/** A request that breaks a rule must be refused. */
export const rejectsInvalid: Check = rejectsInvalidCheck.check;
