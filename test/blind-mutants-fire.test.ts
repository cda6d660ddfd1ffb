// Every mutant of the blind catalogue (issue 24) fires: against the faithful reference and against
// the reference started with the mutant, one request (or a short chain, with a real HTTPS webhook
// receiver on loopback) gives the documented answer and the deviating one respectively.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHmac, randomUUID } from 'node:crypto';
import { webhookSink, type Received } from './helpers/webhook-sink.ts';
import { startReference, type Environment, type ReferenceServer } from '../src/reference/index.ts';
import { BLIND_CATALOGUES, MUTANTS, mutantById } from '../src/reference/mutants.ts';
import { BLIND_2026_12_07 } from '../src/reference/mutants/blind-2026-12-07.ts';
import { SECRET, basic, call, type Answer } from './helpers/blind-client.ts';


/** Status, plus the identifier of an error. */
const outcome = (a: Answer) => (a.status >= 400 ? { status: a.status, identifier: a.json?.identifier } : { status: a.status });
const token = (url: string, fields: Record<string, unknown>, auth?: string | null) => call(url, '/api/v2/token', { clientId: 'blind-client', ...fields }, { auth });
const addDummy = (url: string, body: Record<string, unknown>) => call(url, '/api/v2/add-dummy-status', body);
const MANUAL = { manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_ERROR' };

// --- the webhook receiver: HTTPS on loopback, a self-signed certificate made now --------------------

const sink = webhookSink();
const { deliveries, arrivals } = sink;
let webhookRun = 0;

interface WebhookRun {
  path: string;
  scanRef: string;
  externalRef: string;
  received: Received[];
}

/** A dummy SUSPECTED token with a callbackUrl, then FACE_MATCH + DOC_ERROR; waits for the manual result. */
async function webhookChain(url: string): Promise<WebhookRun> {
  webhookRun += 1;
  const clientId = `7${String(webhookRun).padStart(5, '0')}`;
  const path = `/hook/${webhookRun}`;
  const externalRef = `ref-${webhookRun}`;
  const mine = () => deliveries.filter((d) => String(d.json?.clientId) === clientId);
  const created = await token(url, { clientId, externalRef, dummyStatus: 'SUSPECTED', callbackUrl: `${sink.base}${path}` });
  assert.equal(created.status, 201);
  assert.equal((await addDummy(url, { scanRef: created.json.scanRef, ...MANUAL })).status, 200);
  // The manual result is queued after the auto result: once it is here, every delivery is.
  while (!mine().some((d) => d.json?.status?.manualFace != null)) await once(arrivals, 'delivery');
  return { path, scanRef: created.json.scanRef, externalRef, received: mine() };
}
const signedOk = (d: Received) => d.signature === createHmac('sha256', SECRET).update(d.raw).digest('hex');
const auto = (r: WebhookRun) => r.received.find((d) => d.json?.status?.manualFace == null);
const manual = (r: WebhookRun) => r.received.find((d) => d.json?.status?.manualFace != null);

/** The status read-back after a dummy ACTIVE token got FACE_MATCH + DOC_ERROR (D3: DENIED). */
async function manualOutcome(url: string): Promise<unknown> {
  const created = await token(url, { dummyStatus: 'ACTIVE' });
  await addDummy(url, { scanRef: created.json.scanRef, ...MANUAL });
  return (await call(url, '/api/v2/status', { scanRef: created.json.scanRef })).json?.status;
}
async function dummyScanRef(url: string, fields: Record<string, unknown> = { dummyStatus: 'APPROVED' }): Promise<string> {
  return (await token(url, fields)).json.scanRef;
}

// --- one probe per mutant: what it observes, what the faithful server shows, what the mutant shows -------

type Observe = (url: string) => Promise<unknown>;
interface Probe {
  environment?: Environment;
  observe: Observe;
  faithful: unknown;
  mutated: unknown;
}
const CREATED = { status: 201 };
const OK = { status: 200 };
const BAD = { status: 400, identifier: 'BAD_VALUE' };
const MISSING = { status: 400, identifier: 'MISSING_VALUE' };
const PERMISSIONS = { status: 400, identifier: 'PERMISSIONS_ERROR' };
const CRASH = { status: 500, identifier: 'INTERNAL_ERROR' };

const tokenOutcome = (fields: Record<string, unknown>): Observe => async (url) => outcome(await token(url, fields));
const accepts = (fields: Record<string, unknown>): Probe => ({ observe: tokenOutcome(fields), faithful: BAD, mutated: CREATED });
const refuses = (fields: Record<string, unknown>): Probe => ({ observe: tokenOutcome(fields), faithful: CREATED, mutated: BAD });
const echo = (fields: Record<string, unknown>, key: string, faithful: unknown, mutated: unknown): Probe => ({
  observe: async (url) => {
    const body = (await token(url, fields)).json;
    return key in body ? body[key] : '<absent>';
  },
  faithful,
  mutated,
});
const dummyOutcome = (body: (scanRef: string) => Record<string, unknown>, faithful: unknown, mutated: unknown, tokenFields?: Record<string, unknown>): Probe => ({
  observe: async (url) => outcome(await addDummy(url, body(await dummyScanRef(url, tokenFields)))),
  faithful,
  mutated,
});
const onWebhooks = (look: (r: WebhookRun) => unknown, faithful: unknown, mutated: unknown): Probe => ({ observe: async (url) => look(await webhookChain(url)), faithful, mutated });
const STEPS = { ALL: { ALL: { UTILITY_BILL: { type: 'UPLOAD' } } } };
const wrongSecret = basic('test-key:wrong-secret');

const PROBES: Record<string, Probe> = {
  // validation of token fields
  'client-id-max-128': accepts({ clientId: 'c'.repeat(101) }),
  'client-id-number-coerced': accepts({ clientId: 100000 }),
  'first-name-ascii-digits-only': accepts({ firstName: 'Jon٣' }),
  'last-name-underscore': accepts({ lastName: 'Smith_Jones' }),
  'first-name-utf16-length': refuses({ firstName: '𝒜'.repeat(60) }),
  'last-name-apostrophe': refuses({ lastName: "O'Brien" }),
  'first-name-ampersand': refuses({ firstName: 'Tom & Jerry' }),
  'success-url-no-max': accepts({ successUrl: `https://example.com/${'a'.repeat(2100)}` }),
  'error-url-min-4': accepts({ errorUrl: 'a.io' }),
  'unverified-url-no-query': refuses({ unverifiedUrl: 'https://example.com/result?status=unverified' }),
  'callback-url-http': accepts({ callbackUrl: 'http://example.com/hook' }),
  'locale-upper-case': accepts({ locale: 'EN' }),
  'locale-stale-list': refuses({ locale: 'cs' }),
  'show-instructions-string': accepts({ showInstructions: 'true' }),
  'expiry-time-zero': accepts({ expiryTime: 0 }),
  'expiry-time-max-exclusive': refuses({ expiryTime: 2592000 }),
  'expiry-time-float': accepts({ expiryTime: 600.5 }),
  'session-length-min-0': accepts({ sessionLength: 30 }),
  'country-uk': accepts({ country: 'UK' }),
  'country-lower-refused': refuses({ country: 'lt' }),
  'nationality-alpha3': accepts({ nationality: 'LTU' }),
  'documents-duplicates': accepts({ documents: ['PASSPORT', 'PASSPORT'] }),
  'documents-empty': accepts({ documents: [] }),
  'documents-other-refused': refuses({ documents: ['PASSPORT', 'OTHER'] }),
  'documents-lower-case': accepts({ documents: ['passport'] }),
  'date-of-birth-impossible': accepts({ dateOfBirth: '2021-02-30' }),
  'date-of-expiry-datetime': accepts({ dateOfExpiry: '1990-12-20T00:00:00Z' }),
  'date-of-birth-leap-day': refuses({ dateOfBirth: '2000-02-29' }),
  'personal-number-digits-only': refuses({ personalNumber: 'AB-123456' }),
  'personal-number-empty': accepts({ personalNumber: '' }),
  'document-number-max-30': refuses({ documentNumber: 'D'.repeat(31) }),
  'sex-full-word': accepts({ sex: 'MALE' }),
  'address-utf8-bytes': refuses({ address: 'ą'.repeat(200) }),
  'address-256': accepts({ address: 'a'.repeat(256) }),
  'external-ref-40-refused': refuses({ externalRef: 'r'.repeat(40) }),
  'token-type-long-refused': refuses({ tokenType: 'VIDEO_CALL_IDENTIFICATION' }),
  'digit-string-flag-string': accepts({ generateDigitString: 'true' }),
  'video-questions-string': accepts({ videoCallQuestions: 'Question 1' }),
  'utility-bill-with-steps': accepts({ utilityBill: true, additionalSteps: STEPS }),
  'additional-data-alone': accepts({ additionalData: { UTILITY_BILL: { ssn: '123-45-6789' } } }),
  // token response: echo, defaults, identifiers
  'first-name-ascii-upper': echo({ firstName: 'žana' }, 'firstName', 'ŽANA', 'žANA'),
  'last-name-spaces-collapsed': echo({ lastName: 'Van  Der Berg' }, 'lastName', 'VAN  DER BERG', 'VAN DER BERG'),
  'client-id-leading-zeros': echo({ clientId: '000123' }, 'clientId', '000123', '123'),
  'success-url-normalised': echo({ successUrl: 'https://example.com' }, 'successUrl', 'https://example.com', 'https://example.com/'),
  'callback-url-not-echoed': echo({ callbackUrl: 'https://example.com/hook' }, 'callbackUrl', 'https://example.com/hook', '<absent>'),
  'session-length-string': echo({ sessionLength: 600 }, 'sessionLength', 600, '600'),
  'documents-first-only': echo({ documents: ['PASSPORT', 'ID_CARD'] }, 'documents', ['PASSPORT', 'ID_CARD'], ['PASSPORT']),
  'date-of-issue-datetime': echo({ dateOfIssue: '1990-12-20' }, 'dateOfIssue', '1990-12-20', '1990-12-20T00:00:00'),
  'external-ref-trimmed': echo({ externalRef: ' ref ' }, 'externalRef', ' ref ', 'ref'),
  'video-questions-sorted': echo({ videoCallQuestions: ['Why?', 'Also?'] }, 'videoCallQuestions', ['Why?', 'Also?'], ['Also?', 'Why?']),
  'additional-steps-as-text': echo({ additionalSteps: STEPS }, 'additionalSteps', STEPS, JSON.stringify(STEPS)),
  'show-instructions-false-lost': echo({ showInstructions: false }, 'showInstructions', false, true),
  'expiry-default-3600': echo({}, 'expiryTime', 86400, 3600),
  'session-default-300': echo({}, 'sessionLength', 1800, 300),
  'token-type-default-document': echo({}, 'tokenType', 'IDENTIFICATION', 'DOCUMENT'),
  'show-instructions-default-false': echo({}, 'showInstructions', true, false),
  'video-questions-default-null': echo({}, 'videoCallQuestions', [], null),
  'digit-string-always': echo({}, 'digitString', null, '48236571'),
  'digit-string-7': { observe: async (url) => (await token(url, { generateDigitString: true })).json.digitString.length, faithful: 8, mutated: 7 },
  'scan-ref-suffixed': { observe: async (url) => (await token(url, {})).json.scanRef.length, faithful: 36, mutated: 41 },
  'auth-token-reused': {
    observe: async (url) => (await token(url, { clientId: 'same' })).json.authToken === (await token(url, { clientId: 'same' })).json.authToken,
    faithful: false,
    mutated: true,
  },
  'message-names-client': { observe: async (url) => (await token(url, { clientId: 'c'.repeat(100) })).json.message.length <= 100, faithful: true, mutated: false },
  // dummy sessions, environments, add-dummy-status, status read-back
  'dummy-status-lower-case': accepts({ dummyStatus: 'approved' }),
  'dummy-status-expired-refused': refuses({ dummyStatus: 'EXPIRED' }),
  'dummy-message-plain': echo({ dummyStatus: 'APPROVED' }, 'message', 'Dummy token and verification created successfully', 'Token created successfully'),
  'testing-allows-dummy': { environment: 'testing', observe: tokenOutcome({ dummyStatus: 'APPROVED' }), faithful: PERMISSIONS, mutated: CREATED },
  'testing-refusal-403': { environment: 'testing', observe: tokenOutcome({ dummyStatus: 'APPROVED' }), faithful: PERMISSIONS, mutated: { ...PERMISSIONS, status: 403 } },
  'production-refusal-bad-value': { environment: 'production', observe: tokenOutcome({ dummyStatus: 'DENIED' }), faithful: PERMISSIONS, mutated: BAD },
  'testing-allows-add-dummy': { environment: 'testing', observe: async (url) => outcome(await addDummy(url, { scanRef: randomUUID(), ...MANUAL })), faithful: PERMISSIONS, mutated: BAD },
  'production-refuses-plain-token': { environment: 'production', observe: tokenOutcome({}), faithful: CREATED, mutated: PERMISSIONS },
  'testing-null-dummy-status-refused': { environment: 'testing', observe: tokenOutcome({ dummyStatus: null }), faithful: CREATED, mutated: PERMISSIONS },
  'outcome-face-only': { observe: manualOutcome, faithful: 'DENIED', mutated: 'APPROVED' },
  'outcome-suspected': { observe: manualOutcome, faithful: 'DENIED', mutated: 'SUSPECTED' },
  'status-read-back-stale': { observe: manualOutcome, faithful: 'DENIED', mutated: 'ACTIVE' },
  'add-dummy-201': dummyOutcome((scanRef) => ({ scanRef, ...MANUAL }), OK, { status: 201 }),
  'add-dummy-plain-token': dummyOutcome((scanRef) => ({ scanRef, ...MANUAL }), BAD, OK, {}),
  'add-dummy-unknown-token-not-valid': dummyOutcome(() => ({ scanRef: randomUUID(), ...MANUAL }), BAD, { status: 400, identifier: 'TOKEN_NOT_VALID' }),
  'manual-document-stale-list': dummyOutcome((scanRef) => ({ scanRef, manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_NATIONALITY_ERROR' }), OK, BAD),
  'manual-face-optional': dummyOutcome((scanRef) => ({ scanRef, manualDocumentValidity: 'DOC_VALIDATED' }), MISSING, OK),
  'manual-document-lower-case': dummyOutcome((scanRef) => ({ scanRef, manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'doc_validated' }), BAD, OK),
  'add-dummy-scan-ref-list': dummyOutcome((scanRef) => ({ scanRef: [scanRef], ...MANUAL }), BAD, OK),
  'status-read-back-lower-case': { observe: async (url) => (await call(url, '/api/v2/status', { scanRef: await dummyScanRef(url) })).json.status, faithful: 'APPROVED', mutated: 'approved' },
  'status-read-back-other-key': {
    observe: async (url) => outcome(await call(url, '/api/v2/status', { scanRef: await dummyScanRef(url) }, { auth: basic('other-key:other-secret') })),
    faithful: BAD,
    mutated: OK,
  },
  // errors, transport, authentication
  'null-client-id-bad-value': { observe: tokenOutcome({ clientId: null }), faithful: MISSING, mutated: BAD },
  'array-body-bad-value': { observe: async (url) => outcome(await call(url, '/api/v2/token', [{ clientId: 'x' }])), faithful: { status: 400, identifier: 'JSON_ERROR' }, mutated: BAD },
  'missing-scan-ref-bad-value': { observe: async (url) => outcome(await addDummy(url, MANUAL)), faithful: MISSING, mutated: BAD },
  'json-error-422': { observe: async (url) => outcome(await call(url, '/api/v2/token', null, { raw: '{"clientId": ' })), faithful: { status: 400, identifier: 'JSON_ERROR' }, mutated: { status: 422, identifier: 'JSON_ERROR' } },
  'unauthorized-403': { observe: async (url) => outcome(await token(url, {}, wrongSecret)), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: { status: 403, identifier: 'UNAUTHORIZED' } },
  'get-not-found': { observe: async (url) => outcome(await call(url, '/api/v2/token', null, { method: 'GET' })), faithful: { status: 405, identifier: 'METHOD_NOT_ALLOWED' }, mutated: { status: 404, identifier: 'NOT_FOUND' } },
  'auth-error-html': { observe: async (url) => (await token(url, {}, wrongSecret)).contentType, faithful: 'application/json', mutated: 'text/html; charset=utf-8' },
  'json-error-detail-key': { observe: async (url) => Object.keys((await call(url, '/api/v2/token', null, { raw: '{"clientId": ' })).json).sort(), faithful: ['identifier', 'message'], mutated: ['detail', 'identifier'] },
  'missing-auth-missing-value': { observe: async (url) => outcome(await token(url, {}, null)), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: { status: 401, identifier: 'MISSING_VALUE' } },
  'auth-empty-secret': { observe: async (url) => outcome(await token(url, {}, basic('test-key:'))), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: CREATED },
  'auth-secret-case-insensitive': { observe: async (url) => outcome(await token(url, {}, basic('test-key:TEST-SECRET'))), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: CREATED },
  'auth-any-secret': { observe: async (url) => outcome(await token(url, {}, basic('test-key:other-secret'))), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: CREATED },
  'auth-secret-prefix': { observe: async (url) => outcome(await token(url, {}, basic('test-key:test-secXYZ'))), faithful: { status: 401, identifier: 'UNAUTHORIZED' }, mutated: CREATED },
  'token-html-content-type': { observe: async (url) => (await token(url, {})).contentType, faithful: 'application/json', mutated: 'text/html; charset=utf-8' },
  'crash-astral-client-id': { observe: tokenOutcome({ clientId: 'client-😀' }), faithful: CREATED, mutated: CRASH },
  'crash-empty-question': { observe: tokenOutcome({ videoCallQuestions: ['Q1', ''] }), faithful: CREATED, mutated: CRASH },
  'crash-empty-steps': { observe: tokenOutcome({ additionalSteps: {} }), faithful: CREATED, mutated: CRASH },
  'crash-non-uuid-scan-ref': { observe: async (url) => outcome(await addDummy(url, { scanRef: 'unknown-ref', ...MANUAL })), faithful: BAD, mutated: CRASH },
  'crash-status-unknown': { observe: async (url) => outcome(await call(url, '/api/v2/status', { scanRef: randomUUID() })), faithful: BAD, mutated: CRASH },
  // result webhooks
  'webhook-no-auto': onWebhooks((r) => r.received.length, 2, 1),
  'webhook-origin-only': onWebhooks((r) => r.received.map((d) => d.path === r.path), [true, true], [false, false]),
  'webhook-signature-upper-hex': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-signed-with-key': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-signed-sorted': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-manual-unsigned': onWebhooks((r) => r.received.map((d) => d.signature !== undefined), [true, true], [true, false]),
  'webhook-suspected-as-denied': onWebhooks((r) => auto(r)?.json.status.overall, 'SUSPECTED', 'DENIED'),
  'webhook-auto-no-external-ref': onWebhooks((r) => auto(r)?.json.externalRef === r.externalRef, true, false),
  'webhook-client-id-number': onWebhooks((r) => r.received.map((d) => typeof d.json.clientId), ['string', 'string'], ['number', 'number']),
  'webhook-scan-ref-hex': onWebhooks((r) => r.received.map((d) => d.json.scanRef === r.scanRef), [true, true], [false, false]),
  'webhook-manual-not-final': onWebhooks((r) => manual(r)?.json.final, true, false),
  'webhook-manual-document-missing': onWebhooks((r) => manual(r)?.json.status.manualDocument, 'DOC_ERROR', null),
  'webhook-manual-overall-auto': onWebhooks((r) => manual(r)?.json.status.overall, 'DENIED', 'SUSPECTED'),
  'webhook-data-sex-letter': onWebhooks((r) => r.received.map((d) => d.json.data?.docSex), [null, null], ['M', 'M']),
  'webhook-data-changed-string': onWebhooks((r) => r.received.map((d) => d.json.data?.manuallyDataChanged), [null, null], ['false', 'false']),
};

describe('blind mutant catalogue 2026-12-07: every mutant fires', function () {
  this.timeout(60_000);
  const faithful: Partial<Record<Environment, ReferenceServer>> = {};

  before(async () => {
    await sink.start();
    for (const environment of ['development', 'testing', 'production'] as const) faithful[environment] = await startReference({ environment });
  });
  after(async () => {
    await Promise.all(Object.values(faithful).map((s) => s!.close()));
    sink.close();
  });

  it('has at least 60 mutants, unique ids prefixed blind1-, none in MUTANTS, all reachable by id', () => {
    const ids = BLIND_2026_12_07.map((m) => m.id);
    assert.ok(ids.length >= 60, `${ids.length} mutants`);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    for (const id of ids) assert.match(id, /^blind1-[a-z0-9-]+$/);
    const suite = new Set(MUTANTS.map((m) => m.id));
    assert.deepEqual(ids.filter((id) => suite.has(id)), []);
    assert.equal(BLIND_CATALOGUES['2026-12-07'], BLIND_2026_12_07);
    for (const m of BLIND_2026_12_07) assert.equal(mutantById(m.id), m);
  });

  it('has one probe per mutant and no probe without a mutant', () => {
    const names = BLIND_2026_12_07.map((m) => m.id.replace(/^blind1-/, '')).sort();
    assert.deepEqual(Object.keys(PROBES).sort(), names);
  });

  for (const m of BLIND_2026_12_07) {
    const probe = PROBES[m.id.replace(/^blind1-/, '')];
    it(`${m.id} (${m.rule}, ${m.environment}) fires`, async function () {
      if (!probe) this.skip();
      assert.equal(probe.environment ?? 'development', m.environment, 'the probe runs in the mutant\'s environment');
      assert.notDeepEqual(probe.mutated, probe.faithful, 'the probe tells the mutant from the faithful server');
      const reference = faithful[m.environment]!;
      assert.deepEqual(await probe.observe(reference.url), probe.faithful, 'faithful reference');
      const mutated = await startReference({ environment: m.environment, mutant: m.id });
      try {
        assert.deepEqual(await probe.observe(mutated.url), probe.mutated, 'mutant');
      } finally {
        await mutated.close();
      }
    });
  }
});
