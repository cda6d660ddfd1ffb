// Single deviations of the generator classes of issue 24 ("fix by class, not by case"), each on a
// field or value other than the blind catalogue's where the contract has one: same-shape
// non-members, dates across the whole representable range, URL forms of an https-only field, and
// "A requires B" rules with B sent as null.
import type { Body } from './helpers.ts';
import type { BaseContext } from '../stages.ts';
import { DUMMY, NAMES, STATUS, TOKEN, accept, answerError, crashOn, echoAs, fieldIs, isString, loneSurrogate, fieldMutant as mutant, reject, stageIs, webhook, withPayload, type FieldMutant } from './helpers.ts';

const bodyOf = (ctx: unknown): Body => (ctx as { body: Body }).body;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const ASTRAL = /[\u{10000}-\u{10ffff}]/u;
const html = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const decodeSafely = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};
/** The values of a field's list (its own enum, or its items'), read from the contract. */
const listOf = (ctx: BaseContext, operationId: string, name: string): unknown[] => {
  const schema = ctx.contract.operations[operationId as 'createToken']?.fields.find((f) => f.name === name)?.schema;
  return (schema?.enum ?? schema?.items?.enum ?? []) as unknown[];
};
/** A member of the field's list with whitespace around it (a server that trims before matching). */
const paddedMember = (operationId: string, name: string) => (v: unknown, ctx: BaseContext) => isString(v) && v !== v.trim() && listOf(ctx, operationId, name).includes(v.trim());
const rawIs = (re: RegExp) => (_: unknown, ctx: { stage: string; raw?: string }) => ctx.stage === 'json' && re.test(ctx.raw ?? '');

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
  // --- a body that is not UTF-8 (R3: JSON_ERROR or the vendor's ENCODING_ERROR; R7) -------------------
  mutant('class-crash-invalid-utf8', 'server-error', 'R7', undefined, 'a body that is not UTF-8 crashes the decoder: 500', answerError(stageIs('encoding'), { status: 500, identifier: 'INTERNAL_ERROR' })),
  mutant('class-invalid-utf8-bad-value', 'error-identifier', 'R3', undefined, 'a body that is not UTF-8 is refused with BAD_VALUE (decoded leniently, then a field check fails)', answerError(stageIs('encoding'), { identifier: 'BAD_VALUE' })),
  mutant('class-invalid-utf8-status-415', 'status-code', 'R2', undefined, 'a body that is not UTF-8 is answered 415 (unsupported charset) with ENCODING_ERROR', answerError(stageIs('encoding'), { status: 415 })),
  // --- lenient JSON readers refusing what they parsed with BAD_VALUE (R3: JSON_ERROR) -----------------
  mutant('class-json-single-quotes-bad-value', 'error-identifier', 'R3', undefined, "parses single-quoted strings (then refuses with BAD_VALUE, not JSON_ERROR)", answerError(rawIs(/:\s*'/), { identifier: 'BAD_VALUE' })),
  mutant('class-json-invalid-escape-bad-value', 'error-identifier', 'R3', undefined, 'reads \\x escapes (then refuses with BAD_VALUE, not JSON_ERROR)', answerError(rawIs(/\\x/), { identifier: 'BAD_VALUE' })),
  mutant('class-json-unquoted-key-bad-value', 'error-identifier', 'R3', undefined, 'reads unquoted keys (then refuses with BAD_VALUE, not JSON_ERROR)', answerError(rawIs(/,\s*[A-Za-z_]\w*\s*:/), { identifier: 'BAD_VALUE' })),
  // --- echoes that normalise, strip or escape, on fields the taxonomy catalogue left out (T3) ----------
  mutant('class-external-ref-nfc-echoed', 'response-schema', 'T3', 'externalRef', 'echoes externalRef NFC-normalised', echoAs('externalRef', (v: string) => v.normalize('NFC'))),
  mutant('class-address-zero-width-stripped', 'response-schema', 'T3', 'address', 'strips zero-width characters and soft hyphens from address', echoAs('address', (v: string) => v.replace(ZERO_WIDTH, ''))),
  mutant('class-client-id-html-escaped', 'response-schema', 'T3', 'clientId', 'echoes clientId HTML-escaped', echoAs('clientId', html)),
  mutant('class-external-ref-trailing-space-trimmed', 'response-schema', 'T3', 'externalRef', 'trims trailing whitespace from externalRef (a CHAR column)', echoAs('externalRef', (v: string) => v.replace(/\s+$/, ''))),
  mutant('class-personal-number-numeric-retyped', 'response-schema', 'T3', 'personalNumber', 'echoes an all-digit personalNumber as a number', echoAs('personalNumber', (v: string) => Number(v), (v) => isString(v) && /^\d{1,15}$/.test(v))),
  mutant('class-error-url-host-lowercased', 'response-schema', 'T3', 'errorUrl', 'echoes errorUrl with scheme and host lower-cased', echoAs('errorUrl', (v: string) => v.replace(/^[^:]+:\/\/[^/?#]+/, (m) => m.toLowerCase()))),
  mutant('class-unverified-url-empty-query-dropped', 'response-schema', 'T3', 'unverifiedUrl', "drops an empty query ('…/r?' → '…/r') from unverifiedUrl", echoAs('unverifiedUrl', (v: string) => v.replace(/\?(?=#|$)/, ''))),
  mutant('class-success-url-percent-decoded', 'response-schema', 'T3', 'successUrl', 'echoes successUrl percent-decoded', echoAs('successUrl', decodeSafely)),
  // --- valid text refused ---------------------------------------------------------------------------
  mutant('class-address-falsy-text-refused', 'validation', 'T13', 'address', "refuses the addresses '0', 'false' and 'null' (read as unset)", reject(TOKEN, ['address'], (v) => v === '0' || v === 'false' || v === 'null', 'T13')),
  mutant('class-address-astral-refused', 'validation', 'T13', 'address', 'refuses addresses with characters outside the BMP (a 3-byte UTF-8 column)', reject(TOKEN, ['address'], (v) => isString(v) && ASTRAL.test(v), 'T13')),
  mutant('class-client-id-combining-refused', 'validation', 'T1', 'clientId', 'refuses clientIds with combining marks', reject(TOKEN, ['clientId'], (v) => isString(v) && /\p{M}/u.test(v), 'T1')),
  mutant('class-date-of-expiry-far-future-refused', 'validation', 'T10', 'dateOfExpiry', 'refuses a dateOfExpiry after 2100 (a date library capped there)', reject(TOKEN, ['dateOfExpiry'], (v) => isString(v) && v > '2100', 'T10')),
  mutant('class-external-ref-falsy-text-refused', 'validation', 'T14', 'externalRef', "refuses the externalRefs '0', 'false' and 'null' (read as unset)", reject(TOKEN, ['externalRef'], (v) => v === '0' || v === 'false' || v === 'null', 'T14')),
  // --- falsy and padded stand-ins accepted -----------------------------------------------------------
  mutant('class-session-length-empty-text-unset', 'validation', 'R6', 'sessionLength', "reads sessionLength '' as unset", accept(TOKEN, ['sessionLength'], ['type'], (v) => v === '')),
  mutant('class-expiry-time-empty-text-unset', 'validation', 'R6', 'expiryTime', "reads expiryTime '' as unset", accept(TOKEN, ['expiryTime'], ['type'], (v) => v === '')),
  mutant('class-show-instructions-zero-false', 'validation', 'R6', 'showInstructions', 'reads showInstructions 0 as false', accept(TOKEN, ['showInstructions'], ['type'], (v) => v === 0)),
  mutant('class-utility-bill-zero-false', 'validation', 'R6', 'utilityBill', 'reads utilityBill 0 as false', accept(TOKEN, ['utilityBill'], ['type'], (v) => v === 0)),
  mutant('class-token-type-trimmed', 'validation', 'T15', 'tokenType', 'trims tokenType before matching', accept(TOKEN, ['tokenType'], ['enum'], paddedMember(TOKEN, 'tokenType'))),
  mutant('class-sex-trimmed', 'validation', 'T12', 'sex', 'trims sex before matching', accept(TOKEN, ['sex'], ['enum'], paddedMember(TOKEN, 'sex'))),
  mutant('class-manual-face-trimmed', 'validation', 'D2', 'manualFaceMatchResult', 'trims manualFaceMatchResult before matching', accept(DUMMY, ['manualFaceMatchResult'], ['enum'], paddedMember(DUMMY, 'manualFaceMatchResult'))),
  // --- crashes on values of the taxonomy -------------------------------------------------------------
  mutant('class-crash-lone-surrogate-document-number', 'server-error', 'R7', 'documentNumber', 'a lone surrogate in documentNumber crashes the encoder: 500', crashOn(TOKEN, fieldIs('documentNumber', loneSurrogate))),
  mutant('class-crash-empty-external-ref', 'server-error', 'R7', 'externalRef', 'an empty externalRef crashes the server: 500', crashOn(TOKEN, fieldIs('externalRef', (v) => v === ''))),
  mutant('class-crash-date-leap-day', 'server-error', 'R7', 'dateOfBirth', 'a 29 February in dateOfBirth crashes a date library: 500', crashOn(TOKEN, fieldIs('dateOfBirth', (v) => isString(v) && v.endsWith('-02-29')))),
  // The read-back of a scanRef that names no dummy verification: a plain token's (F1 names no refusal).
  mutant('class-crash-status-plain-token', 'server-error', 'R7', undefined, "the status read-back of a plain (non-dummy) token's scanRef crashes on its missing dummy data: 500", {
    tokenResponse: (body, ctx) => {
      if (!ctx.dummy && isString(body.scanRef)) ((ctx.state.plain ??= new Set<string>()) as Set<string>).add(body.scanRef);
      return body;
    },
    body: (body, ctx) => {
      const scanRef = (body as Body | null)?.scanRef;
      if (ctx.operationId === STATUS && isString(scanRef) && (ctx.state.plain as Set<string> | undefined)?.has(scanRef)) throw new TypeError('mutant: simulated crash');
      return body;
    },
  }),
  // --- blind round 3's classes, each on another field than the blind mutant ---------------------------
  // Each code of every code list: a nationality table that lacks one assigned code (Bonaire, 2010).
  mutant('class-nationality-bq-refused', 'validation', 'T8', 'nationality', 'nationality "BQ" (Bonaire, assigned 2010) is refused (an older code table)', reject(TOKEN, ['nationality'], (v) => isString(v) && v.toUpperCase() === 'BQ', 'T8')),
  // A neighbouring code list: a country code mapped to its language. Locale is the only language
  // list, so another value than the blind "se" (the country fields' side was already covered).
  mutant('class-locale-country-gb-mapped', 'validation', 'T5', 'locale', 'locale "gb" (the United Kingdom) is mapped to English and accepted', accept(TOKEN, ['locale'], ['enum'], (v) => v === 'gb')),
  // Interior whitespace echoed exactly: tabs expanded to a space.
  mutant('class-external-ref-tab-expanded', 'response-schema', 'T3', 'externalRef', 'echoes externalRef with tabs replaced by a space', echoAs('externalRef', (v: string) => v.replace(/\t/g, ' '), (v) => isString(v) && v.includes('\t'))),
  // A type error inside a list is strict types (R6), like a top-level one.
  mutant('class-documents-nonstring-item-accepted', 'validation', 'R6', 'documents', 'accepts a documents list with a non-text item (items are str()-ed)', accept(TOKEN, ['documents'], ['type'], (v) => Array.isArray(v) && v.some((d) => !isString(d)))),
  // A falsy value beside the field that makes it meaningful: {} steps read when utilityBill is true.
  mutant('class-crash-empty-steps-with-utility-bill', 'server-error', 'R7', 'additionalSteps', 'additionalSteps {} with utilityBill true crashes the exclusivity check (it reads the steps first): 500', crashOn(TOKEN, (b) => fieldIs('additionalSteps', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)(b) && (b as Body).utilityBill === true)),
  mutant('class-webhook-client-id-ascii', 'webhook', 'W3', 'clientId', 'webhooks carry clientId with non-ASCII letters replaced by "?" (a Latin-1 payload encoder)', webhook('both', (d) => (isString(d.payload.clientId) ? withPayload(d, { clientId: d.payload.clientId.replace(/[^\x00-\xff]/g, '?') }) : d))),
  // --- round 3, flow classes: near-miss references, per-verification settings, once, later reviews ---
  // A prefix lookup (LIKE 'x%'): a scanRef cut short resolves to the dummy verification it begins.
  mutant('class-scanref-prefix-resolves', 'validation', 'D1', 'scanRef', 'add-dummy-status resolves a scanRef that an issued one begins with (a prefix lookup)', {
    tokenResponse: (body, ctx) => {
      if (ctx.dummy && isString(body.scanRef)) ((ctx.state.issued ??= new Set<string>()) as Set<string>).add(body.scanRef);
      return body;
    },
    body: (body, ctx) => {
      const scanRef = (body as Body | null)?.scanRef;
      if (ctx.operationId !== DUMMY || !isString(scanRef) || scanRef.length < 8) return body;
      const real = [...((ctx.state.issued as Set<string> | undefined) ?? [])].find((ref) => ref !== scanRef && ref.startsWith(scanRef));
      return real ? { ...(body as Body), scanRef: real } : body;
    },
  }),
  // One callbackUrl per key, the first one registered: later tokens' callbackUrls are ignored.
  mutant('class-wh-first-callback', 'webhook', 'W1', 'callbackUrl', "every webhook goes to the first callbackUrl the verification's key registered", webhook('both', (d, ctx) => {
    const first = (ctx.state.first ??= new Map<string, string>()) as Map<string, string>;
    if (!first.has(ctx.verification.apiKey)) first.set(ctx.verification.apiKey, ctx.verification.callbackUrl!);
    return { ...d, url: first.get(ctx.verification.apiKey)! };
  })),
  // A retry job that does not record the 200: the manual result is sent again.
  mutant('class-wh-manual-twice', 'webhook', 'W1', undefined, 'the manual result is sent again 50 ms later although the first delivery got 200', webhook('manual', (d) => ({ ...d, repeatAfterMs: 50 }))),
  // The manual document status is written once: a second review leaves the first one's.
  mutant('class-manual-document-first-review-sticks', 'webhook', 'D3', 'manualDocument', "a second review does not change the stored manualDocument (the overall status does change)", {
    outcome: (value, ctx) => {
      const firsts = (ctx.state.firstDocument ??= new Map<string, unknown>()) as Map<string, unknown>;
      if (firsts.has(ctx.verification.scanRef)) ctx.verification.manualDocument = firsts.get(ctx.verification.scanRef) as typeof ctx.verification.manualDocument;
      else firsts.set(ctx.verification.scanRef, ctx.verification.manualDocument);
      return value;
    },
  }),
];
