// Every mutant of the blind catalogue, round 2 (issue 24, item 6), fires: against the faithful
// reference and against the reference started with the mutant, one request (or a short chain, with a
// real HTTPS webhook receiver on loopback) gives the documented answer and the deviating one.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHmac, randomUUID } from 'node:crypto';
import { webhookSink, type Received } from './helpers/webhook-sink.ts';
import { startReference, type Environment, type ReferenceServer } from '../src/reference/index.ts';
import { BLIND_CATALOGUES, MUTANTS, mutantById } from '../src/reference/mutants.ts';
import { BLIND_2026_12_07 } from '../src/reference/mutants/blind-2026-12-07.ts';
import { BLIND_2026_12_07_R2 } from '../src/reference/mutants/blind-2026-12-07-r2.ts';
import { SECRET, basic, call, type Answer } from './helpers/blind-client.ts';

const OTHER = basic('other-key:other-secret');

/** Status, plus the identifier of an error. */
const outcome = (a: Answer) => (a.status >= 400 ? { status: a.status, identifier: a.json?.identifier } : { status: a.status });
const token = (url: string, fields: Record<string, unknown>, auth?: string | null) => call(url, '/api/v2/token', { clientId: 'blind2-client', ...fields }, { auth });
const addDummy = (url: string, body: Record<string, unknown>, auth?: string) => call(url, '/api/v2/add-dummy-status', body, { auth });
const readStatus = (url: string, scanRef: string) => call(url, '/api/v2/status', { scanRef });
const MANUAL = { manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_ERROR' };
const APPROVE = { manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' };

// --- the webhook receiver: HTTPS on loopback, a self-signed certificate made now --------------------

const sink = webhookSink();
const { deliveries, arrivals } = sink;
let webhookRun = 0;

interface WebhookRun {
  externalRef: string;
  received: Received[];
}

/**
 * A dummy token with a callbackUrl, then each manual result in turn; waits for the webhook that
 * carries the last manual document status (deliveries are in order per verification, so every
 * earlier one is here by then).
 */
async function webhookChain(url: string, dummyStatus = 'SUSPECTED', manuals: Record<string, string>[] = [MANUAL], externalRef?: string): Promise<WebhookRun> {
  webhookRun += 1;
  const clientId = `8${String(webhookRun).padStart(5, '0')}`;
  const ref = externalRef ?? `ref2-${webhookRun}`;
  const mine = () => deliveries.filter((d) => String(d.json?.clientId) === clientId);
  const created = await token(url, { clientId, externalRef: ref, dummyStatus, callbackUrl: `${sink.base}/hook/${webhookRun}` });
  assert.equal(created.status, 201);
  for (const manual of manuals) assert.equal((await addDummy(url, { scanRef: created.json.scanRef, ...manual })).status, 200);
  const last = manuals.at(-1)!.manualDocumentValidity;
  const arrived = () => mine().some((d) => [d.json?.status?.manualFace, d.json?.status?.manualDocument].includes(last));
  while (!arrived()) await once(arrivals, 'delivery');
  return { externalRef: ref, received: mine() };
}
const isManual = (d: Received) => d.json?.status?.manualFace != null || d.json?.status?.manualDocument != null;
const signedOk = (d: Received) => d.signature === createHmac('sha256', SECRET).update(d.raw).digest('hex');
const manual = (r: WebhookRun) => r.received.find(isManual);

async function dummyScanRef(url: string, fields: Record<string, unknown> = { dummyStatus: 'APPROVED' }, auth?: string): Promise<string> {
  return (await token(url, fields, auth)).json.scanRef;
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
const UNAUTHORIZED = { status: 401, identifier: 'UNAUTHORIZED' };
const JSON_ERROR = { status: 400, identifier: 'JSON_ERROR' };
const CRASH = { status: 500, identifier: 'INTERNAL_ERROR' };

const tokenOutcome = (fields: Record<string, unknown>, auth?: string | null): Observe => async (url) => outcome(await token(url, fields, auth));
const accepts = (fields: Record<string, unknown>): Probe => ({ observe: tokenOutcome(fields), faithful: BAD, mutated: CREATED });
const refuses = (fields: Record<string, unknown>): Probe => ({ observe: tokenOutcome(fields), faithful: CREATED, mutated: BAD });
const crashes = (fields: Record<string, unknown>): Probe => ({ observe: tokenOutcome(fields), faithful: CREATED, mutated: CRASH });
const admits = (user: string): Probe => ({ observe: tokenOutcome({}, basic(user)), faithful: UNAUTHORIZED, mutated: CREATED });
const echo = (fields: Record<string, unknown>, key: string, faithful: unknown, mutated: unknown): Probe => ({
  observe: async (url) => {
    const body = (await token(url, fields)).json;
    return key in body ? body[key] : '<absent>';
  },
  faithful,
  mutated,
});
const dummyOutcome = (body: (scanRef: string) => Record<string, unknown>, faithful: unknown, mutated: unknown): Probe => ({
  observe: async (url) => outcome(await addDummy(url, body(await dummyScanRef(url)))),
  faithful,
  mutated,
});
/** The status read-back of a dummy verification after `manuals`. */
const readBack = (dummyStatus: string, manuals: Record<string, string>[], look: (body: any) => unknown, faithful: unknown, mutated: unknown, clientId = 'blind2-client'): Probe => ({
  observe: async (url) => {
    const scanRef = await dummyScanRef(url, { clientId, dummyStatus });
    for (const m of manuals) await addDummy(url, { scanRef, ...m });
    return look((await readStatus(url, scanRef)).json);
  },
  faithful,
  mutated,
});
const onWebhooks = (look: (r: WebhookRun) => unknown, faithful: unknown, mutated: unknown, chain: Parameters<typeof webhookChain>[1] = 'SUSPECTED', manuals?: Record<string, string>[], externalRef?: string): Probe => ({
  observe: async (url) => look(await webhookChain(url, chain, manuals, externalRef)),
  faithful,
  mutated,
});
const STEPS = { ALL: { ALL: { UTILITY_BILL: { type: 'UPLOAD' } } } };
const DATA = { UTILITY_BILL: { ssn: '123-45-6789' } };
const URL_20 = 'https://example.com/'; // 20 characters

const PROBES: Record<string, Probe> = {
  // token request validation
  'client-id-empty-accepted': accepts({ clientId: '' }),
  'client-id-utf8-bytes': refuses({ clientId: 'ą'.repeat(60) }),
  'client-id-array-joined': accepts({ clientId: ['blind', 'client'] }),
  'first-name-combining-mark-refused': refuses({ firstName: 'Jose\u0301' }),
  'last-name-hyphen-refused': refuses({ lastName: 'Smith-Jones' }),
  'first-name-period-refused': refuses({ firstName: 'J. R.' }),
  'first-name-question-mark': accepts({ firstName: 'Jon?' }),
  'last-name-pipe': accepts({ lastName: 'Smith|Jones' }),
  'first-name-101': accepts({ firstName: 'a'.repeat(101) }),
  'error-url-2048-refused': refuses({ errorUrl: URL_20 + 'a'.repeat(2028) }),
  'unverified-url-4096': accepts({ unverifiedUrl: URL_20 + 'a'.repeat(2980) }),
  'callback-url-protocol-relative': accepts({ callbackUrl: '//example.com/hook' }),
  'locale-ua': accepts({ locale: 'ua' }),
  'show-instructions-number': accepts({ showInstructions: 1 }),
  'expiry-time-31-days': accepts({ expiryTime: 2592001 }),
  'expiry-time-digit-string': accepts({ expiryTime: '3600' }),
  'session-length-no-max': accepts({ sessionLength: 7200 }),
  'country-eu': accepts({ country: 'EU' }),
  'nationality-any-two-letters': accepts({ nationality: 'ZZ' }),
  'documents-alias-drivers-license': accepts({ documents: ['DRIVERS_LICENSE'] }),
  'documents-single-string': accepts({ documents: 'PASSPORT' }),
  'documents-aadhaar-refused': refuses({ documents: ['AADHAAR'] }),
  'date-of-birth-unpadded': accepts({ dateOfBirth: '1990-2-5' }),
  'date-of-expiry-past-refused': refuses({ dateOfExpiry: '1990-12-20' }),
  'date-of-birth-1900-leap': accepts({ dateOfBirth: '1900-02-29' }),
  'date-of-issue-before-1900-refused': refuses({ dateOfIssue: '1899-12-31' }),
  'document-number-empty': accepts({ documentNumber: '' }),
  'personal-number-number': accepts({ personalNumber: 123456789 }),
  'sex-lower-case': accepts({ sex: 'm' }),
  'sex-x': accepts({ sex: 'X' }),
  'external-ref-64': accepts({ externalRef: 'r'.repeat(50) }),
  'token-type-photo-singular': accepts({ tokenType: 'VIDEO_CALL_PHOTO' }),
  'video-questions-numbers': accepts({ videoCallQuestions: [1, 2] }),
  'additional-data-null-steps': accepts({ additionalData: DATA, additionalSteps: null }),
  'utility-bill-false-with-steps': refuses({ utilityBill: false, additionalSteps: STEPS }),
  // token response: echo
  'last-name-not-uppercased': echo({ lastName: 'Smith' }, 'lastName', 'SMITH', 'Smith'),
  'first-name-turkish-upper': echo({ firstName: 'ivan' }, 'firstName', 'IVAN', 'İVAN'),
  'first-name-truncated-64': echo({ firstName: 'a'.repeat(80) }, 'firstName', 'A'.repeat(80), 'A'.repeat(64)),
  'error-url-host-lowercased': echo({ errorUrl: 'https://Example.COM/Fail' }, 'errorUrl', 'https://Example.COM/Fail', 'https://example.com/Fail'),
  'country-alpha3-echo': echo({ country: 'LT' }, 'country', 'LT', 'LTU'),
  'documents-other-dropped': echo({ documents: ['PASSPORT', 'OTHER'] }, 'documents', ['PASSPORT', 'OTHER'], ['PASSPORT']),
  'date-of-issue-day-before': echo({ dateOfIssue: '1990-12-20' }, 'dateOfIssue', '1990-12-20', '1990-12-19'),
  'document-number-uppercased': echo({ documentNumber: 'ab123' }, 'documentNumber', 'ab123', 'AB123'),
  'sex-word-echo': echo({ sex: 'F' }, 'sex', 'F', 'FEMALE'),
  'address-html-escaped': echo({ address: 'A & B' }, 'address', 'A & B', 'A &amp; B'),
  'address-empty-null': echo({ address: '' }, 'address', '', null),
  'address-mojibake': echo({ address: 'Šiaulių g. 1' }, 'address', 'Šiaulių g. 1', Buffer.from('Šiaulių g. 1', 'utf8').toString('latin1')),
  'external-ref-astral-lossy': echo({ externalRef: 'order-🚀-7' }, 'externalRef', 'order-🚀-7', 'order-?-7'),
  'token-type-ignored': echo({ tokenType: 'DOCUMENT' }, 'tokenType', 'DOCUMENT', 'IDENTIFICATION'),
  'video-questions-deduped': echo({ videoCallQuestions: ['Q1', 'Q1'] }, 'videoCallQuestions', ['Q1', 'Q1'], ['Q1']),
  'additional-data-withheld': echo({ additionalSteps: STEPS, additionalData: DATA }, 'additionalData', DATA, null),
  'expiry-time-capped-echo': echo({ expiryTime: 172800 }, 'expiryTime', 172800, 86400),
  'client-id-trimmed': echo({ clientId: ' c-1 ' }, 'clientId', ' c-1 ', 'c-1'),
  'client-id-nfc': echo({ clientId: 'Jose\u0301' }, 'clientId', 'Jose\u0301', 'Jos\u00e9'),
  'personal-number-masked': echo({ personalNumber: '123456789' }, 'personalNumber', '123456789', '*****6789'),
  // token response: defaults
  'locale-default-lt': echo({}, 'locale', 'en', 'lt'),
  'success-url-default-idenfy': echo({}, 'successUrl', 'https://ui.markid.eu/result?status=success', 'https://ui.idenfy.com/result?status=success'),
  'unverified-url-default-fail': echo({}, 'unverifiedUrl', 'https://ui.markid.eu/result?status=unverified', 'https://ui.markid.eu/result?status=fail'),
  'documents-default-empty': echo({}, 'documents', ['ID_CARD', 'PASSPORT'], []),
  'session-length-default-900': echo({}, 'sessionLength', 1800, 900),
  'show-instructions-null-false': echo({ showInstructions: null }, 'showInstructions', true, false),
  'address-default-empty-string': echo({}, 'address', null, ''),
  'video-questions-absent': echo({}, 'videoCallQuestions', [], '<absent>'),
  // token response: digit string, identifiers, message
  'digit-string-number': { observe: async (url) => typeof (await token(url, { generateDigitString: true })).json.digitString, faithful: 'string', mutated: 'number' },
  'digit-string-empty-when-off': echo({}, 'digitString', null, ''),
  'digit-string-on-false': echo({ generateDigitString: false }, 'digitString', null, '20482049'),
  'scan-ref-null-plain-token': { observe: async (url) => typeof (await token(url, {})).json.scanRef, faithful: 'string', mutated: 'object' },
  'auth-token-sha256': { observe: async (url) => (await token(url, {})).json.authToken.length, faithful: 40, mutated: 64 },
  'scan-ref-per-client': {
    observe: async (url) => (await token(url, { clientId: 'twice' })).json.scanRef === (await token(url, { clientId: 'twice' })).json.scanRef,
    faithful: false,
    mutated: true,
  },
  'dummy-message-period': echo({ dummyStatus: 'APPROVED' }, 'message', 'Dummy token and verification created successfully', 'Dummy token and verification created successfully.'),
  // dummy sessions, environments, add-dummy-status, status read-back
  'dummy-status-empty-plain': { observe: tokenOutcome({ dummyStatus: '' }), faithful: BAD, mutated: CREATED },
  'production-dummy-ignored': { environment: 'production', observe: tokenOutcome({ dummyStatus: 'APPROVED' }), faithful: PERMISSIONS, mutated: CREATED },
  'testing-dummy-active-allowed': { environment: 'testing', observe: tokenOutcome({ dummyStatus: 'ACTIVE' }), faithful: PERMISSIONS, mutated: CREATED },
  'testing-add-dummy-unauthorized': { environment: 'testing', observe: async (url) => outcome(await addDummy(url, { scanRef: randomUUID(), ...MANUAL })), faithful: PERMISSIONS, mutated: UNAUTHORIZED },
  'manual-face-document-value': dummyOutcome((scanRef) => ({ scanRef, manualFaceMatchResult: 'DOC_VALIDATED', manualDocumentValidity: 'DOC_VALIDATED' }), BAD, OK),
  'manual-document-omitted': dummyOutcome((scanRef) => ({ scanRef, manualFaceMatchResult: 'FACE_MATCH' }), MISSING, OK),
  'add-dummy-other-key': { observe: async (url) => outcome(await addDummy(url, { scanRef: await dummyScanRef(url, { dummyStatus: 'APPROVED' }, OTHER), ...MANUAL })), faithful: BAD, mutated: OK },
  'add-dummy-once-only': {
    observe: async (url) => {
      const scanRef = await dummyScanRef(url);
      await addDummy(url, { scanRef, ...MANUAL });
      return outcome(await addDummy(url, { scanRef, ...APPROVE }));
    },
    faithful: OK,
    mutated: BAD,
  },
  'outcome-denial-keeps-auto': readBack('APPROVED', [{ manualFaceMatchResult: 'FACE_MISMATCH', manualDocumentValidity: 'DOC_VALIDATED' }], (b) => b.status, 'DENIED', 'APPROVED'),
  'add-dummy-204': dummyOutcome((scanRef) => ({ scanRef, ...MANUAL }), OK, { status: 204 }),
  'status-client-id-number': readBack('APPROVED', [], (b) => typeof b.clientId, 'string', 'number', '100000'),
  'status-scan-ref-upper': {
    observe: async (url) => {
      const scanRef = await dummyScanRef(url);
      return (await readStatus(url, scanRef)).json.scanRef === scanRef;
    },
    faithful: true,
    mutated: false,
  },
  'status-denied-as-suspected': readBack('DENIED', [], (b) => b.status, 'DENIED', 'SUSPECTED'),
  // authentication
  'auth-key-case-insensitive': admits('TEST-KEY:test-secret'),
  'auth-secret-trimmed': admits('test-key:test-secret '),
  'auth-secret-split-colon': admits('test-key:test-secret:extra'),
  'auth-credentials-swapped': admits('test-secret:test-key'),
  'auth-empty-basic-crash': { observe: tokenOutcome({}, 'Basic'), faithful: UNAUTHORIZED, mutated: CRASH },
  'auth-permissions-identifier': { observe: tokenOutcome({}, basic('test-key:wrong')), faithful: UNAUTHORIZED, mutated: PERMISSIONS },
  // errors, transport
  'bad-value-422': { observe: tokenOutcome({ sex: 'Q' }), faithful: BAD, mutated: { status: 422, identifier: 'BAD_VALUE' } },
  'validation-error-key': { observe: async (url) => Object.keys((await token(url, { sex: 'Q' })).json).sort(), faithful: ['identifier', 'message'], mutated: ['error', 'message'] },
  'missing-message-list': { observe: async (url) => typeof (await call(url, '/api/v2/token', { firstName: 'Ann' })).json.message, faithful: 'string', mutated: 'object' },
  'type-error-json-error': { observe: tokenOutcome({ sessionLength: '600' }), faithful: BAD, mutated: JSON_ERROR },
  'json-error-text-plain': { observe: async (url) => (await call(url, '/api/v2/token', null, { raw: '{"clientId": ' })).contentType, faithful: 'application/json', mutated: 'text/plain; charset=utf-8' },
  'unknown-scan-ref-404': { observe: async (url) => outcome(await addDummy(url, { scanRef: randomUUID(), ...MANUAL })), faithful: BAD, mutated: { status: 404, identifier: 'BAD_VALUE' } },
  'method-identifier': {
    observe: async (url) => outcome(await call(url, '/api/v2/add-dummy-status', null, { method: 'GET' })),
    faithful: { status: 405, identifier: 'METHOD_NOT_ALLOWED' },
    mutated: { status: 405, identifier: 'METHOD_NOT_SUPPORTED' },
  },
  'crash-address-nul': crashes({ address: 'Main St\u0000 1' }),
  'crash-year-one': crashes({ dateOfBirth: '0001-01-01' }),
  'crash-client-id-quote': crashes({ clientId: "O'Neil-1" }),
  'crash-scan-ref-number': { observe: async (url) => outcome(await addDummy(url, { scanRef: 12345, ...MANUAL })), faithful: BAD, mutated: CRASH },
  'crash-null-body': { observe: async (url) => outcome(await call(url, '/api/v2/token', null, { raw: 'null' })), faithful: JSON_ERROR, mutated: CRASH },
  'crash-expiry-int32': crashes({ expiryTime: 2592000 }),
  // result webhooks
  'webhook-active-no-auto': onWebhooks((r) => r.received.filter((d) => !isManual(d)).length, 1, 0, 'ACTIVE'),
  'webhook-denied-no-manual': onWebhooks((r) => r.received.filter(isManual).length, 2, 1, 'SUSPECTED', [MANUAL, APPROVE]),
  'webhook-signature-base64': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-signature-prefixed': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-signature-sha1': onWebhooks((r) => r.received.map((d) => d.signature?.length), [64, 64], [40, 40]),
  'webhook-keyed-with-api-key': onWebhooks((r) => r.received.map(signedOk), [true, true], [false, false]),
  'webhook-external-ref-32': onWebhooks((r) => r.received.map((d) => d.json.externalRef === r.externalRef), [true, true], [false, false], 'SUSPECTED', [MANUAL], `ref2-${'x'.repeat(34)}`),
  'webhook-manual-swapped': onWebhooks((r) => manual(r)?.json.status.manualFace, 'FACE_MATCH', 'DOC_ERROR'),
  'webhook-final-string': onWebhooks((r) => manual(r)?.json.final, true, 'true'),
  'webhook-data-empty-string': onWebhooks((r) => r.received.map((d) => typeof d.json.data), ['object', 'object'], ['string', 'string']),
};

describe('blind mutant catalogue 2026-12-07-r2: every mutant fires', function () {
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

  it('has at least 80 mutants, unique ids prefixed blind2-, none in MUTANTS nor round 1, all reachable by id', () => {
    const ids = BLIND_2026_12_07_R2.map((m) => m.id);
    assert.ok(ids.length >= 80, `${ids.length} mutants`);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    for (const id of ids) assert.match(id, /^blind2-[a-z0-9-]+$/);
    const taken = new Set([...MUTANTS, ...BLIND_2026_12_07].map((m) => m.id));
    assert.deepEqual(ids.filter((id) => taken.has(id)), []);
    assert.equal(BLIND_CATALOGUES['2026-12-07-r2'], BLIND_2026_12_07_R2);
    for (const m of BLIND_2026_12_07_R2) assert.equal(mutantById(m.id), m);
  });

  it('has one probe per mutant and no probe without a mutant', () => {
    const names = BLIND_2026_12_07_R2.map((m) => m.id.replace(/^blind2-/, '')).sort();
    assert.deepEqual(Object.keys(PROBES).sort(), names);
  });

  for (const m of BLIND_2026_12_07_R2) {
    const probe = PROBES[m.id.replace(/^blind2-/, '')];
    it(`${m.id} (${m.rule}, ${m.environment}) fires`, async function () {
      if (!probe) this.skip();
      assert.equal(probe.environment ?? 'development', m.environment, "the probe runs in the mutant's environment");
      assert.notDeepEqual(probe.mutated, probe.faithful, 'the probe tells the mutant from the faithful server');
      assert.deepEqual(await probe.observe(faithful[m.environment]!.url), probe.faithful, 'faithful reference');
      const mutated = await startReference({ environment: m.environment, mutant: m.id });
      try {
        assert.deepEqual(await probe.observe(mutated.url), probe.mutated, 'mutant');
      } finally {
        await mutated.close();
      }
    });
  }
});
