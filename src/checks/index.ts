// The checks applied to every exchange, in reporting order. Each is a small named function with
// one job; see the files beside this one.
import { errorEnvelope, responseSchema, successContentType } from './envelope.ts';
import { acceptsValid, errorIdentifier, errorStatus, noServerError, rejectsInvalid, successStatus } from './outcome.ts';
import { appliesDefaults, digitStringRule, dummyMessage, echoesSentFields, freshIdentifiers } from './response-content.ts';
import type { Check, CheckInput } from './types.ts';
import type { Finding } from '../findings/finding.ts';

export const EXCHANGE_CHECKS: Record<string, Check> = {
  'no-server-error': noServerError,
  'accepts-valid': acceptsValid,
  'success-status': successStatus,
  'rejects-invalid': rejectsInvalid,
  'error-identifier': errorIdentifier,
  'error-status': errorStatus,
  'error-envelope': errorEnvelope,
  'success-content-type': successContentType,
  'response-schema': responseSchema,
  'echoes-sent-fields': echoesSentFields,
  'applies-defaults': appliesDefaults,
  'digit-string': digitStringRule,
  'fresh-identifiers': freshIdentifiers,
  'dummy-message': dummyMessage,
};

/** The rulings each exchange check enforces, for `list` (a check may also report a field's own rule). */
export const CHECK_RULES: Record<string, string[]> = {
  'no-server-error': ['R7'],
  'accepts-valid': ['S1'],
  'success-status': ['R4'],
  'rejects-invalid': ['R3', 'R6', 'R8', 'C1'],
  'error-identifier': ['R3'],
  'error-status': ['R2'],
  'error-envelope': ['R1'],
  'success-content-type': ['S3'],
  'response-schema': ['R10', 'T20'],
  'echoes-sent-fields': ['S1', 'T3'],
  'applies-defaults': ['S1', 'R9', 'T22', 'R11'],
  'digit-string': ['T17', 'R11'],
  'fresh-identifiers': ['T20'],
  'dummy-message': ['T21'],
};

export function runChecks(input: CheckInput, only?: string[]): Finding[] {
  const names = only ?? Object.keys(EXCHANGE_CHECKS);
  return names.flatMap((name) => EXCHANGE_CHECKS[name](input));
}

export type { Check, CheckInput, Expectation, Answer } from './types.ts';
