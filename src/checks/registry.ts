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
import { FLOW_CHECKS } from './flow/registry.ts';

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

/** Every registered check name: the exchange checks and the flow checks (src/checks/flow). */
export const REGISTERED_CHECKS: ReadonlySet<string> = new Set([...CHECKS.map((c) => c.name), ...FLOW_CHECKS.map((c) => c.name)]);

/** A case must name a registered check: an unknown name fails when the run is planned, never mid-run. */
export function assertRegisteredChecks(cases: readonly { name: string; check: string }[]): void {
  const unknown = cases.find((c) => !REGISTERED_CHECKS.has(c.check));
  if (unknown) throw new Error(`case "${unknown.name}" names the check "${unknown.check}", which no registry holds (src/checks/registry.ts, src/checks/flow/registry.ts)`);
}
