// The faithful reference server, driven over real HTTP on 127.0.0.1, with webhooks caught by the
// real HTTPS receiver. Expectations are read from the contract wherever it carries them.
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import { generate } from 'selfsigned';
import { loadContract, REPO_ROOT, type Contract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { startReference, type ReferenceOptions, type ReferenceServer } from '../src/reference/index.ts';
import { startReceiver, type Delivery, type Receiver } from '../src/webhooks/receiver.ts';
import { signBody, verifySignature } from '../src/webhooks/signature.ts';
import { closedPort } from './helpers/ports.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN = '/api/v2/token';
const DUMMY = '/api/v2/add-dummy-status';
const STATUS = '/api/v2/status';
const REFUSAL_MESSAGE = 'This endpoint is not available for TESTING/PRODUCTION partners.';

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
const AUTH = basic('test-key', 'test-secret');
const OTHER_AUTH = basic('other-key', 'other-secret');

interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  json: any;
}

/** POSTs (or `method`s) a body: objects are sent as JSON, strings and Buffers as given. */
async function call(server: ReferenceServer, path: string, body: unknown, options: { auth?: string | null; method?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = options.auth === undefined ? AUTH : options.auth;
  if (auth !== null) headers.Authorization = auth;
  const method = options.method ?? 'POST';
  const payload = body === undefined || method === 'GET' ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(server.url + path, { method, headers, body: payload, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, json };
}

// The seeds' own examples (fixtures/): 003's full request (callbackUrl left out: it needs a
// permission and points elsewhere), 000's Mark ID dummy request.
const fixture = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', name), 'utf8'));
const { callbackUrl: _ignored, ...SEED_FULL_REQUEST } = fixture('003-markid-create-verification-session.token-request.all-fields.json');
const SEED_DUMMY_REQUEST = fixture('000-markid-dummy-session.dummy-token-request.json');

describe('reference server (faithful)', function () {
  this.timeout(30_000);
  let contract: Contract;
  let server: ReferenceServer;
  let receiver: Receiver;
  const started: ReferenceServer[] = [];

  async function start(options: ReferenceOptions = {}): Promise<ReferenceServer> {
    const s = await startReference(options);
    started.push(s);
    return s;
  }

  function assertError(answer: Answer, identifier: string): void {
    assert.equal(answer.status, contract.errors[identifier].statuses[0], `status of ${identifier}: ${JSON.stringify(answer.json)}`);
    assert.equal(answer.contentType, 'application/json');
    assert.equal(answer.json?.identifier, identifier, JSON.stringify(answer.json));
    assert.equal(typeof answer.json.message, 'string');
    assert.deepEqual(oracleFor(contract).validate(contract.schemas.Error, answer.json), []);
  }

  before(async () => {
    contract = await loadContract('markid');
    receiver = await startReceiver({ signingKey: 'test-secret', contract });
    server = await start();
  });

  after(async () => {
    await Promise.all(started.map((s) => s.close()));
    await receiver.close();
  });

  describe('token creation', () => {
    it('answers a minimal {clientId} with 201 and every default of the contract', async () => {
      const answer = await call(server, TOKEN, { clientId: '100000' });
      assert.equal(answer.status, 201);
      assert.equal(answer.contentType, 'application/json');
      // The Default column of the documents' token table, copied by hand: the reference and the
      // contract both derive defaults from the contract, so the contract alone would prove nothing.
      const DOCUMENTED = { locale: 'en', showInstructions: true, expiryTime: 86400, sessionLength: 1800, tokenType: 'IDENTIFICATION', successUrl: 'https://ui.markid.eu/result?status=success' };
      for (const [name, value] of Object.entries(DOCUMENTED)) assert.deepEqual(answer.json[name], value, `documented default of ${name}`);
      const op = contract.operations.createToken;
      const defaulted = op.fields.filter((f) => f.echo && f.default);
      assert.ok(defaulted.length >= Object.keys(DOCUMENTED).length, `only ${defaulted.length} defaults in the contract`);
      for (const field of defaulted) {
        assert.deepEqual(answer.json[field.name], field.default!.value, `default of ${field.name}`);
      }
      assert.equal(answer.json.clientId, '100000');
      assert.equal(answer.json.message, 'Token created successfully');
      assert.match(answer.json.authToken, /^[A-Za-z0-9]{40}$/);
      assert.match(answer.json.scanRef, /^[0-9a-f-]{36}$/);
      assert.equal(answer.json.digitString, null);
      assert.equal(answer.json.personScanRef, '100000');
      assert.deepEqual(answer.json.allowedDocuments, { ALL: answer.json.documents });
      assert.deepEqual(oracleFor(contract).validate(op.responseSchema!, answer.json), []);
    });

    it('issues a new authToken and scanRef on every call (T20)', async () => {
      const [a, b] = await Promise.all([call(server, TOKEN, { clientId: 'x' }), call(server, TOKEN, { clientId: 'x' })]);
      assert.notEqual(a.json.authToken, b.json.authToken);
      assert.notEqual(a.json.scanRef, b.json.scanRef);
    });

    it('echoes the seed full example, names upper-cased (T3)', async () => {
      const answer = await call(server, TOKEN, SEED_FULL_REQUEST);
      assert.equal(answer.status, 201);
      for (const [key, value] of Object.entries(SEED_FULL_REQUEST)) {
        if (key === 'firstName' || key === 'lastName' || value === null) continue;
        assert.deepEqual(answer.json[key], value, `echo of ${key}`);
      }
      assert.equal(answer.json.firstName, 'JOHN TOM');
      assert.equal(answer.json.lastName, 'SMITH');
      // R9: additionalSteps/additionalData sent as null get their defaults (null).
      assert.equal(answer.json.additionalSteps, null);
      assert.equal(answer.json.additionalData, null);
    });

    it('answers the seed dummy example with the dummy message of the contract', async () => {
      const answer = await call(server, TOKEN, SEED_DUMMY_REQUEST);
      assert.equal(answer.status, 201);
      assert.equal(answer.json.message, contract.operations.createToken.dummy!.message);
      assert.deepEqual(answer.json.documents, ['PASSPORT', 'OTHER']);
      assert.equal(answer.json.firstName, 'JOHN TOM');
      assert.equal(server.verifications('test-key').find((v) => v.scanRef === answer.json.scanRef)?.overall, 'APPROVED');
    });

    it('applies the default to an optional field sent as null (R9)', async () => {
      const answer = await call(server, TOKEN, { clientId: 'x', locale: null, expiryTime: null, documents: null, dummyStatus: null });
      assert.equal(answer.status, 201);
      assert.equal(answer.json.locale, 'en');
      assert.equal(answer.json.expiryTime, 86400);
      assert.deepEqual(answer.json.documents, ['ID_CARD', 'PASSPORT']);
      assert.equal(answer.json.message, 'Token created successfully'); // dummyStatus null is no dummy call (T21)
    });

    it('generates an 8-digit digitString only when asked (T17)', async () => {
      const answer = await call(server, TOKEN, { clientId: 'x', generateDigitString: true });
      assert.match(answer.json.digitString, /^[0-9]{8}$/);
      assert.equal('generateDigitString' in answer.json, false);
    });

    it('accepts letters of any script and the allowed punctuation in names (T2)', async () => {
      const answer = await call(server, TOKEN, { clientId: 'x', firstName: "Žemaitė O'Neil-Smith & Co.", lastName: 'Иванов' });
      assert.equal(answer.status, 201, JSON.stringify(answer.json));
      assert.equal(answer.json.firstName, "ŽEMAITĖ O'NEIL-SMITH & CO.");
      assert.equal(answer.json.lastName, 'ИВАНОВ');
    });
  });

  describe('errors (R1, R2, R3)', () => {
    const cases: [string, string, unknown][] = [
      ['MISSING_VALUE', 'clientId absent', {}],
      ['MISSING_VALUE', 'clientId null', { clientId: null }],
      ['BAD_VALUE', 'a digit in firstName', { clientId: 'x', firstName: 'J0hn' }],
      ['BAD_VALUE', 'an Arabic-Indic digit in lastName', { clientId: 'x', lastName: 'Sm٣th' }],
      ['BAD_VALUE', 'sessionLength 60', { clientId: 'x', sessionLength: 60 }],
      ['BAD_VALUE', 'expiryTime "600"', { clientId: 'x', expiryTime: '600' }],
      ['BAD_VALUE', 'an impossible date', { clientId: 'x', dateOfBirth: '2021-02-30' }],
      ['BAD_VALUE', 'an empty documents list', { clientId: 'x', documents: [] }],
      ['BAD_VALUE', 'locale EN', { clientId: 'x', locale: 'EN' }],
      ['BAD_VALUE', 'an http:// callbackUrl', { clientId: 'x', callbackUrl: 'http://example.com/hook' }],
      ['BAD_VALUE', 'additionalData without additionalSteps', { clientId: 'x', additionalData: { UTILITY_BILL: { ssn: '1' } } }],
      ['JSON_ERROR', 'malformed JSON', '{"clientId":'],
      ['JSON_ERROR', 'a JSON array', '[]'],
      ['JSON_ERROR', 'an empty body', ''],
      ['ENCODING_ERROR', 'bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
    ];
    for (const [identifier, what, body] of cases) {
      it(`${identifier} for ${what}`, async () => assertError(await call(server, TOKEN, body), identifier));
    }

    it('BAD_VALUE (never a crash) for a body over 1 MiB', async () => {
      const answer = await call(server, TOKEN, JSON.stringify({ clientId: 'x', address: 'a'.repeat(1024 * 1024) }));
      assertError(answer, contract.violations.default);
    });

    const authCases: [string, string | null][] = [
      ['no Authorization', null],
      ['a wrong secret', basic('test-key', 'wrong')],
      ["another key's secret", basic('test-key', 'other-secret')],
      ['an unknown key', basic('nobody', 'test-secret')],
      ['a Bearer token', 'Bearer test-secret'],
      ['malformed base64', 'Basic dGVzdC1rZXk6dGVzdC1zZWNyZXQ'],
      ['no colon', `Basic ${Buffer.from('test-key').toString('base64')}`],
    ];
    for (const [what, auth] of authCases) {
      it(`UNAUTHORIZED for ${what}, without echoing the secret`, async () => {
        const answer = await call(server, TOKEN, { clientId: 'x' }, { auth });
        assertError(answer, 'UNAUTHORIZED');
        assert.equal(JSON.stringify(answer.json).includes('secret'), false);
      });
    }

    it('METHOD_NOT_ALLOWED for GET on a documented path', async () => {
      const answer = await call(server, TOKEN, undefined, { method: 'GET' });
      assertError(answer, 'METHOD_NOT_ALLOWED');
      assert.equal(answer.headers.get('allow'), 'POST');
    });

    it('404 NOT_FOUND for an unknown path', async () => {
      const answer = await call(server, '/api/v2/nothing', { clientId: 'x' });
      assert.equal(answer.status, 404);
      assert.equal(answer.json.identifier, 'NOT_FOUND');
    });

    it('TOO_MANY_REQUESTS past the rate limit of a key, other keys unaffected', async () => {
      const limited = await start({ rateLimit: { max: 2, windowMs: 60_000 } });
      assert.equal((await call(limited, TOKEN, { clientId: 'x' })).status, 201);
      assert.equal((await call(limited, TOKEN, { clientId: 'x' })).status, 201);
      assertError(await call(limited, TOKEN, { clientId: 'x' }), 'TOO_MANY_REQUESTS');
      assert.equal((await call(limited, TOKEN, { clientId: 'x' }, { auth: OTHER_AUTH })).status, 201);
    });
  });

  describe('environments (T21, D4)', () => {
    for (const environment of ['testing', 'production'] as const) {
      it(`${environment}: dummy calls are refused with PERMISSIONS_ERROR, plain tokens are created`, async () => {
        const s = await start({ environment });
        assert.equal(s.environment, environment);
        const dummy = await call(s, TOKEN, { clientId: 'x', dummyStatus: 'APPROVED' });
        assertError(dummy, 'PERMISSIONS_ERROR');
        assert.equal(dummy.json.message, REFUSAL_MESSAGE);
        assertError(await call(s, DUMMY, { scanRef: 'x', manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' }), 'PERMISSIONS_ERROR');
        assert.equal((await call(s, TOKEN, { clientId: 'x' })).status, 201);
        assert.equal((await call(s, TOKEN, { clientId: 'x', dummyStatus: null })).status, 201);
      });
    }
  });

  describe('dummy sessions and webhooks (W1–W6, D1, D3)', () => {
    async function dummyToken(dummyStatus: string, extra: Record<string, unknown> = {}): Promise<any> {
      const answer = await call(server, TOKEN, { clientId: 'client-7', externalRef: 'ext-7', dummyStatus, callbackUrl: `${receiver.url}/hook`, ...extra });
      assert.equal(answer.status, 201, JSON.stringify(answer.json));
      return answer.json;
    }

    function assertGoodDelivery(delivery: Delivery): any {
      assert.equal(delivery.signatureValid, true);
      assert.deepEqual(delivery.schemaErrors, []);
      const header = delivery.headers[contract.webhook.signatureHeader.toLowerCase()] as string;
      assert.match(header, /^[0-9a-f]{64}$/);
      assert.equal(header, signBody(delivery.raw, 'test-secret'));
      assert.equal(verifySignature(delivery.raw, header, 'test-secret'), true);
      assert.equal(delivery.headers['content-type'], 'application/json');
      return delivery.json;
    }

    async function addDummyStatus(scanRef: string, face: string, document: string, auth = AUTH): Promise<Answer> {
      return call(server, DUMMY, { scanRef, manualFaceMatchResult: face, manualDocumentValidity: document }, { auth });
    }

    it('sends a signed auto webhook, then a manual one with the D3 outcome (passing pair)', async () => {
      const token = await dummyToken('APPROVED');
      const [auto] = await receiver.waitFor(token.scanRef, 1, 10_000);
      assert.ok(auto, 'auto webhook arrived');
      const autoPayload = assertGoodDelivery(auto);
      assert.equal(autoPayload.final, false);
      assert.equal(autoPayload.status.overall, 'APPROVED'); // W3
      assert.equal(autoPayload.status.autoFace, 'FACE_MATCH');
      assert.equal(autoPayload.status.autoDocument, 'DOC_VALIDATED');
      assert.equal(autoPayload.status.manualFace, null);
      assert.equal(autoPayload.scanRef, token.scanRef);
      assert.equal(autoPayload.clientId, 'client-7');
      assert.equal(autoPayload.externalRef, 'ext-7');
      assert.ok(Object.values(autoPayload.data).every((v) => v === null)); // W6
      assert.ok(Object.values(autoPayload.fileUrls).every((v) => v === null));

      const added = await addDummyStatus(token.scanRef, 'FACE_MATCH', 'DOC_VALIDATED');
      assert.equal(added.status, 200);
      assert.deepEqual(added.json, {});
      const deliveries = await receiver.waitFor(token.scanRef, 2, 10_000);
      assert.equal(deliveries.length, 2);
      const manual = assertGoodDelivery(deliveries[1]);
      assert.equal(manual.final, true); // W4
      assert.equal(manual.status.manualFace, 'FACE_MATCH');
      assert.equal(manual.status.manualDocument, 'DOC_VALIDATED');
      assert.equal(manual.status.overall, 'APPROVED');

      const status = await call(server, STATUS, { scanRef: token.scanRef });
      assert.equal(status.status, 200);
      assert.deepEqual(oracleFor(contract).validate(contract.operations.getStatus.responseSchema!, status.json), []);
      assert.deepEqual(
        { status: status.json.status, scanRef: status.json.scanRef, clientId: status.json.clientId, manualFace: status.json.manualFace, manualDocument: status.json.manualDocument },
        { status: 'APPROVED', scanRef: token.scanRef, clientId: 'client-7', manualFace: 'FACE_MATCH', manualDocument: 'DOC_VALIDATED' },
      );
    });

    it('D3: a failing pair (FACE_MATCH + DOC_ERROR) makes an APPROVED dummy DENIED', async () => {
      const token = await dummyToken('APPROVED');
      await receiver.waitFor(token.scanRef, 1, 10_000);
      assert.equal((await addDummyStatus(token.scanRef, 'FACE_MATCH', 'DOC_ERROR')).status, 200);
      const deliveries = await receiver.waitFor(token.scanRef, 2, 10_000);
      const manual = assertGoodDelivery(deliveries[1]);
      assert.equal(manual.status.overall, 'DENIED');
      assert.equal(manual.status.manualDocument, 'DOC_ERROR');
      assert.equal((await call(server, STATUS, { scanRef: token.scanRef })).json.status, 'DENIED');
    });

    for (const dummyStatus of ['DENIED', 'SUSPECTED', 'EXPIRED', 'ACTIVE']) {
      it(`W3: the auto webhook of a ${dummyStatus} dummy says ${dummyStatus}`, async () => {
        const token = await dummyToken(dummyStatus);
        const [auto] = await receiver.waitFor(token.scanRef, 1, 10_000);
        assert.equal(assertGoodDelivery(auto).status.overall, dummyStatus);
      });
    }

    it('signs with the configured signing key instead of the API secret (W2)', async () => {
      const hookReceiver = await startReceiver({ signingKey: 'hook-key', contract });
      try {
        const s = await start({ signingKey: 'hook-key' });
        const answer = await call(s, TOKEN, { clientId: 'x', dummyStatus: 'DENIED', callbackUrl: `${hookReceiver.url}/hook` });
        const [delivery] = await hookReceiver.waitFor(answer.json.scanRef, 1, 10_000);
        assert.equal(delivery.signatureValid, true);
      } finally {
        await hookReceiver.close();
      }
    });

    it("D1: another key cannot add a status to this key's verification, nor read it", async () => {
      const token = await dummyToken('APPROVED');
      assertError(await addDummyStatus(token.scanRef, 'FACE_MATCH', 'DOC_VALIDATED', OTHER_AUTH), 'BAD_VALUE');
      assertError(await call(server, STATUS, { scanRef: token.scanRef }, { auth: OTHER_AUTH }), 'BAD_VALUE');
      assert.equal(server.verifications('other-key').some((v) => v.scanRef === token.scanRef), false);
    });

    it('D1: add-dummy-status refuses an unknown scanRef and a non-dummy verification with BAD_VALUE', async () => {
      assertError(await addDummyStatus('no-such-scan-ref', 'FACE_MATCH', 'DOC_VALIDATED'), 'BAD_VALUE');
      const plain = await call(server, TOKEN, { clientId: 'x' });
      assertError(await addDummyStatus(plain.json.scanRef, 'FACE_MATCH', 'DOC_VALIDATED'), 'BAD_VALUE');
      assert.equal((await call(server, STATUS, { scanRef: plain.json.scanRef })).json.status, 'ACTIVE');
    });

    it('D2: refuses a manual status off the list, and a missing one', async () => {
      const token = await dummyToken('APPROVED');
      assertError(await addDummyStatus(token.scanRef, 'FACE_MAYBE', 'DOC_VALIDATED'), 'BAD_VALUE');
      assertError(await call(server, DUMMY, { scanRef: token.scanRef, manualFaceMatchResult: 'FACE_MATCH' }), 'MISSING_VALUE');
    });

    it('retries a non-200 answer after webhookRetryDelayMs, then counts the delivery as sent', async () => {
      const flaky = await flakyHttpsReceiver(2); // answers 503 twice, then 200
      try {
        const s = await start({ webhookAttempts: 3, webhookRetryDelayMs: 50 });
        await call(s, TOKEN, { clientId: 'x', dummyStatus: 'APPROVED', callbackUrl: `https://localhost:${flaky.port}/hook` });
        for (let i = 0; i < 100 && s.webhooksSent === 0; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(s.webhooksSent, 1);
        assert.equal(flaky.arrivals.length, 3);
        assert.ok(flaky.arrivals[2] - flaky.arrivals[1] >= 45, 'waited between attempts');
      } finally {
        flaky.close();
      }
    });

    it('counts a delivery that fails every attempt, and never throws', async () => {
      const port = await closedPort();
      const s = await start({ webhookAttempts: 2, webhookRetryDelayMs: 10 });
      await call(s, TOKEN, { clientId: 'x', dummyStatus: 'APPROVED', callbackUrl: `https://127.0.0.1:${port}/hook` });
      for (let i = 0; i < 100 && s.webhooksFailed === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(s.webhooksFailed, 1);
      assert.equal(s.webhooksSent, 0);
    });
  });

  describe('receiver', () => {
    it('records a forged delivery (bad signature) with signatureValid false, and still answers 200', async () => {
      const body = Buffer.from(JSON.stringify({ final: true, status: { overall: 'APPROVED' }, scanRef: 'forged-1', clientId: 'x' }));
      const status = await postInsecure(`${receiver.url}/hook`, body, { 'Idenfy-Signature': signBody(body, 'not-the-key') });
      assert.equal(status, 200);
      const [delivery] = await receiver.waitFor('forged-1', 1, 2_000);
      assert.equal(delivery.signatureValid, false);
      assert.deepEqual(delivery.schemaErrors, []);
      // A delivery that does not verify is kept as a bounded summary (issue 16), its small body kept as evidence (issue 19).
      assert.deepEqual(delivery.raw, body);
    });

    it('records an unsigned, schema-breaking delivery as such', async () => {
      const body = Buffer.from(JSON.stringify({ scanRef: 'forged-2', final: 'yes' }));
      assert.equal(await postInsecure(`${receiver.url}/hook`, body, {}), 200);
      const [delivery] = await receiver.waitFor('forged-2', 1, 2_000);
      assert.equal(delivery.signatureValid, false);
      assert.ok(delivery.schemaErrors.length > 0);
    });

    it('waitFor resolves with what arrived when the timeout passes', async () => {
      // Nothing for this scanRef: the timeout ends the wait (mocha's own timeout would catch a hang;
      // no wall-clock bound here, which a loaded machine would break).
      const started = performance.now();
      assert.deepEqual(await receiver.waitFor('never', 1, 100), []);
      assert.ok(performance.now() - started >= 90, 'resolved before its timeout');
      // One delivery arrives, two are awaited: the timeout resolves with the one that came.
      const body = Buffer.from(JSON.stringify({ scanRef: 'once', final: 'yes' }));
      const waiting = receiver.waitFor('once', 2, 2_000);
      assert.equal(await postInsecure(`${receiver.url}/hook`, body, {}), 200);
      const arrived = await waiting;
      assert.equal(arrived.length, 1);
      assert.equal(arrived[0].signatureValid, false);
    });
  });
});

/** An HTTPS server on loopback that answers 503 `failures` times, then 200; records arrival times. */
async function flakyHttpsReceiver(failures: number): Promise<{ port: number; arrivals: number[]; close(): void }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
  const arrivals: number[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      res.writeHead(arrivals.length > failures ? 200 : 503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    arrivals,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}


/** POSTs to the local receiver, whose certificate is self-signed (W5: loopback only). */
function postInsecure(url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
