// The mutant catalogue, category validation: accepts a request that breaks one documented constraint, or refuses a valid one.
import type { Mutant } from '../stages.ts';
import { accept, breaksNamePattern, codePoints, DATES, DUMMY, isString, lookupFor, mutant, NAMES, phantom, refusal, reject, TOKEN, VALID } from './helpers.ts';

export const VALIDATION_MUTANTS: Mutant[] = [
  mutant('first-name-max-101', 'validation', 'T2', 'accepts a firstName of 101 code points (off-by-one maximum)',
    accept(TOKEN, ['firstName'], ['maxLength'], (v) => isString(v) && codePoints(v) <= 101)),
  mutant('name-length-utf16', 'validation', 'T2', 'counts name length in UTF-16 units: refuses a 100-code-point name of astral letters',
    reject(TOKEN, NAMES, (v) => isString(v) && v.length > 100, 'T2')),
  mutant('last-name-unicode-digit', 'validation', 'T2', 'accepts non-ASCII decimal digits (e.g. Arabic-Indic) in lastName: the check is [0-9] only',
    accept(TOKEN, ['lastName'], ['pattern'], (v, ctx) => isString(v) && !breaksNamePattern(v.replace(/(?![0-9])\p{Nd}/gu, ''), ctx.contract))),
  mutant('name-accepts-less-than', 'validation', 'T2', "accepts '<' in names (forgotten in the forbidden list)",
    accept(TOKEN, NAMES, ['pattern'], (v, ctx) => isString(v) && v.includes('<') && !breaksNamePattern(v.replaceAll('<', ''), ctx.contract))),
  mutant('name-rejects-non-latin', 'validation', 'T2', 'refuses names with letters outside ASCII (Cyrillic, Lithuanian ą, č …) with BAD_VALUE',
    reject(TOKEN, NAMES, (v) => isString(v) && /[^\x00-\x7f]/.test(v), 'T2')),
  mutant('name-rejects-apostrophe-ampersand', 'validation', 'T2', "refuses ' and & in names, which T2 allows",
    reject(TOKEN, NAMES, (v) => isString(v) && /['&]/.test(v), 'T2')),
  mutant('session-length-inclusive', 'validation', 'T7', 'accepts sessionLength 60 and 3600 (inclusive bounds)',
    accept(TOKEN, ['sessionLength'], ['exclusiveMinimum', 'exclusiveMaximum'], (v) => v === 60 || v === 3600)),
  mutant('session-length-max-3598', 'validation', 'T7', 'refuses sessionLength 3599 (upper bound off by one)',
    reject(TOKEN, ['sessionLength'], (v) => v === 3599, 'T7')),
  mutant('expiry-time-accepts-zero', 'validation', 'T6', 'accepts expiryTime 0 (minimum instead of exclusive minimum)',
    accept(TOKEN, ['expiryTime'], ['exclusiveMinimum'], (v) => v === 0)),
  mutant('expiry-time-max-off-by-one', 'validation', 'T6', 'accepts expiryTime 2592001',
    accept(TOKEN, ['expiryTime'], ['maximum'], (v) => v === 2_592_001)),
  mutant('date-regex-only', 'validation', 'T10', 'checks dates by shape only: accepts 2021-02-30',
    accept(TOKEN, DATES, ['format'], (v) => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v))),
  mutant('locale-case-insensitive', 'validation', 'T5', "accepts locale 'EN' (case-insensitive enum)",
    accept(TOKEN, ['locale'], ['enum'], (v, ctx) => isString(v) && ctx.contract.schemas.Locale.enum.includes(v.toLowerCase()))),
  mutant('dummy-status-case-insensitive', 'validation', 'T23', "accepts dummyStatus 'approved' (case-insensitive enum)",
    accept(TOKEN, ['dummyStatus'], ['enum'], (v, ctx) => isString(v) && ctx.contract.schemas.DummyStatus.enum.includes(v.toUpperCase()))),
  mutant('country-upper-only', 'validation', 'T8', "refuses country and nationality in lower case ('lt')",
    reject(TOKEN, ['country', 'nationality'], (v) => isString(v) && v !== v.toUpperCase(), 'T8')),
  mutant('documents-duplicates-accepted', 'validation', 'T9', 'accepts duplicate document types',
    accept(TOKEN, ['documents'], ['uniqueItems'])),
  mutant('documents-empty-accepted', 'validation', 'T9', 'accepts an empty documents list', accept(TOKEN, ['documents'], ['minItems'])),
  mutant('documents-rejects-other', 'validation', 'T9', 'refuses the document type OTHER the seed examples send',
    reject(TOKEN, ['documents'], (v) => Array.isArray(v) && v.includes('OTHER'), 'T9')),
  mutant('expiry-time-string-coerced', 'validation', 'R6', 'coerces "600" to an integer instead of refusing the string',
    accept(TOKEN, ['expiryTime'], ['type'], (v) => isString(v) && /^[1-9][0-9]{0,6}$/.test(v) && Number(v) <= 2_592_000)),
  mutant('utility-bill-with-additional-steps', 'validation', 'T19', 'accepts utilityBill true together with additionalSteps',
    accept(TOKEN, ['utilityBill-with-additionalSteps'], ['cross-field'])),
  mutant('additional-data-without-steps', 'validation', 'T19', 'accepts additionalData without additionalSteps',
    accept(TOKEN, ['additionalData-without-additionalSteps'], ['cross-field'])),
  mutant('callback-url-http-accepted', 'validation', 'T4', 'accepts an http:// callbackUrl',
    accept(TOKEN, ['callbackUrl'], ['pattern', 'format'], (v) => isString(v) && v.startsWith('http://'))),
  mutant('client-id-max-101', 'validation', 'T1', 'accepts a clientId of 101 characters',
    accept(TOKEN, ['clientId'], ['maxLength'], (v) => isString(v) && codePoints(v) <= 101)),
  mutant('manual-face-off-list-accepted', 'validation', 'D2', 'accepts any string as manualFaceMatchResult',
    accept(DUMMY, ['manualFaceMatchResult'], ['enum'], isString)),
  mutant('null-optional-rejected', 'validation', 'R9', 'refuses null for an optional field with BAD_VALUE instead of applying the default', {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== TOKEN || !verdict.valid) return verdict;
      const nulled = Object.keys(ctx.body).find((f) => ctx.body[f] === null);
      return nulled === undefined ? verdict : refusal(nulled, 'R9', ctx.contract);
    },
  }),
  mutant('dummy-status-unknown-scan-ref-accepted', 'validation', 'D1', 'add-dummy-status answers 200 for a scanRef no verification has',
    lookupFor(DUMMY, (_, ctx) => (ctx.anyKey ? undefined : phantom(ctx.scanRef)))),
  mutant('scan-ref-list-accepted', 'validation', 'D1', 'add-dummy-status takes a one-element list as the scanRef (the table says "List")', {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== DUMMY || verdict.valid || verdict.neverSend || !Array.isArray(ctx.body.scanRef) || ctx.body.scanRef.length !== 1) return verdict;
      const rest = verdict.violations.filter((v) => v.field !== 'scanRef');
      if (rest.length) return { ...verdict, violations: rest };
      ctx.body.scanRef = ctx.body.scanRef[0];
      return VALID;
    },
  }),
  mutant('dummy-status-foreign-scan-ref-accepted', 'validation', 'D1', "add-dummy-status accepts the scanRef of another API key's verification",
    lookupFor(DUMMY, (_, ctx) => (ctx.own ? undefined : ctx.anyKey))),
  mutant('dummy-status-non-dummy-scan-ref-accepted', 'validation', 'D1', 'add-dummy-status accepts the scanRef of a verification created without dummyStatus',
    lookupFor(DUMMY, (_, ctx) => ctx.own)),
];
