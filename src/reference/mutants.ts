// The mutant catalogue: deliberate deviations the reference server can be started with, each ONE
// plausible wrong behaviour a real API might ship. The conformance suite is good only if it finds
// every one of them, in the category a careful reader would file the symptom under.
//
// A mutant bends the faithful server at named stages: the server calls `runtime.apply(stage, value,
// context)` once per stage and uses what comes back. Without a mutant every stage is the identity.
import type { Contract } from '../contract/load.ts';
import type { Verdict, Violation } from '../contract/oracle.ts';
import type { Category } from '../findings/model.ts';
import { signBody } from '../webhooks/signature.ts';
import type { Credential, Environment, Verification } from './server.ts';
import { POWER_MUTANTS } from './mutants/power.ts';

// --- the stages the server exposes --------------------------------------------------------------

export type AuthOutcome = { ok: true; apiKey: string } | { ok: false };

export interface ErrorContext {
  stage: 'path' | 'method' | 'auth' | 'rate' | 'size' | 'encoding' | 'json' | 'not-object' | 'environment' | 'validation' | 'lookup' | 'internal';
  operationId?: string;
  /** The request method (for the method stage). */
  method?: string;
  /** The violation that decided a validation error, and the body it was found in. */
  violation?: Violation;
  body?: Record<string, unknown>;
}

/** An error answer before it is written: status, Content-Type and the R1 envelope. */
export interface ErrorReply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** A result webhook before it is serialised; `sign` gives the signature header for the raw body (undefined = no header). */
export interface WebhookDraft {
  kind: 'auto' | 'manual';
  payload: Record<string, any>;
  sign: (raw: Buffer) => string | undefined;
  /** Where it is sent: the verification's callbackUrl unless a mutant says otherwise. */
  url?: string;
  /** Sent this long after it was composed (still in order per verification). */
  delayMs?: number;
  /** Sent a second time, this long after the first delivery. */
  repeatAfterMs?: number;
  /** Keys the repeated delivery adds (a resend that is not byte-identical, so no replay filter drops it). */
  repeatExtra?: Record<string, unknown>;
  /** Serialised with this indentation (the signature still covers the bytes sent). */
  indent?: number;
}

/** How a JSON answer is put on the wire: all of these are the same JSON to a conformant client. */
export interface WireFormat {
  /** Content-Type of JSON answers (e.g. with `; charset=utf-8`). */
  jsonContentType: string;
  indent: number;
  /** Keys of objects written in reverse order. */
  reorderKeys: boolean;
  /** Transfer-Encoding: chunked instead of Content-Length. */
  chunked: boolean;
  connectionClose: boolean;
}

type Body = Record<string, unknown>;

export interface Stages {
  /** After the credentials were checked. */
  auth: { value: AuthOutcome; context: { authorization?: string; parsed?: { key: string; secret: string }; credentials: readonly Credential[] } };
  /** The parsed JSON, before the server requires an object (a mutant may crash here). */
  body: { value: unknown; context: { operationId: string } };
  /** Whether the environment refuses this call (T21, D4). */
  gating: { value: boolean; context: { operationId: string; dummy: boolean; body?: Body } };
  /** The oracle's verdict on the request. */
  verdict: { value: Verdict; context: { operationId: string; body: Body } };
  /** The verification a scanRef resolves to for this key (D1); `own` ignores the dummy requirement, `anyKey` also the key. */
  lookup: { value: Verification | undefined; context: { operationId: string; scanRef: string; own?: Verification; anyKey?: Verification } };
  /** The overall status add-dummy-status sets (D3). */
  outcome: { value: string; context: { request: Body; verification: Verification } };
  /** The token response body. */
  tokenResponse: { value: Body; context: { request: Body; dummy: boolean } };
  /** The status of a successful answer. */
  success: { value: number; context: { operationId: string } };
  /** Every error answer. */
  error: { value: ErrorReply; context: ErrorContext };
  /** Every result webhook; null = not sent. */
  webhook: { value: WebhookDraft | null; context: { verification: Verification; signingKey: string } };
  /** The body of a successful answer other than the token response (add-dummy-status, status read-back). */
  successBody: { value: Body; context: { operationId: string } };
  /** The scanRef a new verification gets. */
  scanRef: { value: string; context: { operationId: string } };
  /** How every answer is written. */
  wire: { value: WireFormat; context: { status: number } };
}
export type Stage = keyof Stages;

/** What every hook sees besides its stage's context; `state` lives as long as the server. */
export interface BaseContext {
  contract: Contract;
  environment: Environment;
  state: Record<string, unknown>;
}

export type Hook<S extends Stage> = (value: Stages[S]['value'], context: Stages[S]['context'] & BaseContext) => Stages[S]['value'];
export type Hooks = { [S in Stage]?: Hook<S> };

export interface Mutant {
  /** kebab-case */
  id: string;
  /** How a careful conformance suite classifies the symptom. */
  category: Category;
  /** The ruling it breaks. */
  rule: string;
  /** The server environment in which the suite must detect it. */
  environment: Environment;
  description: string;
  hooks: Hooks;
}

export interface MutantRuntime {
  apply<S extends Stage>(stage: S, value: Stages[S]['value'], context: Stages[S]['context']): Stages[S]['value'];
}

/** The hooks of one mutant (or none) bound to one server; throws on an unknown id. */
export function mutantRuntime(id: string | undefined, base: { contract: Contract; environment: Environment }, more: Hooks[] = []): MutantRuntime {
  const mutant = id === undefined ? undefined : mutantById(id);
  if (id !== undefined && !mutant) throw new Error(`unknown mutant "${id}"`);
  return hooksRuntime([...(mutant ? [mutant.hooks] : []), ...more], base);
}

/** Hook sets applied one after another at each stage (a mutant, then alternates); each keeps its own state. */
export function hooksRuntime(sets: Hooks[], base: { contract: Contract; environment: Environment }): MutantRuntime {
  const states = sets.map(() => ({}) as Record<string, unknown>);
  return {
    apply(stage, value, context) {
      let current = value;
      sets.forEach((hooks, i) => {
        const hook = hooks[stage] as Hook<typeof stage> | undefined;
        if (hook) current = hook(current, { ...context, ...base, state: states[i] });
      });
      return current;
    },
  };
}

// --- helpers the catalogue is written with ----------------------------------------------------------

const TOKEN = 'createToken';
const DUMMY = 'addDummyStatus';
const NAMES = ['firstName', 'lastName'];
const DATES = ['dateOfBirth', 'dateOfExpiry', 'dateOfIssue'];
const VALID: Verdict = { valid: true, neverSend: false };

type Predicate = (value: unknown, context: BaseContext) => boolean;

const isString = (value: unknown): value is string => typeof value === 'string';
const codePoints = (text: string) => [...text].length;
const omitted = (request: Body, field: string) => request[field] === undefined || request[field] === null;
const without = (object: Body, key: string) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** Whether a name breaks the contract's PersonName pattern. */
function breaksNamePattern(name: string, contract: Contract): boolean {
  return !new RegExp(contract.schemas.PersonName.pattern, 'u').test(name);
}

/** Accepts what the oracle refuses: drops the violations of `fields` of these kinds when `when` holds. */
function accept(operationId: string, fields: string[], kinds: string[], when: Predicate = () => true): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== operationId || !('violations' in verdict)) return verdict;
      const rest = verdict.violations.filter((v) => !(fields.includes(v.field) && kinds.includes(v.kind) && when(ctx.body[v.field], ctx)));
      return rest.length === 0 ? VALID : { ...verdict, violations: rest };
    },
  };
}

/** Refuses what the oracle accepts: a valid request with a field for which `when` holds gets BAD_VALUE. */
function reject(operationId: string, fields: string[], when: Predicate, rule: string): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== operationId || !verdict.valid) return verdict;
      const field = fields.find((f) => ctx.body[f] !== undefined && ctx.body[f] !== null && when(ctx.body[f], ctx));
      return field === undefined ? verdict : refusal(field, rule, ctx.contract);
    },
  };
}

function refusal(field: string, rule: string, contract: Contract): Verdict {
  const identifier = contract.violations.default;
  return { valid: false, neverSend: false, violations: [{ field, kind: 'mutant', identifier, rule, message: `${field} is not valid` }] };
}

/** Answers an omitted (or null) optional field with `value` instead of the contract default. */
function defaultAs(field: string, value: unknown): Hooks {
  return { tokenResponse: (body, ctx) => (omitted(ctx.request, field) ? { ...body, [field]: value } : body) };
}

/** Echoes a sent string field transformed. */
function echoAs(field: string, transform: (sent: string) => unknown): Hooks {
  return { tokenResponse: (body, ctx) => (isString(ctx.request[field]) ? { ...body, [field]: transform(ctx.request[field] as string) } : body) };
}

/** Changes the identifier (and, optionally, the status) of the errors `when` selects. */
function answerError(when: (reply: ErrorReply, ctx: ErrorContext & BaseContext) => boolean, change: { identifier?: string; status?: number }): Hooks {
  return {
    error: (reply, ctx) => {
      if (!when(reply, ctx)) return reply;
      const body = change.identifier ? { ...reply.body, identifier: change.identifier } : reply.body;
      return { ...reply, status: change.status ?? reply.status, body };
    },
  };
}

const identifierIs = (identifier: string) => (reply: ErrorReply) => reply.body.identifier === identifier;
const stageIs = (...stages: ErrorContext['stage'][]) => (_: ErrorReply, ctx: ErrorContext) => stages.includes(ctx.stage);
const violationIs = (when: (v: Violation, body: Body) => boolean) => (_: ErrorReply, ctx: ErrorContext) =>
  ctx.violation !== undefined && when(ctx.violation, ctx.body ?? {});

/** Answers the success of one operation with another status. */
function succeedWith(operationId: string, status: number): Hooks {
  return { success: (value, ctx) => (ctx.operationId === operationId ? status : value) };
}

/** Lets the credentials check pass when `when` holds, as the key it names (or the first key). */
function admit(when: (ctx: Stages['auth']['context']) => string | undefined): Hooks {
  return {
    auth: (outcome, ctx) => {
      if (outcome.ok) return outcome;
      const apiKey = when(ctx);
      return apiKey === undefined ? outcome : { ok: true, apiKey };
    },
  };
}

const knownKey = (ctx: Stages['auth']['context']) => ctx.credentials.find((c) => c.key === ctx.parsed?.key)?.key;

/** Overrides the environment's refusal for one operation. */
function gate(operationId: string, refused: (ctx: Stages['gating']['context'] & BaseContext, faithful: boolean) => boolean): Hooks {
  return { gating: (value, ctx) => (ctx.operationId === operationId ? refused(ctx, value) : value) };
}

/** Changes the webhooks of one kind (or suppresses them, returning null). */
function webhook(kind: 'auto' | 'manual' | 'both', change: (draft: WebhookDraft, ctx: Stages['webhook']['context'] & BaseContext) => WebhookDraft | null): Hooks {
  return { webhook: (draft, ctx) => (draft && (kind === 'both' || draft.kind === kind) ? change(draft, ctx) : draft) };
}

function signedWith(sign: WebhookDraft['sign']): Parameters<typeof webhook>[1] {
  return (draft) => ({ ...draft, sign });
}

/** A crash (an unexpected exception) on a request body for which `when` holds. */
function crashOn(operationId: string | undefined, when: (body: unknown) => boolean): Hooks {
  return {
    body: (body, ctx) => {
      if ((operationId === undefined || ctx.operationId === operationId) && when(body)) throw new TypeError('mutant: simulated crash');
      return body;
    },
  };
}

/** A body predicate on one top-level field. */
const field = (name: string, when: (value: unknown) => boolean) => (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && when((body as Body)[name]);

/** A verification the server never stored, as a sloppy lookup might fabricate it. */
function phantom(scanRef: string): Verification {
  return {
    scanRef,
    apiKey: '',
    clientId: '',
    externalRef: null,
    callbackUrl: null,
    dummyStatus: null,
    autoFace: null,
    autoDocument: null,
    manualFace: null,
    manualDocument: null,
    overall: 'ACTIVE',
    startTime: 0,
    finishTime: null,
  };
}

function lookupFor(operationId: string, resolve: Hook<'lookup'>): Hooks {
  return { lookup: (found, ctx) => (ctx.operationId === operationId && !found ? resolve(found, ctx) : found) };
}

function mutant(id: string, category: Category, rule: string, description: string, hooks: Hooks, environment: Environment = 'development'): Mutant {
  return { id, category, rule, environment, description, hooks };
}

// --- the catalogue ------------------------------------------------------------------------------------

export const MUTANTS: Mutant[] = [
  // validation: accepts a request that breaks one documented constraint, or refuses a valid one
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

  // defaults: an omitted (or null, R9) optional field comes back with another value than the contract's default
  mutant('default-locale-lt', 'defaults', 'T5', "locale defaults to 'lt'", defaultAs('locale', 'lt')),
  mutant('default-expiry-time-3600', 'defaults', 'T6', 'expiryTime defaults to 3600 (the example, not the table)',
    defaultAs('expiryTime', 3600)),
  mutant('default-session-length-300', 'defaults', 'T7', 'sessionLength defaults to 300 (the example, not the table)',
    defaultAs('sessionLength', 300)),
  mutant('default-show-instructions-false', 'defaults', 'T16', 'showInstructions defaults to false', defaultAs('showInstructions', false)),
  mutant('default-token-type-document', 'defaults', 'T15', "tokenType defaults to 'DOCUMENT'", defaultAs('tokenType', 'DOCUMENT')),
  mutant('default-video-call-questions-null', 'defaults', 'T18', 'videoCallQuestions defaults to null instead of []',
    defaultAs('videoCallQuestions', null)),
  // T9 lets an omitted documents list be any configured list (four types is conformant: the
  // documents-configured-list alternate); an empty one is not a list of document types.
  mutant('default-documents-empty', 'defaults', 'T9', 'an omitted documents list comes back empty',
    defaultAs('documents', [])),
  mutant('default-success-url-empty', 'defaults', 'T22', "an omitted successUrl comes back as '' (neither null nor the default URL)",
    defaultAs('successUrl', '')),
  // R11: only a key whose value would be null may be absent (utilityBill may be null, T19); tokenType may not.
  mutant('default-token-type-missing', 'defaults', 'T15', 'tokenType is missing from the response when omitted', {
    tokenResponse: (body, ctx) => (omitted(ctx.request, 'tokenType') ? without(body, 'tokenType') : body),
  }),
  mutant('digit-string-unrequested', 'defaults', 'T17', 'digitString is set although generateDigitString was not true', {
    tokenResponse: (body, ctx) => (ctx.request.generateDigitString === true ? body : { ...body, digitString: '48236571' }),
  }),
  mutant('null-not-defaulted', 'defaults', 'R9', 'a field sent as null comes back null instead of its default (locale null → null)', {
    tokenResponse: (body, ctx) => ({ ...body, ...Object.fromEntries(Object.keys(ctx.request).filter((f) => ctx.request[f] === null && f in body).map((f) => [f, null])) }),
  }),

  // error-identifier: the right refusal with the wrong identifier
  mutant('client-id-missing-bad-value', 'error-identifier', 'R3', 'an absent clientId yields BAD_VALUE instead of MISSING_VALUE',
    answerError(violationIs((v) => v.field === 'clientId' && v.kind === 'required'), { identifier: 'BAD_VALUE' })),
  mutant('required-null-bad-value', 'error-identifier', 'R3', 'a required field sent as null yields BAD_VALUE instead of MISSING_VALUE',
    answerError(violationIs((v) => v.kind === 'required-null'), { identifier: 'BAD_VALUE' })),
  mutant('enum-validation-error', 'error-identifier', 'R3', 'a value off an enum yields VALIDATION_ERROR instead of BAD_VALUE',
    answerError(violationIs((v) => v.kind === 'enum'), { identifier: 'VALIDATION_ERROR' })),
  mutant('empty-string-missing-value', 'error-identifier', 'R3', "an empty string ('') yields MISSING_VALUE instead of BAD_VALUE",
    answerError(violationIs((v, body) => v.kind === 'minLength' && body[v.field] === ''), { identifier: 'MISSING_VALUE' })),
  mutant('cross-field-missing-value', 'error-identifier', 'T19', 'additionalData without additionalSteps yields MISSING_VALUE instead of BAD_VALUE',
    answerError(violationIs((v) => v.kind === 'cross-field'), { identifier: 'MISSING_VALUE' })),
  mutant('malformed-json-bad-value', 'error-identifier', 'R3', 'a body that is not JSON yields BAD_VALUE instead of JSON_ERROR',
    answerError(stageIs('json'), { identifier: 'BAD_VALUE' })),
  mutant('non-object-json-bad-value', 'error-identifier', 'R3', 'JSON that is not an object (an array, a number) yields BAD_VALUE instead of JSON_ERROR',
    answerError(stageIs('not-object'), { identifier: 'BAD_VALUE' })),
  mutant('unknown-scan-ref-token-not-valid', 'error-identifier', 'D1', 'add-dummy-status with a scanRef of no dummy verification of the key yields TOKEN_NOT_VALID instead of BAD_VALUE',
    answerError((_, ctx) => ctx.stage === 'lookup' && ctx.operationId === DUMMY, { identifier: 'TOKEN_NOT_VALID' })),

  // status-code: the right identifier with an HTTP status R2/R4 do not allow
  mutant('bad-value-422', 'status-code', 'R2', 'BAD_VALUE comes with 422', answerError(identifierIs('BAD_VALUE'), { status: 422 })),
  mutant('unauthorized-403', 'status-code', 'R2', 'UNAUTHORIZED comes with 403', answerError(stageIs('auth'), { status: 403 })),
  mutant('method-not-allowed-404', 'status-code', 'R2', 'METHOD_NOT_ALLOWED comes with 404',
    answerError(stageIs('method'), { status: 404 })),
  mutant('json-error-415', 'status-code', 'R2', 'JSON_ERROR comes with 415', answerError(stageIs('json', 'not-object'), { status: 415 })),
  mutant('permissions-403', 'status-code', 'R2', 'the environment refusal (PERMISSIONS_ERROR) comes with 403',
    answerError(stageIs('environment'), { status: 403 }), 'production'),
  mutant('token-202', 'status-code', 'R4', 'token creation answers 202', succeedWith(TOKEN, 202)),
  mutant('add-dummy-status-201', 'status-code', 'R4', 'add-dummy-status answers 201 instead of 200', succeedWith(DUMMY, 201)),

  // response-schema: a successful or error answer whose content breaks the documented shape
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

  // auth: wrong or missing credentials are let in, or refused with the wrong identifier
  mutant('auth-wrong-secret-accepted', 'auth', 'S2', 'a known API key is let in with any secret', admit(knownKey)),
  mutant('auth-missing-accepted', 'auth', 'S2', 'a request without Authorization is let in (as the first key)',
    admit((ctx) => (ctx.authorization === undefined ? ctx.credentials[0]?.key : undefined))),
  mutant('auth-cross-key-secret', 'auth', 'S2', "a valid key with another key's secret is let in",
    admit((ctx) => (ctx.credentials.some((c) => c.secret === ctx.parsed?.secret) ? knownKey(ctx) : undefined))),
  mutant('auth-key-case-insensitive', 'auth', 'S2', 'the API key is compared without regard to case',
    admit((ctx) => ctx.credentials.find((c) => c.key.toLowerCase() === ctx.parsed?.key.toLowerCase() && c.secret === ctx.parsed?.secret)?.key)),
  mutant('auth-secret-prefix', 'auth', 'S2', 'only the first characters of the secret are compared',
    admit((ctx) => ctx.credentials.find((c) => c.key === ctx.parsed?.key && ctx.parsed.secret.length >= 4 && c.secret.startsWith(ctx.parsed.secret.slice(0, 8)) && ctx.parsed.secret.startsWith(c.secret.slice(0, 8)))?.key)),
  mutant('auth-empty-secret-accepted', 'auth', 'S2', 'a known API key with an empty secret is let in',
    admit((ctx) => (ctx.parsed?.secret === '' ? knownKey(ctx) : undefined))),
  mutant('auth-bearer-accepted', 'auth', 'S2', 'Authorization: Bearer <anything> is let in (as the first key)',
    admit((ctx) => (/^Bearer /i.test(ctx.authorization ?? '') ? ctx.credentials[0]?.key : undefined))),
  mutant('auth-permissions-error', 'auth', 'R3', 'wrong credentials yield PERMISSIONS_ERROR instead of UNAUTHORIZED',
    answerError(stageIs('auth'), { identifier: 'PERMISSIONS_ERROR', status: 400 })),

  // environment: dummy calls allowed where they must be refused, or the reverse
  mutant('dummy-token-in-production', 'environment', 'T21', 'a dummy token is created in a production environment',
    gate(TOKEN, (ctx, refused) => (ctx.environment === 'production' ? false : refused)), 'production'),
  mutant('dummy-token-in-testing', 'environment', 'T21', 'a dummy token is created in a testing environment',
    gate(TOKEN, (ctx, refused) => (ctx.environment === 'testing' ? false : refused)), 'testing'),
  mutant('add-dummy-status-in-testing', 'environment', 'D4', 'add-dummy-status is not refused in a testing environment',
    gate(DUMMY, (ctx, refused) => (ctx.environment === 'testing' ? false : refused)), 'testing'),
  mutant('plain-token-refused-in-production', 'environment', 'T21', 'a token without dummyStatus is refused with PERMISSIONS_ERROR in production',
    gate(TOKEN, (ctx, refused) => refused || (!ctx.dummy && ctx.environment === 'production')), 'production'),
  mutant('dummy-refusal-bad-value', 'environment', 'T21', 'a dummy call outside development is refused with BAD_VALUE instead of PERMISSIONS_ERROR',
    answerError(stageIs('environment'), { identifier: 'BAD_VALUE' }), 'testing'),
  mutant('dummy-refused-in-development', 'environment', 'T21', 'a dummy token is refused even in a development environment',
    gate(TOKEN, (ctx, refused) => refused || ctx.dummy)),

  // webhook: a result webhook missing, wrongly signed or with the wrong content
  mutant('webhook-auto-missing', 'webhook', 'W1', 'no auto-result webhook is sent for a dummy token', webhook('auto', () => null)),
  mutant('webhook-manual-missing', 'webhook', 'W1', 'no webhook is sent after add-dummy-status', webhook('manual', () => null)),
  mutant('webhook-auto-overall-approved', 'webhook', 'W3', 'the auto webhook always says status.overall APPROVED',
    webhook('auto', (draft, ctx) => withPayload(draft, { status: { ...draft.payload.status, overall: ctx.contract.operations[DUMMY]?.outcome?.approved ?? 'APPROVED' } }))),
  mutant('webhook-client-id-differs', 'webhook', 'W3', "the webhook's clientId is the internal scanRef, not the token's clientId",
    webhook('both', (draft, ctx) => withPayload(draft, { clientId: ctx.verification.scanRef }))),
  mutant('webhook-external-ref-missing', 'webhook', 'W3', 'the webhook carries no externalRef',
    webhook('both', (draft) => ({ ...draft, payload: without(draft.payload, 'externalRef') }))),
  mutant('webhook-unsigned', 'webhook', 'W2', 'webhooks carry no signature header', webhook('both', signedWith(() => undefined))),
  mutant('webhook-signed-with-api-key', 'webhook', 'W2', 'webhooks are signed with the API key instead of the signing key',
    webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.verification.apiKey) }))),
  mutant('webhook-signature-reserialised', 'webhook', 'W2', 'the signature covers JSON.stringify(payload, null, 2), not the compact bytes sent',
    webhook('both', (draft, ctx) => ({ ...draft, sign: () => signBody(JSON.stringify(draft.payload, null, 2), ctx.signingKey) }))),
  mutant('webhook-signature-uppercase', 'webhook', 'W2', 'the signature is upper-case hex',
    webhook('both', (draft, ctx) => ({ ...draft, sign: (raw) => signBody(raw, ctx.signingKey).toUpperCase() }))),
  mutant('manual-webhook-not-final', 'webhook', 'W4', 'the manual-result webhook says final false',
    webhook('manual', (draft) => withPayload(draft, { final: false }))),
  mutant('manual-webhook-statuses-missing', 'webhook', 'W4', 'the manual-result webhook leaves status.manualFace and status.manualDocument null',
    webhook('manual', (draft) => withPayload(draft, { status: { ...draft.payload.status, manualFace: null, manualDocument: null } }))),
  mutant('webhook-wrong-path', 'webhook', 'W1', "webhooks go to the callbackUrl's origin, not to its path",
    webhook('both', (draft, ctx) => ({ ...draft, url: `${new URL(ctx.verification.callbackUrl!).origin}/` }))),
  mutant('manual-outcome-follows-auto', 'webhook', 'D3', 'the manual result keeps the auto status as the overall outcome (webhook and status read-back)', {
    outcome: (overall, ctx) => (ctx.verification.dummyStatus ?? overall),
  }),
  mutant('manual-outcome-face-only', 'webhook', 'D3', 'the manual outcome looks at the face only: FACE_MATCH + DOC_ERROR yields APPROVED (webhook and status read-back)', {
    outcome: (overall, ctx) => {
      const outcome = ctx.contract.operations[DUMMY]?.outcome;
      return outcome && ctx.request.manualFaceMatchResult === outcome.approvedWhen.manualFaceMatchResult ? outcome.approved : overall;
    },
  }),

  // server-error: a 5xx on a request the suite can send (R7)
  mutant('crash-non-latin-first-name', 'server-error', 'R7', 'answers 500 when firstName has a character above U+024F',
    crashOn(TOKEN, field('firstName', (v) => isString(v) && /[^\u0000-\u024f]/.test(v)))),
  mutant('crash-empty-documents', 'server-error', 'R7', 'answers 500 when documents is an empty list (instead of BAD_VALUE)',
    crashOn(TOKEN, field('documents', (v) => Array.isArray(v) && v.length === 0))),
  mutant('crash-json-array-body', 'server-error', 'R7', 'answers 500 when the body is a JSON array',
    crashOn(undefined, (body) => Array.isArray(body))),
  mutant('crash-astral-address', 'server-error', 'R7', 'answers 500 when address has characters outside the Basic Multilingual Plane',
    crashOn(TOKEN, field('address', (v) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v)))),
  mutant('crash-non-ascii-client-id', 'server-error', 'R7', 'answers 500 when clientId has characters outside ASCII',
    crashOn(TOKEN, field('clientId', (v) => isString(v) && /[^\x00-\x7f]/.test(v)))),
  mutant('crash-control-characters', 'server-error', 'R7', 'answers 500 when clientId carries a control character',
    crashOn(TOKEN, field('clientId', (v) => isString(v) && /[\x00-\x08]/.test(v)))),
  mutant('crash-deep-nesting', 'server-error', 'R7', 'answers 500 when an object field is nested more than 40 levels deep', {
    body: (body, ctx) => {
      const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
      if (ctx.operationId === TOKEN && depth(body) > 40) throw new RangeError('mutant: simulated stack overflow');
      return body;
    },
  }),
  mutant('crash-fractional-expiry-time', 'server-error', 'R7', 'answers 500 when expiryTime is a fractional number',
    crashOn(TOKEN, field('expiryTime', (v) => typeof v === 'number' && !Number.isInteger(v)))),
  mutant('crash-unknown-scan-ref', 'server-error', 'R7', 'add-dummy-status answers 500 for a scanRef no verification has',
    lookupFor(DUMMY, (_, ctx) => {
    if (!ctx.anyKey) throw new TypeError("mutant: cannot read properties of undefined (reading 'dummyStatus')");
    return undefined;
  })),
  // Subtle deviations of careful builds (issue 14), one per value class and flow.
  ...POWER_MUTANTS,
];

function withPayload(draft: WebhookDraft, patch: Record<string, unknown>): WebhookDraft {
  return { ...draft, payload: { ...draft.payload, ...patch } };
}

const byId = new Map(MUTANTS.map((m) => [m.id, m]));

export function mutantById(id: string): Mutant | undefined {
  return byId.get(id);
}
