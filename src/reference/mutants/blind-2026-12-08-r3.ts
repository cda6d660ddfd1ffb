// Blind catalogue, round 3 (issue 24): deviations a vendor build could ship, written from the seeds,
// the rulings and the contract alone, without reading how the suite tests. Kept out of MUTANTS; the
// lead scores it through BLIND_CATALOGUES. Each names the ruling it breaks and, where one applies,
// the field its finding would name.
import { createHmac } from 'node:crypto';
import type { Violation } from '../../contract/oracle.ts';
import type { Hooks } from '../stages.ts';
import { DUMMY, STATUS, TOKEN, VALID, admit, answerError, crashOn, defaultAs, echoAs, fieldIs, fieldMutant, gate, identifierIs, isString, knownKey, lookupFor, omitted, phantom, reject, signedWith, stageIs, succeedWith, webhook, withPayload, type Body, type FieldMutant } from './helpers.ts';

const str = (v: unknown): string => (isString(v) ? v : '');
const cp = (v: unknown) => [...str(v)].length;

/** Drops every violation naming `field` (a request field or a cross-field rule id) when `when` holds for the body. */
function acceptWhen(operationId: string, field: string, when: (value: unknown, body: Body) => boolean): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== operationId || !('violations' in verdict) || !when(ctx.body[field], ctx.body)) return verdict;
      const rest = verdict.violations.filter((v: Violation) => v.field !== field);
      return rest.length === 0 ? VALID : { ...verdict, violations: rest };
    },
  };
}

/** Rewrites one field of the parsed request before anything else sees it (a lenient parser, a coercion). */
function coerce(operationId: string, field: string, when: (value: unknown) => boolean, to: (value: any) => unknown): Hooks {
  return {
    body: (body, ctx) => {
      if (ctx.operationId !== operationId || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
      const value = (body as Body)[field];
      return value !== undefined && when(value) ? { ...(body as Body), [field]: to(value) } : body;
    },
  };
}

const replaceError = (when: Parameters<typeof answerError>[0], body: (b: Body) => Body): Hooks => ({
  error: (reply, ctx) => (when(reply, ctx) ? { ...reply, body: body(reply.body) } : reply),
});

const V = 'validation';
const D = 'defaults';
const E = 'error-identifier';
const S = 'status-code';
const RS = 'response-schema';
const A = 'auth';
const ENV = 'environment';
const W = 'webhook';
const X = 'server-error';

const sortKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sortKeys) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Body)[k])])) : value;
const hmac = (key: string, data: Buffer | string) => createHmac('sha256', key).update(data).digest('hex');

export const BLIND_2026_12_08_R3: FieldMutant[] = [
  // --- clientId (T1) -------------------------------------------------------------------------------
  fieldMutant('blind3-clientid-slash-refused', V, 'T1', 'clientId', 'clientId with "/" refused: it is used as a path segment in the dashboard URL', reject(TOKEN, ['clientId'], (v) => str(v).includes('/'), 'T1')),
  fieldMutant('blind3-clientid-number-coerced', V, 'R6', 'clientId', 'a numeric clientId is accepted and stringified (legacy integer clientId of the old /data endpoint)', coerce(TOKEN, 'clientId', (v) => typeof v === 'number', (v) => String(v))),
  fieldMutant('blind3-clientid-echo-trimmed', RS, 'T3', 'clientId', 'clientId is stored stripped, so the echo loses leading and trailing spaces', echoAs('clientId', (s: string) => s.trim())),
  fieldMutant('blind3-clientid-echo-numeric', RS, 'T3', 'clientId', 'a digits-only clientId is echoed as a JSON number (ORM column typed integer)', echoAs('clientId', (s: string) => Number(s), (v) => isString(v) && /^[0-9]{1,15}$/.test(v))),
  fieldMutant('blind3-clientid-duplicate-409', S, 'T1', 'clientId', 'a second token for a clientId with an active session answers 409 "Client ID already exists"', {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== TOKEN || !verdict.valid) return verdict;
      const seen = (ctx.state.clients ??= new Set<string>()) as Set<string>;
      const id = String(ctx.body.clientId);
      if (seen.has(id)) return { valid: false, neverSend: false, violations: [{ field: 'clientId', kind: 'mutant', identifier: 'CONFLICT', rule: 'T1', message: 'Client ID already exists.' }] };
      seen.add(id);
      return verdict;
    },
    error: (reply) => (reply.body.identifier === 'CONFLICT' ? { ...reply, status: 409 } : reply),
  }),
  fieldMutant('blind3-clientid-null-bad-value', E, 'R3', 'clientId', 'clientId null is answered BAD_VALUE ("not a string") instead of MISSING_VALUE', answerError((_, ctx) => ctx.violation?.field === 'clientId' && ctx.violation.kind === 'required-null', { identifier: 'BAD_VALUE' })),

  // --- names (T2, T3) ------------------------------------------------------------------------------
  fieldMutant('blind3-firstname-utf16-length', V, 'T2', 'firstName', 'firstName length counted in UTF-16 units, so 100 supplementary-plane letters are "too long"', reject(TOKEN, ['firstName'], (v) => str(v).length > 100, 'T2')),
  fieldMutant('blind3-firstname-arabic-digit', V, 'T2', 'firstName', 'the digit check is /[0-9]/, so Arabic-Indic and other Unicode digits pass', acceptWhen(TOKEN, 'firstName', (v) => isString(v) && /\p{Nd}/u.test(v) && !/[0-9~!@#$%^*()_+={}[\]|:;",<>/?]/.test(v))),
  fieldMutant('blind3-lastname-angle-brackets', V, 'T2', 'lastName', 'the forbidden-character list is the newer one without < and >', acceptWhen(TOKEN, 'lastName', (v) => isString(v) && /[<>]/.test(v) && !/[\p{Nd}~!@#$%^*()_+={}[\]|:;",/?]/u.test(v))),
  fieldMutant('blind3-lastname-apostrophe', V, 'T2', 'lastName', "an apostrophe is refused (SQL-injection filter): O'Brien cannot verify", reject(TOKEN, ['lastName'], (v) => str(v).includes("'"), 'T2')),
  fieldMutant('blind3-firstname-ampersand', V, 'T2', 'firstName', 'an ampersand is refused (HTML-escaping filter)', reject(TOKEN, ['firstName'], (v) => str(v).includes('&'), 'T2')),
  fieldMutant('blind3-firstname-ascii-only', V, 'T2', 'firstName', 'the name pattern is [A-Za-z -\'.&]+, so Cyrillic and other scripts are refused', reject(TOKEN, ['firstName'], (v) => /[^\x00-\x7f]/.test(str(v)), 'T2')),
  fieldMutant('blind3-lastname-100-refused', V, 'T2', 'lastName', 'lastName maximum applied as < 100', reject(TOKEN, ['lastName'], (v) => cp(v) === 100, 'T2')),
  fieldMutant('blind3-firstname-echo-ascii-upper', RS, 'T3', 'firstName', 'upper-casing maps only a-z, so "José" comes back "JOSé"', echoAs('firstName', (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase()))),
  fieldMutant('blind3-lastname-echo-turkish-upper', RS, 'T3', 'lastName', 'upper-casing uses the server locale (tr_TR), so "i" becomes "İ"', echoAs('lastName', (s: string) => s.toLocaleUpperCase('tr'))),
  fieldMutant('blind3-firstname-echo-collapsed', RS, 'T3', 'firstName', 'the name is normalised before storing: inner runs of spaces collapsed and ends trimmed', echoAs('firstName', (s: string) => s.toUpperCase().replace(/\s+/g, ' ').trim())),
  // --- URLs (T4, T22) ------------------------------------------------------------------------------
  fieldMutant('blind3-successurl-2048-refused', V, 'T4', 'successUrl', 'successUrl maximum applied as < 2048', reject(TOKEN, ['successUrl'], (v) => cp(v) === 2048, 'T4')),
  fieldMutant('blind3-callbackurl-no-host', V, 'T4', 'callbackUrl', 'callbackUrl checked with startsWith("https://"), so "https://" alone passes', acceptWhen(TOKEN, 'callbackUrl', (v) => str(v).startsWith('https://'))),
  fieldMutant('blind3-successurl-default-idenfy', D, 'T22', 'successUrl', 'the white label left the upstream default: successUrl defaults to ui.idenfy.com', defaultAs('successUrl', 'https://ui.idenfy.com/result?status=success')),
  fieldMutant('blind3-errorurl-default-success', D, 'T22', 'errorUrl', 'copy-paste: errorUrl defaults to the success page', defaultAs('errorUrl', 'https://ui.markid.eu/result?status=success')),
  fieldMutant('blind3-unverifiedurl-default-fail', D, 'T22', 'unverifiedUrl', 'unverifiedUrl defaults to the fail page', defaultAs('unverifiedUrl', 'https://ui.markid.eu/result?status=fail')),
  fieldMutant('blind3-successurl-echo-trailing-slash', RS, 'T3', 'successUrl', 'successUrl is normalised by a URL parser: a bare origin gains a trailing "/"', echoAs('successUrl', (s: string) => new URL(s).href, (v) => isString(v) && /^https?:\/\/[^/?#]+$/.test(v))),

  // --- locale (T5) ---------------------------------------------------------------------------------
  fieldMutant('blind3-locale-region-accepted', V, 'T5', 'locale', 'locale matched on its first two letters, so "en-GB" passes', acceptWhen(TOKEN, 'locale', (v) => /^(lt|en|ru|pl|lv|ro|it|de|fr|sv|es|hu|ja|bg|et|cs)[-_][A-Za-z]{2}$/.test(str(v)))),
  fieldMutant('blind3-locale-cs-refused', V, 'T5', 'locale', 'the language list has "cz" for Czech, so the documented "cs" is refused', reject(TOKEN, ['locale'], (v) => v === 'cs', 'T5')),
  fieldMutant('blind3-locale-se-accepted', V, 'T5', 'locale', 'a country code "se" is mapped to Swedish and accepted', acceptWhen(TOKEN, 'locale', (v) => v === 'se')),
  // --- expiryTime (T6) -----------------------------------------------------------------------------
  fieldMutant('blind3-expiry-max-refused', V, 'T6', 'expiryTime', '"not exceeding 2592000" applied as < 2592000', reject(TOKEN, ['expiryTime'], (v) => v === 2592000, 'T6')),
  fieldMutant('blind3-expiry-fraction-truncated', V, 'T6', 'expiryTime', 'expiryTime parsed with int(), so 600.5 passes as 600', coerce(TOKEN, 'expiryTime', (v) => typeof v === 'number' && !Number.isInteger(v) && v > 1, (v: number) => Math.trunc(v))),
  fieldMutant('blind3-expiry-default-string', D, 'T6', 'expiryTime', 'the default expiryTime comes from settings as a string, "86400"', defaultAs('expiryTime', '86400')),
  fieldMutant('blind3-expiry-max-crash', X, 'R7', 'expiryTime', 'expiryTime * 1000 overflows an int32 column above ~24.8 days, a 500', crashOn(TOKEN, fieldIs('expiryTime', (v) => typeof v === 'number' && v * 1000 > 2 ** 31 - 1 && v <= 2592000))),
  fieldMutant('blind3-expiry-echo-string', RS, 'T3', 'expiryTime', 'the echo of expiryTime is a string (serialiser reads it from a CharField)', echoAs('expiryTime', (n: number) => String(n), (v) => typeof v === 'number')),

  // --- sessionLength (T7) --------------------------------------------------------------------------
  fieldMutant('blind3-session-longer-than-expiry', V, 'T7', 'sessionLength', 'a sessionLength longer than expiryTime is refused (no documented cross-field rule)', reject(TOKEN, ['sessionLength'], (v, ctx: any) => typeof v === 'number' && typeof ctx.body.expiryTime === 'number' && v > ctx.body.expiryTime, 'T7')),
  fieldMutant('blind3-session-default-capped', D, 'T7', 'sessionLength', 'the default sessionLength is capped at the sent expiryTime', { tokenResponse: (body, ctx) => (omitted(ctx.request, 'sessionLength') && typeof ctx.request.expiryTime === 'number' && ctx.request.expiryTime < 1800 ? { ...body, sessionLength: ctx.request.expiryTime } : body) }),
  // --- booleans (T16, T17, R6) ---------------------------------------------------------------------
  fieldMutant('blind3-showinstructions-int', V, 'R6', 'showInstructions', 'showInstructions 0/1 accepted as booleans', coerce(TOKEN, 'showInstructions', (v) => v === 0 || v === 1, (v: number) => v === 1)),
  fieldMutant('blind3-showinstructions-false-lost', RS, 'T16', 'showInstructions', 'showInstructions = body.showInstructions || true: a sent false comes back true', echoAs('showInstructions', () => true, (v) => v === false)),
  fieldMutant('blind3-showinstructions-default-absent', D, 'R11', 'showInstructions', 'an omitted showInstructions is left out of the response (default applied only later)', { tokenResponse: (body, ctx) => (omitted(ctx.request, 'showInstructions') ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'showInstructions')) : body) }),
  fieldMutant('blind3-digitstring-empty', RS, 'T17', 'digitString', 'digitString is "" rather than null when not requested', { tokenResponse: (body, ctx) => (ctx.request.generateDigitString !== true ? { ...body, digitString: '' } : body) }),
  fieldMutant('blind3-digitstring-number', RS, 'T17', 'digitString', 'digitString is a JSON number (generated with randint)', { tokenResponse: (body) => (isString(body.digitString) ? { ...body, digitString: Number(`1${body.digitString.slice(1)}`) } : body) }),
  fieldMutant('blind3-digitstring-alnum', RS, 'T17', 'digitString', 'digitString is generated with the authToken alphabet: letters appear', { tokenResponse: (body) => (isString(body.digitString) ? { ...body, digitString: `A${body.digitString.slice(1)}` } : body) }),
  // --- country, nationality (T8) -------------------------------------------------------------------
  fieldMutant('blind3-nationality-eu-accepted', V, 'T8', 'nationality', 'nationality list includes EU (accepted for EU citizens)', acceptWhen(TOKEN, 'nationality', (v) => str(v).toUpperCase() === 'EU')),
  fieldMutant('blind3-country-lower-refused', V, 'T8', 'country', 'country compared upper-case only, so the documented "lt" is refused', reject(TOKEN, ['country'], (v) => /^[a-z]{2}$/.test(str(v)), 'T8')),
  fieldMutant('blind3-nationality-alpha3', V, 'T8', 'nationality', 'alpha-3 codes (GBR, LTU) accepted for nationality (MRZ style)', acceptWhen(TOKEN, 'nationality', (v) => /^[A-Za-z]{3}$/.test(str(v)))),
  fieldMutant('blind3-country-transitional', V, 'T8', 'country', 'the country table is pre-2011: AN (Netherlands Antilles) still accepted', acceptWhen(TOKEN, 'country', (v) => str(v).toUpperCase() === 'AN')),
  fieldMutant('blind3-country-ss-refused', V, 'T8', 'country', 'the country table is pre-2011: South Sudan SS refused', reject(TOKEN, ['country'], (v) => str(v).toUpperCase() === 'SS', 'T8')),
  fieldMutant('blind3-country-echo-upper', RS, 'T3', 'country', 'country is stored upper-cased, so "lt" is echoed "LT"', echoAs('country', (s: string) => s.toUpperCase())),
  fieldMutant('blind3-nationality-default-country', D, 'T8', 'nationality', 'an omitted nationality defaults to the sent country', { tokenResponse: (body, ctx) => (omitted(ctx.request, 'nationality') && isString(ctx.request.country) ? { ...body, nationality: ctx.request.country } : body) }),

  // --- documents (T9) ------------------------------------------------------------------------------
  fieldMutant('blind3-documents-other-refused', V, 'T9', 'documents', 'OTHER is not in the request enum, although the dummy examples send it', reject(TOKEN, ['documents'], (v) => Array.isArray(v) && v.includes('OTHER'), 'T9')),
  fieldMutant('blind3-documents-diplomatic-refused', V, 'T9', 'documents', 'the enum stops at PROOF_OF_AGE_CARD: DIPLOMATIC_ID refused', reject(TOKEN, ['documents'], (v) => Array.isArray(v) && v.includes('DIPLOMATIC_ID'), 'T9')),
  fieldMutant('blind3-documents-lowercase', V, 'T23', 'documents', 'document types upper-cased before the enum check: "passport" passes', coerce(TOKEN, 'documents', (v) => Array.isArray(v) && v.every(isString) && v.some((d) => d !== d.toUpperCase()), (v: string[]) => v.map((d) => d.toUpperCase()))),
  fieldMutant('blind3-documents-string-wrapped', V, 'R6', 'documents', 'a single string for documents is wrapped into a list', coerce(TOKEN, 'documents', isString, (v: string) => [v])),
  fieldMutant('blind3-documents-echo-drops-other', RS, 'T3', 'documents', 'the echo filters documents through the 18-type list, dropping OTHER', echoAs('documents', (d: string[]) => d.filter((x) => x !== 'OTHER'), (v) => Array.isArray(v) && v.includes('OTHER') && v.length > 1)),
  fieldMutant('blind3-documents-echo-config', RS, 'T3', 'documents', 'the echo returns the environment configuration, not the sent list', echoAs('documents', () => ['ID_CARD', 'PASSPORT'], (v) => Array.isArray(v) && !(v.length === 2 && v.includes('ID_CARD') && v.includes('PASSPORT')))),
  fieldMutant('blind3-documents-default-empty', D, 'T9', 'documents', 'an omitted documents list is returned as [] ("no restriction")', defaultAs('documents', [])),

  // --- dates (T10) ---------------------------------------------------------------------------------
  fieldMutant('blind3-doi-2000-feb29-refused', V, 'T10', 'dateOfIssue', 'leap years computed as divisible by 4 and not by 100: 2000-02-29 refused', reject(TOKEN, ['dateOfIssue'], (v) => str(v) === '2000-02-29', 'T10')),
  fieldMutant('blind3-dob-unpadded', V, 'T10', 'dateOfBirth', 'dates parsed with a lenient parser: "1990-1-5" passes', acceptWhen(TOKEN, 'dateOfBirth', (v) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(str(v)) && !Number.isNaN(Date.parse(str(v))))),
  fieldMutant('blind3-doe-datetime', V, 'T10', 'dateOfExpiry', 'an ISO datetime is accepted as a date', acceptWhen(TOKEN, 'dateOfExpiry', (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(str(v)))),
  fieldMutant('blind3-doi-apr31', V, 'T10', 'dateOfIssue', 'days checked against 31 for every month: 2021-04-31 passes', acceptWhen(TOKEN, 'dateOfIssue', (v) => /^\d{4}-(04|06|09|11)-31$/.test(str(v)))),
  fieldMutant('blind3-doe-past-refused', V, 'T10', 'dateOfExpiry', 'an expired document date is refused at token creation', reject(TOKEN, ['dateOfExpiry'], (v) => /^\d{4}-\d{2}-\d{2}$/.test(str(v)) && Date.parse(str(v)) < Date.now(), 'T10')),
  fieldMutant('blind3-dob-echo-datetime', RS, 'T3', 'dateOfBirth', 'the date is echoed through a datetime serialiser: "1990-12-20T00:00:00"', echoAs('dateOfBirth', (s: string) => `${s}T00:00:00`)),
  fieldMutant('blind3-doe-echo-tz-shift', RS, 'T3', 'dateOfExpiry', 'the date is stored as local midnight and echoed in UTC: one day early', echoAs('dateOfExpiry', (s: string) => new Date(Date.parse(`${s}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), (v) => /^\d{4}-\d{2}-\d{2}$/.test(str(v)))),
  fieldMutant('blind3-dob-pre-epoch-crash', X, 'R7', 'dateOfBirth', 'a birth date before 1970 gives a negative timestamp and the age computation throws', crashOn(TOKEN, fieldIs('dateOfBirth', (v) => /^19[0-6]\d-\d{2}-\d{2}$/.test(str(v))))),

  // --- personalNumber, documentNumber, sex, address, externalRef (T11-T14) -------------------------
  fieldMutant('blind3-documentnumber-number', V, 'R6', 'documentNumber', 'a numeric documentNumber is accepted and stringified', coerce(TOKEN, 'documentNumber', (v) => typeof v === 'number', (v: number) => String(v))),
  fieldMutant('blind3-personalnumber-echo-zeros', RS, 'T3', 'personalNumber', 'a digits-only personalNumber is stored as a number: leading zeros lost in the echo', echoAs('personalNumber', (s: string) => String(Number(s)), (v) => isString(v) && /^0\d+$/.test(v))),
  fieldMutant('blind3-sex-x-accepted', V, 'T12', 'sex', 'sex accepts X (ICAO 9303 non-binary marker)', acceptWhen(TOKEN, 'sex', (v) => v === 'X')),
  fieldMutant('blind3-sex-echo-word', RS, 'T3', 'sex', 'sex echoed through the display choices: "MALE"/"FEMALE"', echoAs('sex', (s: string) => (s === 'M' ? 'MALE' : 'FEMALE'), (v) => v === 'M' || v === 'F')),
  fieldMutant('blind3-address-echo-oneline', RS, 'T3', 'address', 'the address is stored on one line: line breaks become ", "', echoAs('address', (s: string) => s.replace(/\r?\n/g, ', '), (v) => isString(v) && v.includes('\n'))),
  fieldMutant('blind3-externalref-40-refused', V, 'T14', 'externalRef', '"Length <= 40" applied as < 40', reject(TOKEN, ['externalRef'], (v) => cp(v) === 40, 'T14')),
  fieldMutant('blind3-externalref-nonascii-crash', X, 'R7', 'externalRef', 'externalRef is written to a latin-1 column: a non-Latin-1 character throws', crashOn(TOKEN, fieldIs('externalRef', (v) => /[^\x00-\xff]/.test(str(v))))),
  fieldMutant('blind3-externalref-echo-null', RS, 'T3', 'externalRef', 'externalRef is not echoed back (serialiser field missing): null', echoAs('externalRef', () => null)),

  // --- tokenType, videoCallQuestions, steps (T15, T18, T19) ----------------------------------------
  fieldMutant('blind3-tokentype-photos-refused', V, 'T15', 'tokenType', 'VIDEO_CALL_PHOTOS missing from the enum', reject(TOKEN, ['tokenType'], (v) => v === 'VIDEO_CALL_PHOTOS', 'T15')),
  fieldMutant('blind3-questions-nonstring-item', V, 'R6', 'videoCallQuestions', 'question items are str()-ed, so [1] passes', coerce(TOKEN, 'videoCallQuestions', (v) => Array.isArray(v) && v.some((q) => typeof q === 'number'), (v: unknown[]) => v.map(String))),
  fieldMutant('blind3-questions-echo-blank-dropped', RS, 'T3', 'videoCallQuestions', 'blank questions are filtered out of the echo', echoAs('videoCallQuestions', (q: string[]) => q.filter((s) => s.trim() !== ''), (v) => Array.isArray(v) && v.some((s) => isString(s) && s.trim() === ''))),
  fieldMutant('blind3-questions-empty-crash', X, 'R7', 'videoCallQuestions', 'an empty question list with a video-call tokenType reads questions[0]', crashOn(TOKEN, (b) => fieldIs('videoCallQuestions', (v) => Array.isArray(v) && v.length === 0)(b) && String((b as Body).tokenType ?? '').startsWith('VIDEO_CALL'))),
  fieldMutant('blind3-utilitybill-false-with-steps', V, 'T19', 'utilityBill', 'the exclusivity checks that utilityBill is present, not that it is true: false with steps refused', reject(TOKEN, ['utilityBill'], (v, ctx: any) => v === false && ctx.body.additionalSteps != null, 'T19')),
  fieldMutant('blind3-steps-null-with-utilitybill', V, 'R9', 'additionalSteps', 'the exclusivity checks key presence: additionalSteps null with utilityBill true refused', reject(TOKEN, ['utilityBill'], (v, ctx: any) => v === true && 'additionalSteps' in ctx.body && ctx.body.additionalSteps === null, 'T19')),
  fieldMutant('blind3-utilitybill-default-zero', D, 'T19', 'utilityBill', 'an omitted utilityBill is returned as 0 (tinyint column)', { tokenResponse: (body, ctx) => (omitted(ctx.request, 'utilityBill') && omitted(ctx.request, 'additionalSteps') ? { ...body, utilityBill: 0 } : body) }),
  fieldMutant('blind3-steps-echo-string', RS, 'T3', 'additionalSteps', 'additionalSteps echoed as its JSON text (stored in a text column)', echoAs('additionalSteps', (o: unknown) => JSON.stringify(o), (v) => typeof v === 'object' && v !== null)),
  fieldMutant('blind3-data-echo-null', RS, 'T3', 'additionalData', 'additionalData is write-only: echoed null', echoAs('additionalData', () => null, (v) => typeof v === 'object' && v !== null)),

  // --- response identifiers and messages (T20, T21, S1, S3) ----------------------------------------
  fieldMutant('blind3-scanref-idempotent', RS, 'T20', 'scanRef', 'token creation is idempotent per clientId: the same scanRef comes back', {
    tokenResponse: (body, ctx) => {
      const seen = (ctx.state.byClient ??= new Map<string, unknown>()) as Map<string, unknown>;
      const id = String(ctx.request.clientId);
      if (!seen.has(id)) seen.set(id, body.scanRef);
      return { ...body, scanRef: seen.get(id) };
    },
  }),
  fieldMutant('blind3-authtoken-cached', RS, 'T20', 'authToken', 'the authToken is cached per API key for its lifetime: repeated across calls', {
    tokenResponse: (body, ctx) => ({ ...body, authToken: ((ctx.state.token as string | undefined) ??= String(body.authToken)) }),
  }),
  fieldMutant('blind3-scanref-prefixed', RS, 'T20', 'scanRef', 'scanRefs are prefixed "sandbox-" in development: 44 characters', { scanRef: (value) => `sandbox-${value}` }),
  fieldMutant('blind3-token-202', S, 'R4', undefined, 'a dummy token answers 202 Accepted (the verification is processed asynchronously)', { success: (value, ctx) => (ctx.operationId === TOKEN && value === 201 && (ctx.state.dummy as boolean) ? 202 : value), tokenResponse: (body, ctx) => ((ctx.state.dummy = ctx.dummy), body) }),
  // --- dummyStatus and environments (T21, D4) ------------------------------------------------------
  fieldMutant('blind3-dummystatus-active-refused', V, 'T21', 'dummyStatus', 'the dummy list follows the newest page: ACTIVE refused', reject(TOKEN, ['dummyStatus'], (v) => v === 'ACTIVE', 'T21')),
  fieldMutant('blind3-dummystatus-empty-ignored', V, 'T21', 'dummyStatus', 'an empty dummyStatus is falsy, so a plain token is created', coerce(TOKEN, 'dummyStatus', (v) => v === '', () => undefined)),
  fieldMutant('blind3-testing-dummy-null-refused', ENV, 'R9', 'dummyStatus', 'the environment gate checks "dummyStatus" in body, so null is refused outside development', gate(TOKEN, (ctx, faithful) => faithful || ('dummyStatus' in (ctx.body ?? {}) && ctx.environment !== 'development')), 'testing'),
  fieldMutant('blind3-testing-plain-refused', ENV, 'T21', undefined, 'outside development no token at all is created (reading "neither a simple token")', gate(TOKEN, (ctx, faithful) => faithful || ctx.environment !== 'development'), 'testing'),
  fieldMutant('blind3-testing-active-allowed', ENV, 'T21', 'dummyStatus', 'ACTIVE is "not a result", so the gate lets an ACTIVE dummy through in testing', gate(TOKEN, (ctx, faithful) => faithful && ctx.body?.dummyStatus !== 'ACTIVE'), 'testing'),
  fieldMutant('blind3-testing-dummy-stripped', ENV, 'T21', 'dummyStatus', 'outside development dummyStatus is silently dropped: a plain token is created', {
    body: (body, ctx) =>
      ctx.operationId === TOKEN && ctx.environment !== 'development' && typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Body).dummyStatus != null
        ? Object.fromEntries(Object.entries(body as Body).filter(([k]) => k !== 'dummyStatus'))
        : body,
  }, 'testing'),
  fieldMutant('blind3-production-add-dummy-stub', ENV, 'D4', undefined, 'add-dummy-status is stubbed to 200 outside development', {
    gating: (value, ctx) => (ctx.operationId === DUMMY ? false : value),
    lookup: (found, ctx) => found ?? (ctx.operationId === DUMMY && ctx.environment !== 'development' ? phantom(ctx.scanRef) : undefined),
  }, 'production'),

  // --- add-dummy-status (D1-D3) --------------------------------------------------------------------
  fieldMutant('blind3-doc-nationality-error-refused', V, 'D2', 'manualDocumentValidity', 'the document list stops before DOC_NATIONALITY_ERROR', reject(DUMMY, ['manualDocumentValidity'], (v) => v === 'DOC_NATIONALITY_ERROR', 'D2')),
  fieldMutant('blind3-doc-face-value-accepted', V, 'D2', 'manualDocumentValidity', 'one union enum validates both statuses: FACE_MATCH passes as a document status', acceptWhen(DUMMY, 'manualDocumentValidity', (v) => isString(v) && /^(FACE_MATCH|FACE_MISMATCH|NO_FACE_FOUND|TOO_MANY_FACES|FACE_TOO_BLURRY|FACE_UNCERTAIN|FACE_NOT_ANALYSED|FACE_ERROR|FAKE_FACE)$/.test(v))),
  fieldMutant('blind3-face-lowercase', V, 'T23', 'manualFaceMatchResult', 'manual statuses upper-cased before the check', coerce(DUMMY, 'manualFaceMatchResult', (v) => isString(v) && /^[a-z_]+$/.test(v), (v: string) => v.toUpperCase())),
  fieldMutant('blind3-face-missing-default', V, 'D2', 'manualFaceMatchResult', 'a missing manualFaceMatchResult defaults to FACE_MATCH', {
    body: (body, ctx) =>
      ctx.operationId === DUMMY && typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Body).manualFaceMatchResult === undefined ? { ...(body as Body), manualFaceMatchResult: 'FACE_MATCH' } : body,
  }),
  fieldMutant('blind3-doc-missing-bad-value', E, 'R3', 'manualDocumentValidity', 'a missing manualDocumentValidity answers BAD_VALUE ("None is not a valid choice")', answerError((_, ctx) => ctx.operationId === DUMMY && ctx.violation?.field === 'manualDocumentValidity' && (ctx.violation.kind === 'required' || ctx.violation.kind === 'required-null'), { identifier: 'BAD_VALUE' })),
  fieldMutant('blind3-scanref-list-accepted', V, 'D1', 'scanRef', 'scanRef as the table\'s List: a one-item list is unwrapped', coerce(DUMMY, 'scanRef', (v) => Array.isArray(v) && v.length === 1 && isString(v[0]), (v: string[]) => v[0])),
  fieldMutant('blind3-scanref-case-folded', V, 'D1', 'scanRef', 'scanRefs are looked up case-insensitively (lower-cased first)', coerce(DUMMY, 'scanRef', (v) => isString(v) && v !== v.toLowerCase(), (v: string) => v.toLowerCase())),
  fieldMutant('blind3-scanref-trimmed', V, 'D1', 'scanRef', 'scanRef is stripped before the lookup', coerce(DUMMY, 'scanRef', (v) => isString(v) && v !== v.trim(), (v: string) => v.trim())),
  fieldMutant('blind3-scanref-unknown-404', S, 'R2', 'scanRef', 'an unknown scanRef answers 404 (get_object_or_404)', answerError(stageIs('lookup'), { status: 404 })),
  fieldMutant('blind3-scanref-unknown-identifier', E, 'D1', 'scanRef', 'an unknown scanRef answers identifier NOT_FOUND', answerError((_, ctx) => ctx.stage === 'lookup' && ctx.operationId === DUMMY, { identifier: 'NOT_FOUND' })),
  fieldMutant('blind3-scanref-number-crash', X, 'R7', 'scanRef', 'scanRef.strip() on a number throws', crashOn(DUMMY, fieldIs('scanRef', (v) => typeof v === 'number'))),
  fieldMutant('blind3-outcome-document-only', RS, 'D3', 'status', 'APPROVED decided by the document status alone', { outcome: (value, ctx) => (ctx.request.manualDocumentValidity === 'DOC_VALIDATED' ? 'APPROVED' : value) }),
  fieldMutant('blind3-outcome-keeps-auto', RS, 'D3', 'status', 'a non-approving manual pair leaves the auto status instead of DENIED', { outcome: (value, ctx) => (value === 'DENIED' && ctx.verification.dummyStatus ? ctx.verification.dummyStatus : value) }),
  fieldMutant('blind3-outcome-first-review-sticks', RS, 'D3', 'status', 'the overall status is set once: a second review does not change it', {
    outcome: (value, ctx) => {
      const decided = (ctx.state.decided ??= new Map<string, string>()) as Map<string, string>;
      if (!decided.has(ctx.verification.scanRef)) decided.set(ctx.verification.scanRef, value);
      return decided.get(ctx.verification.scanRef)!;
    },
  }),
  fieldMutant('blind3-manual-swapped', RS, 'D3', 'manualFace', 'the manual statuses are stored in each other\'s columns', {
    outcome: (value, ctx) => {
      const face = ctx.verification.manualFace;
      ctx.verification.manualFace = ctx.verification.manualDocument;
      ctx.verification.manualDocument = face;
      return value;
    },
  }),

  // --- status read-back (F1) -----------------------------------------------------------------------
  fieldMutant('blind3-readback-clientid-int', RS, 'F1', 'clientId', 'the read-back clientId is typed Int (the old /data table)', { successBody: (body, ctx) => (ctx.operationId === STATUS && isString(body.clientId) && /^\d+$/.test(body.clientId) ? { ...body, clientId: Number(body.clientId) } : body) }),
  // --- transport, errors, auth (R1-R3, R7, S2) -----------------------------------------------------
  fieldMutant('blind3-auth-drf-body', E, 'R1', undefined, 'the 401 body is the framework\'s {"detail": …}', replaceError(stageIs('auth'), () => ({ detail: 'Invalid username/password.' }))),
  fieldMutant('blind3-json-error-no-message', E, 'R1', undefined, 'a parse error answers {"identifier": "JSON_ERROR"} without a message', replaceError(stageIs('json'), (b) => ({ identifier: b.identifier }))),
  fieldMutant('blind3-method-404', S, 'R3', undefined, 'routes are registered per method: GET on a documented path answers 404', answerError(stageIs('method'), { status: 404, identifier: 'NOT_FOUND' })),
  fieldMutant('blind3-auth-missing-value', E, 'R3', undefined, 'a request without Authorization answers MISSING_VALUE', answerError((_, ctx) => ctx.stage === 'auth', { identifier: 'MISSING_VALUE' })),
  fieldMutant('blind3-not-object-bad-value', E, 'R3', undefined, 'a JSON array body answers BAD_VALUE', answerError(stageIs('not-object'), { identifier: 'BAD_VALUE' })),
  fieldMutant('blind3-json-null-crash', X, 'R7', undefined, 'a body "null" reaches body.get() and throws', crashOn(undefined, (b) => b === null)),
  fieldMutant('blind3-auth-lowercase-scheme', A, 'S2', undefined, 'the scheme is matched case-sensitively: "basic …" refused', { auth: (outcome, ctx) => (outcome.ok && /^basic /.test(ctx.authorization ?? '') ? { ok: false } : outcome) }),
  fieldMutant('blind3-auth-secret-prefix', A, 'S2', undefined, 'the secret is compared on the length sent: a prefix of it passes', admit((ctx) => (ctx.parsed && ctx.parsed.secret.length > 0 && ctx.credentials.some((c) => c.key === ctx.parsed!.key && c.secret.startsWith(ctx.parsed!.secret)) ? knownKey(ctx) : undefined))),
  fieldMutant('blind3-auth-key-casefold', A, 'S2', undefined, 'the API key is looked up case-insensitively', admit((ctx) => ctx.credentials.find((c) => ctx.parsed && c.key.toLowerCase() === ctx.parsed.key.toLowerCase() && c.secret === ctx.parsed.secret)?.key)),
  fieldMutant('blind3-auth-secret-trimmed', A, 'S2', undefined, 'the secret is stripped before comparing', admit((ctx) => ctx.credentials.find((c) => ctx.parsed && c.key === ctx.parsed.key && c.secret === ctx.parsed.secret.trim())?.key)),
  fieldMutant('blind3-auth-bearer', A, 'S2', undefined, 'any scheme word is accepted before base64(key:secret)', admit((ctx) => {
    const m = /^\S+\s+(\S+)$/.exec(ctx.authorization ?? '');
    if (!m) return undefined;
    const text = Buffer.from(m[1], 'base64').toString('utf8');
    const i = text.indexOf(':');
    return ctx.credentials.find((c) => c.key === text.slice(0, i) && c.secret === text.slice(i + 1))?.key;
  })),

  // --- webhooks (W1-W4) ----------------------------------------------------------------------------
  fieldMutant('blind3-sig-sorted-keys', W, 'W2', undefined, 'the signature is computed over the payload re-serialised with sorted keys', webhook('both', (d, ctx) => ({ ...d, sign: (raw) => hmac(ctx.signingKey, JSON.stringify(sortKeys(JSON.parse(raw.toString('utf8'))))) }))),
  fieldMutant('blind3-sig-sha256-prefix', W, 'W2', undefined, 'the signature header is "sha256=<hex>"', webhook('both', (d, ctx) => ({ ...d, sign: (raw) => `sha256=${hmac(ctx.signingKey, raw)}` }))),
  fieldMutant('blind3-sig-newline', W, 'W2', undefined, 'the signed text has a trailing newline the sent body lacks', webhook('both', (d, ctx) => ({ ...d, sign: (raw) => hmac(ctx.signingKey, Buffer.concat([raw, Buffer.from('\n')])) }))),
  fieldMutant('blind3-sig-pretty-body', W, 'W2', undefined, 'the body is pretty-printed after the compact form was signed', webhook('both', (d, ctx) => ({ ...d, indent: 2, sign: (raw) => hmac(ctx.signingKey, JSON.stringify(JSON.parse(raw.toString('utf8')))) }))),
  fieldMutant('blind3-sig-global-key', W, 'W2', undefined, 'the signing key is the last configured secret, not the one of the verification\'s key', webhook('both', (d, ctx) => ({ ...d, sign: (raw) => hmac(ctx.signingKey === 'other-secret' ? 'test-secret' : 'other-secret', raw) }))),
  fieldMutant('blind3-wh-expired-denied', W, 'W3', 'status.overall', 'an EXPIRED dummy reports DENIED (the "attempts left" expiry path)', webhook('auto', (d) => (d.payload.status.overall === 'EXPIRED' ? withPayload(d, { status: { ...d.payload.status, overall: 'DENIED' } }) : d))),
  fieldMutant('blind3-wh-clientid-int', W, 'W3', 'clientId', 'a digits-only clientId is sent as a JSON number', webhook('both', (d) => (/^\d+$/.test(String(d.payload.clientId)) ? withPayload(d, { clientId: Number(d.payload.clientId) }) : d))),
  fieldMutant('blind3-wh-manual-swapped', W, 'W4', 'status.manualFace', 'the manual webhook swaps manualFace and manualDocument', webhook('manual', (d) => withPayload(d, { status: { ...d.payload.status, manualFace: d.payload.status.manualDocument, manualDocument: d.payload.status.manualFace } }))),
  fieldMutant('blind3-wh-manual-overall-auto', W, 'W4', 'status.overall', 'the manual webhook carries the auto overall status', webhook('manual', (d, ctx) => withPayload(d, { status: { ...d.payload.status, overall: ctx.verification.dummyStatus } }))),
  fieldMutant('blind3-wh-second-manual-dropped', W, 'W1', undefined, 'one manual webhook per verification: later reviews send none', webhook('manual', (d, ctx) => {
    const sent = (ctx.state.sent ??= new Set<string>()) as Set<string>;
    if (sent.has(ctx.verification.scanRef)) return null;
    sent.add(ctx.verification.scanRef);
    return d;
  })),
  fieldMutant('blind3-wh-active-none', W, 'W1', undefined, 'no auto webhook for an ACTIVE dummy (no result yet)', webhook('auto', (d, ctx) => (ctx.verification.dummyStatus === 'ACTIVE' ? null : d))),
  fieldMutant('blind3-wh-origin-only', W, 'W1', 'callbackUrl', 'the webhook goes to the callbackUrl origin, its path dropped', webhook('both', (d, ctx) => ({ ...d, url: `${new URL(ctx.verification.callbackUrl!).origin}/` }))),
  fieldMutant('blind3-wh-last-callback', W, 'W1', 'callbackUrl', 'the manual webhook goes to the last callbackUrl the key registered', webhook('both', (d, ctx) => {
    if (d.kind === 'auto') {
      ctx.state.last = ctx.verification.callbackUrl;
      return d;
    }
    return { ...d, url: (ctx.state.last as string | undefined) ?? ctx.verification.callbackUrl! };
  })),
  fieldMutant('blind3-wh-auto-twice', W, 'W1', undefined, 'the auto result is sent again by the retry job although the first delivery got 200', webhook('auto', (d) => ({ ...d, repeatAfterMs: 50 }))),
];
