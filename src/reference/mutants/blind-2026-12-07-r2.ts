// Blind catalogue, round 2 (issue 24, item 6): single deviations a real vendor build could ship,
// written from the seed documents, the rulings and the contract only, without reading how the suite
// tests nor round 1's catalogue. Each is outside every latitude the rulings and the contract give.
import { createHash, createHmac } from 'node:crypto';
import type { Hooks, Mutant } from '../stages.ts';
import type { Contract } from '../../contract/load.ts';
import {
  DUMMY, STATUS, TOKEN, type Body,
  accept, answerError, breaksNamePattern, codePoints, crashOn, defaultAs, echoAs, fieldIs, fieldMutant, isString, lookupFor,
  mutant, omitted, reject, stageIs, succeedWith, violationIs, webhook, withPayload, without,
} from './helpers.ts';

const ANY_KIND = ['type', 'minLength', 'maxLength', 'pattern', 'enum', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'uniqueItems', 'required', 'cross-field'];
const P = 'blind2-';
const enumOf = (contract: Contract, schema: string): string[] => (contract.schemas[schema]?.enum as string[] | undefined) ?? [];
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const plainObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The request body a verdict hook's predicate sees (the helpers type its context narrowly). */
const bodyOf = (ctx: unknown): Body => (ctx as { body: Body }).body;

/** A name that breaks the pattern only through `char`. */
const onlyBy = (char: string) => (v: unknown, ctx: { contract: Contract }) => isString(v) && v.includes(char) && !breaksNamePattern(v.split(char).join(''), ctx.contract);

/** Shifts a YYYY-MM-DD date one day back, as a local-midnight parse serialised in UTC east of Greenwich does. */
function dayBefore(date: string): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
}

/** Answers the token with `change` applied to the body. */
const tokenBody = (change: (body: Body, request: Body, dummy: boolean, state: Record<string, unknown>) => Body): Hooks => ({
  tokenResponse: (body, ctx) => change(body, ctx.request, ctx.dummy, ctx.state),
});
const statusBody = (change: (body: Body) => Body): Hooks => ({ successBody: (body, ctx) => (ctx.operationId === STATUS ? change(body) : body) });
const hmac = (algorithm: string, key: string, encoding: 'hex' | 'base64') => (raw: Buffer) => createHmac(algorithm, key).update(raw).digest(encoding);
const ALPHA3: Record<string, string> = { LT: 'LTU', LV: 'LVA', EE: 'EST', DE: 'DEU', GB: 'GBR', US: 'USA', PL: 'POL', FR: 'FRA' };

// --- token request validation -------------------------------------------------------------------

const VALIDATION: Mutant[] = [
  fieldMutant(`${P}client-id-empty-accepted`, 'validation', 'T1', 'clientId', 'an empty clientId "" is accepted (only null/absent is checked)', accept(TOKEN, ['clientId'], ANY_KIND, (v) => v === '')),
  fieldMutant(`${P}client-id-utf8-bytes`, 'validation', 'T1', 'clientId', 'clientId length counted in UTF-8 bytes (a VARCHAR(100) byte column): 60 "ą" are refused', reject(TOKEN, ['clientId'], (v) => isString(v) && Buffer.byteLength(v) > 100, 'T1')),
  fieldMutant(`${P}client-id-array-joined`, 'validation', 'R6', 'clientId', 'a list of strings as clientId is accepted and joined with commas', accept(TOKEN, ['clientId'], ANY_KIND, (v) => Array.isArray(v) && v.length > 0 && v.every(isString))),
  fieldMutant(`${P}first-name-combining-mark-refused`, 'validation', 'T2', 'firstName', 'a firstName with a combining mark (decomposed "José") is refused: the pattern allows only \\p{L}', reject(TOKEN, ['firstName'], (v) => isString(v) && /\p{M}/u.test(v), 'T2')),
  fieldMutant(`${P}last-name-hyphen-refused`, 'validation', 'T2', 'lastName', 'a hyphenated lastName ("Smith-Jones") is refused', reject(TOKEN, ['lastName'], (v) => isString(v) && v.includes('-'), 'T2')),
  fieldMutant(`${P}first-name-period-refused`, 'validation', 'T2', 'firstName', 'a firstName with a period ("J. R.") is refused', reject(TOKEN, ['firstName'], (v) => isString(v) && v.includes('.'), 'T2')),
  fieldMutant(`${P}first-name-question-mark`, 'validation', 'T2', 'firstName', 'a "?" in firstName is accepted (the last character of the forbidden list was dropped from the class)', accept(TOKEN, ['firstName'], ANY_KIND, onlyBy('?'))),
  fieldMutant(`${P}last-name-pipe`, 'validation', 'T2', 'lastName', 'a "|" in lastName is accepted (the table escapes it as "\\|" and the builder took the backslash)', accept(TOKEN, ['lastName'], ANY_KIND, onlyBy('|'))),
  fieldMutant(`${P}first-name-101`, 'validation', 'T2', 'firstName', 'firstName of 101 characters is accepted (an off-by-one "length > 101" check)', accept(TOKEN, ['firstName'], ['maxLength'], (v) => isString(v) && codePoints(v) === 101)),
  fieldMutant(`${P}error-url-2048-refused`, 'validation', 'T4', 'errorUrl', 'an errorUrl of exactly 2048 characters is refused (maximum taken as exclusive)', reject(TOKEN, ['errorUrl'], (v) => isString(v) && v.length >= 2048, 'T4')),
  fieldMutant(`${P}unverified-url-4096`, 'validation', 'T4', 'unverifiedUrl', 'unverifiedUrl is limited to 4096 characters instead of 2048', accept(TOKEN, ['unverifiedUrl'], ['maxLength'], (v) => isString(v) && v.length <= 4096)),
  fieldMutant(`${P}callback-url-protocol-relative`, 'validation', 'T4', 'callbackUrl', 'a protocol-relative callbackUrl ("//host/hook") is accepted (resolved against the API\'s own https origin)', accept(TOKEN, ['callbackUrl'], ANY_KIND, (v) => isString(v) && /^\/\/[^\s/]+/.test(v))),
  fieldMutant(`${P}locale-ua`, 'validation', 'T5', 'locale', 'locale "ua" (the country code, mistaken for Ukrainian) is accepted', accept(TOKEN, ['locale'], ['enum'], (v) => v === 'ua')),
  fieldMutant(`${P}show-instructions-number`, 'validation', 'R6', 'showInstructions', 'showInstructions 1/0 is accepted as a Bool (a truthiness cast)', accept(TOKEN, ['showInstructions'], ['type'], (v) => v === 1 || v === 0)),
  fieldMutant(`${P}expiry-time-31-days`, 'validation', 'T6', 'expiryTime', 'expiryTime up to 31 days (2678400) is accepted: "30 days" computed as a month', accept(TOKEN, ['expiryTime'], ['maximum'], (v) => isInt(v) && v <= 2678400)),
  fieldMutant(`${P}expiry-time-digit-string`, 'validation', 'R6', 'expiryTime', 'expiryTime sent as a decimal string ("3600") is accepted', accept(TOKEN, ['expiryTime'], ['type'], (v) => isString(v) && /^[1-9]\d{0,6}$/.test(v) && Number(v) <= 2592000)),
  fieldMutant(`${P}session-length-no-max`, 'validation', 'T7', 'sessionLength', 'sessionLength has no upper bound (7200 accepted)', accept(TOKEN, ['sessionLength'], ['exclusiveMaximum', 'maximum'], (v) => isInt(v) && v > 60)),
  fieldMutant(`${P}country-eu`, 'validation', 'T8', 'country', 'country "EU" (exceptionally reserved) is accepted', accept(TOKEN, ['country'], ['enum'], (v) => v === 'EU' || v === 'eu')),
  fieldMutant(`${P}nationality-any-two-letters`, 'validation', 'T8', 'nationality', 'nationality is checked with /^[A-Za-z]{2}$/ only: unassigned "ZZ" is accepted', accept(TOKEN, ['nationality'], ['enum'], (v) => isString(v) && /^[A-Za-z]{2}$/.test(v))),
  fieldMutant(`${P}documents-alias-drivers-license`, 'validation', 'T9', 'documents', 'documents accepts the alias DRIVERS_LICENSE for DRIVER_LICENSE', accept(TOKEN, ['documents'], ['enum'], (v, ctx) => Array.isArray(v) && v.includes('DRIVERS_LICENSE') && v.every((d) => d === 'DRIVERS_LICENSE' || enumOf(ctx.contract, 'DocumentType').includes(d)))),
  fieldMutant(`${P}documents-single-string`, 'validation', 'R6', 'documents', 'a single document type as a string ("PASSPORT") is accepted for the List', accept(TOKEN, ['documents'], ['type'], (v, ctx) => isString(v) && enumOf(ctx.contract, 'DocumentType').includes(v))),
  fieldMutant(`${P}documents-aadhaar-refused`, 'validation', 'T9', 'documents', 'AADHAAR is refused (a regional type missing from the server\'s enum)', reject(TOKEN, ['documents'], (v) => Array.isArray(v) && v.includes('AADHAAR'), 'T9')),
  fieldMutant(`${P}date-of-birth-unpadded`, 'validation', 'T10', 'dateOfBirth', 'dateOfBirth "1990-2-5" is accepted (a lenient date parser)', accept(TOKEN, ['dateOfBirth'], ['format', 'pattern'], (v) => isString(v) && /^\d{4}-\d{1,2}-\d{1,2}$/.test(v) && !Number.isNaN(Date.parse(v)))),
  fieldMutant(`${P}date-of-expiry-past-refused`, 'validation', 'T10', 'dateOfExpiry', 'a dateOfExpiry in the past ("1990-12-20", the documents\' own example) is refused', reject(TOKEN, ['dateOfExpiry'], (v) => isString(v) && v < new Date().toISOString().slice(0, 10), 'T10')),
  fieldMutant(`${P}date-of-birth-1900-leap`, 'validation', 'T10', 'dateOfBirth', 'dateOfBirth 1900-02-29 is accepted (leap years taken as every 4th year)', accept(TOKEN, ['dateOfBirth'], ['format'], (v) => isString(v) && /^\d{4}-02-29$/.test(v) && Number(v.slice(0, 4)) % 4 === 0)),
  fieldMutant(`${P}date-of-issue-before-1900-refused`, 'validation', 'T10', 'dateOfIssue', 'a dateOfIssue before 1900 is refused (a date column\'s lower bound)', reject(TOKEN, ['dateOfIssue'], (v) => isString(v) && v < '1900-01-01', 'T10')),
  fieldMutant(`${P}document-number-empty`, 'validation', 'T11', 'documentNumber', 'an empty documentNumber "" is accepted', accept(TOKEN, ['documentNumber'], ['minLength'], (v) => v === '')),
  fieldMutant(`${P}personal-number-number`, 'validation', 'R6', 'personalNumber', 'personalNumber sent as a JSON number is accepted (coerced to text)', accept(TOKEN, ['personalNumber'], ['type'], (v) => isInt(v) && v >= 0)),
  fieldMutant(`${P}sex-lower-case`, 'validation', 'T23', 'sex', 'sex "m"/"f" is accepted (case-insensitive enum)', accept(TOKEN, ['sex'], ['enum'], (v) => v === 'm' || v === 'f')),
  fieldMutant(`${P}sex-x`, 'validation', 'T12', 'sex', 'sex "X" (the ICAO non-binary marker) is accepted', accept(TOKEN, ['sex'], ['enum'], (v) => v === 'X')),
  fieldMutant(`${P}external-ref-64`, 'validation', 'T14', 'externalRef', 'externalRef is limited to 64 characters instead of 40', accept(TOKEN, ['externalRef'], ['maxLength'], (v) => isString(v) && v.length <= 64)),
  fieldMutant(`${P}token-type-photo-singular`, 'validation', 'T15', 'tokenType', 'tokenType VIDEO_CALL_PHOTO (singular) is accepted', accept(TOKEN, ['tokenType'], ['enum'], (v) => v === 'VIDEO_CALL_PHOTO')),
  fieldMutant(`${P}video-questions-numbers`, 'validation', 'R6', 'videoCallQuestions', 'numbers inside videoCallQuestions are accepted (items not type-checked)', accept(TOKEN, ['videoCallQuestions'], ['type'], (v) => Array.isArray(v) && v.every((q) => isString(q) || typeof q === 'number'))),
  fieldMutant(`${P}additional-data-null-steps`, 'validation', 'T19', 'additionalData', 'additionalData is accepted when the key additionalSteps is present with null (a key-presence check)', accept(TOKEN, ['additionalData-without-additionalSteps', 'additionalData', 'additionalSteps'], ANY_KIND, (_, ctx) => 'additionalSteps' in bodyOf(ctx) && bodyOf(ctx).additionalSteps === null)),
  fieldMutant(`${P}utility-bill-false-with-steps`, 'validation', 'T19', 'utilityBill', 'utilityBill false together with additionalSteps is refused (the exclusivity checks presence, not true)', reject(TOKEN, ['utilityBill'], (v, ctx) => v === false && plainObject(bodyOf(ctx).additionalSteps), 'T19')),
];

// --- token response: echo, defaults, identifiers ---------------------------------------------------

const ECHO: Mutant[] = [
  fieldMutant(`${P}last-name-not-uppercased`, 'response-schema', 'T3', 'lastName', 'lastName is echoed as sent, not upper-cased', tokenBody((b, r) => (isString(r.lastName) ? { ...b, lastName: r.lastName } : b))),
  fieldMutant(`${P}first-name-turkish-upper`, 'response-schema', 'T3', 'firstName', 'firstName is upper-cased with the Turkish locale ("ivan" → "İVAN")', echoAs('firstName', (s: string) => s.toLocaleUpperCase('tr'))),
  fieldMutant(`${P}first-name-truncated-64`, 'response-schema', 'T3', 'firstName', 'the echoed firstName is cut to 64 characters (a shorter column behind the response)', echoAs('firstName', (s: string) => [...s.toUpperCase()].slice(0, 64).join(''))),
  fieldMutant(`${P}error-url-host-lowercased`, 'response-schema', 'T3', 'errorUrl', 'errorUrl is echoed through a URL parser: its host comes back lower-cased', echoAs('errorUrl', (s: string) => s.replace(/^(https?:\/\/)([^/?#]+)/i, (_, scheme: string, host: string) => scheme + host.toLowerCase()))),
  fieldMutant(`${P}country-alpha3-echo`, 'response-schema', 'T3', 'country', 'country is echoed as stored, in alpha-3 ("LT" → "LTU")', echoAs('country', (s: string) => ALPHA3[s.toUpperCase()] ?? s)),
  fieldMutant(`${P}documents-other-dropped`, 'response-schema', 'T3', 'documents', 'OTHER is dropped from the echoed documents', echoAs('documents', (a: string[]) => a.filter((d) => d !== 'OTHER'), Array.isArray)),
  fieldMutant(`${P}date-of-issue-day-before`, 'response-schema', 'T3', 'dateOfIssue', 'dateOfIssue comes back one day earlier (parsed at local midnight, serialised in UTC)', echoAs('dateOfIssue', (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? dayBefore(s) : s))),
  fieldMutant(`${P}document-number-uppercased`, 'response-schema', 'T3', 'documentNumber', 'documentNumber is echoed upper-cased', echoAs('documentNumber', (s: string) => s.toUpperCase())),
  fieldMutant(`${P}sex-word-echo`, 'response-schema', 'T3', 'sex', 'sex is echoed as the stored word ("F" → "FEMALE")', echoAs('sex', (s: string) => ({ M: 'MALE', F: 'FEMALE' })[s] ?? s)),
  fieldMutant(`${P}address-html-escaped`, 'response-schema', 'T3', 'address', 'address is echoed HTML-escaped ("A & B" → "A &amp; B")', echoAs('address', (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))),
  fieldMutant(`${P}address-empty-null`, 'response-schema', 'T3', 'address', 'an empty address "" is echoed as null (the ORM stores empty as NULL)', echoAs('address', (s: string) => (s === '' ? null : s))),
  fieldMutant(`${P}address-mojibake`, 'response-schema', 'T3', 'address', 'a non-ASCII address is echoed as its UTF-8 bytes read as Latin-1 (mojibake: "ų" → "Å³")', echoAs('address', (s: string) => Buffer.from(s, 'utf8').toString('latin1'))),
  fieldMutant(`${P}external-ref-astral-lossy`, 'response-schema', 'T3', 'externalRef', 'characters outside the BMP in externalRef come back as "?" (a 3-byte utf8 column)', echoAs('externalRef', (s: string) => s.replace(/[\u{10000}-\u{10ffff}]/gu, '?'))),
  fieldMutant(`${P}token-type-ignored`, 'response-schema', 'T3', 'tokenType', 'the echoed tokenType is always IDENTIFICATION whatever was sent', echoAs('tokenType', () => 'IDENTIFICATION')),
  fieldMutant(`${P}video-questions-deduped`, 'response-schema', 'T3', 'videoCallQuestions', 'repeated videoCallQuestions are collapsed in the echo (stored as a set)', echoAs('videoCallQuestions', (a: unknown[]) => [...new Set(a)], Array.isArray)),
  fieldMutant(`${P}additional-data-withheld`, 'response-schema', 'T3', 'additionalData', 'additionalData is answered null although it was sent (withheld as sensitive)', tokenBody((b, r) => (plainObject(r.additionalData) ? { ...b, additionalData: null } : b))),
  fieldMutant(`${P}expiry-time-capped-echo`, 'response-schema', 'T3', 'expiryTime', 'an expiryTime above 86400 is echoed as 86400 (the digit-string cap applied to every token)', echoAs('expiryTime', (n: number) => Math.min(n, 86400), isInt)),
  fieldMutant(`${P}client-id-trimmed`, 'response-schema', 'T3', 'clientId', 'clientId is echoed with surrounding spaces trimmed', tokenBody((b, r) => (isString(r.clientId) ? { ...b, clientId: r.clientId.trim() } : b))),
  fieldMutant(`${P}client-id-nfc`, 'response-schema', 'T3', 'clientId', 'clientId is echoed NFC-normalised (a decomposed "é" comes back composed)', tokenBody((b, r) => (isString(r.clientId) ? { ...b, clientId: r.clientId.normalize('NFC') } : b))),
  fieldMutant(`${P}personal-number-masked`, 'response-schema', 'T3', 'personalNumber', 'personalNumber is echoed masked but for its last 4 characters', echoAs('personalNumber', (s: string) => (s.length > 4 ? '*'.repeat(s.length - 4) + s.slice(-4) : s))),
];

const DEFAULTS: Mutant[] = [
  fieldMutant(`${P}locale-default-lt`, 'defaults', 'T5', 'locale', 'an omitted locale defaults to lt (the vendor\'s home language)', defaultAs('locale', 'lt')),
  fieldMutant(`${P}success-url-default-idenfy`, 'defaults', 'T22', 'successUrl', 'an omitted successUrl defaults to the white-label origin\'s URL (ui.idenfy.com) under Mark ID', defaultAs('successUrl', 'https://ui.idenfy.com/result?status=success')),
  fieldMutant(`${P}unverified-url-default-fail`, 'defaults', 'T22', 'unverifiedUrl', 'an omitted unverifiedUrl defaults to the fail URL (copy-paste of errorUrl\'s default)', defaultAs('unverifiedUrl', 'https://ui.markid.eu/result?status=fail')),
  fieldMutant(`${P}documents-default-empty`, 'defaults', 'T9', 'documents', 'an omitted documents list comes back empty', defaultAs('documents', [])),
  fieldMutant(`${P}session-length-default-900`, 'defaults', 'T7', 'sessionLength', 'an omitted sessionLength defaults to 900', defaultAs('sessionLength', 900)),
  fieldMutant(`${P}show-instructions-null-false`, 'defaults', 'R9', 'showInstructions', 'showInstructions null is taken as false instead of the default true', tokenBody((b, r) => (r.showInstructions === null ? { ...b, showInstructions: false } : b))),
  fieldMutant(`${P}address-default-empty-string`, 'defaults', 'S1', 'address', 'an omitted address comes back "" (a NOT NULL text column) instead of null', defaultAs('address', '')),
  fieldMutant(`${P}video-questions-absent`, 'defaults', 'R11', 'videoCallQuestions', 'an omitted videoCallQuestions is left out of the response (its default [] is not null)', tokenBody((b, r) => (omitted(r, 'videoCallQuestions') ? without(b, 'videoCallQuestions') : b))),
];

const IDENTIFIERS: Mutant[] = [
  mutant(`${P}digit-string-number`, 'response-schema', 'T17', 'digitString is answered as a JSON number', tokenBody((b) => (isString(b.digitString) ? { ...b, digitString: Number(b.digitString) } : b))),
  fieldMutant(`${P}digit-string-empty-when-off`, 'response-schema', 'T17', 'generateDigitString', 'without generateDigitString the response carries digitString "" instead of null', tokenBody((b, r) => (r.generateDigitString === true ? b : { ...b, digitString: '' }))),
  fieldMutant(`${P}digit-string-on-false`, 'response-schema', 'T17', 'generateDigitString', 'generateDigitString false still generates a digit string (the key\'s presence is tested)', tokenBody((b, r) => (r.generateDigitString === false ? { ...b, digitString: '20482049' } : b))),
  mutant(`${P}scan-ref-null-plain-token`, 'response-schema', 'T20', 'a token without dummyStatus answers scanRef null (only dummy tokens get a verification at once)', tokenBody((b, _r, dummy) => (dummy ? b : { ...b, scanRef: null }))),
  mutant(`${P}auth-token-sha256`, 'response-schema', 'T20', 'authToken is a 64-character SHA-256 hex digest', tokenBody((b) => ({ ...b, authToken: createHash('sha256').update(String(b.authToken)).digest('hex') }))),
  mutant(`${P}scan-ref-per-client`, 'response-schema', 'T20', 'a second token for the same clientId answers the first token\'s scanRef (an upsert keyed by clientId)', tokenBody((b, r, _d, state) => {
    const seen = (state.byClient ??= new Map<string, unknown>()) as Map<string, unknown>;
    const key = String(r.clientId);
    if (!seen.has(key)) seen.set(key, b.scanRef);
    return { ...b, scanRef: seen.get(key) };
  })),
  mutant(`${P}dummy-message-period`, 'response-schema', 'T21', 'the dummy token message ends with a period', tokenBody((b, _r, dummy) => (dummy ? { ...b, message: `${String(b.message)}.` } : b))),
];

// --- dummy sessions, environments, add-dummy-status, status read-back --------------------------------

/** Drops dummyStatus from the body when `when` holds (before gating and validation). */
const dropDummyStatus = (when: (value: unknown, environment: string) => boolean): Hooks => ({
  body: (body, ctx) => (ctx.operationId === TOKEN && plainObject(body) && 'dummyStatus' in body && when(body.dummyStatus, ctx.environment) ? without(body, 'dummyStatus') : body),
});

const DUMMY_FLOW: Mutant[] = [
  fieldMutant(`${P}dummy-status-empty-plain`, 'validation', 'T21', 'dummyStatus', 'dummyStatus "" is taken as absent (a falsy check): a plain token is created instead of BAD_VALUE', dropDummyStatus((v) => v === '')),
  mutant(`${P}production-dummy-ignored`, 'environment', 'T21', 'in production a token with dummyStatus is created as a plain token (dummyStatus silently ignored) instead of PERMISSIONS_ERROR', dropDummyStatus((_, env) => env === 'production'), 'production'),
  mutant(`${P}testing-dummy-active-allowed`, 'environment', 'T21', 'in testing dummyStatus ACTIVE is let through (taken as the harmless initial status)', { gating: (refused, ctx) => (ctx.operationId === TOKEN && ctx.body?.dummyStatus === 'ACTIVE' ? false : refused) }, 'testing'),
  mutant(`${P}testing-add-dummy-unauthorized`, 'environment', 'D4', 'in testing add-dummy-status is refused as UNAUTHORIZED 401 instead of PERMISSIONS_ERROR', answerError((_, ctx) => ctx.stage === 'environment' && ctx.operationId === DUMMY, { identifier: 'UNAUTHORIZED', status: 401 }), 'testing'),
  fieldMutant(`${P}manual-face-document-value`, 'validation', 'D2', 'manualFaceMatchResult', 'manualFaceMatchResult accepts values of the document list (one shared status enum)', accept(DUMMY, ['manualFaceMatchResult'], ['enum'], (v, ctx) => isString(v) && enumOf(ctx.contract, 'ManualDocumentStatus').includes(v))),
  fieldMutant(`${P}manual-document-omitted`, 'validation', 'D2', 'manualDocumentValidity', 'an omitted manualDocumentValidity is accepted (the document status left unset)', accept(DUMMY, ['manualDocumentValidity'], ['required'])),
  fieldMutant(`${P}add-dummy-other-key`, 'validation', 'D1', 'scanRef', 'add-dummy-status finds dummy verifications of every API key (the lookup is not scoped to the tenant)', lookupFor(DUMMY, (_, ctx) => (ctx.anyKey && ctx.anyKey.dummyStatus !== null ? ctx.anyKey : undefined))),
  mutant(`${P}add-dummy-once-only`, 'validation', 'D1', 'a second add-dummy-status on the same verification is refused (a reviewed verification is taken as closed)', {
    lookup: (found, ctx) => {
      if (ctx.operationId !== DUMMY || !found) return found;
      const reviewed = (ctx.state.reviewed ??= new Set<string>()) as Set<string>;
      if (reviewed.has(found.scanRef)) return undefined;
      reviewed.add(found.scanRef);
      return found;
    },
  }),
  mutant(`${P}outcome-denial-keeps-auto`, 'validation', 'D3', 'a manual result other than FACE_MATCH + DOC_VALIDATED leaves the auto status in place instead of DENIED', { outcome: (value, ctx) => (value === 'DENIED' ? ctx.verification.overall : value) }),
  mutant(`${P}add-dummy-204`, 'status-code', 'R4', 'add-dummy-status answers 204 No Content instead of 200', succeedWith(DUMMY, 204)),
  mutant(`${P}status-client-id-number`, 'response-schema', 'F1', 'the status read-back answers a numeric-looking clientId as a JSON number', statusBody((b) => (isString(b.clientId) && /^\d+$/.test(b.clientId) ? { ...b, clientId: Number(b.clientId) } : b))),
  mutant(`${P}status-scan-ref-upper`, 'response-schema', 'F1', 'the status read-back answers the scanRef upper-cased (a uniqueidentifier column read back in canonical upper case)', statusBody((b) => (isString(b.scanRef) ? { ...b, scanRef: b.scanRef.toUpperCase() } : b))),
  mutant(`${P}status-denied-as-suspected`, 'response-schema', 'F1', 'the status read-back of a dummy DENIED verification not yet reviewed says SUSPECTED', statusBody((b) => (b.status === 'DENIED' && b.manualFace == null ? { ...b, status: 'SUSPECTED' } : b))),
];

// --- authentication, errors, transport ---------------------------------------------------------------

/** Admits the credential for which `matches` holds although the exact comparison failed. */
const admitIf = (matches: (sent: { key: string; secret: string }, known: { key: string; secret: string }) => boolean): Hooks => ({
  auth: (outcome, ctx) => {
    if (outcome.ok || !ctx.parsed) return outcome;
    const found = ctx.credentials.find((c) => matches(ctx.parsed!, c));
    return found ? { ok: true, apiKey: found.key } : outcome;
  },
});

const AUTH: Mutant[] = [
  mutant(`${P}auth-key-case-insensitive`, 'auth', 'S2', 'the API key is compared case-insensitively (a case-insensitive collation on the key column)', admitIf((s, k) => s.key.toLowerCase() === k.key.toLowerCase() && s.secret === k.secret)),
  mutant(`${P}auth-secret-trimmed`, 'auth', 'S2', 'the API secret is trimmed before comparison (a secret with a trailing space is accepted)', admitIf((s, k) => s.key === k.key && s.secret.trim() === k.secret)),
  mutant(`${P}auth-secret-split-colon`, 'auth', 'S2', 'the password is taken up to a second colon (split(":")[1]): "secret:anything" is accepted', admitIf((s, k) => s.key === k.key && s.secret.split(':')[0] === k.secret)),
  mutant(`${P}auth-credentials-swapped`, 'auth', 'S2', 'secret:key (username and password swapped) is accepted', admitIf((s, k) => s.key === k.secret && s.secret === k.key)),
  mutant(`${P}auth-empty-basic-crash`, 'server-error', 'R7', 'an Authorization header "Basic" without credentials crashes the auth middleware (500)', {
    auth: (outcome, ctx) => {
      if (/^basic\s*$/i.test(ctx.authorization ?? 'x')) throw new TypeError('mutant: credentials of undefined');
      return outcome;
    },
  }),
  mutant(`${P}auth-permissions-identifier`, 'error-identifier', 'R3', 'wrong credentials are refused as PERMISSIONS_ERROR (400) instead of UNAUTHORIZED', answerError((_, ctx) => ctx.stage === 'auth', { identifier: 'PERMISSIONS_ERROR', status: 400 })),
];

const ERRORS: Mutant[] = [
  mutant(`${P}bad-value-422`, 'status-code', 'R2', 'BAD_VALUE comes with 422 Unprocessable Entity', answerError((r, ctx) => ctx.stage === 'validation' && r.body.identifier === 'BAD_VALUE', { status: 422 })),
  mutant(`${P}validation-error-key`, 'error-identifier', 'R1', 'validation errors carry the identifier under "error" instead of "identifier"', {
    error: (reply, ctx) => (ctx.stage === 'validation' ? { ...reply, body: { error: reply.body.identifier, message: reply.body.message } } : reply),
  }),
  mutant(`${P}missing-message-list`, 'error-identifier', 'R1', 'MISSING_VALUE errors carry message as a list of strings (a framework\'s field-error list)', {
    error: (reply, ctx) => (ctx.stage === 'validation' && ctx.violation?.kind.startsWith('required') ? { ...reply, body: { ...reply.body, message: [`${ctx.violation.field}: This field is required.`] } } : reply),
  }),
  mutant(`${P}type-error-json-error`, 'error-identifier', 'R3', 'a value of the wrong JSON type is refused as JSON_ERROR (the deserializer\'s mismatch) instead of BAD_VALUE', answerError(violationIs((v) => v.kind === 'type'), { identifier: 'JSON_ERROR' })),
  mutant(`${P}json-error-text-plain`, 'error-identifier', 'R1', 'a malformed JSON body is answered with Content-Type text/plain (the parser\'s own error page)', answerError(stageIs('json'), { contentType: 'text/plain; charset=utf-8' })),
  mutant(`${P}unknown-scan-ref-404`, 'status-code', 'R2', 'an add-dummy-status scanRef naming no verification is answered 404 (BAD_VALUE)', answerError((_, ctx) => ctx.stage === 'lookup', { status: 404 })),
  mutant(`${P}method-identifier`, 'error-identifier', 'R3', 'a wrong method is refused as METHOD_NOT_SUPPORTED instead of METHOD_NOT_ALLOWED', answerError(stageIs('method'), { identifier: 'METHOD_NOT_SUPPORTED' })),
  mutant(`${P}crash-address-nul`, 'server-error', 'R7', 'an address containing U+0000 crashes the insert (PostgreSQL refuses NUL in text): 500', crashOn(TOKEN, fieldIs('address', (v) => isString(v) && v.includes('\u0000')))),
  mutant(`${P}crash-year-one`, 'server-error', 'R7', 'dateOfBirth 0001-01-01 (a real date) overflows the date conversion: 500', crashOn(TOKEN, fieldIs('dateOfBirth', (v) => isString(v) && v < '0100'))),
  mutant(`${P}crash-client-id-quote`, 'server-error', 'R7', 'a clientId with an apostrophe breaks a hand-built SQL string: 500', crashOn(TOKEN, fieldIs('clientId', (v) => isString(v) && v.includes("'")))),
  mutant(`${P}crash-scan-ref-number`, 'server-error', 'R7', 'a numeric scanRef in add-dummy-status crashes the lookup (500) instead of BAD_VALUE', crashOn(DUMMY, fieldIs('scanRef', (v) => typeof v === 'number'))),
  mutant(`${P}crash-null-body`, 'server-error', 'R7', 'a JSON body `null` crashes the token handler (500) instead of JSON_ERROR', crashOn(TOKEN, (b) => b === null)),
  mutant(`${P}crash-expiry-int32`, 'server-error', 'R7', 'an expiryTime whose milliseconds exceed a 32-bit integer (valid up to 2592000 s) crashes: 500', crashOn(TOKEN, fieldIs('expiryTime', (v) => isInt(v) && v * 1000 > 2 ** 31 - 1))),
];

// --- result webhooks ------------------------------------------------------------------------------

const WEBHOOKS: Mutant[] = [
  mutant(`${P}webhook-active-no-auto`, 'webhook', 'W1', 'no auto-result webhook for a dummy ACTIVE token (nothing "happened" yet)', webhook('auto', (d) => (d.payload.status?.overall === 'ACTIVE' ? null : d))),
  mutant(`${P}webhook-denied-no-manual`, 'webhook', 'W1', 'no webhook for an add-dummy-status whose outcome is DENIED', webhook('manual', (d) => (d.payload.status?.overall === 'DENIED' ? null : d))),
  mutant(`${P}webhook-signature-base64`, 'webhook', 'W2', 'Idenfy-Signature is the HMAC-SHA256 in base64 instead of lower-case hex', webhook('both', (d, ctx) => ({ ...d, sign: hmac('sha256', ctx.signingKey, 'base64') }))),
  mutant(`${P}webhook-signature-prefixed`, 'webhook', 'W2', 'Idenfy-Signature carries a "sha256=" prefix before the hex digest', webhook('both', (d, ctx) => ({ ...d, sign: (raw) => `sha256=${hmac('sha256', ctx.signingKey, 'hex')(raw)}` }))),
  mutant(`${P}webhook-signature-sha1`, 'webhook', 'W2', 'Idenfy-Signature is an HMAC-SHA1 (40 hex digits)', webhook('both', (d, ctx) => ({ ...d, sign: hmac('sha1', ctx.signingKey, 'hex') }))),
  mutant(`${P}webhook-keyed-with-api-key`, 'webhook', 'W2', 'webhooks are signed with the API key instead of the API secret', webhook('both', (d, ctx) => ({ ...d, sign: hmac('sha256', ctx.verification.apiKey, 'hex') }))),
  mutant(`${P}webhook-external-ref-32`, 'webhook', 'W3', 'webhooks carry externalRef cut to 32 characters', webhook('both', (d) => (isString(d.payload.externalRef) ? withPayload(d, { externalRef: d.payload.externalRef.slice(0, 32) }) : d))),
  mutant(`${P}webhook-manual-swapped`, 'webhook', 'W4', 'the manual-result webhook swaps status.manualFace and status.manualDocument', webhook('manual', (d) => withPayload(d, { status: { ...d.payload.status, manualFace: d.payload.status.manualDocument, manualDocument: d.payload.status.manualFace } }))),
  mutant(`${P}webhook-final-string`, 'webhook', 'W4', 'the manual-result webhook says final "true" (a string)', webhook('manual', (d) => withPayload(d, { final: String(d.payload.final) }))),
  mutant(`${P}webhook-data-empty-string`, 'webhook', 'W6', 'webhooks carry data "" (an empty relation serialised as a string) instead of an object or null', webhook('both', (d) => withPayload(d, { data: '' }))),
];

export const BLIND_2026_12_07_R2: Mutant[] = [...VALIDATION, ...ECHO, ...DEFAULTS, ...IDENTIFIERS, ...DUMMY_FLOW, ...AUTH, ...ERRORS, ...WEBHOOKS];
