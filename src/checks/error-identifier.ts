// R3: the refusal names the identifier the kind of violation calls for.
import { defineCheck } from './define-check.ts';
import { identifierOf } from '../contract/fields.ts';
import { expectsReject } from './helpers.ts';
import { describeAnswer, expectedIdentifiers, type Check } from './types.ts';

export const errorIdentifierCheck = defineCheck({
  name: 'error-identifier',
  rules: ['R3'],
  appliesTo: expectsReject,
  run: ({ answer, expectation, category, contract, field, constraint }) => {
    const wanted = expectedIdentifiers(expectation);
    if (!wanted.length || answer.status < 400 || answer.status >= 500) return [];
    const actual = identifierOf(answer.json);
    if (wanted.includes(actual as string)) return [];
    return [
      {
        category: category ?? 'error-identifier',
        check: 'error-identifier',
        // The rule that names this refusal's identifier: R3's table, or the rule that states it (T19, T21, D1).
        rule: expectation.identifierRule || contract.violations.rule,
        field,
        constraint,
        expected: `${wanted.join(' or ')} (${expectation.reason})`,
        actual: actual === undefined ? `no identifier: ${describeAnswer(answer)}` : `${String(actual)} (HTTP ${answer.status})`,
      },
    ];
  },
});

/** R3: the refusal names the identifier the kind of violation calls for. */
export const errorIdentifier: Check = errorIdentifierCheck.check;
