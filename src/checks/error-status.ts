// R2: each identifier comes with the status codes the contract allows for it; any refusal is 4xx.
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { identifierOf } from '../contract/fields.ts';
import { expectsReject } from './helpers.ts';
import { expectedIdentifiers, isSuccess, type Check } from './types.ts';
import { RULE } from '../contract/rulings.ts';

export const errorStatusCheck = defineCheck({
  name: 'error-status',
  rules: ['R2'],
  appliesTo: expectsReject,
  run: ({ answer, expectation, contract, field, constraint }) => {
    if (isSuccess(answer) || answer.status >= 500) return [];
    const identifier = identifierOf(answer.json);
    const allowed = typeof identifier === 'string' && expectedIdentifiers(expectation).includes(identifier) ? contract.errors[identifier]?.statuses : undefined;
    const ok = allowed ? allowed.includes(answer.status) : answer.status >= 400 && answer.status < 500;
    if (ok) return [];
    const findings: Finding[] = [
      {
        category: 'status-code',
        check: 'error-status',
        rule: allowed ? (contract.errors[identifier as string]?.rule ?? RULE.errorStatus) : RULE.errorStatus,
        field,
        constraint,
        expected: allowed ? `HTTP ${allowed.join(' or ')} with ${String(identifier)}` : 'a 4xx refusal',
        actual: `HTTP ${answer.status}`,
      },
    ];
    return findings;
  },
});

/** R2: each identifier comes with the status codes the contract allows for it; any refusal is 4xx. */
export const errorStatus: Check = errorStatusCheck.check;
