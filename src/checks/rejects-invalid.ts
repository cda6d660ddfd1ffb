// A request that breaks a rule must be refused (R3, R6, R8, C1 or the broken field's rule).
import { defineCheck } from './define-check.ts';
import { expectsReject } from './helpers.ts';
import { expectedIdentifiers, isSuccess, type Check } from './types.ts';

export const rejectsInvalidCheck = defineCheck({
  name: 'rejects-invalid',
  rules: ['R3', 'R6', 'R8', 'C1'],
  appliesTo: expectsReject,
  run: ({ answer, expectation, category, field, constraint }) => {
    if (!isSuccess(answer)) return [];
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
