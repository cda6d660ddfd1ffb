// Subtle single deviations of the kind careful builds ship (issue 14): a neighbour of an enum value
// accepted, a calendar rule right only on ordinary years, a type coerced, a crash on one field
// only, a near-miss credential let in, an echo normalised, one value of a domain mishandled in one
// role, a flow step that crashes. Each is found by the class of values or flows built for it.
import type { BaseContext } from '../stages.ts';
import { DUMMY, TOKEN, accept, admit, answerError, astral, basicText, control, crashOn, echoAs, fieldIs, gate, isString, loneSurrogate, fieldMutant as mutant, reject, webhook, withPayload, type Body, type FieldMutant } from './helpers.ts';

const DATES = ['dateOfBirth', 'dateOfExpiry', 'dateOfIssue'];
const COUNTRIES = ['country', 'nationality'];

const enumOf = (ctx: BaseContext, schema: string): string[] => ctx.contract.schemas[schema].enum;
const inEnum = (ctx: BaseContext, schema: string, v: string) => enumOf(ctx, schema).includes(v);
const isRealDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
};
const pad = (v: string) => v.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
const levenshtein1 = (a: string, b: string): boolean => {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
};
const every = (v: unknown, ok: (item: unknown) => boolean) => Array.isArray(v) && v.length > 0 && v.every(ok);
const firstOf = (ctx: BaseContext, field: string) => ctx.contract.operations[DUMMY].fields.find((f) => f.name === field)!.schema.enum as string[];

export const POWER_MUTANTS: FieldMutant[] = [
  // --- neighbours of enumerated values accepted (validation) --------------------------------
  mutant('locale-region-accepted', 'validation', 'T5', 'locale', "accepts a locale with a region ('en-US', 'en_GB') as its language",
    accept(TOKEN, ['locale'], ['enum'], (v, ctx) => isString(v) && /^[a-z]{2}[-_][A-Za-z]{2}$/.test(v) && inEnum(ctx, 'Locale', v.slice(0, 2)))),
  mutant('locale-three-letter-accepted', 'validation', 'T5', 'locale', "accepts three-letter language codes ('eng', 'rus') by their first two letters",
    accept(TOKEN, ['locale'], ['enum'], (v, ctx) => isString(v) && /^[a-z]{3}$/.test(v) && inEnum(ctx, 'Locale', v.slice(0, 2)))),
  mutant('locale-trimmed', 'validation', 'T5', 'locale', "trims the locale: ' en' is accepted",
    accept(TOKEN, ['locale'], ['enum'], (v, ctx) => isString(v) && inEnum(ctx, 'Locale', v.trim()))),
  mutant('country-alpha3-accepted', 'validation', 'T8', 'country', "accepts ISO alpha-3 codes ('LTU') by their first two letters",
    accept(TOKEN, COUNTRIES, ['enum'], (v, ctx) => isString(v) && /^[A-Za-z]{3}$/.test(v) && inEnum(ctx, 'CountryCode', v.slice(0, 2).toUpperCase()))),
  mutant('country-user-assigned-accepted', 'validation', 'T8', 'country', 'accepts user-assigned codes (AA, QM–QZ, XA–XZ, ZZ), checking only the shape',
    accept(TOKEN, COUNTRIES, ['enum'], (v) => isString(v) && /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/i.test(v))),
  mutant('country-reserved-accepted', 'validation', 'T8', 'nationality', 'accepts reserved and common non-ISO codes (UK, EU, EL, SU, YU)',
    accept(TOKEN, COUNTRIES, ['enum'], (v) => isString(v) && /^(UK|EU|EL|SU|YU)$/i.test(v))),
  mutant('country-numeric-accepted', 'validation', 'T8', 'country', "accepts ISO numeric codes ('440')",
    accept(TOKEN, COUNTRIES, ['enum'], (v) => isString(v) && /^\d{3}$/.test(v))),
  mutant('country-trimmed', 'validation', 'T8', 'nationality', "trims country codes: ' LT' is accepted",
    accept(TOKEN, COUNTRIES, ['enum'], (v, ctx) => isString(v) && v.trim() !== v && inEnum(ctx, 'CountryCode', v.trim()))),
  mutant('document-type-case-insensitive', 'validation', 'T23', 'documents', "accepts document types in any case ('passport')",
    accept(TOKEN, ['documents'], ['enum'], (v, ctx) => every(v, (i) => isString(i) && inEnum(ctx, 'DocumentType', i.toUpperCase())))),
  mutant('document-type-trimmed', 'validation', 'T9', 'documents', "trims document types: ' PASSPORT' is accepted",
    accept(TOKEN, ['documents'], ['enum'], (v, ctx) => every(v, (i) => isString(i) && inEnum(ctx, 'DocumentType', i.trim())))),
  mutant('document-type-fuzzy', 'validation', 'T9', 'documents', "matches document types fuzzily (one edit away: 'PASPORT', 'DRIVERS_LICENSE')",
    accept(TOKEN, ['documents'], ['enum'], (v, ctx) => every(v, (i) => isString(i) && i.length > 3 && enumOf(ctx, 'DocumentType').some((d) => levenshtein1(i, d))))),
  mutant('token-type-case-insensitive', 'validation', 'T23', 'tokenType', "accepts tokenType in any case ('document')",
    accept(TOKEN, ['tokenType'], ['enum'], (v, ctx) => isString(v) && inEnum(ctx, 'TokenType', v.toUpperCase()))),
  mutant('token-type-prefix', 'validation', 'T15', 'tokenType', "matches tokenType by prefix ('VIDEO_CALL_PHOTO', 'DOCUMENTS')",
    accept(TOKEN, ['tokenType'], ['enum'], (v, ctx) => isString(v) && v.length > 4 && enumOf(ctx, 'TokenType').some((t) => t.startsWith(v) || v.startsWith(t)))),
  mutant('sex-full-word', 'validation', 'T12', 'sex', "accepts 'MALE' and 'FEMALE' for sex",
    accept(TOKEN, ['sex'], ['enum'], (v) => isString(v) && /^(male|female)$/i.test(v))),
  mutant('sex-lower-case', 'validation', 'T23', 'sex', "accepts 'm' and 'f' for sex", accept(TOKEN, ['sex'], ['enum'], (v) => v === 'm' || v === 'f')),
  mutant('dummy-status-trimmed', 'validation', 'T21', 'dummyStatus', "trims dummyStatus: ' APPROVED' creates an APPROVED dummy",
    accept(TOKEN, ['dummyStatus'], ['enum'], (v, ctx) => isString(v) && inEnum(ctx, 'DummyStatus', v.trim()))),
  mutant('dummy-status-stem-accepted', 'validation', 'T21', 'dummyStatus', "accepts the verb for a dummy status ('EXPIRE' for EXPIRED, 'APPROVE')",
    accept(TOKEN, ['dummyStatus'], ['enum'], (v, ctx) => isString(v) && (inEnum(ctx, 'DummyStatus', `${v}D`) || inEnum(ctx, 'DummyStatus', `${v}ED`)))),
  mutant('manual-document-case-insensitive', 'validation', 'T23', 'manualDocumentValidity', "accepts manual document statuses in any case ('doc_validated')",
    accept(DUMMY, ['manualDocumentValidity'], ['enum'], (v, ctx) => isString(v) && inEnum(ctx, 'ManualDocumentStatus', v.toUpperCase()))),
  mutant('manual-face-prefix', 'validation', 'D2', 'manualFaceMatchResult', "matches manual face statuses by prefix ('FACE_MATCHED')",
    accept(DUMMY, ['manualFaceMatchResult'], ['enum'], (v, ctx) => isString(v) && v.length > 5 && enumOf(ctx, 'ManualFaceStatus').some((f) => v.startsWith(f) || f.startsWith(v)))),

  // --- calendar --------------------------------------------------------------------------------
  mutant('date-century-leap-accepted', 'validation', 'T10', 'dateOfBirth', 'treats every year divisible by 4 as a leap year: accepts 1900-02-29',
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && /^(\d{4})-02-29$/.test(v) && Number(v.slice(0, 4)) % 4 === 0)),
  mutant('date-century-leap-refused', 'validation', 'T10', 'dateOfBirth', 'treats every century year as common: refuses 2000-02-29',
    reject(TOKEN, DATES, (v) => isString(v) && /^\d{2}00-02-29$/.test(v), 'T10')),
  mutant('date-day-zero-accepted', 'validation', 'T10', 'dateOfBirth', "lets the date parser roll over: accepts day 00 ('2023-01-00' as December 31)",
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && /^\d{4}-(0[1-9]|1[0-2])-00$/.test(v))),
  mutant('date-time-accepted', 'validation', 'T10', 'dateOfBirth', "accepts a date-time whose date part is valid ('1990-12-20T00:00:00Z')",
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && /^\d{4}-\d{2}-\d{2}[T ]/.test(v) && isRealDate(v.slice(0, 10)))),
  mutant('date-unpadded-accepted', 'validation', 'T10', 'dateOfBirth', "accepts dates without zero-padding ('1990-1-5')",
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && /^\d{4}-\d{1,2}-\d{1,2}$/.test(v) && isRealDate(pad(v)))),
  mutant('date-last-day-refused', 'validation', 'T10', 'dateOfBirth', 'refuses the 31st of every month (days counted up to 30)',
    reject(TOKEN, DATES, (v) => isString(v) && /^\d{4}-\d{2}-31$/.test(v), 'T10')),
  mutant('date-trimmed', 'validation', 'T10', 'dateOfBirth', "trims dates: ' 1990-12-20' is accepted",
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && v.trim() !== v && isRealDate(v.trim()))),

  // --- JSON type confusion (a wrong top-level type is R6's, whatever the field) ---------------------
  mutant('session-length-fraction-truncated', 'validation', 'R6', 'sessionLength', 'truncates a fractional sessionLength (660.5 → 660) instead of refusing it',
    accept(TOKEN, ['sessionLength'], ['type'], (v) => typeof v === 'number' && Math.trunc(v) > 60 && Math.trunc(v) < 3600)),
  mutant('show-instructions-number-coerced', 'validation', 'R6', 'showInstructions', 'takes 0 and 1 for showInstructions',
    accept(TOKEN, ['showInstructions'], ['type'], (v) => v === 0 || v === 1)),
  mutant('utility-bill-string-coerced', 'validation', 'R6', 'utilityBill', "takes the strings 'true' and 'false' for utilityBill",
    accept(TOKEN, ['utilityBill'], ['type'], (v) => v === 'false')),
  // A wrong JSON type inside a list is R6 at any depth (blind round 3), as for a whole field.
  mutant('documents-null-dropped', 'validation', 'R6', 'documents', 'drops null entries from documents instead of refusing the list',
    accept(TOKEN, ['documents'], ['type', 'enum'], (v, ctx) => Array.isArray(v) && v.includes(null) && v.filter((i) => i !== null).every((i) => isString(i) && inEnum(ctx, 'DocumentType', i)))),
  mutant('documents-nested-flattened', 'validation', 'R6', 'documents', 'flattens nested lists in documents',
    accept(TOKEN, ['documents'], ['type', 'enum'], (v, ctx) => Array.isArray(v) && v.some(Array.isArray) && v.flat().every((i) => isString(i) && inEnum(ctx, 'DocumentType', i)))),
  mutant('video-call-questions-null-dropped', 'validation', 'R6', 'videoCallQuestions', 'drops null entries from videoCallQuestions',
    accept(TOKEN, ['videoCallQuestions'], ['type'], (v) => Array.isArray(v) && v.includes(null) && v.every((i) => i === null || isString(i)))),
  mutant('additional-steps-json-text-parsed', 'validation', 'R6', 'additionalSteps', 'parses JSON text sent as a string for additionalSteps',
    accept(TOKEN, ['additionalSteps'], ['type'], (v) => {
      try {
        return isString(v) && typeof JSON.parse(v) === 'object' && !Array.isArray(JSON.parse(v));
      } catch {
        return false;
      }
    })),
  mutant('expiry-time-list-unwrapped', 'validation', 'R6', 'expiryTime', 'takes a one-element list for expiryTime',
    accept(TOKEN, ['expiryTime'], ['type'], (v) => Array.isArray(v) && v.length === 1 && Number.isInteger(v[0]))),
  mutant('dates-number-coerced', 'validation', 'R6', 'dateOfExpiry', 'takes a number of the form YYYYMMDD for a date',
    accept(TOKEN, DATES, ['type'], (v) => typeof v === 'number' && isRealDate(String(v).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')))),

  // --- robustness: a crash on one more field (R7) -------------------------------------------
  mutant('crash-lone-surrogate-address', 'server-error', 'R7', 'address', 'answers 500 when address has a lone surrogate',
    crashOn(TOKEN, fieldIs('address', loneSurrogate))),
  mutant('crash-astral-external-ref', 'server-error', 'R7', 'externalRef', 'answers 500 when externalRef has characters outside the BMP',
    crashOn(TOKEN, fieldIs('externalRef', astral))),
  mutant('crash-control-personal-number', 'server-error', 'R7', 'personalNumber', 'answers 500 when personalNumber has a control character',
    crashOn(TOKEN, fieldIs('personalNumber', control))),
  mutant('crash-astral-document-number', 'server-error', 'R7', 'documentNumber', 'answers 500 when documentNumber has characters outside the BMP',
    crashOn(TOKEN, fieldIs('documentNumber', astral))),
  mutant('crash-control-success-url', 'server-error', 'R7', 'successUrl', 'answers 500 when successUrl has a control character',
    crashOn(TOKEN, fieldIs('successUrl', control))),
  mutant('crash-lone-surrogate-video-call-question', 'server-error', 'R7', 'videoCallQuestions', 'answers 500 when a videoCallQuestions entry has a lone surrogate',
    crashOn(TOKEN, fieldIs('videoCallQuestions', (v) => Array.isArray(v) && v.some(loneSurrogate)))),
  mutant('crash-control-date', 'server-error', 'R7', 'dateOfIssue', 'answers 500 when dateOfIssue has a control character',
    crashOn(TOKEN, fieldIs('dateOfIssue', control))),
  mutant('crash-huge-session-length', 'server-error', 'R7', 'sessionLength', 'answers 500 when sessionLength is 1e308',
    crashOn(TOKEN, fieldIs('sessionLength', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 1e300))),
  mutant('crash-infinite-expiry-time', 'server-error', 'R7', 'expiryTime', 'answers 500 when expiryTime has 400 digits (Infinity once parsed)',
    crashOn(TOKEN, fieldIs('expiryTime', (v) => v === Infinity))),
  mutant('crash-negative-zero-session-length', 'server-error', 'R7', 'sessionLength', 'answers 500 when sessionLength is -0',
    crashOn(TOKEN, fieldIs('sessionLength', (v) => Object.is(v, -0)))),
  mutant('crash-huge-max-attempt-count', 'server-error', 'R7', 'maxAttemptCount', 'answers 500 when the custom setting maxAttemptCount is 1e308',
    crashOn(TOKEN, fieldIs('maxAttemptCount', (v) => typeof v === 'number' && v >= 1e300))),
  mutant('crash-lone-surrogate-scan-ref', 'server-error', 'R7', 'scanRef', 'add-dummy-status answers 500 when scanRef has a lone surrogate',
    crashOn(DUMMY, fieldIs('scanRef', loneSurrogate))),
  mutant('crash-control-manual-face', 'server-error', 'R7', 'manualFaceMatchResult', 'add-dummy-status answers 500 when manualFaceMatchResult has a control character',
    crashOn(DUMMY, fieldIs('manualFaceMatchResult', control))),

  // --- methods and partial bodies -------------------------------------------------------------
  mutant('options-answered-204', 'validation', 'R3', undefined, 'answers OPTIONS with 204 (a CORS preflight) instead of METHOD_NOT_ALLOWED',
    answerError((_, ctx) => ctx.stage === 'method' && ctx.method === 'OPTIONS', { status: 204 })),
  mutant('head-answered-200', 'validation', 'R3', undefined, 'answers HEAD with 200, as if it were GET on a resource',
    answerError((_, ctx) => ctx.stage === 'method' && ctx.method === 'HEAD', { status: 200 })),
  mutant('head-answered-404', 'status-code', 'R2', undefined, 'answers HEAD with 404',
    answerError((_, ctx) => ctx.stage === 'method' && ctx.method === 'HEAD', { status: 404 })),
  mutant('crash-options', 'server-error', 'R7', undefined, 'answers OPTIONS with 500',
    answerError((_, ctx) => ctx.stage === 'method' && ctx.method === 'OPTIONS', { status: 500 })),
  mutant('empty-add-dummy-status-bad-value', 'error-identifier', 'R3', undefined, 'add-dummy-status with {} yields BAD_VALUE instead of MISSING_VALUE',
    answerError((_, ctx) => ctx.operationId === DUMMY && ctx.stage === 'validation' && Object.keys(ctx.body ?? {}).length === 0, { identifier: 'BAD_VALUE' })),
  mutant('crash-partial-add-dummy-status', 'server-error', 'R7', undefined, 'add-dummy-status answers 500 when scanRef is missing and a status is present',
    crashOn(DUMMY, (b) => typeof b === 'object' && b !== null && !('scanRef' in b) && Object.keys(b).length > 0)),

  // --- credentials --------------------------------------------------------------------------------
  mutant('auth-trims-credentials', 'auth', 'S2', undefined, 'trims the API key and secret before comparing',
    admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key.trim() && c.secret === ctx.parsed?.secret.trim())?.key)),
  mutant('auth-scheme-case-sensitive', 'auth', 'S2', undefined, "refuses the scheme name in another case ('basic'), against RFC 7617", {
    auth: (outcome, ctx) => (outcome.ok && !/^Basic /.test(ctx.authorization ?? '') ? { ok: false } : outcome),
  }),
  mutant('auth-splits-every-colon', 'auth', 'S2', undefined, "splits the credentials on every colon: 'key:secret:anything' is let in",
    admit((ctx) => {
      const [key, secret] = (basicText(ctx.authorization) ?? '').split(':');
      return ctx.credentials.find((c) => c.key === key && c.secret === secret)?.key;
    })),
  mutant('auth-secret-case-insensitive', 'auth', 'S2', undefined, 'compares the API secret without regard to case',
    admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key && c.secret.toLowerCase() === ctx.parsed?.secret.toLowerCase())?.key)),
  mutant('auth-unencoded-accepted', 'auth', 'S2', undefined, "takes 'Basic key:secret' without base64",
    admit((ctx) => {
      const raw = /^Basic (.*)$/i.exec(ctx.authorization ?? '')?.[1] ?? '';
      return ctx.credentials.find((c) => raw === `${c.key}:${c.secret}`)?.key;
    })),
  mutant('auth-empty-pair-accepted', 'auth', 'S2', undefined, "lets an empty key and secret (':') in as the first key",
    admit((ctx) => (basicText(ctx.authorization) === ':' ? ctx.credentials[0]?.key : undefined))),

  // --- echo -----------------------------------------------------------------------------------------
  mutant('video-call-questions-deduplicated', 'response-schema', 'T3', 'videoCallQuestions', 'echoes videoCallQuestions without duplicates',
    echoAs('videoCallQuestions', (v: unknown[]) => [...new Set(v)], Array.isArray)),
  mutant('empty-string-echoed-null', 'response-schema', 'T3', 'address', "echoes an address of '' as null", echoAs('address', () => null, (v) => v === '')),
  mutant('external-ref-empty-dropped', 'response-schema', 'S1', 'externalRef', "drops an externalRef of '' from the response", {
    tokenResponse: (body, ctx) => (ctx.request.externalRef === '' ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'externalRef')) : body),
  }),
  mutant('success-url-query-dropped', 'response-schema', 'T3', 'successUrl', 'echoes successUrl without its query string',
    echoAs('successUrl', (v: string) => v.replace(/\?[^#]*/, ''))),
  mutant('error-url-normalised', 'response-schema', 'T3', 'errorUrl', "echoes errorUrl as a URL parser prints it (':443' dropped)",
    echoAs('errorUrl', (v: string) => {
      try {
        return new URL(v).href;
      } catch {
        return v;
      }
    })),
  mutant('unverified-url-fragment-dropped', 'response-schema', 'T3', 'unverifiedUrl', 'echoes unverifiedUrl without its fragment',
    echoAs('unverifiedUrl', (v: string) => v.replace(/#.*$/, ''))),
  mutant('webhook-query-dropped', 'webhook', 'W1', 'callbackUrl', "posts webhooks to the callbackUrl without its query string",
    webhook('both', (draft, ctx) => ({ ...draft, url: ctx.verification.callbackUrl!.replace(/\?.*$/, '') }))),
  mutant('error-problem-json', 'response-schema', 'R1', undefined, 'serves errors as application/problem+json',
    answerError(() => true, { contentType: 'application/problem+json' })),

  // --- every value of every finite domain in every role ---------------------------------------
  mutant('dummy-token-in-testing-unless-approved', 'environment', 'T21', 'dummyStatus', 'in testing, refuses only APPROVED dummy tokens and creates the others',
    gate(TOKEN, (ctx, refused) => refused && (ctx.body?.dummyStatus === ctx.contract.schemas.DummyStatus.enum[0])), 'testing'),
  mutant('dummy-status-null-refused-in-testing', 'environment', 'R9', 'dummyStatus', 'in testing, refuses a token with dummyStatus null as a dummy call',
    gate(TOKEN, (ctx, refused) => refused || (ctx.body !== undefined && 'dummyStatus' in ctx.body && ctx.environment !== 'development')), 'testing'),
  mutant('add-dummy-status-in-production-unless-match', 'environment', 'D4', undefined, 'in production, gates add-dummy-status only for FACE_MATCH (other statuses reach validation)',
    gate(DUMMY, (ctx, refused) => refused && ctx.body?.manualFaceMatchResult === firstOf(ctx, 'manualFaceMatchResult')[0]), 'production'),
  mutant('webhook-auto-suspected-as-denied', 'webhook', 'W3', 'status.overall', 'the auto webhook of a SUSPECTED dummy says DENIED',
    webhook('auto', (draft) => (draft.payload.status?.overall === 'SUSPECTED' ? withPayload(draft, { status: { ...draft.payload.status, overall: 'DENIED' } }) : draft))),
  mutant('manual-outcome-data-errors-approved', 'webhook', 'D3', 'status', 'data mismatches (DOC_NAME_ERROR, DOC_DOB_ERROR …) with FACE_MATCH still approve', {
    outcome: (overall, ctx) =>
      ctx.request.manualFaceMatchResult === 'FACE_MATCH' && /^DOC_(NAME|SURNAME|DOB|SEX|NATIONALITY)_ERROR$/.test(String(ctx.request.manualDocumentValidity)) ? 'APPROVED' : overall,
  }),
  mutant('manual-document-last-refused', 'validation', 'D2', undefined, 'refuses the last documented manual document status',
    reject(DUMMY, ['manualDocumentValidity'], (v, ctx) => v === enumOf(ctx, 'ManualDocumentStatus').at(-1), 'D2')),
  mutant('manual-face-last-refused', 'validation', 'D2', undefined, 'refuses the last documented manual face status',
    reject(DUMMY, ['manualFaceMatchResult'], (v, ctx) => v === enumOf(ctx, 'ManualFaceStatus').at(-1), 'D2')),
  mutant('manual-document-stored-generic', 'webhook', 'D3', 'manualDocument', 'stores DOC_*_ERROR data mismatches as the generic DOC_ERROR (read back and webhook)', {
    outcome: (overall, ctx) => {
      if (/^DOC_\w+_ERROR$/.test(String(ctx.request.manualDocumentValidity))) ctx.verification.manualDocument = 'DOC_ERROR';
      return overall;
    },
  }),
  mutant('webhook-second-manual-missing', 'webhook', 'W1', 'manual', 'only the first add-dummy-status of a verification triggers a webhook',
    webhook('manual', (draft, ctx) => {
      const sent = (ctx.state.manual ??= new Set<string>()) as Set<string>;
      if (sent.has(ctx.verification.scanRef)) return null;
      sent.add(ctx.verification.scanRef);
      return draft;
    })),
  mutant('webhook-manual-statuses-stale', 'webhook', 'W4', 'status.manualFace', 'later manual webhooks repeat the first manual statuses',
    webhook('manual', (draft, ctx) => {
      const first = (ctx.state.first ??= new Map<string, Body>()) as Map<string, Body>;
      const kept = first.get(ctx.verification.scanRef);
      if (!kept) {
        first.set(ctx.verification.scanRef, { manualFace: draft.payload.status?.manualFace, manualDocument: draft.payload.status?.manualDocument });
        return draft;
      }
      return withPayload(draft, { status: { ...draft.payload.status, ...kept } });
    })),
  mutant('crash-callback-url-query', 'server-error', 'R7', undefined, 'answers 500 for a dummy token whose callbackUrl has a query string',
    crashOn(TOKEN, fieldIs('callbackUrl', (v) => isString(v) && v.includes('?')))),
  mutant('crash-second-add-dummy-status', 'server-error', 'R7', undefined, 'add-dummy-status answers 500 on a verification that already has a manual result', {
    outcome: (overall, ctx) => {
      const seen = (ctx.state.seen ??= new Set<string>()) as Set<string>;
      if (seen.has(ctx.verification.scanRef)) throw new TypeError('mutant: simulated crash');
      seen.add(ctx.verification.scanRef);
      return overall;
    },
  }),
];
