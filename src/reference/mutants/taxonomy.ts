// Single deviations found by the value taxonomy (issue 24): a server that normalises, strips,
// escapes or re-types what it echoes; refuses valid text for its Unicode, its length in another
// unit, or a date a library mishandles; accepts an overflowed integer, a falsy stand-in, another
// list's value or a look-alike of a documented one; parses JSON leniently; minds media-type
// parameters; or takes credentials from where S2 does not put them.
import type { BaseContext } from '../stages.ts';
import { DATES, DUMMY, NAMES, TOKEN, accept, admit, answerError, echoAs, isString, fieldMutant as mutant, reject, type FieldMutant } from './helpers.ts';

const COUNTRIES = ['country', 'nationality'];
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
const ASTRAL = /[\u{10000}-\u{10ffff}]/gu;
const html = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const upperHtml = (v: string) => html(v.toUpperCase());
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const inEnum = (ctx: BaseContext, schema: string, v: unknown) => isString(v) && (ctx.contract.schemas[schema].enum as string[]).includes(v);
/** Every text constant of every list in the contract: what a server validating against one merged set accepts. */
const union = (ctx: BaseContext): Set<string> => {
  const all = new Set<string>();
  for (const s of Object.values<any>(ctx.contract.schemas)) for (const v of s.enum ?? []) if (isString(v)) all.add(v);
  for (const op of Object.values(ctx.contract.operations)) for (const f of op.fields) for (const v of (f.schema.items ?? f.schema).enum ?? []) if (isString(v)) all.add(v);
  return all;
};
const inUnion = (v: unknown, ctx: BaseContext) => (Array.isArray(v) ? v.length > 0 && v.every((i) => isString(i) && union(ctx).has(i)) : isString(v) && union(ctx).has(v));
const nfkcIn = (schema: string, fold = (v: string) => v) => (v: unknown, ctx: BaseContext) => {
  const one = (i: unknown) => isString(i) && i !== i.normalize('NFKC') && inEnum(ctx, schema, fold(i.normalize('NFKC')));
  return Array.isArray(v) ? v.length > 0 && v.every(one) : one(v);
};
const CONFUSABLES: Record<string, string> = { А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', О: 'O', Р: 'P', Т: 'T', Х: 'X', а: 'a', с: 'c', е: 'e', о: 'o', р: 'p', х: 'x' };
const deconfuse = (v: string) => [...v].map((c) => CONFUSABLES[c] ?? c).join('');
const decodeSafely = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};
const rawIs = (re: RegExp) => (_: unknown, ctx: { stage: string; raw?: string }) => ctx.stage === 'json' && re.test(ctx.raw ?? '');

export const TAXONOMY_MUTANTS: FieldMutant[] = [
  // --- echoes that normalise, strip, escape or re-type (T3: everything but names echoed as sent) -----
  mutant('client-id-nfc-echoed', 'response-schema', 'T3', 'clientId', 'echoes clientId NFC-normalised (e + combining acute comes back as é)', echoAs('clientId', (v: string) => v.normalize('NFC'))),
  mutant('address-nfkc-echoed', 'response-schema', 'T3', 'address', 'echoes address NFKC-normalised (full-width letters come back narrow)', echoAs('address', (v: string) => v.normalize('NFKC'))),
  mutant('first-name-nfc-echoed', 'response-schema', 'T3', 'firstName', 'upper-cases firstName and NFC-normalises it', echoAs('firstName', (v: string) => v.toUpperCase().normalize('NFC'))),
  mutant('last-name-accents-stripped', 'response-schema', 'T3', 'lastName', 'echoes lastName upper-cased without diacritics (é → E)', echoAs('lastName', (v: string) => v.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase())),
  mutant('first-name-ascii-uppercase', 'response-schema', 'T3', 'firstName', 'upper-cases only ASCII letters of firstName (é stays é)', echoAs('firstName', (v: string) => v.replace(/[a-z]/g, (c) => c.toUpperCase()))),
  mutant('external-ref-zero-width-stripped', 'response-schema', 'T3', 'externalRef', 'strips zero-width characters, soft hyphens and BOMs from externalRef', echoAs('externalRef', (v: string) => v.replace(ZERO_WIDTH, ''))),
  mutant('client-id-bom-stripped', 'response-schema', 'T3', 'clientId', 'strips byte-order marks inside clientId', echoAs('clientId', (v: string) => v.replace(/\ufeff/g, ''))),
  mutant('address-bidi-stripped', 'response-schema', 'T3', 'address', 'strips bidi controls from address', echoAs('address', (v: string) => v.replace(new RegExp(BIDI.source, 'g'), ''))),
  mutant('address-html-escaped', 'response-schema', 'T3', 'address', 'echoes address HTML-escaped (& → &amp;)', echoAs('address', html)),
  mutant('last-name-html-escaped', 'response-schema', 'T3', 'lastName', "echoes lastName upper-cased and HTML-escaped (O'BRIEN → O&#39;BRIEN)", echoAs('lastName', upperHtml)),
  mutant('video-call-questions-html-escaped', 'response-schema', 'T3', 'videoCallQuestions', 'echoes videoCallQuestions entries HTML-escaped', echoAs('videoCallQuestions', (v: string[]) => v.map(html), strings)),
  mutant('video-call-questions-trimmed', 'response-schema', 'T3', 'videoCallQuestions', 'echoes videoCallQuestions entries trimmed', echoAs('videoCallQuestions', (v: string[]) => v.map((q) => q.trim()), strings)),
  mutant('document-number-whitespace-collapsed', 'response-schema', 'T3', 'documentNumber', 'collapses and trims whitespace in documentNumber', echoAs('documentNumber', (v: string) => v.replace(/\s+/g, ' ').trim())),
  mutant('external-ref-null-text-as-null', 'response-schema', 'T3', 'externalRef', "echoes the text 'null' in externalRef as null", echoAs('externalRef', () => null, (v) => v === 'null')),
  mutant('address-falsy-text-dropped', 'response-schema', 'T3', 'address', "echoes the texts '0' and 'false' in address as null", echoAs('address', () => null, (v) => v === '0' || v === 'false')),
  mutant('client-id-numeric-retyped', 'response-schema', 'T3', 'clientId', "echoes an all-digit clientId as a number ('00123' → 123)", echoAs('clientId', (v: string) => Number(v), (v) => isString(v) && /^-?\d+$/.test(v))),
  mutant('personal-number-zeros-stripped', 'response-schema', 'T3', 'personalNumber', "strips leading zeros from an all-digit personalNumber ('00123' → '123')", echoAs('personalNumber', (v: string) => v.replace(/^0+(?=\d)/, ''), (v) => isString(v) && /^\d+$/.test(v))),
  mutant('address-astral-stripped', 'response-schema', 'T3', 'address', 'drops characters outside the BMP from address (a 3-byte UTF-8 column)', echoAs('address', (v: string) => v.replace(ASTRAL, ''))),
  mutant('external-ref-astral-question-marks', 'response-schema', 'T3', 'externalRef', "stores externalRef in a legacy charset: characters outside the BMP come back as '?'", echoAs('externalRef', (v: string) => v.replace(ASTRAL, '?'))),
  mutant('client-id-trailing-space-trimmed', 'response-schema', 'T3', 'clientId', 'trims trailing whitespace from clientId (a CHAR column)', echoAs('clientId', (v: string) => v.replace(/\s+$/, ''))),
  mutant('success-url-host-lowercased', 'response-schema', 'T3', 'successUrl', 'echoes successUrl with scheme and host lower-cased', echoAs('successUrl', (v: string) => v.replace(/^[^:]+:\/\/[^/?#]+/, (m) => m.toLowerCase()))),
  mutant('error-url-percent-decoded', 'response-schema', 'T3', 'errorUrl', 'echoes errorUrl percent-decoded', echoAs('errorUrl', decodeSafely)),
  mutant('unverified-url-dot-segments-resolved', 'response-schema', 'T3', 'unverifiedUrl', 'resolves ./ and ../ in unverifiedUrl', echoAs('unverifiedUrl', (v: string) => v.replace(/\/\.(?=\/)/g, '').replace(/\/[^/?#]+\/\.\.(?=\/)/g, ''))),
  mutant('success-url-empty-query-dropped', 'response-schema', 'T3', 'successUrl', "drops an empty query ('…/r?' → '…/r') from successUrl", echoAs('successUrl', (v: string) => v.replace(/\?(?=#|$)/, ''))),
  mutant('show-instructions-false-as-default', 'response-schema', 'T3', 'showInstructions', 'reads showInstructions false as unset and answers the default true', echoAs('showInstructions', () => true, (v) => v === false)),
  mutant('video-call-questions-empty-as-null', 'response-schema', 'T3', 'videoCallQuestions', 'echoes an empty videoCallQuestions as null', echoAs('videoCallQuestions', () => null, (v) => Array.isArray(v) && v.length === 0)),

  // --- valid text refused ---------------------------------------------------------------------------
  mutant('client-id-blank-refused', 'validation', 'T1', 'clientId', 'trims clientId before requiring it: a clientId of spaces is refused', reject(TOKEN, ['clientId'], (v) => isString(v) && v.trim() === '', 'T1')),
  mutant('client-id-falsy-text-refused', 'validation', 'T1', 'clientId', "refuses the clientIds '0', 'false' and 'null' (read as unset)", reject(TOKEN, ['clientId'], (v) => v === '0' || v === 'false' || v === 'null', 'T1')),
  mutant('client-id-zero-width-refused', 'validation', 'T1', 'clientId', 'refuses clientIds with zero-width characters', reject(TOKEN, ['clientId'], (v) => isString(v) && /[\u200b-\u200d\u2060\ufeff\u00ad]/.test(v), 'T1')),
  mutant('address-bidi-refused', 'validation', 'T13', 'address', 'refuses addresses with right-to-left text or bidi controls', reject(TOKEN, ['address'], (v) => isString(v) && (BIDI.test(v) || /[\u0590-\u05ff]/.test(v)), 'T13')),
  mutant('address-markup-refused', 'validation', 'T13', 'address', "a filter refuses addresses with < > or a quote (SQL/HTML-looking)", reject(TOKEN, ['address'], (v) => isString(v) && /[<>']/.test(v), 'T13')),
  mutant('external-ref-astral-refused', 'validation', 'T14', 'externalRef', 'refuses externalRefs with characters outside the BMP', reject(TOKEN, ['externalRef'], (v) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v), 'T14')),
  mutant('names-combining-refused', 'validation', 'T2', 'firstName', 'refuses names with combining marks (decomposed letters)', reject(TOKEN, NAMES, (v) => isString(v) && /\p{M}/u.test(v), 'T2')),
  mutant('names-full-width-refused', 'validation', 'T2', 'lastName', 'refuses names in full-width letters', reject(TOKEN, NAMES, (v) => isString(v) && /[\uff01-\uff5e]/.test(v), 'T2')),
  mutant('address-length-in-bytes', 'validation', 'T13', 'address', 'counts the address limit in UTF-8 bytes', reject(TOKEN, ['address'], (v) => isString(v) && Buffer.byteLength(v) > 255, 'T13')),
  mutant('names-length-in-bytes', 'validation', 'T2', 'firstName', 'counts the name limit in UTF-8 bytes', reject(TOKEN, NAMES, (v) => isString(v) && Buffer.byteLength(v) > 100, 'T2')),
  mutant('client-id-length-escaped', 'validation', 'T1', 'clientId', 'counts the clientId limit on the JSON-escaped text', reject(TOKEN, ['clientId'], (v) => isString(v) && JSON.stringify(v).length - 2 > 100, 'T1')),
  mutant('names-length-html-escaped', 'validation', 'T2', 'lastName', 'counts the name limit on the HTML-escaped text (& is 5)', reject(TOKEN, NAMES, (v) => isString(v) && html(v).length > 100, 'T2')),
  mutant('names-length-after-nfc', 'validation', 'T2', 'firstName', 'counts the name limit after NFC (101 code points that compose to 51 pass)', accept(TOKEN, NAMES, ['maxLength'], (v) => isString(v) && [...v.normalize('NFC')].length <= 100)),
  mutant('video-call-questions-empty-refused', 'validation', 'T18', 'videoCallQuestions', 'refuses an empty videoCallQuestions list', reject(TOKEN, ['videoCallQuestions'], (v) => Array.isArray(v) && v.length === 0, 'T18')),
  mutant('date-epoch-refused', 'validation', 'T10', 'dateOfBirth', 'refuses 1970-01-01 (timestamp 0 read as unset)', reject(TOKEN, DATES, (v) => v === '1970-01-01', 'T10')),
  mutant('date-before-epoch-refused', 'validation', 'T10', 'dateOfIssue', 'refuses dates before 1970 (unsigned timestamps)', reject(TOKEN, ['dateOfIssue'], (v) => isString(v) && v < '1970', 'T10')),
  mutant('date-after-2038-refused', 'validation', 'T10', 'dateOfExpiry', 'refuses dates after 2038-01-19 (32-bit timestamps)', reject(TOKEN, ['dateOfExpiry'], (v) => isString(v) && v > '2038-01-19', 'T10')),

  // --- invalid values accepted ----------------------------------------------------------------------
  mutant('expiry-time-int32-wrap', 'validation', 'T6', 'expiryTime', 'stores expiryTime in 32 bits: 2^32 + 600 wraps to 600 and is accepted',
    accept(TOKEN, ['expiryTime'], ['maximum'], (v) => typeof v === 'number' && (v | 0) > 0 && (v | 0) <= 2592000)),
  mutant('session-length-int32-wrap', 'validation', 'T7', 'sessionLength', 'stores sessionLength in 32 bits: 2^32 + 1800 wraps to 1800 and is accepted',
    accept(TOKEN, ['sessionLength'], ['exclusiveMaximum'], (v) => typeof v === 'number' && (v | 0) > 60 && (v | 0) < 3600)),
  mutant('session-length-false-as-unset', 'validation', 'R6', 'sessionLength', 'reads sessionLength false as unset', accept(TOKEN, ['sessionLength'], ['type'], (v) => v === false)),
  mutant('expiry-time-false-as-unset', 'validation', 'R6', 'expiryTime', 'reads expiryTime false as unset', accept(TOKEN, ['expiryTime'], ['type'], (v) => v === false)),
  mutant('show-instructions-empty-text-false', 'validation', 'R6', 'showInstructions', "reads showInstructions '' as false", accept(TOKEN, ['showInstructions'], ['type'], (v) => v === '')),
  mutant('utility-bill-empty-text-false', 'validation', 'R6', 'utilityBill', "reads utilityBill '' as false", accept(TOKEN, ['utilityBill'], ['type'], (v) => v === '')),
  mutant('documents-comma-split', 'validation', 'T9', 'documents', "splits document entries on commas: ['ID_CARD,PASSPORT'] is accepted",
    accept(TOKEN, ['documents'], ['enum'], (v, ctx) => strings(v) && v.length > 0 && v.every((i) => i.split(',').every((p) => inEnum(ctx, 'DocumentType', p))))),
  // One merged set of constants validates every list field.
  mutant('token-type-merged-list', 'validation', 'T15', 'tokenType', "checks tokenType against every list's values (accepts a dummy status, a locale …)", accept(TOKEN, ['tokenType'], ['enum'], inUnion)),
  mutant('locale-merged-list', 'validation', 'T5', 'locale', "checks locale against every list's values", accept(TOKEN, ['locale'], ['enum'], inUnion)),
  mutant('sex-merged-list', 'validation', 'T12', 'sex', "checks sex against every list's values", accept(TOKEN, ['sex'], ['enum'], inUnion)),
  mutant('documents-merged-list', 'validation', 'T9', 'documents', "checks document types against every list's values (accepts FACE, AML_NEWS …)", accept(TOKEN, ['documents'], ['enum'], inUnion)),
  mutant('dummy-status-merged-list', 'validation', 'T21', 'dummyStatus', "checks dummyStatus against every list's values", accept(TOKEN, ['dummyStatus'], ['enum'], inUnion)),
  mutant('country-merged-list', 'validation', 'T8', 'country', "checks country codes against every list's values", accept(TOKEN, COUNTRIES, ['enum'], inUnion)),
  mutant('manual-face-merged-list', 'validation', 'D2', 'manualFaceMatchResult', "checks manualFaceMatchResult against every list's values (document statuses too)", accept(DUMMY, ['manualFaceMatchResult'], ['enum'], inUnion)),
  mutant('manual-document-merged-list', 'validation', 'D2', 'manualDocumentValidity', "checks manualDocumentValidity against every list's values (face statuses too)", accept(DUMMY, ['manualDocumentValidity'], ['enum'], inUnion)),
  // Look-alikes folded before matching.
  mutant('country-nfkc-folded', 'validation', 'T8', 'nationality', "NFKC-folds country codes: full-width 'ＬＴ' is accepted", accept(TOKEN, COUNTRIES, ['enum'], nfkcIn('CountryCode', (v) => v.toUpperCase()))),
  mutant('token-type-nfkc-folded', 'validation', 'T15', 'tokenType', 'NFKC-folds tokenType before matching', accept(TOKEN, ['tokenType'], ['enum'], nfkcIn('TokenType'))),
  mutant('locale-nfkc-folded', 'validation', 'T5', 'locale', 'NFKC-folds locale before matching', accept(TOKEN, ['locale'], ['enum'], nfkcIn('Locale'))),
  mutant('documents-nfkc-folded', 'validation', 'T9', 'documents', 'NFKC-folds document types before matching', accept(TOKEN, ['documents'], ['enum'], nfkcIn('DocumentType'))),
  mutant('dummy-status-confusables-folded', 'validation', 'T21', 'dummyStatus', "folds Cyrillic look-alikes in dummyStatus ('АPPROVED' with a Cyrillic А)",
    accept(TOKEN, ['dummyStatus'], ['enum'], (v, ctx) => isString(v) && deconfuse(v) !== v && inEnum(ctx, 'DummyStatus', deconfuse(v)))),
  mutant('manual-document-nfkc-folded', 'validation', 'D2', 'manualDocumentValidity', 'NFKC-folds manualDocumentValidity before matching', accept(DUMMY, ['manualDocumentValidity'], ['enum'], nfkcIn('ManualDocumentStatus'))),

  // --- lenient JSON (R3: not JSON → JSON_ERROR) -------------------------------------------------------
  mutant('json-non-numeric-literals-bad-value', 'error-identifier', 'R3', undefined, 'parses NaN and Infinity (then refuses the value with BAD_VALUE, not JSON_ERROR)',
    answerError(rawIs(/:\s*-?(NaN|Infinity)\b/), { identifier: 'BAD_VALUE' })),
  mutant('json-leading-zero-bad-value', 'error-identifier', 'R3', undefined, 'parses 0-padded numbers (then refuses with BAD_VALUE, not JSON_ERROR)', answerError(rawIs(/:\s*0\d/), { identifier: 'BAD_VALUE' })),
  mutant('json-bare-words-bad-value', 'error-identifier', 'R3', undefined, 'reads True and FALSE as booleans (then refuses with BAD_VALUE, not JSON_ERROR)', answerError(rawIs(/:\s*(True|FALSE|False|TRUE)\b/), { identifier: 'BAD_VALUE' })),
  mutant('crash-json-hex-literal', 'server-error', 'R7', undefined, 'answers 500 for a hexadecimal number literal', answerError(rawIs(/:\s*0x/), { status: 500, identifier: 'INTERNAL_ERROR' })),
  mutant('json-comments-bad-value', 'error-identifier', 'R3', undefined, 'strips comments before parsing (the rest then fails as BAD_VALUE)', answerError(rawIs(/\/\*|\/\//), { identifier: 'BAD_VALUE' })),
  mutant('json-trailing-comma-bad-value', 'error-identifier', 'R3', undefined, 'allows trailing commas (then refuses with BAD_VALUE)', answerError(rawIs(/,\s*[}\]]/), { identifier: 'BAD_VALUE' })),
  mutant('crash-json-raw-control', 'server-error', 'R7', undefined, 'answers 500 for a raw control character inside a JSON string', answerError(rawIs(/"[^"]*[\u0000-\u001f][^"]*"/), { status: 500, identifier: 'INTERNAL_ERROR' })),

  // --- media types and methods --------------------------------------------------------------------
  mutant('charset-parameter-refused', 'validation', 'R3', undefined, "refuses Content-Type 'application/json; charset=utf-8' as not JSON", {
    body: (body, ctx) => (/;\s*charset/i.test(ctx.contentType ?? '') && /^application\/json/i.test(ctx.contentType ?? '') ? null : body),
  }),
  mutant('media-type-case-sensitive', 'validation', 'R3', undefined, "compares the media type case-sensitively: 'Application/JSON' is refused as not JSON", {
    body: (body, ctx) => (ctx.contentType && /^application\/json/i.test(ctx.contentType) && !/^application\/json/.test(ctx.contentType) ? null : body),
  }),
  mutant('crash-missing-content-type', 'server-error', 'R7', undefined, 'answers 500 when a request has no Content-Type', {
    body: (body, ctx) => {
      if (!ctx.contentType) throw new TypeError('mutant: simulated crash');
      return body;
    },
  }),
  mutant('trace-answered-200', 'validation', 'R3', undefined, 'answers TRACE with 200 (echoing the request) instead of METHOD_NOT_ALLOWED',
    answerError((_, ctx) => ctx.stage === 'method' && ctx.method === 'TRACE', { status: 200 })),

  // --- credentials where S2 does not put them -------------------------------------------------------
  mutant('auth-query-credentials', 'auth', 'S2', undefined, 'takes apiKey and apiSecret from the query string when there is no Authorization header',
    admit((ctx) => {
      const query = new URLSearchParams((ctx.url ?? '').split('?')[1] ?? '');
      return ctx.credentials.find((c) => c.key === query.get('apiKey') && c.secret === query.get('apiSecret'))?.key;
    })),
  mutant('auth-api-key-headers', 'auth', 'S2', undefined, 'takes the key pair from X-Api-Key and X-Api-Secret headers',
    admit((ctx) => ctx.credentials.find((c) => c.key === ctx.headers?.['x-api-key'] && c.secret === ctx.headers?.['x-api-secret'])?.key)),
  mutant('auth-proxy-authorization', 'auth', 'S2', undefined, 'reads Basic credentials from Proxy-Authorization when Authorization is missing',
    admit((ctx) => {
      const text = /^basic\s+(\S+)$/i.exec(String(ctx.headers?.['proxy-authorization'] ?? ''))?.[1];
      const [key, secret] = text ? Buffer.from(text, 'base64').toString('utf8').split(':') : [];
      return ctx.credentials.find((c) => c.key === key && c.secret === secret)?.key;
    })),
  mutant('auth-any-scheme-name', 'auth', 'S2', undefined, "decodes the credentials whatever the scheme name ('Token base64(key:secret)')",
    admit((ctx) => {
      const text = /^\w+\s+(\S+)$/.exec(ctx.authorization ?? '')?.[1];
      const [key, secret] = text ? Buffer.from(text, 'base64').toString('utf8').split(':') : [];
      return ctx.credentials.find((c) => c.key === key && c.secret === secret)?.key;
    })),

  // --- properties over many answers ------------------------------------------------------------------
  mutant('digit-string-repeated', 'response-schema', 'T17', 'digitString', 'answers the same digitString to every token that asks for one', {
    tokenResponse: (body, ctx) => (ctx.request.generateDigitString === true && typeof body.digitString === 'string' ? { ...body, digitString: '48213597' } : body),
  }),
];
