// The checks applied to every exchange, in reporting order (registry.ts). Each is one file,
// `<check-name>.ts`, declaring its name, its rulings and when it applies (define-check.ts).
import { EXCHANGE_CHECKS } from './registry.ts';
import type { CheckInput } from './types.ts';
import type { Finding } from '../findings/finding.ts';

export { CHECKS, CHECK_RULES, EXCHANGE_CHECKS } from './registry.ts';
export { defineCheck, type CheckDefinition } from './define-check.ts';
export { noServerError } from './no-server-error.ts';
export { acceptsValid } from './accepts-valid.ts';
export { successStatus } from './success-status.ts';
export { rejectsInvalid } from './rejects-invalid.ts';
export { errorIdentifier } from './error-identifier.ts';
export { errorStatus } from './error-status.ts';
export { errorEnvelope } from './error-envelope.ts';
export { successContentType } from './success-content-type.ts';
export { responseSchema } from './response-schema.ts';
export { echoesSentFields } from './echoes-sent-fields.ts';
export { appliesDefaults } from './applies-defaults.ts';
export { digitStringRule } from './digit-string.ts';
export { freshIdentifiers } from './fresh-identifiers.ts';
export { dummyMessage } from './dummy-message.ts';

export function runChecks(input: CheckInput, only?: string[]): Finding[] {
  const names = only ?? Object.keys(EXCHANGE_CHECKS);
  return names.flatMap((name) => EXCHANGE_CHECKS[name](input));
}

export type { Check, CheckInput, Expectation, Answer } from './types.ts';
