// The alternates catalogue: conformant variants of the reference, the dual of the mutants. Each is
// ONE behaviour within a latitude the documents or rulings allow, and names the rule that allows it.
// The precision self-test (src/selftest/precision.ts) requires zero deviations against every one
// alone and against all of them at once: a deviation there is a false alarm of the suite.
//
// Alternates bend the faithful server at the same stages as the mutants (mutants.ts).
import type { Contract } from '../contract/load.ts';
import type { Verdict } from '../contract/oracle.ts';
import type { Hooks, WebhookDraft } from './mutants.ts';
import { RawBody } from './reply.ts';

export interface Alternate {
  /** kebab-case */
  id: string;
  /** The ruling (or document statement) that allows the behaviour. */
  rule: string;
  description: string;
  /** Profiles under which the behaviour is conformant (absent = every profile). */
  profiles?: string[];
  hooks: Hooks;
}

type Body = Record<string, unknown>;

const TOKEN = 'createToken';
const DUMMY = 'addDummyStatus';
const STATUS = 'getStatus';
/** The Mark ID additional-steps example's configured list (api-facts §11). */
const CONFIGURED_DOCUMENTS = ['ID_CARD', 'PASSPORT', 'DRIVER_LICENSE', 'RESIDENCE_PERMIT'];
/** api-facts §11 (holonym-foundation/id-server): the real refusal of callbackUrl without permission. */
const CALLBACK_REFUSAL_MESSAGE = 'You are not allowed to use a custom callback url.';

const omitted = (request: Body, field: string) => request[field] === undefined || request[field] === null;
const withoutNulls = (object: Body): Body => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null));
const withoutNullsDeep = (object: Body): Body =>
  Object.fromEntries(
    Object.entries(object)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? withoutNullsDeep(v as Body) : v]),
  );

/** Answers an omitted (or null) field with `value`. */
function defaultAs(field: string, value: unknown): Hooks {
  return { tokenResponse: (body, ctx) => (omitted(ctx.request, field) ? { ...body, [field]: value } : body) };
}

/** Refuses, before validation, every request for which `sent` names a gated field, with this identifier and message. */
function refuseGated(sent: (body: Body, contract: Contract) => string | undefined, identifier: string, message: (field: string) => string): Hooks {
  return {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== TOKEN) return verdict;
      const field = sent(ctx.body, ctx.contract);
      if (field === undefined) return verdict;
      const refusal: Verdict = { valid: false, neverSend: false, violations: [{ field, kind: 'gated', identifier, rule: 'C1', message: message(field) }] };
      return refusal;
    },
  };
}

const customSettingSent = (body: Body, contract: Contract) =>
  contract.operations[TOKEN].fields.find((f) => f.customSetting && body[f.name] !== undefined && body[f.name] !== null)?.name;
const fieldSent = (name: string, when: (v: unknown) => boolean = (v) => v !== undefined && v !== null) => (body: Body) => (when(body[name]) ? name : undefined);

function statusFor(stage: 'auth' | 'method' | 'rate', status: number): Hooks {
  return { error: (reply, ctx) => (ctx.stage === stage ? { ...reply, status } : reply) };
}

function webhook(change: (draft: WebhookDraft) => WebhookDraft): Hooks {
  return { webhook: (draft) => (draft ? change(draft) : draft) };
}

function alternate(id: string, rule: string, description: string, hooks: Hooks, profiles?: string[]): Alternate {
  return { id, rule, description, hooks, ...(profiles ? { profiles } : {}) };
}

export const ALTERNATES: Alternate[] = [
  // status codes (R2, R4)
  alternate('token-200', 'R4', 'token creation answers 200 instead of 201', { success: (status, ctx) => (ctx.operationId === TOKEN ? 200 : status) }),
  alternate('unauthorized-400', 'R2', 'UNAUTHORIZED comes with 400 instead of 401', statusFor('auth', 400)),
  alternate('method-not-allowed-400', 'R2', 'METHOD_NOT_ALLOWED comes with 400 instead of 405', statusFor('method', 400)),
  alternate('too-many-requests-400', 'R2', 'TOO_MANY_REQUESTS comes with 400 instead of 429', statusFor('rate', 400)),

  // defaults within the rulings (T5, T9, T17, T19, T22, R11)
  alternate('redirect-urls-null', 'T22', 'omitted successUrl, errorUrl and unverifiedUrl come back null instead of the default URLs', {
    tokenResponse: (body, ctx) => ({ ...body, ...Object.fromEntries(['successUrl', 'errorUrl', 'unverifiedUrl'].filter((f) => omitted(ctx.request, f)).map((f) => [f, null])) }),
  }),
  alternate('locale-default-null', 'T5', 'an omitted locale comes back null (Mark ID additional-steps example)', defaultAs('locale', null)),
  alternate('utility-bill-default-null', 'T19', 'an omitted utilityBill comes back null (Mark ID additional-steps example)', defaultAs('utilityBill', null)),
  alternate('documents-default-reordered', 'T9', 'an omitted documents list comes back as PASSPORT, ID_CARD (a set: order carries nothing)', defaultAs('documents', ['PASSPORT', 'ID_CARD'])),
  alternate('utility-bill-autofills-steps', 'T19', 'with utilityBill true the response carries an auto-filled additionalSteps (api-facts §3.5)', {
    tokenResponse: (body, ctx) => (ctx.request.utilityBill === true ? { ...body, additionalSteps: { ALL: { ALL: { UTILITY_BILL: { type: 'UPLOAD' } } } } } : body),
  }),
  alternate('documents-configured-list', 'T9', 'an omitted documents list comes back as the environment\'s configured list (four types)', defaultAs('documents', CONFIGURED_DOCUMENTS)),
  alternate('null-keys-absent', 'R11', 'keys whose value is null are left out of token responses, status read-backs and webhooks', {
    tokenResponse: (body) => withoutNulls(body),
    successBody: (body) => withoutNulls(body),
    webhook: (draft) => (draft ? { ...draft, payload: withoutNullsDeep(draft.payload) } : draft),
  }),
  alternate('digit-string-absent', 'T17', 'digitString is left out when generateDigitString was not true (iDenfy)', {
    tokenResponse: (body, ctx) => (ctx.request.generateDigitString === true ? body : withoutKey(body, 'digitString')),
  }),

  alternate('unasserted-keys-other-shapes', 'R10', 'personScanRef and allowedDocuments in other shapes (their presence and content are not asserted)', {
    tokenResponse: (body) => ({ ...body, personScanRef: null, allowedDocuments: Array.isArray(body.documents) ? body.documents : [] }),
  }),

  // extra fields (R10) and other texts (T21 fixes only the dummy message)
  alternate('extra-fields', 'R10', 'extra keys in token responses, error envelopes, add-dummy-status and status bodies', {
    tokenResponse: (body) => ({ ...body, sessionId: 'extra-1', partnerNote: null, redirectUrl: 'https://ui.example.invalid/x' }),
    successBody: (body) => ({ ...body, message: 'OK', requestId: 'extra-2' }),
    error: (reply) => ({ ...reply, body: { ...reply.body, documentation: 'https://documentation.example.invalid/errors', severity: 'ERROR', errors: [] } }),
  }),
  alternate('other-messages', 'T21', 'other error messages and another message for a plain token (only the dummy message is fixed)', {
    error: (reply) => ({ ...reply, body: { ...reply.body, message: `Request refused (${String(reply.body.identifier).toLowerCase()}).` } }),
    tokenResponse: (body, ctx) => (ctx.dummy ? body : { ...body, message: 'Verification session created.' }),
  }),
  alternate('other-identifier-formats', 'T20', 'authToken of 20 characters and scanRef as 32 hexadecimal digits', {
    tokenResponse: (body) => ({ ...body, authToken: String(body.authToken).slice(0, 20) }),
    scanRef: (scanRef) => scanRef.replaceAll('-', ''),
  }),

  // gated features (C1, T17, api-facts §3.6 and §11)
  alternate('callback-url-refused-message', 'C1', `callbackUrl refused without an identifier list entry: BAD_VALUE "${CALLBACK_REFUSAL_MESSAGE}"`,
    refuseGated(fieldSent('callbackUrl'), 'BAD_VALUE', () => CALLBACK_REFUSAL_MESSAGE)),
  alternate('callback-url-refused-permissions', 'C1', 'callbackUrl refused with PERMISSIONS_ERROR',
    refuseGated(fieldSent('callbackUrl'), 'PERMISSIONS_ERROR', (f) => `${f} is not allowed for this partner.`)),
  alternate('digit-string-refused-contract', 'T17', 'generateDigitString true refused with PARTNER_CONTRACT_ERROR (the contract lacks digit strings)',
    refuseGated(fieldSent('generateDigitString', (v) => v === true), 'PARTNER_CONTRACT_ERROR', () => 'Digit string is not included in your contract.')),
  alternate('custom-settings-refused-partner-error', 'C1', 'every custom setting refused as a gated feature with PARTNER_ERROR',
    refuseGated(customSettingSent, 'PARTNER_ERROR', (f) => `${f} is not enabled for this partner.`)),
  alternate('custom-settings-ignored', 'C1', 'custom settings are ignored whatever their type or value (the account has none turned on)', {
    verdict: (verdict, ctx) => {
      if (ctx.operationId !== TOKEN || !('violations' in verdict)) return verdict;
      const custom = new Set(ctx.contract.operations[TOKEN].fields.filter((f) => f.customSetting).map((f) => f.name));
      const rest = verdict.violations.filter((v) => !custom.has(v.field));
      return rest.length ? { ...verdict, violations: rest } : { valid: true, neverSend: false };
    },
  }),
  alternate('custom-settings-bad-value', 'C1', 'a wrong-typed or off-list custom setting refused with BAD_VALUE (the reference\'s own reading, named)', {}),

  // vendor vocabulary (T8, api-facts §11)
  alternate('vendor-vocabulary-refused', 'T8', 'values of the vendor\'s wider vocabulary (XK, PROVISIONAL_DRIVER_LICENSE, FACE_GLARED …) are refused with BAD_VALUE', {
    verdict: (verdict, ctx) => {
      if (!verdict.valid || !verdict.neverSend) return verdict;
      return { valid: false, neverSend: false, violations: [{ field: '', kind: 'enum', identifier: ctx.contract.violations.default, rule: verdict.rule, message: 'not a supported value' }] };
    },
  }),

  // answers the documents leave open (issue 19)
  alternate('documents-echo-reordered', 'T3', 'a sent documents list is echoed in another order (amended T3: a list of unique items is a set)', {
    tokenResponse: (body, ctx) => (Array.isArray(ctx.request.documents) && Array.isArray(body.documents) ? { ...body, documents: [...body.documents].reverse() } : body),
  }),
  alternate('add-dummy-status-empty-body', 'D3', 'add-dummy-status answers 200 with an empty body and no Content-Type (seed 000 documents "HTTP 200", no body)', {
    successBody: (body, ctx) => (ctx.operationId === DUMMY ? (new RawBody('') as unknown as Body) : body),
  }),
  alternate('add-dummy-status-text-body', 'D3', 'add-dummy-status answers 200 with the text body "OK" (text/plain; seed 000 promises no JSON)', {
    successBody: (body, ctx) => (ctx.operationId === DUMMY ? (new RawBody('OK', 'text/plain; charset=utf-8') as unknown as Body) : body),
  }),
  alternate('status-not-implemented', 'F1', 'no /api/v2/status at all: 404 NOT_FOUND to every method and request there (the seeds never name the path)', {
    error: (reply, ctx) => (ctx.operationId === STATUS ? { status: 404, contentType: 'application/json', body: { identifier: 'NOT_FOUND', message: 'Not found.' } } : reply),
    lookup: (found, ctx) => (ctx.operationId === STATUS ? undefined : found),
  }),

  // webhooks (W1, W2, R10, R11)
  alternate('webhook-late', 'W1', 'every webhook is sent 6 s late (W1 allows 30 s)', webhook((draft) => ({ ...draft, delayMs: 6_000 }))),
  alternate('webhook-extra-keys', 'R10', 'webhooks carry extra keys, also inside status and data', webhook((draft) => ({
    ...draft,
    payload: { ...draft.payload, attemptCount: 1, additionalStepPdfUrls: null, status: { ...draft.payload.status, reviewer: null }, data: draft.payload.data ? { ...draft.payload.data, ageEstimate: null } : draft.payload.data },
  }))),
  alternate('webhook-pretty-printed', 'W2', 'webhook bodies are pretty-printed (the signature covers the bytes sent)', webhook((draft) => ({ ...draft, indent: 2 }))),
  alternate('webhook-auto-final', 'W3', 'the auto-result webhook says final true (final on an auto result is not asserted)', {
    webhook: (draft) => (draft && draft.kind === 'auto' ? { ...draft, payload: { ...draft.payload, final: true } } : draft),
  }),
  alternate('webhook-auto-resent-late', 'W1', 'the auto result is delivered again 1.5 s later (a late duplicate; retries are not asserted)', {
    webhook: (draft) => (draft && draft.kind === 'auto' ? { ...draft, repeatAfterMs: 1_500 } : draft),
  }),
  alternate('webhook-auto-resent-restamped', 'W1', 'the auto result is sent again 1.5 s later with an extra key (a late duplicate that is not byte-identical; R10)', {
    webhook: (draft) => (draft && draft.kind === 'auto' ? { ...draft, repeatAfterMs: 1_500, repeatExtra: { resentAt: 1 } } : draft),
  }),

  // JSON on the wire (R1, S3)
  alternate('json-charset', 'R1', 'JSON answers are labelled application/json; charset=utf-8', { wire: (wire) => ({ ...wire, jsonContentType: 'application/json; charset=utf-8' }) }),
  alternate('json-pretty-printed', 'S3', 'JSON answers are pretty-printed', { wire: (wire) => ({ ...wire, indent: 2 }) }),
  alternate('json-keys-reordered', 'S3', 'JSON answers list their keys in another order', { wire: (wire) => ({ ...wire, reorderKeys: true }) }),
  alternate('json-chunked', 'S3', 'answers use Transfer-Encoding: chunked', { wire: (wire) => ({ ...wire, chunked: true }) }),
  alternate('connection-close', 'S3', 'every answer says Connection: close', { wire: (wire) => ({ ...wire, connectionClose: true }) }),

  // the iDenfy facts (api-facts §11), under the idenfy profile
  alternate('idenfy-locale-fallback', 'T5', 'an unsupported locale (free string of at most 7 characters) comes back as en', {
    tokenResponse: (body, ctx) => {
      const sent = ctx.request.locale;
      const known: string[] = ctx.contract.schemas.Locale['x-ivs-supported'] ?? [];
      return typeof sent === 'string' && !known.includes(sent) ? { ...body, locale: 'en' } : body;
    },
  }, ['idenfy']),
  alternate('idenfy-nationality-uppercased', 'T8', 'nationality comes back upper-cased', {
    tokenResponse: (body) => (typeof body.nationality === 'string' ? { ...body, nationality: body.nationality.toUpperCase() } : body),
  }, ['idenfy']),
];

function withoutKey(object: Body, key: string): Body {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}

const byId = new Map(ALTERNATES.map((a) => [a.id, a]));

export function alternateById(id: string): Alternate | undefined {
  return byId.get(id);
}

/** The alternates conformant under a profile. */
export function alternatesFor(profile: string): Alternate[] {
  return ALTERNATES.filter((a) => !a.profiles || a.profiles.includes(profile));
}

/** The hook sets of these alternates; throws on an unknown id or one that does not hold under the profile. */
export function alternateHooks(ids: readonly string[], profile: string): Hooks[] {
  return ids.map((id) => {
    const found = byId.get(id);
    if (!found) throw new Error(`unknown alternate "${id}" (see: list --alternates)`);
    if (found.profiles && !found.profiles.includes(profile)) throw new Error(`alternate "${id}" is conformant only under the ${found.profiles.join(', ')} profile`);
    return found.hooks;
  });
}
