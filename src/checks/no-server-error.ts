// R7: nothing the suite sends may produce a 5xx.
import { defineCheck } from './define-check.ts';
import { describeAnswer, type Check } from './types.ts';
import { RULE } from '../contract/rulings.ts';

export const noServerErrorCheck = defineCheck({
  name: 'no-server-error',
  rules: ['R7'],
  run: ({ answer, field, constraint }) =>
    answer.status >= 500
      ? [{ category: 'server-error', check: 'no-server-error', rule: RULE.noServerError, field, constraint, expected: 'no 5xx', actual: describeAnswer(answer) }]
      : [],
});

/** R7: nothing the suite sends may produce a 5xx. */
export const noServerError: Check = noServerErrorCheck.check;
