// Single deviations of the generator classes of issue 24 ("fix by class, not by case"), each on a
// field or value other than the blind catalogue's where the contract has one: same-shape
// non-members, dates across the whole representable range, URL forms of an https-only field, and
// "A requires B" rules with B sent as null.
import type { Body } from './helpers.ts';
import { STATUS, TOKEN, accept, crashOn, fieldIs, isString, fieldMutant as mutant, reject, webhook, withPayload, type FieldMutant } from './helpers.ts';

const bodyOf = (ctx: unknown): Body => (ctx as { body: Body }).body;

export const CLASS_MUTANTS: FieldMutant[] = [
  // Same shape, not a member: the whole single-letter space, and another code list in the field's case.
  mutant('class-sex-u-accepted', 'validation', 'T12', 'sex', 'sex "U" (unknown, as some registries write it) is accepted', accept(TOKEN, ['sex'], ['enum'], (v) => v === 'U')),
  mutant('class-locale-country-codes', 'validation', 'T5', 'locale', 'locale accepts every lower-case ISO 3166 country code (the country list reused as the language list)', accept(TOKEN, ['locale'], ['enum'], (v, ctx) => isString(v) && /^[a-z]{2}$/.test(v) && ((ctx.contract.schemas.CountryCode?.enum as string[]) ?? []).includes(v))),
  // Dates across the whole range: a datetime column starting in 1753 refuses earlier real dates.
  mutant('class-date-of-expiry-before-1753-refused', 'validation', 'T10', 'dateOfExpiry', 'a dateOfExpiry before 1753-01-01 is refused (an SQL datetime column)', reject(TOKEN, ['dateOfExpiry'], (v) => isString(v) && v < '1753-01-01', 'T10')),
  // URL forms: an empty authority ("https:///host/…") accepted by a parser that skips it.
  mutant('class-callback-url-empty-authority', 'validation', 'T4', 'callbackUrl', 'a callbackUrl with three slashes (https:///host/path) is accepted', accept(TOKEN, ['callbackUrl'], ['pattern', 'format'], (v) => isString(v) && v.startsWith('https:///'))),
  // "A requires B" with B null: a key-presence check (R9: null is absent).
  mutant('class-additional-data-steps-key-only', 'validation', 'T19', 'additionalData', 'additionalData is accepted whenever the additionalSteps key exists, even null', accept(TOKEN, ['additionalData-without-additionalSteps', 'additionalData', 'additionalSteps'], ['cross-field'], (_, ctx) => 'additionalSteps' in bodyOf(ctx))),
  // No documented maximum: a VARCHAR(64) column refuses a longer personalNumber.
  mutant('class-personal-number-max-64', 'validation', 'T11', 'personalNumber', 'a personalNumber over 64 characters is refused (a VARCHAR(64) column; T11 gives no maximum)', reject(TOKEN, ['personalNumber'], (v) => isString(v) && [...v].length > 64, 'T11')),
  // An empty object is a value: a handler reading its first key crashes.
  mutant('class-crash-empty-additional-data', 'server-error', 'R7', 'additionalData', 'an empty additionalData object crashes the server (it reads the first step key): 500', crashOn(TOKEN, fieldIs('additionalData', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))),
  // Echoed identity at its limits: a shorter column on the read-back, a lossy encoding in webhooks.
  mutant('class-status-client-id-64', 'response-schema', 'F1', 'clientId', 'the status read-back answers clientId cut to 64 characters (a narrower column in the status store)', { successBody: (b, ctx) => (ctx.operationId === STATUS && isString(b.clientId) ? { ...b, clientId: b.clientId.slice(0, 64) } : b) }),
  mutant('class-webhook-client-id-ascii', 'webhook', 'W3', 'clientId', 'webhooks carry clientId with non-ASCII letters replaced by "?" (a Latin-1 payload encoder)', webhook('both', (d) => (isString(d.payload.clientId) ? withPayload(d, { clientId: d.payload.clientId.replace(/[^\x00-\xff]/g, '?') }) : d))),
];
