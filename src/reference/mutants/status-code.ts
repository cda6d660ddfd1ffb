// The mutant catalogue, category status-code: the right identifier with an HTTP status R2/R4 do not allow.
import type { Mutant } from '../stages.ts';
import { answerError, DUMMY, identifierIs, mutant, stageIs, succeedWith, TOKEN } from './helpers.ts';

export const STATUS_CODE_MUTANTS: Mutant[] = [
  mutant('bad-value-422', 'status-code', 'R2', 'BAD_VALUE comes with 422', answerError(identifierIs('BAD_VALUE'), { status: 422 })),
  mutant('unauthorized-403', 'status-code', 'R2', 'UNAUTHORIZED comes with 403', answerError(stageIs('auth'), { status: 403 })),
  mutant('method-not-allowed-404', 'status-code', 'R2', 'METHOD_NOT_ALLOWED comes with 404',
    answerError(stageIs('method'), { status: 404 })),
  mutant('json-error-415', 'status-code', 'R2', 'JSON_ERROR comes with 415', answerError(stageIs('json', 'not-object'), { status: 415 })),
  mutant('permissions-403', 'status-code', 'R2', 'the environment refusal (PERMISSIONS_ERROR) comes with 403',
    answerError(stageIs('environment'), { status: 403 }), 'production'),
  mutant('token-202', 'status-code', 'R4', 'token creation answers 202', succeedWith(TOKEN, 202)),
  mutant('add-dummy-status-201', 'status-code', 'R4', 'add-dummy-status answers 201 instead of 200', succeedWith(DUMMY, 201)),
];
