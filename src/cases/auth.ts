// Authentication (S2, R3): every documented endpoint refuses missing, wrong and malformed
// credentials with UNAUTHORIZED. The body is otherwise valid (R8): for the dummy endpoints it
// names a real dummy verification, so the credentials are the only thing wrong.
import type { Contract, Operation } from '../contract/load.ts';
import { identifierFor } from '../contract/load.ts';
import { minimalBody, type Body } from '../arbitraries/requests.ts';
import type { RunContext } from '../engine/context.ts';
import type { AuthMode, Probe } from '../engine/exchange.ts';
import { sharedDummyScanRef } from './dummy.ts';
import { requestCase, type Case } from './model.ts';
import { ENV } from '../env-names.ts';
import { RULE } from '../contract/rulings.ts';

export const AUTH_VARIANTS: { name: string; mode: AuthMode; needsOtherKey?: boolean; needsLetters?: 'key' | 'secret' }[] = [
  { name: 'no Authorization header', mode: 'none' },
  { name: 'unknown API key', mode: 'wrong-key' },
  { name: 'wrong API secret', mode: 'wrong-secret' },
  { name: 'empty API secret', mode: 'empty-secret' },
  { name: 'empty API key', mode: 'empty-key' },
  // Near misses: a server comparing case-insensitively or only a prefix lets these through.
  { name: 'API key with its case swapped', mode: 'key-case-swapped', needsLetters: 'key' },
  { name: 'API secret with its case swapped', mode: 'secret-case-swapped', needsLetters: 'secret' },
  { name: 'API secret without its last character', mode: 'secret-truncated' },
  { name: 'API secret with one character more', mode: 'secret-extended' },
  { name: "another key pair's secret", mode: 'other-secret', needsOtherKey: true },
  { name: 'Bearer scheme with the key pair', mode: 'bearer' },
  { name: 'Basic scheme without credentials', mode: { header: 'Basic' } },
  { name: 'Basic credentials that are not base64', mode: { header: 'Basic !!!not-base64!!!' } },
  { name: 'Basic credentials without a colon', mode: { header: `Basic ${Buffer.from('ivs-conformance-no-colon').toString('base64')}` } },
  // Near misses a careful build still lets through: trimming, splitting on every colon, lenient decoding.
  { name: 'API key with a leading space', mode: derived((k, s) => basic(` ${k}`, s), ` $${ENV.apiKey}:$${ENV.apiSecret}`) },
  { name: 'API key with a trailing space', mode: derived((k, s) => basic(`${k} `, s), `$${ENV.apiKey} :$${ENV.apiSecret}`) },
  { name: 'API secret with a leading space', mode: derived((k, s) => basic(k, ` ${s}`), `$${ENV.apiKey}: $${ENV.apiSecret}`) },
  { name: 'API secret with a trailing space', mode: derived((k, s) => basic(k, `${s} `), `$${ENV.apiKey}:$${ENV.apiSecret} `) },
  { name: 'API secret followed by an extra colon', mode: derived((k, s) => basic(k, `${s}:`), `$${ENV.apiKey}:$${ENV.apiSecret}:`) },
  { name: 'an extra colon between key and secret', mode: derived((k, s) => basic(k, `:${s}`), `$${ENV.apiKey}::$${ENV.apiSecret}`) },
  { name: 'API secret followed by a colon and more', mode: derived((k, s) => basic(k, `${s}:x`), `$${ENV.apiKey}:$${ENV.apiSecret}:x`) },
  { name: 'empty key and empty secret', mode: derived(() => basic('', ''), ':') },
  { name: 'API key and secret swapped', mode: derived((k, s) => basic(s, k), `$${ENV.apiSecret}:$${ENV.apiKey}`) },
  {
    name: 'Basic scheme with key and secret not base64-encoded',
    mode: { derive: (k, s) => `Basic ${k}:${s}`, shown: { kind: 'header', header: `Basic $${ENV.apiKey}:$${ENV.apiSecret}` } },
  },
];

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A near-miss of the real key pair; the report shows it as a `curl -u` template, never the secret. */
function derived(derive: (key: string, secret: string) => string, user: string): AuthMode {
  return { derive, shown: { kind: 'user', user } };
}

/** RFC 7617 (and RFC 9110): the scheme name is case-insensitive, so these must be accepted. */
export const ACCEPTED_SCHEMES: { name: string; mode: AuthMode }[] = [
  { name: 'scheme name "basic" in lower case', mode: schemeAs('basic') },
  { name: 'scheme name "BASIC" in upper case', mode: schemeAs('BASIC') },
];

function schemeAs(scheme: string): AuthMode {
  return {
    derive: (k, s) => `${scheme} ${Buffer.from(`${k}:${s}`).toString('base64')}`,
    shown: { kind: 'header', header: `${scheme} $(printf %s "$${ENV.apiKey}:$${ENV.apiSecret}" | base64)` },
  };
}

/** Valid credentials with the scheme name in another case: accepted (read-only or token calls only). */
export function schemeCaseCases(suite: string, operations: Operation[]): Case[] {
  return operations.flatMap((op) =>
    ACCEPTED_SCHEMES.map((variant) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${variant.name}`,
        check: 'accepts-valid',
        endpoint: op.endpoint,
        constraint: 'scheme-case',
        rule: RULE.basicAuth,
        category: 'auth',
        expect: { kind: 'accept', rule: RULE.basicAuth, documented: false },
        probe: async (ctx) => {
          const body = await validBody(ctx, op);
          return typeof body === 'string' ? body : { op, body, auth: variant.mode };
        },
      }),
    ),
  );
}

/** A body valid for the operation apart from the credentials. */
async function validBody(ctx: RunContext, op: Operation): Promise<Body | string> {
  if (op === ctx.contract.operations.createToken) return minimalBody(op);
  const fixed = await sharedDummyScanRef(ctx);
  return typeof fixed === 'string' ? fixed : minimalBody(op, fixed);
}

export function authCases(suite: string, contract: Contract, operations: Operation[]): Case[] {
  const identifier = identifierFor(contract, 'auth');
  return operations.flatMap((op) =>
    AUTH_VARIANTS.map((variant) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${variant.name}`,
        check: 'rejects-invalid',
        endpoint: op.endpoint,
        constraint: typeof variant.mode === 'string' ? variant.mode : variant.name,
        rule: RULE.basicAuth,
        category: 'auth',
        expect: { kind: 'reject', identifier, rule: RULE.basicAuth, reason: variant.name },
        probe: async (ctx) => {
          if (variant.needsOtherKey && !ctx.otherCredentials) return 'no second key pair given (--api-key-2/--api-secret-2)';
          if (variant.needsLetters && !/[a-z]/i.test(ctx.credentials[variant.needsLetters])) return `the API ${variant.needsLetters} has no letters to swap the case of`;
          const body = await validBody(ctx, op);
          return typeof body === 'string' ? body : { op, body, auth: variant.mode };
        },
      }),
    ),
  );
}

/** Credentials offered where S2 does not put them: with no (Basic) Authorization they count for nothing. */
export const CREDENTIALS_ELSEWHERE: { name: string; auth: AuthMode; probe: Pick<Probe, 'headers' | 'query'> }[] = [
  { name: 'key pair in the query string', auth: 'none', probe: { query: { derive: (k, s) => `apiKey=${encodeURIComponent(k)}&apiSecret=${encodeURIComponent(s)}`, shown: `apiKey=$${ENV.apiKey}&apiSecret=$${ENV.apiSecret}` } } },
  { name: 'key pair in X-Api-Key and X-Api-Secret headers', auth: 'none', probe: { headers: (k, s) => ({ 'x-api-key': k, 'x-api-secret': s }) } },
  { name: 'Basic credentials in Proxy-Authorization', auth: 'none', probe: { headers: (k, s) => ({ 'proxy-authorization': `Basic ${Buffer.from(`${k}:${s}`).toString('base64')}` }) } },
  { name: 'the key pair under another scheme name (Token)', auth: { derive: (k, s) => `Token ${Buffer.from(`${k}:${s}`).toString('base64')}`, shown: { kind: 'header', header: `Token $(printf %s "$${ENV.apiKey}:$${ENV.apiSecret}" | base64)` } }, probe: {} },
];

export function credentialsElsewhereCases(suite: string, contract: Contract, operations: Operation[]): Case[] {
  const identifier = identifierFor(contract, 'auth');
  return operations.flatMap((op) =>
    CREDENTIALS_ELSEWHERE.map((variant) =>
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${variant.name}`,
        check: 'rejects-invalid',
        endpoint: op.endpoint,
        constraint: variant.name,
        rule: RULE.basicAuth,
        category: 'auth',
        expect: { kind: 'reject', identifier, rule: RULE.basicAuth, reason: `${variant.name}: S2 puts credentials in Basic auth only` },
        probe: async (ctx) => {
          const body = await validBody(ctx, op);
          return typeof body === 'string' ? body : { op, body, auth: variant.auth, ...variant.probe };
        },
      }),
    ),
  );
}
