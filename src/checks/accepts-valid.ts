// A request the contract calls valid must be accepted (S1 or the field's own rule).
import { defineCheck } from './define-check.ts';
import { expectsAccept } from './helpers.ts';
import { describeAnswer, isSuccess, type Check } from './types.ts';

export const acceptsValidCheck = defineCheck({
  name: 'accepts-valid',
  rules: ['S1'],
  appliesTo: expectsAccept,
  run: ({ answer, expectation, category, field, constraint }) => {
    if (isSuccess(answer) || answer.status >= 500) return [];
    return [
      {
        category: category ?? 'validation',
        check: 'accepts-valid',
        rule: expectation.rule,
        documented: expectation.documented,
        field,
        constraint,
        expected: 'accepted (2xx)',
        actual: `rejected: ${describeAnswer(answer)}`,
      },
    ];
  },
});

/** A request the contract calls valid must be accepted. */
export const acceptsValid: Check = acceptsValidCheck.check;
