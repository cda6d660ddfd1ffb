// The mutant catalogue, category response-schema: a successful or error answer whose content breaks the documented shape.
import type { Mutant } from '../stages.ts';
import { echoAs, isString, mutant, omitted, without } from './helpers.ts';

export const RESPONSE_SCHEMA_MUTANTS: Mutant[] = [
  mutant('first-name-not-uppercased', 'response-schema', 'T3', 'firstName is echoed as sent, not upper-cased',
    echoAs('firstName', (v) => v)),
  mutant('last-name-not-uppercased', 'response-schema', 'T3', 'lastName is echoed as sent, not upper-cased', echoAs('lastName', (v) => v)),
  mutant('address-trimmed', 'response-schema', 'T3', 'address is echoed trimmed and with collapsed spaces',
    echoAs('address', (v) => v.trim().replace(/\s+/g, ' '))),
  mutant('country-uppercased', 'response-schema', 'T3', 'country sent in lower case is echoed upper-cased',
    echoAs('country', (v) => v.toUpperCase())),
  // T3: everything but the names is echoed exactly as sent (S1 is about the key being there).
  mutant('client-id-lowercased', 'response-schema', 'T3', 'clientId is echoed in lower case', echoAs('clientId', (v) => v.toLowerCase())),
  mutant('external-ref-not-echoed', 'response-schema', 'S1', 'a sent externalRef is missing from the response', {
    tokenResponse: (body, ctx) => (omitted(ctx.request, 'externalRef') ? body : without(body, 'externalRef')),
  }),
  mutant('auth-token-too-long', 'response-schema', 'T20', 'authToken is 48 characters long',
    { tokenResponse: (body) => ({ ...body, authToken: `${body.authToken}${'x'.repeat(8)}` }) }),
  mutant('scan-ref-reused', 'response-schema', 'T20', 'every token response carries the same scanRef', {
    tokenResponse: (body, ctx) => {
      ctx.state.scanRef ??= body.scanRef;
      return { ...body, scanRef: ctx.state.scanRef };
    },
  }),
  mutant('digit-string-seven', 'response-schema', 'T17', 'digitString has 7 digits (as in the example) instead of 8', {
    tokenResponse: (body) => (isString(body.digitString) ? { ...body, digitString: body.digitString.slice(0, 7) } : body),
  }),
  mutant('dummy-message-wrong', 'response-schema', 'T21', "a dummy token answers 'Token created successfully'", {
    tokenResponse: (body, ctx) => (ctx.dummy ? { ...body, message: 'Token created successfully' } : body),
  }),
  mutant('error-without-message', 'response-schema', 'R1', 'error bodies carry only the identifier',
    { error: (reply) => ({ ...reply, body: { identifier: reply.body.identifier } }) }),
  mutant('error-text-plain', 'response-schema', 'R1', 'error answers are labelled Content-Type: text/plain',
    { error: (reply) => ({ ...reply, contentType: 'text/plain' }) }),
];
