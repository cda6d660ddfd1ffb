// Every mutant of the blind catalogue, round 3 (issue 24), fires: against the faithful reference and
// against the reference started with the mutant, one request (or a short flow, with a real HTTPS
// webhook receiver on loopback) gives the documented answer and the deviating one.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHmac, randomUUID } from 'node:crypto';
import { webhookSink, type Received } from './helpers/webhook-sink.ts';
import { startReference, type Environment, type ReferenceServer } from '../src/reference/index.ts';
import { BLIND_CATALOGUES, MUTANTS, mutantById } from '../src/reference/mutants.ts';
import { BLIND_2026_12_08_R3 } from '../src/reference/mutants/blind-2026-12-08-r3.ts';
import { SECRET, basic, call, type Answer } from './helpers/blind-client.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

let serial = 0;
const uniqueClient = () => `blind3-${process.pid}-${++serial}`;
const outcome = (a: Answer) => (a.status >= 400 ? { status: a.status, identifier: a.json?.identifier } : { status: a.status });
const token = (url: string, fields: Record<string, unknown>, auth?: string | null) => call(url, '/api/v2/token', { clientId: uniqueClient(), ...fields }, { auth });
const addDummy = (url: string, body: Record<string, unknown>) => call(url, '/api/v2/add-dummy-status', body);
const readStatus = (url: string, scanRef: string) => call(url, '/api/v2/status', { scanRef });
const MANUAL = { manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_ERROR' };
const APPROVE = { manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' };
const STEPS = { ALL: { ALL: { UTILITY_BILL: { type: 'UPLOAD' } } } };
const DATA = { UTILITY_BILL: { ssn: '123-45-6789' } };

const CREATED = { status: 201 };
const OK = { status: 200 };
const BAD = { status: 400, identifier: 'BAD_VALUE' };
const MISSING = { status: 400, identifier: 'MISSING_VALUE' };
const PERMISSIONS = { status: 400, identifier: 'PERMISSIONS_ERROR' };
const UNAUTHORIZED = { status: 401, identifier: 'UNAUTHORIZED' };
const JSON_ERROR = { status: 400, identifier: 'JSON_ERROR' };
const CRASH = { status: 500, identifier: 'INTERNAL_ERROR' };

// --- the webhook receiver ----------------------------------------------------------------------------

const sink = webhookSink();
const { deliveries, arrivals } = sink;

/** Resolves true once `done()` holds, false if it still does not after `ms` (an absence needs a bound). */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const timer = new AbortController();
    const t = setTimeout(() => timer.abort(), left);
    try {
      await once(arrivals, 'delivery', { signal: timer.signal });
    } catch {
      // the bound passed
    } finally {
      clearTimeout(t);
    }
  }
  return true;
}

interface Flow {
  clientId: string;
  scanRef: string;
  received: Received[];
}

/** A dummy token with a callbackUrl, then each manual result; waits (bounded) for 1 + manuals deliveries. */
async function flow(url: string, options: { dummyStatus?: string; manuals?: Record<string, string>[]; clientId?: string; path?: string; expect?: number; waitMs?: number } = {}): Promise<Flow> {
  const clientId = options.clientId ?? `9${String(++serial).padStart(6, '0')}`;
  const manuals = options.manuals ?? [];
  const created = await token(url, { clientId, externalRef: `ref-${serial}`, dummyStatus: options.dummyStatus ?? 'SUSPECTED', callbackUrl: `${sink.base}${options.path ?? `/hook/${serial}`}` });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  for (const m of manuals) assert.equal((await addDummy(url, { scanRef: created.json.scanRef, ...m })).status, 200);
  const mine = () => deliveries.filter((d) => String(d.json?.clientId) === clientId);
  await until(() => mine().length >= (options.expect ?? 1 + manuals.length), options.waitMs ?? 5000);
  return { clientId, scanRef: created.json.scanRef, received: mine() };
}
const isManual = (d: Received) => d.json?.status?.manualFace != null || d.json?.status?.manualDocument != null;
const signedOk = (d: Received | undefined) => d !== undefined && d.signature === createHmac('sha256', SECRET).update(d.raw).digest('hex');

// --- probes ------------------------------------------------------------------------------------------

type Observe = (url: string) => Promise<unknown>;
interface Probe {
  observe: Observe;
  faithful: unknown;
  mutated: unknown;
}
const P = (observe: Observe, faithful: unknown, mutated: unknown): Probe => ({ observe, faithful, mutated });
const tokenOutcome = (fields: Record<string, unknown>, auth?: string | null): Observe => async (url) => outcome(await token(url, fields, auth));
const accepts = (fields: Record<string, unknown>) => P(tokenOutcome(fields), BAD, CREATED);
const refuses = (fields: Record<string, unknown>) => P(tokenOutcome(fields), CREATED, BAD);
const crashes = (fields: Record<string, unknown>) => P(tokenOutcome(fields), CREATED, CRASH);
const admits = (authorization: string) => P(tokenOutcome({}, authorization), UNAUTHORIZED, CREATED);
const field = (fields: Record<string, unknown>, key: string, look: (v: unknown) => unknown = (v) => v): Observe => async (url) => {
  const body = (await token(url, fields)).json;
  return key in body ? look(body[key]) : '<absent>';
};
const echo = (fields: Record<string, unknown>, key: string, faithful: unknown, mutated: unknown) => P(field(fields, key), faithful, mutated);
const dummyScanRef = async (url: string, fields: Record<string, unknown> = {}) => (await token(url, { dummyStatus: 'APPROVED', ...fields })).json.scanRef as string;
const manualOutcome = (body: (scanRef: string) => Record<string, unknown>, faithful: unknown, mutated: unknown) =>
  P(async (url) => outcome(await addDummy(url, body(await dummyScanRef(url)))), faithful, mutated);
const readBack = (dummyStatus: string, manuals: Record<string, string>[], look: (b: any) => unknown, faithful: unknown, mutated: unknown, clientId?: string) =>
  P(
    async (url) => {
      const scanRef = await dummyScanRef(url, { dummyStatus, ...(clientId ? { clientId } : {}) });
      for (const m of manuals) assert.equal((await addDummy(url, { scanRef, ...m })).status, 200);
      return look((await readStatus(url, scanRef)).json);
    },
    faithful,
    mutated,
  );
const raw = (text: string) => async (url: string) => outcome(await call(url, '/api/v2/token', undefined, { raw: text }));
const sameTwice = (key: string, sameClient: boolean) => async (url: string) => {
  const clientId = uniqueClient();
  const a = await token(url, sameClient ? { clientId } : {});
  const b = await token(url, sameClient ? { clientId } : {});
  return a.json[key] === b.json[key];
};
const SUCCESS_URL = 'https://ui.markid.eu/result?status=success';

const PROBES: Record<string, Probe> = {
  // clientId
  'blind3-clientid-slash-refused': refuses({ clientId: 'team/42' }),
  'blind3-clientid-number-coerced': accepts({ clientId: 12345 }),
  'blind3-clientid-echo-trimmed': echo({ clientId: ' abc ' }, 'clientId', ' abc ', 'abc'),
  'blind3-clientid-echo-numeric': echo({ clientId: '12345' }, 'clientId', '12345', 12345),
  'blind3-clientid-duplicate-409': P(
    async (url) => {
      const clientId = uniqueClient();
      await token(url, { clientId });
      return outcome(await token(url, { clientId }));
    },
    CREATED,
    { status: 409, identifier: 'CONFLICT' },
  ),
  'blind3-clientid-null-bad-value': P(tokenOutcome({ clientId: null }), MISSING, BAD),
  // names
  'blind3-firstname-utf16-length': refuses({ firstName: '𠀀'.repeat(60) }),
  'blind3-firstname-arabic-digit': accepts({ firstName: 'Jon٣' }),
  'blind3-lastname-angle-brackets': accepts({ lastName: 'Smith<b>' }),
  'blind3-lastname-apostrophe': refuses({ lastName: "O'Brien" }),
  'blind3-firstname-ampersand': refuses({ firstName: 'Anne & Tom' }),
  'blind3-firstname-ascii-only': refuses({ firstName: 'Иван' }),
  'blind3-lastname-100-refused': refuses({ lastName: 'A'.repeat(100) }),
  'blind3-firstname-echo-ascii-upper': echo({ firstName: 'José' }, 'firstName', 'JOSÉ', 'JOSé'),
  'blind3-lastname-echo-turkish-upper': echo({ lastName: 'Smith' }, 'lastName', 'SMITH', 'SMİTH'),
  'blind3-firstname-echo-collapsed': echo({ firstName: 'John  Tom' }, 'firstName', 'JOHN  TOM', 'JOHN TOM'),
  // URLs
  'blind3-successurl-2048-refused': refuses({ successUrl: `https://example.com/${'a'.repeat(2028)}` }),
  'blind3-callbackurl-no-host': accepts({ callbackUrl: 'https://' }),
  'blind3-successurl-default-idenfy': P(field({}, 'successUrl', (v) => String(v).includes('idenfy')), false, true),
  'blind3-errorurl-default-success': P(field({}, 'errorUrl', (v) => v === SUCCESS_URL), false, true),
  'blind3-unverifiedurl-default-fail': P(field({}, 'unverifiedUrl', (v) => v === 'https://ui.markid.eu/result?status=fail'), false, true),
  'blind3-successurl-echo-trailing-slash': echo({ successUrl: 'https://example.com' }, 'successUrl', 'https://example.com', 'https://example.com/'),
  // locale
  'blind3-locale-region-accepted': accepts({ locale: 'en-GB' }),
  'blind3-locale-cs-refused': refuses({ locale: 'cs' }),
  'blind3-locale-se-accepted': accepts({ locale: 'se' }),
  // expiryTime
  'blind3-expiry-max-refused': refuses({ expiryTime: 2592000 }),
  'blind3-expiry-fraction-truncated': accepts({ expiryTime: 600.5 }),
  'blind3-expiry-default-string': P(field({}, 'expiryTime', (v) => typeof v), 'number', 'string'),
  'blind3-expiry-max-crash': crashes({ expiryTime: 2592000 }),
  'blind3-expiry-echo-string': echo({ expiryTime: 600 }, 'expiryTime', 600, '600'),
  // sessionLength
  'blind3-session-longer-than-expiry': refuses({ expiryTime: 600, sessionLength: 1200 }),
  'blind3-session-default-capped': echo({ expiryTime: 600 }, 'sessionLength', 1800, 600),
  // booleans
  'blind3-showinstructions-int': accepts({ showInstructions: 0 }),
  'blind3-showinstructions-false-lost': echo({ showInstructions: false }, 'showInstructions', false, true),
  'blind3-showinstructions-default-absent': echo({}, 'showInstructions', true, '<absent>'),
  'blind3-digitstring-empty': P(field({}, 'digitString', (v) => v ?? null), null, ''),
  'blind3-digitstring-number': P(field({ generateDigitString: true }, 'digitString', (v) => typeof v), 'string', 'number'),
  'blind3-digitstring-alnum': P(field({ generateDigitString: true }, 'digitString', (v) => /^\d{8}$/.test(String(v))), true, false),
  // country, nationality
  'blind3-nationality-eu-accepted': accepts({ nationality: 'EU' }),
  'blind3-country-lower-refused': refuses({ country: 'de' }),
  'blind3-nationality-alpha3': accepts({ nationality: 'LTU' }),
  'blind3-country-transitional': accepts({ country: 'AN' }),
  'blind3-country-ss-refused': refuses({ country: 'SS' }),
  'blind3-country-echo-upper': echo({ country: 'lt' }, 'country', 'lt', 'LT'),
  'blind3-nationality-default-country': P(field({ country: 'LT' }, 'nationality', (v) => v ?? null), null, 'LT'),
  // documents
  'blind3-documents-other-refused': refuses({ documents: ['PASSPORT', 'OTHER'] }),
  'blind3-documents-diplomatic-refused': refuses({ documents: ['DIPLOMATIC_ID'] }),
  'blind3-documents-lowercase': accepts({ documents: ['passport'] }),
  'blind3-documents-string-wrapped': accepts({ documents: 'PASSPORT' }),
  'blind3-documents-echo-drops-other': echo({ documents: ['PASSPORT', 'OTHER'] }, 'documents', ['PASSPORT', 'OTHER'], ['PASSPORT']),
  'blind3-documents-echo-config': echo({ documents: ['VISA'] }, 'documents', ['VISA'], ['ID_CARD', 'PASSPORT']),
  'blind3-documents-default-empty': P(field({}, 'documents', (v) => Array.isArray(v) && v.length > 0), true, false),
  // dates
  'blind3-doi-2000-feb29-refused': refuses({ dateOfIssue: '2000-02-29' }),
  'blind3-dob-unpadded': accepts({ dateOfBirth: '1990-1-5' }),
  'blind3-doe-datetime': accepts({ dateOfExpiry: '2030-12-31T00:00:00Z' }),
  'blind3-doi-apr31': accepts({ dateOfIssue: '2021-04-31' }),
  'blind3-doe-past-refused': refuses({ dateOfExpiry: '1990-12-20' }),
  'blind3-dob-echo-datetime': echo({ dateOfBirth: '1990-12-20' }, 'dateOfBirth', '1990-12-20', '1990-12-20T00:00:00'),
  'blind3-doe-echo-tz-shift': echo({ dateOfExpiry: '2030-12-31' }, 'dateOfExpiry', '2030-12-31', '2030-12-30'),
  'blind3-dob-pre-epoch-crash': crashes({ dateOfBirth: '1960-05-01' }),
  // other token fields
  'blind3-documentnumber-number': accepts({ documentNumber: 123456 }),
  'blind3-personalnumber-echo-zeros': echo({ personalNumber: '00123' }, 'personalNumber', '00123', '123'),
  'blind3-sex-x-accepted': accepts({ sex: 'X' }),
  'blind3-sex-echo-word': echo({ sex: 'M' }, 'sex', 'M', 'MALE'),
  'blind3-address-echo-oneline': echo({ address: 'Main St 1\nVilnius' }, 'address', 'Main St 1\nVilnius', 'Main St 1, Vilnius'),
  'blind3-externalref-40-refused': refuses({ externalRef: 'r'.repeat(40) }),
  'blind3-externalref-nonascii-crash': crashes({ externalRef: 'ref-ł' }),
  'blind3-externalref-echo-null': echo({ externalRef: 'ref-1' }, 'externalRef', 'ref-1', null),
  'blind3-tokentype-photos-refused': refuses({ tokenType: 'VIDEO_CALL_PHOTOS' }),
  'blind3-questions-nonstring-item': accepts({ videoCallQuestions: [1] }),
  'blind3-questions-echo-blank-dropped': echo({ videoCallQuestions: ['Q1', ''] }, 'videoCallQuestions', ['Q1', ''], ['Q1']),
  'blind3-questions-empty-crash': crashes({ tokenType: 'VIDEO_CALL', videoCallQuestions: [] }),
  'blind3-utilitybill-false-with-steps': refuses({ utilityBill: false, additionalSteps: STEPS }),
  'blind3-steps-null-with-utilitybill': refuses({ utilityBill: true, additionalSteps: null }),
  'blind3-utilitybill-default-zero': echo({}, 'utilityBill', false, 0),
  'blind3-steps-echo-string': P(field({ additionalSteps: STEPS }, 'additionalSteps', (v) => typeof v), 'object', 'string'),
  'blind3-data-echo-null': echo({ additionalSteps: STEPS, additionalData: DATA }, 'additionalData', DATA, null),
  // response identifiers
  'blind3-scanref-idempotent': P(sameTwice('scanRef', true), false, true),
  'blind3-authtoken-cached': P(sameTwice('authToken', false), false, true),
  'blind3-scanref-prefixed': P(field({}, 'scanRef', (v) => String(v).length <= 40), true, false),
  'blind3-token-202': P(tokenOutcome({ dummyStatus: 'APPROVED' }), CREATED, { status: 202 }),
  // dummyStatus
  'blind3-dummystatus-active-refused': refuses({ dummyStatus: 'ACTIVE' }),
  'blind3-dummystatus-empty-ignored': accepts({ dummyStatus: '' }),
  'blind3-testing-dummy-null-refused': P(tokenOutcome({ dummyStatus: null }), CREATED, PERMISSIONS),
  'blind3-testing-plain-refused': P(tokenOutcome({}), CREATED, PERMISSIONS),
  'blind3-testing-active-allowed': P(tokenOutcome({ dummyStatus: 'ACTIVE' }), PERMISSIONS, CREATED),
  'blind3-testing-dummy-stripped': P(tokenOutcome({ dummyStatus: 'APPROVED' }), PERMISSIONS, CREATED),
  'blind3-production-add-dummy-stub': P(async (url) => outcome(await addDummy(url, { scanRef: randomUUID(), ...APPROVE })), PERMISSIONS, OK),
  // add-dummy-status
  'blind3-doc-nationality-error-refused': manualOutcome((s) => ({ scanRef: s, manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_NATIONALITY_ERROR' }), OK, BAD),
  'blind3-doc-face-value-accepted': manualOutcome((s) => ({ scanRef: s, manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'FACE_MATCH' }), BAD, OK),
  'blind3-face-lowercase': manualOutcome((s) => ({ scanRef: s, ...APPROVE, manualFaceMatchResult: 'face_match' }), BAD, OK),
  'blind3-face-missing-default': manualOutcome((s) => ({ scanRef: s, manualDocumentValidity: 'DOC_VALIDATED' }), MISSING, OK),
  'blind3-doc-missing-bad-value': manualOutcome((s) => ({ scanRef: s, manualFaceMatchResult: 'FACE_MATCH' }), MISSING, BAD),
  'blind3-scanref-list-accepted': manualOutcome((s) => ({ scanRef: [s], ...APPROVE }), BAD, OK),
  'blind3-scanref-case-folded': manualOutcome((s) => ({ scanRef: s.toUpperCase(), ...APPROVE }), BAD, OK),
  'blind3-scanref-trimmed': manualOutcome((s) => ({ scanRef: ` ${s}`, ...APPROVE }), BAD, OK),
  'blind3-scanref-unknown-404': manualOutcome(() => ({ scanRef: randomUUID(), ...APPROVE }), BAD, { status: 404, identifier: 'BAD_VALUE' }),
  'blind3-scanref-unknown-identifier': manualOutcome(() => ({ scanRef: randomUUID(), ...APPROVE }), BAD, { status: 400, identifier: 'NOT_FOUND' }),
  'blind3-scanref-number-crash': manualOutcome(() => ({ scanRef: 12345, ...APPROVE }), BAD, CRASH),
  'blind3-outcome-document-only': readBack('APPROVED', [{ manualFaceMatchResult: 'FACE_MISMATCH', manualDocumentValidity: 'DOC_VALIDATED' }], (b) => b.status, 'DENIED', 'APPROVED'),
  'blind3-outcome-keeps-auto': readBack('SUSPECTED', [MANUAL], (b) => b.status, 'DENIED', 'SUSPECTED'),
  'blind3-outcome-first-review-sticks': readBack('SUSPECTED', [APPROVE, MANUAL], (b) => b.status, 'DENIED', 'APPROVED'),
  'blind3-manual-swapped': readBack('SUSPECTED', [MANUAL], (b) => b.manualFace, 'FACE_MATCH', 'DOC_ERROR'),
  // read-back
  'blind3-readback-clientid-int': readBack('APPROVED', [], (b) => typeof b.clientId, 'string', 'number', '4242'),
  // transport, errors, auth
  'blind3-auth-drf-body': P(async (url) => (await token(url, {}, basic('test-key:wrong'))).json?.identifier ?? '<none>', 'UNAUTHORIZED', '<none>'),
  'blind3-json-error-no-message': P(async (url) => typeof (await call(url, '/api/v2/token', undefined, { raw: '{"clientId":' })).json?.message, 'string', 'undefined'),
  'blind3-method-404': P(async (url) => outcome(await call(url, '/api/v2/token', undefined, { method: 'GET' })), { status: 405, identifier: 'METHOD_NOT_ALLOWED' }, { status: 404, identifier: 'NOT_FOUND' }),
  'blind3-auth-missing-value': P(tokenOutcome({}, null), UNAUTHORIZED, { status: 401, identifier: 'MISSING_VALUE' }),
  'blind3-not-object-bad-value': P(raw('[]'), JSON_ERROR, BAD),
  'blind3-json-null-crash': P(raw('null'), JSON_ERROR, CRASH),
  'blind3-auth-lowercase-scheme': P(tokenOutcome({}, `basic ${b64('test-key:test-secret')}`), CREATED, UNAUTHORIZED),
  'blind3-auth-secret-prefix': admits(basic('test-key:test-sec')),
  'blind3-auth-key-casefold': admits(basic('TEST-KEY:test-secret')),
  'blind3-auth-secret-trimmed': admits(basic('test-key:test-secret ')),
  'blind3-auth-bearer': admits(`Bearer ${b64('test-key:test-secret')}`),
  // webhooks
  'blind3-sig-sorted-keys': P(async (url) => signedOk((await flow(url)).received[0]), true, false),
  'blind3-sig-sha256-prefix': P(async (url) => signedOk((await flow(url)).received[0]), true, false),
  'blind3-sig-newline': P(async (url) => signedOk((await flow(url)).received[0]), true, false),
  'blind3-sig-pretty-body': P(async (url) => signedOk((await flow(url)).received[0]), true, false),
  'blind3-sig-global-key': P(async (url) => signedOk((await flow(url)).received[0]), true, false),
  'blind3-wh-expired-denied': P(async (url) => (await flow(url, { dummyStatus: 'EXPIRED' })).received[0]?.json.status.overall, 'EXPIRED', 'DENIED'),
  'blind3-wh-clientid-int': P(async (url) => typeof (await flow(url)).received[0]?.json.clientId, 'string', 'number'),
  'blind3-wh-manual-swapped': P(async (url) => (await flow(url, { manuals: [MANUAL] })).received.find(isManual)?.json.status.manualFace, 'FACE_MATCH', 'DOC_ERROR'),
  'blind3-wh-manual-overall-auto': P(async (url) => (await flow(url, { manuals: [MANUAL] })).received.find(isManual)?.json.status.overall, 'DENIED', 'SUSPECTED'),
  'blind3-wh-second-manual-dropped': P(async (url) => (await flow(url, { manuals: [APPROVE, MANUAL], waitMs: 1500 })).received.length, 3, 2),
  'blind3-wh-active-none': P(async (url) => (await flow(url, { dummyStatus: 'ACTIVE', waitMs: 1500 })).received.length, 1, 0),
  'blind3-wh-origin-only': P(async (url) => (await flow(url, { path: '/hook/origin' })).received[0]?.path, '/hook/origin', '/'),
  'blind3-wh-last-callback': P(
    async (url) => {
      const first = await flow(url, { path: '/hook/first' });
      await flow(url, { path: '/hook/second' });
      assert.equal((await addDummy(url, { scanRef: first.scanRef, ...MANUAL })).status, 200);
      const manual = () => deliveries.find((d) => d.json?.scanRef === first.scanRef && isManual(d));
      await until(() => manual() !== undefined, 5000);
      return manual()?.path;
    },
    '/hook/first',
    '/hook/second',
  ),
  'blind3-wh-auto-twice': P(async (url) => (await flow(url, { expect: 2, waitMs: 1500 })).received.length, 1, 2),
};

// --- the runs ------------------------------------------------------------------------------------

describe('blind mutant catalogue, round 3: every mutant fires', function () {
  this.timeout(30_000);
  const faithful = new Map<Environment, Promise<ReferenceServer>>();
  const faithfulIn = (environment: Environment) => {
    if (!faithful.has(environment)) faithful.set(environment, startReference({ environment }));
    return faithful.get(environment)!;
  };

  before(() => sink.start());
  after(async () => {
    for (const server of faithful.values()) await (await server).close();
    sink.close();
  });

  it('is registered as a blind catalogue, apart from MUTANTS, with unique blind3- ids naming a rule', () => {
    assert.equal(BLIND_CATALOGUES['2026-12-08-r3'], BLIND_2026_12_08_R3);
    const ids = BLIND_2026_12_08_R3.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.length >= 110, `${ids.length} mutants`);
    const inMutants = new Set(MUTANTS.map((m) => m.id));
    for (const m of BLIND_2026_12_08_R3) {
      assert.match(m.id, /^blind3-[a-z0-9-]+$/);
      assert.match(m.rule, /^[A-Z][0-9]+$/);
      assert.ok(!inMutants.has(m.id));
      assert.equal(mutantById(m.id), m);
    }
  });

  it('has a probe for every mutant and no probe without one', () => {
    assert.deepEqual(Object.keys(PROBES).sort(), BLIND_2026_12_08_R3.map((m) => m.id).sort());
  });

  for (const m of BLIND_2026_12_08_R3) {
    it(`${m.id} (${m.rule}${'field' in m && m.field ? `, ${String(m.field)}` : ''}) changes the answer`, async () => {
      const probe = PROBES[m.id];
      assert.ok(probe, 'no probe');
      assert.deepEqual(await probe.observe((await faithfulIn(m.environment)).url), probe.faithful, 'faithful reference');
      const server = await startReference({ environment: m.environment, mutant: m.id });
      try {
        assert.deepEqual(await probe.observe(server.url), probe.mutated, 'with the mutant');
      } finally {
        await server.close();
      }
    });
  }
});
