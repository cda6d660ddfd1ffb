// A blind catalogue (issue 24, item 6): deviations written from the documents and rulings alone,
// without reading how the suite tests, so the lead can measure how far its power generalises.
// Each is ONE plausible bug of a real build, outside every latitude the rulings give. Kept apart
// from MUTANTS (see BLIND_CATALOGUES in ../mutants.ts); test/blind-mutants-fire.test.ts proves each fires.
import type { Mutant, Hooks } from '../stages.ts';
import { signBody } from '../../webhooks/signature.ts';
import {
  DUMMY, STATUS, TOKEN, accept, admit, answerError, crashOn, defaultAs, echoAs, fieldIs, fieldMutant, gate, isString, lookupFor, mutant, reject,
  signedWith, stageIs, succeedWith, violationIs, webhook, withPayload, codePoints, type Body,
} from './helpers.ts';

const id = (name: string) => `blind1-${name}`;
const inList = (list: string[]) => (v: unknown) => isString(v) && list.includes(v);
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const sortedKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortedKeys) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys(v[k])])) : v;
const stateMap = (state: Record<string, unknown>, key: string) => (state[key] ??= new Map()) as Map<string, unknown>;

/** A token-response hook that rewrites the body when the request matches. */
const tokenBody = (change: (body: Body, request: Body, dummy: boolean, state: Record<string, unknown>) => Body): Hooks => ({
  tokenResponse: (body, ctx) => change(body, ctx.request, ctx.dummy, ctx.state),
});

// --- token request fields: validation -----------------------------------------------------------------

const VALIDATION: Mutant[] = [
  fieldMutant(id('client-id-max-128'), 'validation', 'T1', 'clientId', 'clientId is checked against a 128-character column instead of 100: 101..128 characters are accepted', accept(TOKEN, ['clientId'], ['maxLength'], (v) => isString(v) && codePoints(v) <= 128)),
  fieldMutant(id('client-id-number-coerced'), 'validation', 'R6', 'clientId', 'a numeric clientId (JSON number) is coerced to a string and accepted', {
    ...accept(TOKEN, ['clientId'], ['type'], (v) => typeof v === 'number'),
    body: (body, ctx) => (ctx.operationId === TOKEN && isObject(body) && typeof body.clientId === 'number' ? { ...body, clientId: String(body.clientId) } : body),
  }),
  fieldMutant(id('first-name-ascii-digits-only'), 'validation', 'T2', 'firstName', 'firstName refuses only ASCII digits: other Unicode decimal digits (Arabic-Indic, Devanagari, full-width) pass', accept(TOKEN, ['firstName'], ['pattern'], (v) => isString(v) && !/[0-9~!@#$%^*()_+={}[\]|:;",<>/?]/.test(v))),
  fieldMutant(id('last-name-underscore'), 'validation', 'T2', 'lastName', 'lastName is checked with a \\w-based pattern: the underscore passes', accept(TOKEN, ['lastName'], ['pattern'], (v) => isString(v) && /_/.test(v) && !/[\p{Nd}~!@#$%^*()+={}[\]|:;",<>/?]/u.test(v))),
  fieldMutant(id('first-name-utf16-length'), 'validation', 'T2', 'firstName', 'firstName length is counted in UTF-16 units: a 100-code-point name with astral letters is refused', reject(TOKEN, ['firstName'], (v) => isString(v) && v.length > 100 && codePoints(v) <= 100, 'T2')),
  fieldMutant(id('last-name-apostrophe'), 'validation', 'T2', 'lastName', "lastName refuses the apostrophe (O'Brien)", reject(TOKEN, ['lastName'], (v) => isString(v) && v.includes("'"), 'T2')),
  fieldMutant(id('first-name-ampersand'), 'validation', 'T2', 'firstName', 'firstName refuses the ampersand, which the rulings allow', reject(TOKEN, ['firstName'], (v) => isString(v) && v.includes('&'), 'T2')),
  fieldMutant(id('success-url-no-max'), 'validation', 'T4', 'successUrl', 'successUrl has no maximum length: URLs over 2048 characters are accepted', accept(TOKEN, ['successUrl'], ['maxLength'])),
  fieldMutant(id('error-url-min-4'), 'validation', 'T4', 'errorUrl', 'errorUrl minimum length off by one: 4 characters are accepted', accept(TOKEN, ['errorUrl'], ['minLength'], (v) => isString(v) && v.length === 4)),
  fieldMutant(id('unverified-url-no-query'), 'validation', 'T4', 'unverifiedUrl', 'unverifiedUrl refuses a URL with a query string (the documented default has one)', reject(TOKEN, ['unverifiedUrl'], (v) => isString(v) && v.includes('?'), 'T4')),
  fieldMutant(id('callback-url-http'), 'validation', 'T4', 'callbackUrl', 'callbackUrl accepts a plain http:// URL', accept(TOKEN, ['callbackUrl'], ['pattern'], (v) => isString(v) && /^http:\/\/[^\s/?#]+/.test(v))),
  fieldMutant(id('locale-upper-case'), 'validation', 'T5', 'locale', 'locale accepts upper-case codes (EN, LT)', accept(TOKEN, ['locale'], ['enum'], (v) => isString(v) && v !== v.toLowerCase() && ['lt', 'en', 'ru', 'pl', 'lv', 'ro', 'it', 'de', 'fr', 'sv', 'es', 'hu', 'ja', 'bg', 'et', 'cs'].includes(v.toLowerCase()))),
  fieldMutant(id('locale-stale-list'), 'validation', 'T5', 'locale', 'locale uses a stale list of 12: ja, bg, et and cs are refused', reject(TOKEN, ['locale'], inList(['ja', 'bg', 'et', 'cs']), 'T5')),
  fieldMutant(id('show-instructions-string'), 'validation', 'R6', 'showInstructions', 'showInstructions accepts the strings "true"/"false" (coerced)', accept(TOKEN, ['showInstructions'], ['type'], inList(['true', 'false']))),
  fieldMutant(id('expiry-time-zero'), 'validation', 'T6', 'expiryTime', 'expiryTime 0 is accepted ("not negative" instead of "more than 0")', accept(TOKEN, ['expiryTime'], ['exclusiveMinimum'], (v) => v === 0)),
  fieldMutant(id('expiry-time-max-exclusive'), 'validation', 'T6', 'expiryTime', 'expiryTime 2592000 (30 days, the documented maximum) is refused', reject(TOKEN, ['expiryTime'], (v) => v === 2592000, 'T6')),
  fieldMutant(id('expiry-time-float'), 'validation', 'R6', 'expiryTime', 'a fractional expiryTime is accepted (truncated)', accept(TOKEN, ['expiryTime'], ['type'], (v) => typeof v === 'number' && !Number.isInteger(v) && v > 0)),
  fieldMutant(id('session-length-min-0'), 'validation', 'T7', 'sessionLength', 'sessionLength copies expiryTime\'s lower bound: 1..60 are accepted', accept(TOKEN, ['sessionLength'], ['exclusiveMinimum'], (v) => typeof v === 'number' && v > 0)),
  fieldMutant(id('country-uk'), 'validation', 'T8', 'country', 'country accepts UK (exceptionally reserved) as Great Britain', accept(TOKEN, ['country'], ['enum'], (v) => isString(v) && v.toUpperCase() === 'UK')),
  fieldMutant(id('country-lower-refused'), 'validation', 'T8', 'country', 'country refuses lower-case codes (lt)', reject(TOKEN, ['country'], (v) => isString(v) && /[a-z]/.test(v), 'T8')),
  fieldMutant(id('nationality-alpha3'), 'validation', 'T8', 'nationality', 'nationality accepts ISO alpha-3 codes (LTU)', accept(TOKEN, ['nationality'], ['enum'], (v) => isString(v) && /^[A-Za-z]{3}$/.test(v))),
  fieldMutant(id('documents-duplicates'), 'validation', 'T9', 'documents', 'documents accepts duplicate entries', accept(TOKEN, ['documents'], ['uniqueItems'])),
  fieldMutant(id('documents-empty'), 'validation', 'T9', 'documents', 'an empty documents list is accepted', accept(TOKEN, ['documents'], ['minItems'])),
  fieldMutant(id('documents-other-refused'), 'validation', 'T9', 'documents', 'documents refuses OTHER, which the seed examples send', reject(TOKEN, ['documents'], (v) => Array.isArray(v) && v.includes('OTHER'), 'T9')),
  fieldMutant(id('documents-lower-case'), 'validation', 'T23', 'documents', 'document types are matched case-insensitively (passport accepted)', accept(TOKEN, ['documents'], ['enum'], (v) => Array.isArray(v) && v.every((d) => isString(d) && d === d.toLowerCase()))),
  fieldMutant(id('date-of-birth-impossible'), 'validation', 'T10', 'dateOfBirth', 'dateOfBirth is checked by a regex only: 2021-02-30 passes', accept(TOKEN, ['dateOfBirth'], ['format'], (v) => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v))),
  fieldMutant(id('date-of-expiry-datetime'), 'validation', 'T10', 'dateOfExpiry', 'dateOfExpiry accepts a full ISO date-time (1990-12-20T00:00:00Z)', accept(TOKEN, ['dateOfExpiry'], ['format'], (v) => isString(v) && /^\d{4}-\d{2}-\d{2}T/.test(v))),
  fieldMutant(id('date-of-birth-leap-day'), 'validation', 'T10', 'dateOfBirth', 'dateOfBirth refuses 29 February even in leap years', reject(TOKEN, ['dateOfBirth'], (v) => isString(v) && v.endsWith('-02-29'), 'T10')),
  fieldMutant(id('personal-number-digits-only'), 'validation', 'T11', 'personalNumber', 'personalNumber refuses anything but digits (letters, dashes)', reject(TOKEN, ['personalNumber'], (v) => isString(v) && /[^0-9]/.test(v), 'T11')),
  fieldMutant(id('personal-number-empty'), 'validation', 'T11', 'personalNumber', 'an empty personalNumber is accepted', accept(TOKEN, ['personalNumber'], ['minLength'])),
  fieldMutant(id('document-number-max-30'), 'validation', 'T11', 'documentNumber', 'documentNumber is cut at a 30-character column: longer numbers are refused', reject(TOKEN, ['documentNumber'], (v) => isString(v) && v.length > 30, 'T11')),
  fieldMutant(id('sex-full-word'), 'validation', 'T12', 'sex', 'sex accepts MALE / FEMALE', accept(TOKEN, ['sex'], ['enum'], inList(['MALE', 'FEMALE']))),
  fieldMutant(id('address-utf8-bytes'), 'validation', 'T13', 'address', 'address length is counted in UTF-8 bytes: 200 Lithuanian letters are refused', reject(TOKEN, ['address'], (v) => isString(v) && codePoints(v) <= 255 && Buffer.byteLength(v) > 255, 'T13')),
  fieldMutant(id('address-256'), 'validation', 'T13', 'address', 'address maximum off by one: 256 characters are accepted', accept(TOKEN, ['address'], ['maxLength'], (v) => isString(v) && v.length === 256)),
  fieldMutant(id('external-ref-40-refused'), 'validation', 'T14', 'externalRef', 'externalRef maximum is exclusive: exactly 40 characters are refused', reject(TOKEN, ['externalRef'], (v) => isString(v) && v.length === 40, 'T14')),
  fieldMutant(id('token-type-long-refused'), 'validation', 'T15', 'tokenType', 'tokenType VIDEO_CALL_IDENTIFICATION (25 characters) overflows a 20-character column and is refused', reject(TOKEN, ['tokenType'], inList(['VIDEO_CALL_IDENTIFICATION']), 'T15')),
  fieldMutant(id('digit-string-flag-string'), 'validation', 'R6', 'generateDigitString', 'generateDigitString accepts the string "true"', accept(TOKEN, ['generateDigitString'], ['type'], inList(['true', 'false']))),
  fieldMutant(id('video-questions-string'), 'validation', 'R6', 'videoCallQuestions', 'a single string for videoCallQuestions is accepted (wrapped in a list)', accept(TOKEN, ['videoCallQuestions'], ['type'], isString)),
  fieldMutant(id('utility-bill-with-steps'), 'validation', 'T19', undefined, 'utilityBill true together with additionalSteps is accepted', accept(TOKEN, ['utilityBill-with-additionalSteps'], ['cross-field'])),
  fieldMutant(id('additional-data-alone'), 'validation', 'T19', undefined, 'additionalData without additionalSteps is accepted', accept(TOKEN, ['additionalData-without-additionalSteps'], ['cross-field'])),
];

// --- token response: echo, defaults, identifiers ------------------------------------------------------

const RESPONSE: Mutant[] = [
  fieldMutant(id('first-name-ascii-upper'), 'response-schema', 'T3', 'firstName', 'firstName is upper-cased ASCII-only: accented letters stay lower-case in the echo', echoAs('firstName', (v: string) => v.replace(/[a-z]/g, (c) => c.toUpperCase()), (v) => isString(v) && /[^\x00-\x7f]/.test(v))),
  fieldMutant(id('last-name-spaces-collapsed'), 'response-schema', 'T3', 'lastName', 'lastName echo collapses inner runs of spaces and trims', echoAs('lastName', (v: string) => v.toUpperCase().replace(/\s+/g, ' ').trim(), (v) => isString(v) && /\s{2,}|^\s|\s$/.test(v))),
  fieldMutant(id('client-id-leading-zeros'), 'response-schema', 'T3', 'clientId', 'a numeric-looking clientId is echoed without its leading zeros (stored as a number)', echoAs('clientId', (v: string) => v.replace(/^0+(?=\d)/, ''), (v) => isString(v) && /^0+\d+$/.test(v))),
  fieldMutant(id('success-url-normalised'), 'response-schema', 'T3', 'successUrl', 'successUrl is echoed normalised by a URL parser (a bare host gains a trailing slash)', echoAs('successUrl', (v: string) => new URL(v).href, (v) => isString(v) && URL.canParse(v) && new URL(v).href !== v)),
  fieldMutant(id('callback-url-not-echoed'), 'response-schema', 'S1', 'callbackUrl', 'a sent callbackUrl is missing from the token response', tokenBody((body, request) => (isString(request.callbackUrl) ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'callbackUrl')) : body))),
  fieldMutant(id('session-length-string'), 'response-schema', 'T3', 'sessionLength', 'a sent sessionLength is echoed as a string ("600")', echoAs('sessionLength', (v: number) => String(v), (v) => typeof v === 'number')),
  fieldMutant(id('documents-first-only'), 'response-schema', 'T3', 'documents', 'only the first of several documents is echoed', echoAs('documents', (v: string[]) => v.slice(0, 1), (v) => Array.isArray(v) && v.length > 1)),
  fieldMutant(id('date-of-issue-datetime'), 'response-schema', 'T3', 'dateOfIssue', 'dateOfIssue is echoed as a date-time (1990-12-20T00:00:00)', echoAs('dateOfIssue', (v: string) => `${v}T00:00:00`)),
  fieldMutant(id('external-ref-trimmed'), 'response-schema', 'T3', 'externalRef', 'externalRef is echoed trimmed of surrounding spaces', echoAs('externalRef', (v: string) => v.trim(), (v) => isString(v) && v !== v.trim())),
  fieldMutant(id('video-questions-sorted'), 'response-schema', 'T3', 'videoCallQuestions', 'videoCallQuestions are echoed sorted (the order the partner gave is lost)', echoAs('videoCallQuestions', (v: string[]) => [...v].sort(), (v) => Array.isArray(v) && v.every(isString))),
  fieldMutant(id('additional-steps-as-text'), 'response-schema', 'T3', 'additionalSteps', 'additionalSteps is echoed as a JSON string (stored in a text column)', echoAs('additionalSteps', (v: Body) => JSON.stringify(v), isObject)),
  fieldMutant(id('show-instructions-false-lost'), 'response-schema', 'T3', 'showInstructions', 'showInstructions false is echoed as true (`value || default`)', echoAs('showInstructions', () => true, (v) => v === false)),
  fieldMutant(id('expiry-default-3600'), 'defaults', 'T6', 'expiryTime', 'an omitted expiryTime defaults to 3600 (the example) instead of 86400', defaultAs('expiryTime', 3600)),
  fieldMutant(id('session-default-300'), 'defaults', 'T7', 'sessionLength', 'an omitted sessionLength defaults to 300 (the example) instead of 1800', defaultAs('sessionLength', 300)),
  fieldMutant(id('token-type-default-document'), 'defaults', 'T15', 'tokenType', 'an omitted tokenType defaults to DOCUMENT', defaultAs('tokenType', 'DOCUMENT')),
  fieldMutant(id('show-instructions-default-false'), 'defaults', 'T16', 'showInstructions', 'an omitted showInstructions defaults to false', defaultAs('showInstructions', false)),
  fieldMutant(id('video-questions-default-null'), 'defaults', 'T18', 'videoCallQuestions', 'an omitted videoCallQuestions comes back null instead of []', defaultAs('videoCallQuestions', null)),
  fieldMutant(id('digit-string-always'), 'defaults', 'T17', 'generateDigitString', 'a digitString is generated when generateDigitString was not sent (the example with no fields shows one)', tokenBody((body, request) => (request.generateDigitString === undefined || request.generateDigitString === null ? { ...body, digitString: '48236571' } : body))),
  fieldMutant(id('digit-string-7'), 'response-schema', 'T17', undefined, 'the digit string has 7 digits (as in the example) instead of 8', tokenBody((body, request) => (request.generateDigitString === true && isString(body.digitString) ? { ...body, digitString: body.digitString.slice(0, 7) } : body))),
  mutant(id('scan-ref-suffixed'), 'response-schema', 'T20', 'scanRef carries an environment suffix: a UUID plus "-dev1", 41 characters', { scanRef: (value) => `${value}-dev1` }),
  mutant(id('auth-token-reused'), 'response-schema', 'T20', 'a second token for the same clientId gets the same authToken (an unexpired token is reused)', tokenBody((body, request, _dummy, state) => {
    const tokens = stateMap(state, 'tokens');
    const key = String(request.clientId);
    if (!tokens.has(key)) tokens.set(key, body.authToken);
    return { ...body, authToken: tokens.get(key) };
  })),
  mutant(id('message-names-client'), 'response-schema', 'T20', 'the plain token message names the client ("Token created successfully for client <clientId>"), over 100 characters for a long clientId', tokenBody((body, request, dummy) => (dummy ? body : { ...body, message: `${body.message} for client ${String(request.clientId)}` }))),
];

// --- dummy sessions, environments, add-dummy-status, status read-back ---------------------------------

const DUMMY_FLOW: Mutant[] = [
  fieldMutant(id('dummy-status-lower-case'), 'validation', 'T23', 'dummyStatus', 'dummyStatus is matched case-insensitively (approved accepted)', accept(TOKEN, ['dummyStatus'], ['enum'], (v) => isString(v) && v !== v.toUpperCase() && ['APPROVED', 'DENIED', 'SUSPECTED', 'ACTIVE', 'EXPIRED'].includes(v.toUpperCase()))),
  fieldMutant(id('dummy-status-expired-refused'), 'validation', 'T21', 'dummyStatus', 'dummyStatus EXPIRED is refused (a stale list of four)', reject(TOKEN, ['dummyStatus'], inList(['EXPIRED']), 'T21')),
  mutant(id('dummy-message-plain'), 'response-schema', 'T21', 'a dummy token answers with the plain message "Token created successfully"', tokenBody((body, _request, dummy) => (dummy ? { ...body, message: 'Token created successfully' } : body))),
  mutant(id('testing-allows-dummy'), 'environment', 'T21', 'a TESTING environment creates dummy tokens', gate(TOKEN, () => false), 'testing'),
  mutant(id('testing-refusal-403'), 'status-code', 'R2', 'the TESTING refusal of a dummy call comes with 403', answerError(stageIs('environment'), { status: 403 }), 'testing'),
  mutant(id('production-refusal-bad-value'), 'error-identifier', 'R3', 'the PRODUCTION refusal of a dummy call says BAD_VALUE (blaming dummyStatus) instead of PERMISSIONS_ERROR', answerError(stageIs('environment'), { identifier: 'BAD_VALUE' }), 'production'),
  mutant(id('testing-allows-add-dummy'), 'environment', 'D4', 'a TESTING environment lets add-dummy-status through to the scanRef lookup', gate(DUMMY, () => false), 'testing'),
  mutant(id('production-refuses-plain-token'), 'environment', 'T21', 'a PRODUCTION environment refuses every token, not only dummy ones', gate(TOKEN, () => true), 'production'),
  fieldMutant(id('testing-null-dummy-status-refused'), 'environment', 'R9', 'dummyStatus', 'in TESTING a token with "dummyStatus": null is refused as a dummy call', gate(TOKEN, (ctx, faithful) => faithful || (ctx.body !== undefined && 'dummyStatus' in ctx.body && ctx.body.dummyStatus === null)), 'testing'),
  mutant(id('outcome-face-only'), 'webhook', 'D3', 'add-dummy-status approves when the face matches, whatever the document status', { outcome: (value, ctx) => (ctx.request.manualFaceMatchResult === 'FACE_MATCH' ? 'APPROVED' : value) }),
  mutant(id('outcome-suspected'), 'webhook', 'D3', 'a refused manual pair makes the verification SUSPECTED instead of DENIED', { outcome: (value) => (value === 'DENIED' ? 'SUSPECTED' : value) }),
  mutant(id('add-dummy-201'), 'status-code', 'R4', 'add-dummy-status answers 201 Created', succeedWith(DUMMY, 201)),
  fieldMutant(id('add-dummy-plain-token'), 'validation', 'D1', 'scanRef', 'add-dummy-status accepts the scanRef of a token created without dummyStatus', lookupFor(DUMMY, (_found, ctx) => ctx.own)),
  fieldMutant(id('add-dummy-unknown-token-not-valid'), 'error-identifier', 'D1', 'scanRef', 'an unknown scanRef is refused with TOKEN_NOT_VALID instead of BAD_VALUE', answerError(stageIs('lookup'), { identifier: 'TOKEN_NOT_VALID' })),
  fieldMutant(id('manual-document-stale-list'), 'validation', 'D2', 'manualDocumentValidity', 'manualDocumentValidity refuses DOC_NATIONALITY_ERROR (missing from a stale list)', reject(DUMMY, ['manualDocumentValidity'], inList(['DOC_NATIONALITY_ERROR']), 'D2')),
  fieldMutant(id('manual-face-optional'), 'validation', 'D2', 'manualFaceMatchResult', 'manualFaceMatchResult may be left out', accept(DUMMY, ['manualFaceMatchResult'], ['required'])),
  fieldMutant(id('manual-document-lower-case'), 'validation', 'T23', 'manualDocumentValidity', 'manualDocumentValidity is matched case-insensitively (doc_validated accepted)', accept(DUMMY, ['manualDocumentValidity'], ['enum'], (v) => isString(v) && v !== v.toUpperCase())),
  fieldMutant(id('add-dummy-scan-ref-list'), 'validation', 'R6', 'scanRef', 'add-dummy-status takes the table\'s "List" literally: ["<scanRef>"] is unwrapped and accepted', {
    body: (body, ctx) => (ctx.operationId === DUMMY && isObject(body) && Array.isArray(body.scanRef) && body.scanRef.length === 1 ? { ...body, scanRef: body.scanRef[0] } : body),
  }),
  mutant(id('status-read-back-stale'), 'response-schema', 'F1', 'the status read-back serves the auto status cached at token creation, not the manual outcome', {
    tokenResponse: (body, ctx) => {
      if (ctx.dummy) stateMap(ctx.state, 'auto').set(String(body.scanRef), ctx.request.dummyStatus);
      return body;
    },
    successBody: (body, ctx) => {
      const cached = stateMap(ctx.state, 'auto').get(String(body.scanRef));
      return ctx.operationId === STATUS && cached !== undefined ? { ...body, status: cached } : body;
    },
  }),
  mutant(id('status-read-back-lower-case'), 'response-schema', 'F1', 'the status read-back gives the overall status in lower case', { successBody: (body, ctx) => (ctx.operationId === STATUS && isString(body.status) ? { ...body, status: body.status.toLowerCase() } : body) }),
  mutant(id('status-read-back-other-key'), 'auth', 'F1', 'the status read-back answers for a scanRef created by another API key', lookupFor(STATUS, (_found, ctx) => ctx.anyKey)),
];

// --- errors, transport, authentication ----------------------------------------------------------------

const TRANSPORT: Mutant[] = [
  fieldMutant(id('null-client-id-bad-value'), 'error-identifier', 'R3', 'clientId', '"clientId": null is refused with BAD_VALUE instead of MISSING_VALUE', answerError(violationIs((v) => v.kind === 'required-null'), { identifier: 'BAD_VALUE' })),
  mutant(id('array-body-bad-value'), 'error-identifier', 'R3', 'a JSON body that is an array (not an object) is refused with BAD_VALUE instead of JSON_ERROR', answerError(stageIs('not-object'), { identifier: 'BAD_VALUE' })),
  fieldMutant(id('missing-scan-ref-bad-value'), 'error-identifier', 'R3', 'scanRef', 'add-dummy-status without scanRef says BAD_VALUE instead of MISSING_VALUE', answerError(violationIs((v) => v.kind === 'required' && v.field === 'scanRef'), { identifier: 'BAD_VALUE' })),
  mutant(id('json-error-422'), 'status-code', 'R2', 'a body that is not JSON is refused with 422', answerError(stageIs('json'), { status: 422 })),
  mutant(id('unauthorized-403'), 'status-code', 'R2', 'wrong credentials are refused with 403', answerError(stageIs('auth'), { status: 403 })),
  mutant(id('get-not-found'), 'error-identifier', 'R3', 'GET on a documented path answers 404 NOT_FOUND (the router knows only POST) instead of METHOD_NOT_ALLOWED', answerError(stageIs('method'), { identifier: 'NOT_FOUND', status: 404 })),
  mutant(id('auth-error-html'), 'response-schema', 'R1', 'authentication errors are labelled text/html (the framework\'s page type)', answerError(stageIs('auth'), { contentType: 'text/html; charset=utf-8' })),
  mutant(id('json-error-detail-key'), 'response-schema', 'R1', 'JSON_ERROR carries its text under "detail" instead of "message"', {
    error: (reply, ctx) => (ctx.stage === 'json' ? { ...reply, body: { identifier: reply.body.identifier, detail: reply.body.message } } : reply),
  }),
  mutant(id('missing-auth-missing-value'), 'auth', 'R3', 'a request without an Authorization header is refused with MISSING_VALUE instead of UNAUTHORIZED', {
    auth: (outcome, ctx) => {
      ctx.state.noHeader = ctx.authorization === undefined;
      return outcome;
    },
    error: (reply, ctx) => (ctx.stage === 'auth' && ctx.state.noHeader === true ? { ...reply, body: { ...reply.body, identifier: 'MISSING_VALUE' } } : reply),
  }),
  mutant(id('auth-empty-secret'), 'auth', 'R3', 'a known API key with an empty secret is let in', admit((ctx) => (ctx.parsed?.secret === '' ? ctx.credentials.find((c) => c.key === ctx.parsed?.key)?.key : undefined))),
  mutant(id('auth-secret-case-insensitive'), 'auth', 'R3', 'the API secret is compared case-insensitively', admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key && c.secret.toLowerCase() === ctx.parsed?.secret.toLowerCase())?.key)),
  mutant(id('auth-any-secret'), 'auth', 'R3', 'a known API key is let in with the secret of another key', admit((ctx) => (ctx.credentials.some((c) => c.secret === ctx.parsed?.secret) ? ctx.credentials.find((c) => c.key === ctx.parsed?.key)?.key : undefined))),
  mutant(id('auth-secret-prefix'), 'auth', 'R3', 'only the first 8 characters of the secret are compared', admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key && ctx.parsed.secret.length >= 8 && c.secret.slice(0, 8) === ctx.parsed.secret.slice(0, 8))?.key)),
  mutant(id('token-html-content-type'), 'response-schema', 'S3', 'a successful token answer is labelled text/html', { wire: (wire, ctx) => (ctx.status === 201 ? { ...wire, jsonContentType: 'text/html; charset=utf-8' } : wire) }),
  fieldMutant(id('crash-astral-client-id'), 'server-error', 'R7', 'clientId', 'a clientId with an emoji crashes a utf8 (3-byte) database column: 500', crashOn(TOKEN, fieldIs('clientId', (v) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v)))),
  fieldMutant(id('crash-empty-question'), 'server-error', 'R7', 'videoCallQuestions', 'an empty string among videoCallQuestions crashes the server: 500', crashOn(TOKEN, fieldIs('videoCallQuestions', (v) => Array.isArray(v) && v.includes('')))),
  fieldMutant(id('crash-empty-steps'), 'server-error', 'R7', 'additionalSteps', 'an empty additionalSteps object crashes the server (it reads the first country key): 500', crashOn(TOKEN, fieldIs('additionalSteps', (v) => isObject(v) && Object.keys(v).length === 0))),
  fieldMutant(id('crash-non-uuid-scan-ref'), 'server-error', 'R7', 'scanRef', 'add-dummy-status parses scanRef as a UUID: anything else crashes with 500 instead of BAD_VALUE', crashOn(DUMMY, fieldIs('scanRef', (v) => isString(v) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)))),
  mutant(id('crash-status-unknown'), 'server-error', 'R7', 'the status read-back dereferences a missing verification: an unknown scanRef gives 500', lookupFor(STATUS, () => {
    throw new TypeError('mutant: cannot read properties of undefined');
  })),
];

// --- result webhooks ---------------------------------------------------------------------------------

const WEBHOOKS: Mutant[] = [
  mutant(id('webhook-no-auto'), 'webhook', 'W1', 'no auto-result webhook is sent: only manual results are delivered', webhook('auto', () => null)),
  mutant(id('webhook-origin-only'), 'webhook', 'W1', 'the webhook goes to the callbackUrl\'s origin (its path is dropped)', webhook('both', (draft, ctx) => ({ ...draft, url: `${new URL(ctx.verification.callbackUrl!).origin}/` }))),
  mutant(id('webhook-signature-upper-hex'), 'webhook', 'W2', 'the signature is upper-case hex', webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.signingKey).toUpperCase() }))),
  mutant(id('webhook-signed-with-key'), 'webhook', 'W2', 'the webhook is signed with the API key instead of the secret', webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.verification.apiKey) }))),
  mutant(id('webhook-signed-sorted'), 'webhook', 'W2', 'the signature covers a key-sorted re-serialisation, not the bytes sent', webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(JSON.stringify(sortedKeys(JSON.parse(raw.toString('utf8')))), ctx.signingKey) }))),
  mutant(id('webhook-manual-unsigned'), 'webhook', 'W2', 'the manual-result webhook has no signature header', webhook('manual', signedWith(() => undefined))),
  mutant(id('webhook-suspected-as-denied'), 'webhook', 'W3', 'a SUSPECTED auto result is delivered as DENIED', webhook('auto', (draft) => (draft.payload.status?.overall === 'SUSPECTED' ? withPayload(draft, { status: { ...draft.payload.status, overall: 'DENIED' } }) : draft))),
  mutant(id('webhook-auto-no-external-ref'), 'webhook', 'W3', 'the auto result leaves externalRef null', webhook('auto', (draft) => withPayload(draft, { externalRef: null }))),
  mutant(id('webhook-client-id-number'), 'webhook', 'W3', 'a numeric-looking clientId is delivered as a JSON number', webhook('both', (draft) => (isString(draft.payload.clientId) && /^\d+$/.test(draft.payload.clientId) ? withPayload(draft, { clientId: Number(draft.payload.clientId) }) : draft))),
  mutant(id('webhook-scan-ref-hex'), 'webhook', 'W3', 'the webhook scanRef is the UUID without dashes', webhook('both', (draft) => withPayload(draft, { scanRef: String(draft.payload.scanRef).replace(/-/g, '') }))),
  mutant(id('webhook-manual-not-final'), 'webhook', 'W4', 'the manual result says final: false', webhook('manual', (draft) => withPayload(draft, { final: false }))),
  mutant(id('webhook-manual-document-missing'), 'webhook', 'W4', 'the manual result leaves status.manualDocument null', webhook('manual', (draft) => withPayload(draft, { status: { ...draft.payload.status, manualDocument: null } }))),
  mutant(id('webhook-manual-overall-auto'), 'webhook', 'W4', 'the manual result repeats the auto overall status instead of the D3 outcome', webhook('manual', (draft, ctx) => withPayload(draft, { status: { ...draft.payload.status, overall: ctx.verification.dummyStatus } }))),
  mutant(id('webhook-data-sex-letter'), 'webhook', 'W6', 'data.docSex is filled with the request\'s letter (M) instead of MALE/FEMALE/UNDEFINED', webhook('both', (draft) => withPayload(draft, { data: { ...draft.payload.data, docSex: 'M' } }))),
  mutant(id('webhook-data-changed-string'), 'webhook', 'W6', 'data.manuallyDataChanged is the string "false" instead of a boolean', webhook('both', (draft) => withPayload(draft, { data: { ...draft.payload.data, manuallyDataChanged: 'false' } }))),
];

export const BLIND_2026_12_07: Mutant[] = [...VALIDATION, ...RESPONSE, ...DUMMY_FLOW, ...TRANSPORT, ...WEBHOOKS];
