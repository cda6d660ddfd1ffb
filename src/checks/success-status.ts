// R4 and documented codes: an accepted request answers with one of the operation's success codes.
import { defineCheck } from './define-check.ts';
import { expectsAccept } from './helpers.ts';
import { isSuccess, type Check } from './types.ts';

export const successStatusCheck = defineCheck({
  name: 'success-status',
  rules: ['R4'],
  appliesTo: expectsAccept,
  run: ({ answer, op, contract, field, constraint }) => {
    const allowed = op.successStatuses.statuses;
    if (!isSuccess(answer) || allowed.includes(answer.status)) return [];
    const rule = op.successStatuses.statusRule ?? op.successStatuses.rule;
    return [
      {
        category: 'status-code',
        check: 'success-status',
        rule,
        documented: op.successStatuses.documented ?? contract.rulings[rule]?.documented,
        field,
        constraint,
        expected: `HTTP ${allowed.join(' or ')}`,
        actual: `HTTP ${answer.status}`,
      },
    ];
  },
});

/** R4 and documented codes: an accepted request answers with one of the operation's success codes. */
export const successStatus: Check = successStatusCheck.check;
