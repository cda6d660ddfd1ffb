// Issue 19 (trust in every verdict) and issue 24 item 5, over real HTTP on 127.0.0.1: no false pass
// on a read-back that is refused, no false alarm on a path that is not implemented, on a set echoed
// in another order or on an add-dummy-status success without JSON; a streak of 5xx to one kind of
// input is a deviation (R7), while a target failing everything, or answering over the other scheme,
// is named as the setup mistake it is.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { runConformance } from '../src/reference/embedded.ts';
import { startReference } from '../src/reference/index.ts';
import { loadContract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { appliesDefaults, echoesSentFields } from '../src/checks/index.ts';
import type { Answer } from '../src/checks/types.ts';
import type { Report } from '../src/findings/model.ts';
import { removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';

const contract = await loadContract('markid');
const KEY = 'trust-key';
const SECRET = 'trust-secret';

function run(options: { mutant?: string; alternates?: string[]; grep?: RegExp }): Promise<Report> {
  return runConformance({
    environment: 'development', profile: 'markid', seed: 7, runs: 3, rate: 0, concurrency: 16, timeoutMs: 10_000,
    allowProductionWrites: false, webhookTimeoutMs: 3_000, harness: 'direct', ...options,
  });
}

const describeDeviations = (report: Report) => report.deviations.map((d) => `${d.rule} ${d.field ?? ''} ${d.check}: ${d.actual}`).join('\n');

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; count: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    handler!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, count: () => requests };
}

describe('trust in every verdict (issue 19)', function () {
  this.timeout(180_000);
  after(() => removeTemps());

  describe('item 1: the status read-back', () => {
    it('a read-back refused with 400 for every valid read is an F1 deviation, not CONFORMANT (mutant status-read-refused)', async () => {
      const report = await run({ mutant: 'status-read-refused', grep: /^dummy-sessions$/ });
      assert.equal(report.verdict, 'deviations', describeDeviations(report));
      assert.ok(report.deviations.some((d) => d.rule === 'F1' && d.check === 'accepts-valid' && /400/.test(d.actual)), describeDeviations(report));
    });

    it('no /api/v2/status at all (404 to every method): "not implemented", no check on that path fails (alternate status-not-implemented)', async () => {
      const report = await run({ alternates: ['status-not-implemented'], grep: /^(protocol|dummy-sessions)$/ });
      assert.deepEqual(report.deviations, [], describeDeviations(report));
      const onStatus = report.inconclusive.filter((i) => /getStatus|read back/.test(i.check));
      assert.ok(onStatus.length > 0);
      for (const i of onStatus) assert.match(i.reason, /^not implemented: /, i.check);
      assert.ok(report.inconclusive.some((i) => /getStatus › HEAD/.test(i.check)), 'the HEAD case on the path is not judged either');
    });
  });

  describe('item 3: amended T3, a list of unique items is a set', () => {
    it('documents sent [PASSPORT, ID_CARD] and echoed [ID_CARD, PASSPORT] by a real server: no finding; a dropped item still is one', async () => {
      const reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }], alternates: ['documents-echo-reordered'] });
      try {
        const body = { clientId: 'trust-1', documents: ['PASSPORT', 'ID_CARD'] };
        const response = await fetch(`${reference.url}/api/v2/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await response.json()) as Record<string, unknown>;
        assert.deepEqual(json.documents, ['ID_CARD', 'PASSPORT'], 'the alternate echoes the set in another order');
        const answer: Answer = { status: response.status, headers: Object.fromEntries(response.headers), text: JSON.stringify(json), json };
        const input = { contract, oracle: oracleFor(contract), op: contract.operations.createToken, body, expectation: { kind: 'accept' as const, rule: 'T1' }, issued: { authTokens: new Set<string>(), scanRefs: new Set<string>() } };
        assert.deepEqual(echoesSentFields({ ...input, answer }), []);
        assert.deepEqual(appliesDefaults({ ...input, answer }), []);
        const dropped = { ...answer, json: { ...json, documents: ['ID_CARD', 'ID_CARD'] } };
        assert.deepEqual(echoesSentFields({ ...input, answer: dropped }).map((f) => `${f.rule} ${f.field}`), ['T3 documents']);
      } finally {
        await reference.close();
      }
    });
  });

  describe('item 4: add-dummy-status success without JSON (seed 000: "HTTP 200")', () => {
    for (const alternate of ['add-dummy-status-empty-body', 'add-dummy-status-text-body']) {
      it(`${alternate}: judged and conformant, never stopped as "not the API"`, async () => {
        const report = await run({ alternates: [alternate], grep: /^(dummy-sessions|webhooks)$/ });
        assert.deepEqual(report.deviations, [], describeDeviations(report));
        assert.equal(report.verdict, 'conformant');
      });
    }
  });

  describe('issue 24 item 5: the setup watch never swallows a deviation', () => {
    it('every add-dummy-status answering 500 with an HTML page: R7 deviations, not "not the API" (mutant add-dummy-status-crashes)', async () => {
      const report = await run({ mutant: 'add-dummy-status-crashes', grep: /^(dummy-sessions|webhooks)$/ });
      assert.ok(report.deviations.some((d) => d.rule === 'R7' && d.check === 'no-server-error'), describeDeviations(report));
    });
  });

  describe('item 6: setup mistakes named as setup mistakes', () => {
    async function cli(target: string): Promise<{ code: number | null; line: string }> {
      const cwd = tempDir('ivs-trust-');
      const result = await runCliInProcess(['run', '--target', target, '--environment', 'development', '--report-dir', `${cwd}/out`, '--no-progress'], {
        cwd,
        env: { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET },
      });
      const lines = result.stderr.split('\n').filter((l) => l.trim() && !/^ivs-conformance \S+ · profile/.test(l));
      assert.equal(lines.length, 1, show(result));
      return { code: result.code, line: lines[0] };
    }

    for (const [label, status, type, text] of [
      ['500 with the API\'s JSON envelope', 500, 'application/json', '{"identifier":"INTERNAL_ERROR","message":"Internal server error."}'],
      ['503 with an HTML page', 503, 'text/html', '<html><body>Service Unavailable</body></html>'],
    ] as const) {
      it(`a target answering ${label} to everything: one setup line within 50 requests, exit 3`, async () => {
        const down = await listen((req, res) => {
          req.resume();
          res.writeHead(status, { 'content-type': type }).end(text);
        });
        try {
          const { code, line } = await cli(down.url);
          assert.equal(code, 3, line);
          assert.match(line, /^ivs-conformance: setup: .* answers every request with a server error/);
          assert.ok(down.count() <= 50, `${down.count()} requests before the diagnosis`);
        } finally {
          await new Promise((resolve) => down.server.close(resolve));
        }
      });
    }

    it('https:// against a plain-HTTP target: the line suggests http://, exit 3', async () => {
      const reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }] });
      try {
        const https = reference.url.replace(/^http:/, 'https:');
        const { code, line } = await cli(https);
        assert.equal(code, 3, line);
        assert.match(line, new RegExp(`did you mean --target ${reference.url.replace(/[.]/g, '\\.')}\\?`));
      } finally {
        await reference.close();
      }
    });
  });
});

describe('item 8: the rulings of this round, by their id', function () {
  this.timeout(180_000);

  it('amended T8: the exceptionally reserved codes are sent as invalid; a server accepting UK, EU and UN is a T8 deviation', async () => {
    const reserved: string[] = contract.schemas.CountryCode['x-ivs-neighbours']['reserved (T8)'];
    assert.ok(['UK', 'EU', 'UN'].every((code) => reserved.includes(code)), 'the contract holds the reserved list as data');
    assert.ok(!contract.schemas.CountryCode.enum.includes('XK') && contract.schemas.CountryCode['x-ivs-vendor-vocabulary'].values.includes('XK'), 'XK stays unasserted (V1)');
    const report = await run({ mutant: 'country-exceptionally-reserved-accepted', grep: /^token-negative$/ });
    const t8 = report.deviations.filter((d) => d.rule === 'T8');
    assert.ok(t8.length > 0, describeDeviations(report));
    assert.ok(t8.some((d) => /"(UK|EU|UN)"/i.test(JSON.stringify(d.request?.body))), describeDeviations(report));
  });

  it('V1: every x-ivs-vendor-vocabulary cites V1, and V1 is a ruling of the contract', () => {
    assert.ok(contract.rulings.V1?.text.includes('not asserted'));
    const cited = Object.values(contract.operations).flatMap((op) => op.fields.map((f) => f.vendorVocabulary?.rule).filter(Boolean));
    assert.ok(cited.length > 0);
    assert.deepEqual([...new Set(cited)], ['V1']);
  });

  it('amended T3: the ruling text says a list of unique items is a set', () => {
    assert.match(contract.rulings.T3.text, /unique.*set/);
  });
});

describe('item 7: one bug, one problem; reproductions and evidence complete', function () {
  this.timeout(180_000);

  it('a server letting in any secret is ONE problem (rule S2, the secret), not one per near-miss', async () => {
    const report = await run({ mutant: 'auth-wrong-secret-accepted', grep: /^auth$/ });
    assert.ok(report.deviations.length > 10, describeDeviations(report));
    assert.equal(report.problems?.length, 1, JSON.stringify(report.problems?.map((p) => p.title)));
    assert.match(report.problems![0].title, /wrong API secret are let in/);
  });

  it('the reproduction of a manual outcome read back includes its add-dummy-status step', async () => {
    const report = await run({ mutant: 'manual-outcome-face-only', grep: /^dummy-sessions$/ });
    const readBack = report.deviations.find((d) => d.check === 'manual-outcome' && d.request?.path.endsWith('/status'));
    assert.ok(readBack?.reproduce, describeDeviations(report));
    const lines = readBack!.reproduce!.split('\n');
    const step = lines.findIndex((l) => /curl .*\/api\/v2\/add-dummy-status/.test(l));
    const read = lines.findIndex((l) => /curl .*\/api\/v2\/status/.test(l));
    assert.ok(step > 0 && read > step, readBack!.reproduce);
  });

  it('a W2 deviation keeps the delivered body, so its openssl line can be run', async () => {
    const report = await run({ mutant: 'webhook-signature-uppercase', grep: /^webhooks$/ });
    const w2 = report.deviations.find((d) => d.check === 'webhook-signature');
    assert.ok(w2?.webhook, describeDeviations(report));
    assert.ok(w2!.webhook!.body.length > 0, 'the body of the delivery that did not verify is kept');
    assert.match(w2!.webhook!.verify, /^printf '?%s'? '.*' \| openssl dgst -sha256 -hmac/);
  });
});

describe('item 2: flow checks are registered checks', () => {
  it('every flow check is registered once, with its rules; a case naming an unknown check fails when the run is planned', async () => {
    const { FLOW_CHECKS } = await import('../src/checks/flow/registry.ts');
    const { assertRegisteredChecks, REGISTERED_CHECKS } = await import('../src/checks/registry.ts');
    const { planRun } = await import('../src/plan.ts');
    const names = FLOW_CHECKS.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const c of FLOW_CHECKS) assert.ok(c.rules.length > 0 && REGISTERED_CHECKS.has(c.name), c.name);
    for (const environment of ['development', 'testing', 'production'] as const) {
      const plan = planRun(contract, { environment, allowProductionWrites: false });
      assert.ok(plan.flatMap((p) => p.cases).every((c) => REGISTERED_CHECKS.has(c.check)));
    }
    assert.throws(() => assertRegisteredChecks([{ name: 'a case', check: 'webhook-sigature' }]), /names the check "webhook-sigature", which no registry holds/);
  });
});
