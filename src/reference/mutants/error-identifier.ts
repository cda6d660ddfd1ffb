// The mutant catalogue, category error-identifier: the right refusal with the wrong identifier.
import type { Mutant } from '../stages.ts';
import { answerError, DUMMY, mutant, stageIs, violationIs } from './helpers.ts';

export const ERROR_IDENTIFIER_MUTANTS: Mutant[] = [
  mutant('client-id-missing-bad-value', 'error-identifier', 'R3', 'an absent clientId yields BAD_VALUE instead of MISSING_VALUE',
    answerError(violationIs((v) => v.field === 'clientId' && v.kind === 'required'), { identifier: 'BAD_VALUE' })),
  mutant('required-null-bad-value', 'error-identifier', 'R3', 'a required field sent as null yields BAD_VALUE instead of MISSING_VALUE',
    answerError(violationIs((v) => v.kind === 'required-null'), { identifier: 'BAD_VALUE' })),
  mutant('enum-validation-error', 'error-identifier', 'R3', 'a value off an enum yields VALIDATION_ERROR instead of BAD_VALUE',
    answerError(violationIs((v) => v.kind === 'enum'), { identifier: 'VALIDATION_ERROR' })),
  mutant('empty-string-missing-value', 'error-identifier', 'R3', "an empty string ('') yields MISSING_VALUE instead of BAD_VALUE",
    answerError(violationIs((v, body) => v.kind === 'minLength' && body[v.field] === ''), { identifier: 'MISSING_VALUE' })),
  mutant('cross-field-missing-value', 'error-identifier', 'T19', 'additionalData without additionalSteps yields MISSING_VALUE instead of BAD_VALUE',
    answerError(violationIs((v) => v.kind === 'cross-field'), { identifier: 'MISSING_VALUE' })),
  mutant('malformed-json-bad-value', 'error-identifier', 'R3', 'a body that is not JSON yields BAD_VALUE instead of JSON_ERROR',
    answerError(stageIs('json'), { identifier: 'BAD_VALUE' })),
  mutant('non-object-json-bad-value', 'error-identifier', 'R3', 'JSON that is not an object (an array, a number) yields BAD_VALUE instead of JSON_ERROR',
    answerError(stageIs('not-object'), { identifier: 'BAD_VALUE' })),
  mutant('unknown-scan-ref-token-not-valid', 'error-identifier', 'D1', 'add-dummy-status with a scanRef of no dummy verification of the key yields TOKEN_NOT_VALID instead of BAD_VALUE',
    answerError((_, ctx) => ctx.stage === 'lookup' && ctx.operationId === DUMMY, { identifier: 'TOKEN_NOT_VALID' })),
];
