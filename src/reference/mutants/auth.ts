// The mutant catalogue, category auth: wrong or missing credentials are let in, or refused with the wrong identifier.
import type { Mutant } from '../stages.ts';
import { admit, answerError, knownKey, mutant, stageIs } from './helpers.ts';

export const AUTH_MUTANTS: Mutant[] = [
  mutant('auth-wrong-secret-accepted', 'auth', 'S2', 'a known API key is let in with any secret', admit(knownKey)),
  mutant('auth-missing-accepted', 'auth', 'S2', 'a request without Authorization is let in (as the first key)',
    admit((ctx) => (ctx.authorization === undefined ? ctx.credentials[0]?.key : undefined))),
  mutant('auth-cross-key-secret', 'auth', 'S2', "a valid key with another key's secret is let in",
    admit((ctx) => (ctx.credentials.some((c) => c.secret === ctx.parsed?.secret) ? knownKey(ctx) : undefined))),
  mutant('auth-key-case-insensitive', 'auth', 'S2', 'the API key is compared without regard to case',
    admit((ctx) => ctx.credentials.find((c) => c.key.toLowerCase() === ctx.parsed?.key.toLowerCase() && c.secret === ctx.parsed?.secret)?.key)),
  mutant('auth-secret-prefix', 'auth', 'S2', 'only the first characters of the secret are compared',
    admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key && ctx.parsed.secret.length >= 4 && c.secret.startsWith(ctx.parsed.secret.slice(0, 8)) && ctx.parsed.secret.startsWith(c.secret.slice(0, 8)))?.key)),
  mutant('auth-empty-secret-accepted', 'auth', 'S2', 'a known API key with an empty secret is let in',
    admit((ctx) => (ctx.parsed?.secret === '' ? knownKey(ctx) : undefined))),
  mutant('auth-bearer-accepted', 'auth', 'S2', 'Authorization: Bearer <anything> is let in (as the first key)',
    admit((ctx) => (/^Bearer /i.test(ctx.authorization ?? '') ? ctx.credentials[0]?.key : undefined))),
  mutant('auth-permissions-error', 'auth', 'R3', 'wrong credentials yield PERMISSIONS_ERROR instead of UNAUTHORIZED',
    answerError(stageIs('auth'), { identifier: 'PERMISSIONS_ERROR', status: 400 })),
];
