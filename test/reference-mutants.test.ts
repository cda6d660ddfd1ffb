// The mutant catalogue: well-formed, complete, every mutant startable, and the hooks really bend
// the server (one observed deviation per category).
import assert from 'node:assert/strict';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { CATEGORIES } from '../src/findings/model.ts';
import { MUTANTS, mutantById, startReference, type Environment, type ReferenceServer } from '../src/reference/index.ts';
import { startReceiver } from '../src/webhooks/receiver.ts';

const ENVIRONMENTS: Environment[] = ['development', 'testing', 'production'];
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

async function post(server: ReferenceServer, path: string, body: unknown, auth = basic('test-key', 'test-secret')) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), json: JSON.parse(text) };
}

describe('mutant catalogue', function () {
  this.timeout(30_000);
  let contract: Contract;

  before(async () => {
    contract = await loadContract('markid');
  });

  it('has at least 45 mutants with unique kebab-case ids', () => {
    assert.ok(MUTANTS.length >= 45, `${MUTANTS.length} mutants`);
    const ids = MUTANTS.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const id of ids) assert.equal(mutantById(id)?.id, id);
    assert.equal(mutantById('no-such-mutant'), undefined);
  });

  it('gives every mutant a valid category, environment, ruling, description and at least one hook', () => {
    for (const m of MUTANTS) {
      assert.ok((CATEGORIES as readonly string[]).includes(m.category), `${m.id}: category ${m.category}`);
      assert.ok(ENVIRONMENTS.includes(m.environment), `${m.id}: environment ${m.environment}`);
      assert.ok(m.rule in contract.rulings, `${m.id}: rule ${m.rule} is a ruling of the contract`);
      assert.ok(m.description.length > 10, `${m.id}: description`);
      assert.ok(Object.keys(m.hooks).length > 0, `${m.id}: hooks`);
    }
  });

  it('covers all 9 categories, several mutants each', () => {
    for (const category of CATEGORIES) {
      const count = MUTANTS.filter((m) => m.category === category).length;
      assert.ok(count >= 3, `${category}: ${count} mutants`);
    }
  });

  it('starts (and stops) the server with every mutant, in its environment', async () => {
    for (const m of MUTANTS) {
      const server = await startReference({ mutant: m.id, environment: m.environment });
      assert.equal(server.environment, m.environment);
      await server.close();
    }
  });

  it('refuses to start with an unknown mutant', async () => {
    await assert.rejects(startReference({ mutant: 'no-such-mutant' }), /unknown mutant/);
  });

  describe('hooks bend the server (one deviation per category)', () => {
    const withMutant = async (id: string, probe: (server: ReferenceServer) => Promise<void>) => {
      const server = await startReference({ mutant: id, environment: mutantById(id)!.environment });
      try {
        await probe(server);
      } finally {
        await server.close();
      }
    };

    it('validation: documents-empty-accepted creates a token with documents []', () =>
      withMutant('documents-empty-accepted', async (s) => {
        assert.equal((await post(s, '/api/v2/token', { clientId: 'x', documents: [] })).status, 201);
      }));

    it("defaults: default-locale-lt answers an omitted locale with 'lt'", () =>
      withMutant('default-locale-lt', async (s) => {
        assert.equal((await post(s, '/api/v2/token', { clientId: 'x' })).json.locale, 'lt');
      }));

    it('error-identifier: malformed-json-bad-value answers malformed JSON with BAD_VALUE', () =>
      withMutant('malformed-json-bad-value', async (s) => {
        assert.equal((await post(s, '/api/v2/token', '{')).json.identifier, 'BAD_VALUE');
      }));

    it('status-code: bad-value-422 answers BAD_VALUE with 422', () =>
      withMutant('bad-value-422', async (s) => {
        const answer = await post(s, '/api/v2/token', { clientId: 'x', firstName: 'J0hn' });
        assert.deepEqual([answer.status, answer.json.identifier], [422, 'BAD_VALUE']);
      }));

    it('response-schema: error-text-plain labels errors text/plain', () =>
      withMutant('error-text-plain', async (s) => {
        assert.equal((await post(s, '/api/v2/token', {})).contentType, 'text/plain');
      }));

    it('auth: auth-wrong-secret-accepted lets a wrong secret in', () =>
      withMutant('auth-wrong-secret-accepted', async (s) => {
        assert.equal((await post(s, '/api/v2/token', { clientId: 'x' }, basic('test-key', 'wrong'))).status, 201);
      }));

    it('environment: dummy-token-in-production creates a dummy token in production', () =>
      withMutant('dummy-token-in-production', async (s) => {
        assert.equal(s.environment, 'production');
        assert.equal((await post(s, '/api/v2/token', { clientId: 'x', dummyStatus: 'APPROVED' })).status, 201);
      }));

    it('webhook: webhook-unsigned sends the auto webhook without a signature', async () => {
      const receiver = await startReceiver({ signingKey: 'test-secret', contract });
      try {
        await withMutant('webhook-unsigned', async (s) => {
          const token = await post(s, '/api/v2/token', { clientId: 'x', dummyStatus: 'APPROVED', callbackUrl: `${receiver.url}/hook` });
          const [delivery] = await receiver.waitFor(token.json.scanRef, 1, 10_000);
          assert.equal(delivery.headers['idenfy-signature'], undefined);
          assert.equal(delivery.signatureValid, false);
        });
      } finally {
        await receiver.close();
      }
    });

    it('server-error: crash-json-array-body answers a JSON array with 500 INTERNAL_ERROR', () =>
      withMutant('crash-json-array-body', async (s) => {
        const answer = await post(s, '/api/v2/token', '[]');
        assert.deepEqual([answer.status, answer.json.identifier], [500, 'INTERNAL_ERROR']);
      }));
  });
});
