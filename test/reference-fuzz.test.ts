// R7 on the reference itself: random bytes and random JSON thrown at every endpoint, with valid
// credentials, never produce a 5xx, a non-JSON answer or a hang; refused requests carry the R1
// envelope, and whatever the oracle calls invalid is refused with a 4xx.
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { loadContract, type Contract, type FieldSpec, type Operation } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { closedPort } from './helpers/ports.ts';

const SEED = Number(process.env.IVS_FUZZ_SEED ?? 20_240_611);
/** Bodies in flight at once. */
const BATCH = 50;
/** Per endpoint and per kind (bytes, JSON): BATCH × RUNS bodies. */
const RUNS = 200;
const REQUEST_TIMEOUT_MS = 5_000;
const AUTH = `Basic ${Buffer.from('test-key:test-secret').toString('base64')}`;

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

describe('reference server under fuzzing (R7)', function () {
  // 10,000 requests per test: seconds on an idle machine, minutes on a loaded one (a hang still fails).
  this.timeout(600_000);
  let contract: Contract;
  let server: ReferenceServer;
  let agent: http.Agent;
  const scanRefs: string[] = [];
  let closedCallback: string;

  before(async () => {
    contract = await loadContract('markid');
    // The fuzz sends far more than the default hourly quota; webhooks go to a closed port, once.
    server = await startReference({ rateLimit: { max: Number.MAX_SAFE_INTEGER, windowMs: 3_600_000 }, webhookAttempts: 1, webhookRetryDelayMs: 0 });
    agent = new http.Agent({ keepAlive: true, maxSockets: BATCH });
    closedCallback = `https://127.0.0.1:${await closedPort()}/hook`;
    // Real scanRefs (dummy and plain), so that random add-dummy-status and status bodies sometimes succeed.
    for (const dummyStatus of ['APPROVED', 'DENIED', null]) {
      const answer = await post('/api/v2/token', Buffer.from(JSON.stringify({ clientId: 'fuzz', dummyStatus })));
      scanRefs.push(JSON.parse(answer.text).scanRef);
    }
  });

  after(async () => {
    agent.destroy();
    await server.close();
  });

  function post(path: string, body: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, server.url);
      const req = http.request(url, { method: 'POST', agent, headers: { Authorization: AUTH, 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Every answer: no 5xx, JSON; every refusal: a 4xx with the R1 envelope. */
  function assertWellFormed(answer: Answer, sent: string): any {
    assert.ok(answer.status < 500, `${answer.status} for ${sent}: ${answer.text.slice(0, 200)}`);
    assert.equal(answer.contentType, 'application/json', sent);
    const json = JSON.parse(answer.text);
    if (answer.status >= 400) {
      assert.ok(answer.status < 500);
      assert.equal(typeof json.identifier, 'string', sent);
      assert.equal(typeof json.message, 'string', sent);
    } else {
      assert.ok(answer.status >= 200 && answer.status < 300, `${answer.status} for ${sent}`);
    }
    return json;
  }

  const batchOf = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH });

  for (const operationId of ['createToken', 'addDummyStatus', 'getStatus']) {
    describe(operationId, () => {
      let op: Operation;
      before(() => {
        op = contract.operations[operationId];
      });

      it(`answers ${BATCH * RUNS} random byte bodies with a 2xx or 4xx JSON`, async () => {
        let notJson = 0;
        await fc.assert(
          fc.asyncProperty(batchOf(fc.uint8Array({ maxLength: 300 })), async (bodies) => {
            await Promise.all(
              bodies.map(async (bytes) => {
                const body = Buffer.from(bytes);
                const shown = `bytes ${body.toString('hex').slice(0, 120)}`;
                const answer = await post(op.path, body);
                assertWellFormed(answer, shown);
                // Bytes that are no JSON document can only be refused.
                if (!parsesAsJson(body)) (notJson += 1), assert.ok(answer.status >= 400, `${answer.status} for ${shown}`);
              }),
            );
          }),
          { numRuns: RUNS, seed: SEED },
        );
        assert.ok(notJson > BATCH * RUNS * 0.9, `only ${notJson} of ${BATCH * RUNS} random byte bodies were malformed: the generator is off`);
      });

      it(`answers ${BATCH * RUNS} random JSON values; whatever the oracle refuses gets a 4xx`, async () => {
        const oracle = oracleFor(contract);
        let refused = 0;
        let accepted = 0;
        const json = fc.oneof(fc.jsonValue(), randomRecord(op, { scanRefs, callbackUrl: closedCallback }));
        await fc.assert(
          fc.asyncProperty(batchOf(json), async (values) => {
            await Promise.all(
              values.map(async (value) => {
                const text = JSON.stringify(value);
                const answer = await post(op.path, Buffer.from(text, 'utf8'));
                assertWellFormed(answer, text.slice(0, 300));
                const verdict = oracle.judge(op.operationId, JSON.parse(text));
                if (!verdict.valid) assert.ok(answer.status >= 400, `accepted an invalid body: ${text.slice(0, 300)}`);
                if (verdict.valid && operationId === 'createToken') assert.equal(answer.status, 201, `refused a valid body: ${text.slice(0, 300)} → ${answer.text}`);
                if (answer.status < 300) accepted += 1;
                else refused += 1;
              }),
            );
          }),
          { numRuns: RUNS, seed: SEED },
        );
        // Both paths taken: refusals of what the oracle calls invalid, and the success path.
        assert.ok(refused > 0, 'no random body was refused');
        assert.ok(accepted > 0, 'no random body reached the success path');
      });
    });
  }
});

function parsesAsJson(body: Buffer): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    return true;
  } catch {
    return false;
  }
}

/**
 * A request-shaped object: either any subset of the operation's fields with random values, or its
 * required fields plus up to three others with mostly plausible values (so that the success path
 * and single-violation refusals are exercised, not only "everything is wrong").
 */
function randomRecord(op: Operation, samples: { scanRefs: string[]; callbackUrl: string }): fc.Arbitrary<Record<string, unknown>> {
  const value = (field: FieldSpec) => fc.oneof({ weight: 2, arbitrary: plausibleValue(field, samples) }, { weight: 1, arbitrary: anyValue() });
  const everything = fc.record(Object.fromEntries(op.fields.map((f) => [f.name, value(f)])), { requiredKeys: [] });
  const required = op.fields.filter((f) => f.required);
  const optional = op.fields.filter((f) => !f.required);
  const chooseOptional = optional.length === 0 ? fc.constant([]) : fc.uniqueArray(fc.constantFrom(...optional), { maxLength: 3, selector: (f) => f.name });
  const sparse = chooseOptional.chain((chosen) => fc.record(Object.fromEntries([...required, ...chosen].map((f) => [f.name, value(f)]))));
  return fc.oneof(everything, sparse) as fc.Arbitrary<Record<string, unknown>>;
}

function anyValue(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.integer(), fc.double(), fc.constant(null));
}

/** A value of the field's documented type, usually valid. Callbacks only ever point at a closed loopback port. */
function plausibleValue(field: FieldSpec, samples: { scanRefs: string[]; callbackUrl: string }): fc.Arbitrary<unknown> {
  const s = field.schema;
  if (field.name === 'scanRef') return fc.constantFrom(...samples.scanRefs, 'no-such-scan-ref');
  if (field.name === 'callbackUrl') return fc.constant(samples.callbackUrl);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (s.type === 'integer') return fc.integer({ min: s.minimum ?? s.exclusiveMinimum ?? -1, max: s.maximum ?? s.exclusiveMaximum ?? 1_000_000 });
  if (s.type === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true });
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'array' && Array.isArray(s.items?.enum)) return fc.uniqueArray(fc.constantFrom(...s.items.enum), { minLength: 1, maxLength: 3 });
  if (s.type === 'array') return fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 });
  if (s.type === 'object') return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  if (s.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  return fc.string({ minLength: 1, maxLength: 30 });
}

