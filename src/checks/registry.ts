// The registered exchange checks, in reporting order: adding a check is one file (defineCheck) and
// one line here. Names and rulings are read from each definition, never repeated.
import { acceptsValidCheck } from './accepts-valid.ts';
import { appliesDefaultsCheck } from './applies-defaults.ts';
import type { CheckDefinition } from './define-check.ts';
import { digitStringCheck } from './digit-string.ts';
import { dummyMessageCheck } from './dummy-message.ts';
import { echoesSentFieldsCheck } from './echoes-sent-fields.ts';
import { errorEnvelopeCheck } from './error-envelope.ts';
import { errorIdentifierCheck } from './error-identifier.ts';
import { errorStatusCheck } from './error-status.ts';
import { freshIdentifiersCheck } from './fresh-identifiers.ts';
import { noServerErrorCheck } from './no-server-error.ts';
import { rejectsInvalidCheck } from './rejects-invalid.ts';
import { responseSchemaCheck } from './response-schema.ts';
import { successContentTypeCheck } from './success-content-type.ts';
import { successStatusCheck } from './success-status.ts';
import { uniqueValuesCheck } from './unique-values.ts';
import type { Check } from './types.ts';

export const CHECKS: readonly CheckDefinition[] = [
  noServerErrorCheck,
  acceptsValidCheck,
  successStatusCheck,
  rejectsInvalidCheck,
  errorIdentifierCheck,
  errorStatusCheck,
  errorEnvelopeCheck,
  successContentTypeCheck,
  responseSchemaCheck,
  echoesSentFieldsCheck,
  appliesDefaultsCheck,
  digitStringCheck,
  freshIdentifiersCheck,
  uniqueValuesCheck,
  dummyMessageCheck,
];

/** Each registered check by name, in reporting order. */
export const EXCHANGE_CHECKS: Record<string, Check> = Object.fromEntries(CHECKS.map((c) => [c.name, c.check]));

/** The rulings each exchange check enforces, for `list` (a check may also report a field's own rule). */
export const CHECK_RULES: Record<string, string[]> = Object.fromEntries(CHECKS.map((c) => [c.name, [...c.rules]]));
