// Checks on the outcome of an exchange: was it accepted or rejected as the contract says, with the
// identifier (R3) and the status code (R2, R4) it names, and never with a 5xx (R7).
import type { Finding } from '../findings/finding.ts';
import { describeAnswer, expectedIdentifiers, isSuccess, type Check } from './types.ts';

/** R7: nothing the suite sends may produce a 5xx. */
export const noServerError: Check = ({ answer, field, constraint }) =>
  answer.status >= 500
    ? [{ category: 'server-error', check: 'no-server-error', rule: 'R7', field, constraint, expected: 'no 5xx', actual: describeAnswer(answer) }]
    : [];

/** A request the contract calls valid must be accepted. */
export const acceptsValid: Check = ({ answer, expectation, category, field, constraint }) => {
  if (expectation.kind !== 'accept' || isSuccess(answer) || answer.status >= 500) return [];
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
};

/** R4 and documented codes: an accepted request answers with one of the operation's success codes. */
export const successStatus: Check = ({ answer, expectation, op, contract, field, constraint }) => {
  const allowed = op.successStatuses.statuses;
  if (expectation.kind !== 'accept' || !isSuccess(answer) || allowed.includes(answer.status)) return [];
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
};

/** A request that breaks a rule must be refused. */
export const rejectsInvalid: Check = ({ answer, expectation, category, field, constraint }) => {
  if (expectation.kind !== 'reject' || !isSuccess(answer)) return [];
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
};

function identifierOf(json: unknown): unknown {
  return json && typeof json === 'object' ? (json as Record<string, unknown>).identifier : undefined;
}

/** R3: the refusal names the identifier the kind of violation calls for. */
export const errorIdentifier: Check = ({ answer, expectation, category, contract, field, constraint }) => {
  const wanted = expectedIdentifiers(expectation);
  if (expectation.kind !== 'reject' || !wanted.length || answer.status < 400 || answer.status >= 500) return [];
  const actual = identifierOf(answer.json);
  if (wanted.includes(actual as string)) return [];
  return [
    {
      category: category ?? 'error-identifier',
      check: 'error-identifier',
      // The rule that names this refusal's identifier: R3's table, or the rule that states it (T19, T21, D1).
      rule: (expectation.kind === 'reject' && expectation.identifierRule) || contract.violations.rule,
      field,
      constraint,
      expected: `${wanted.join(' or ')} (${expectation.reason})`,
      actual: actual === undefined ? `no identifier: ${describeAnswer(answer)}` : `${String(actual)} (HTTP ${answer.status})`,
    },
  ];
};

/** R2: each identifier comes with the status codes the contract allows for it; any refusal is 4xx. */
export const errorStatus: Check = ({ answer, expectation, contract, field, constraint }) => {
  if (expectation.kind !== 'reject' || isSuccess(answer) || answer.status >= 500) return [];
  const identifier = identifierOf(answer.json);
  const allowed = typeof identifier === 'string' && expectedIdentifiers(expectation).includes(identifier) ? contract.errors[identifier]?.statuses : undefined;
  const ok = allowed ? allowed.includes(answer.status) : answer.status >= 400 && answer.status < 500;
  if (ok) return [];
  const findings: Finding[] = [
    {
      category: 'status-code',
      check: 'error-status',
      rule: allowed ? (contract.errors[identifier as string]?.rule ?? 'R2') : 'R2',
      field,
      constraint,
      expected: allowed ? `HTTP ${allowed.join(' or ')} with ${String(identifier)}` : 'a 4xx refusal',
      actual: `HTTP ${answer.status}`,
    },
  ];
  return findings;
};
