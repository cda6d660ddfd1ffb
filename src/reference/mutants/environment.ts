// The mutant catalogue, category environment: dummy calls allowed where they must be refused, or the reverse.
import type { Mutant } from '../stages.ts';
import { answerError, DUMMY, gate, mutant, stageIs, TOKEN } from './helpers.ts';

export const ENVIRONMENT_MUTANTS: Mutant[] = [
  mutant('dummy-token-in-production', 'environment', 'T21', 'a dummy token is created in a production environment',
    gate(TOKEN, (ctx, refused) => (ctx.environment === 'production' ? false : refused)), 'production'),
  mutant('dummy-token-in-testing', 'environment', 'T21', 'a dummy token is created in a testing environment',
    gate(TOKEN, (ctx, refused) => (ctx.environment === 'testing' ? false : refused)), 'testing'),
  mutant('add-dummy-status-in-testing', 'environment', 'D4', 'add-dummy-status is not refused in a testing environment',
    gate(DUMMY, (ctx, refused) => (ctx.environment === 'testing' ? false : refused)), 'testing'),
  mutant('plain-token-refused-in-production', 'environment', 'T21', 'a token without dummyStatus is refused with PERMISSIONS_ERROR in production',
    gate(TOKEN, (ctx, refused) => refused || (!ctx.dummy && ctx.environment === 'production')), 'production'),
  mutant('dummy-refusal-bad-value', 'environment', 'T21', 'a dummy call outside development is refused with BAD_VALUE instead of PERMISSIONS_ERROR',
    answerError(stageIs('environment'), { identifier: 'BAD_VALUE' }), 'testing'),
  mutant('dummy-refused-in-development', 'environment', 'T21', 'a dummy token is refused even in a development environment',
    gate(TOKEN, (ctx, refused) => refused || ctx.dummy)),
];
