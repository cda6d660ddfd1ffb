// End to end: runConformance against the embedded reference (no target). A faithful reference gives
// a clean report; one mutant per category is found, in that category, with a replayable and
// secret-free reproduction; the same seed gives the same deviations; and a property-found deviation
// reports a (shrunk) request whose verdict really is what the finding says, as a faithful server
// replaying it confirms.
import assert from 'node:assert/strict';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { expectedIdentifier, oracleFor } from '../src/contract/oracle.ts';
import { EMBEDDED_CREDENTIALS, runConformance, type RunOptions } from '../src/reference/embedded.ts';
import { secretsOf } from '../src/engine/context.ts';
import { CATEGORIES, type Deviation, type Report } from '../src/findings/model.ts';
import { MUTANTS, mutantById, startReference } from '../src/reference/index.ts';
import { LOOKAHEAD, runUnderMocha, type CaseRunner } from '../src/engine/mocha-harness.ts';
import { withoutGuards } from '../src/checks/guards.ts';
import type { Case, CaseResult } from '../src/cases/model.ts';

const BASE: RunOptions = {
  environment: 'development',
  profile: 'markid',
  seed: 7,
  runs: 10,
  rate: 0,
  concurrency: 16,
  timeoutMs: 10_000,
  allowProductionWrites: false,
  webhookTimeoutMs: 5_000,
  harness: 'mocha',
};

/** One mutant per category, by id (see src/reference/mutants.ts). */
const PICKED: Record<(typeof CATEGORIES)[number], string> = {
  validation: 'first-name-max-101',
  defaults: 'default-locale-lt',
  'error-identifier': 'client-id-missing-bad-value',
  'status-code': 'bad-value-422',
  'response-schema': 'first-name-not-uppercased',
  auth: 'auth-wrong-secret-accepted',
  environment: 'dummy-token-in-testing',
  webhook: 'webhook-unsigned',
  'server-error': 'crash-empty-documents',
};

const SECRETS = secretsOf(EMBEDDED_CREDENTIALS);

function mutantRun(id: string, extra: Partial<RunOptions> = {}): Promise<Report> {
  const mutant = mutantById(id);
  assert.ok(mutant, `mutant ${id} is in the catalogue`);
  return runConformance({ ...BASE, harness: 'direct', environment: mutant.environment, mutant: id, ...extra });
}

/** The first run of each mutant with BASE, shared by the tests that read it (a run is seeded: the same options, the same report). */
const firstRuns = new Map<string, Promise<Report>>();
function firstMutantRun(id: string): Promise<Report> {
  if (!firstRuns.has(id)) firstRuns.set(id, mutantRun(id));
  return firstRuns.get(id)!;
}

function assertNoSecret(value: unknown, what: string): void {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${what} contains a secret`);
}

/** What every reported deviation carries: run seed, a request, a curl with placeholders, no secret. */
function assertReproducible(d: Deviation, seed: number): void {
  const what = `${d.category} ${d.check} ${d.field ?? ''} ${d.constraint ?? ''}`;
  assert.equal(d.seed, seed, `${what}: seed`);
  assert.ok(d.request, `${what}: request`);
  assert.equal(d.request.method, 'POST', `${what}: method`);
  assert.match(d.request.path, /^\/api\/v2\//, `${what}: path`);
  assert.ok(d.request.body !== undefined || d.request.rawBody !== undefined, `${what}: request body`);
  assert.ok(d.reproduce, `${what}: reproduce`);
  // A single curl, or a chain that first creates what the request depends on (issue 15).
  assert.match(d.reproduce, /(^|\n)(\w+=\$\()?curl /, `${what}: curl`);
  assert.ok(d.reproduce.includes('$IVS_API_KEY'), `${what}: reproduce names $IVS_API_KEY: ${d.reproduce}`);
  assert.ok(d.reproduce.includes(d.request.path), `${what}: reproduce hits the request's path`);
  // The Authorization header sent is never shown, whatever variant the case used.
  if (d.request.headers?.authorization !== undefined) assert.equal(d.request.headers.authorization, 'Basic <redacted>', `${what}: authorization`);
  assertNoSecret(d, what);
  assert.match(d.id, /^[0-9a-f]{16}$/);
}

describe('engine: runConformance against the embedded reference', function () {
  // A run takes seconds on an idle machine; a loaded one (CI runners, parallel test files) needs more.
  this.timeout(180_000);
  let contract: Contract;

  before(async () => {
    contract = await loadContract('markid');
  });

  describe('faithful reference', () => {
    it('markid, development, under mocha: no deviation, nothing inconclusive', async () => {
      const report = await runConformance(BASE);
      assert.deepEqual(report.deviations.map((d) => `${d.check} ${d.field} ${d.constraint}: ${d.actual}`), []);
      assert.deepEqual(report.inconclusive, []);
      assert.equal(report.summary.deviations, 0);
      assert.equal(report.summary.inconclusive, 0);
      assert.equal(report.verdict, 'conformant');
      assert.equal(report.complete, true);
      assert.equal(report.seed, 7);
      // The run did real work: hundreds of checks, every one passed, requests sent.
      assert.ok(report.summary.checks > 300, `${report.summary.checks} checks`);
      assert.equal(report.summary.passed, report.summary.checks);
      assert.ok(report.checks!.every((c) => c.status === 'passed'));
      assert.ok(report.requests >= report.summary.checks, `${report.requests} requests`);
      assert.equal(report.target.embedded, true);
      assert.match(report.target.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assertNoSecret(report, 'report');
    });

    for (const [profile, environment] of [
      ['idenfy', 'development'],
      ['markid', 'testing'],
      ['markid', 'production'],
    ] as const) {
      it(`${profile}, ${environment}, direct: no deviation, nothing inconclusive`, async () => {
        const report = await runConformance({ ...BASE, profile, environment, harness: 'direct' });
        assert.deepEqual(report.deviations.map((d) => `${d.check} ${d.field} ${d.constraint}: ${d.actual}`), []);
        assert.deepEqual(report.inconclusive, []);
        assert.equal(report.verdict, 'conformant');
        assert.ok(report.summary.checks > 20 && report.summary.passed === report.summary.checks, `${report.summary.passed}/${report.summary.checks}`);
      });
    }
  });

  describe('one mutant per category is found, in its category', () => {
    it('the picks cover every category, each pick is of its category', () => {
      assert.deepEqual(Object.keys(PICKED).sort(), [...CATEGORIES].sort());
      for (const [category, id] of Object.entries(PICKED)) assert.equal(mutantById(id)?.category, category, id);
      assert.ok(MUTANTS.length > Object.keys(PICKED).length);
    });

    for (const [category, id] of Object.entries(PICKED)) {
      it(`${category}: ${id} (${mutantById(id)!.environment})`, async () => {
        const report = await firstMutantRun(id);
        const mine = report.deviations.filter((d) => d.category === category);
        assert.ok(mine.length > 0, `no ${category} deviation; got ${JSON.stringify(report.deviations.map((d) => [d.category, d.check, d.field]))}`);
        assert.equal(report.verdict, 'deviations');
        assert.equal(report.summary.byCategory[category as (typeof CATEGORIES)[number]], mine.length);
        assert.equal(report.target.mutant, id);
        for (const d of report.deviations) assertReproducible(d, report.seed);
        // The failed checks point at the reported deviations.
        const ids = new Set(report.deviations.map((d) => d.id));
        const failed = report.checks!.filter((c) => c.status === 'failed');
        assert.ok(failed.length > 0);
        for (const c of failed) for (const dev of c.deviationIds ?? []) assert.ok(ids.has(dev), `${c.check} → ${dev}`);
        assertNoSecret(report, `report of ${id}`);
      });
    }

    it('the deviations name the rule and the field a reader expects (spot checks)', async () => {
      const validation = await firstMutantRun('first-name-max-101');
      const d = validation.deviations.find((x) => x.category === 'validation')!;
      assert.deepEqual([d.check, d.field, d.constraint, d.rule], ['rejects-invalid', 'firstName', 'maxLength', 'T2']);
      assert.equal([...String((d.request!.body as any).firstName)].length, 101);
      const defaults = await firstMutantRun('default-locale-lt');
      const locale = defaults.deviations.find((x) => x.category === 'defaults' && x.constraint === 'default')!;
      assert.deepEqual([locale.check, locale.field, locale.rule], ['applies-defaults', 'locale', 'T5']);
      assert.equal((locale.request!.body as any).locale, undefined);
    });
  });

  describe('reproducibility', () => {
    for (const id of ['bad-value-422', 'first-name-max-101']) {
      it(`${id}: the same seed gives the same deviation ids (and the same requests)`, async () => {
        // Two runs back to back (not the category test's earlier run): a loaded machine at another
        // moment turns webhook waits inconclusive, which is not what this compares.
        const first = await mutantRun(id);
        const second = await mutantRun(id);
        const ids = (r: Report) => r.deviations.map((d) => d.id);
        assert.ok(first.deviations.length > 0);
        assert.deepEqual(ids(second), ids(first));
        // Requests that carry nothing the server made up (no scanRef) are identical too.
        const fixed = (r: Report) => r.deviations.filter((d) => !JSON.stringify(d.request?.body ?? '').includes('scanRef')).map((d) => [d.id, d.request?.body ?? d.request?.rawBody]);
        assert.deepEqual(fixed(second), fixed(first));
        assert.deepEqual(
          second.checks!.map((c) => [c.check, c.status]),
          first.checks!.map((c) => [c.check, c.status]),
        );
      });
    }
  });

  describe('property cases: no false positive after shrinking', () => {
    /** Replays a reported request on a faithful reference (valid credentials). */
    async function replayFaithfully(d: Deviation): Promise<{ status: number; json: any }> {
      const server = await startReference({ environment: 'development', profile: 'markid', credentials: EMBEDDED_CREDENTIALS });
      try {
        const { key, secret } = EMBEDDED_CREDENTIALS[0];
        const res = await fetch(server.url + d.request!.path, {
          method: d.request!.method,
          headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
          body: JSON.stringify(d.request!.body),
          signal: AbortSignal.timeout(10_000),
        });
        return { status: res.status, json: await res.json() };
      } finally {
        await server.close();
      }
    }

    const operationOf = (d: Deviation) => Object.values(contract.operations).find((op) => op.endpoint === d.endpoint)!;

    it('a rejects-invalid property (last-name-unicode-digit): the shrunk request really breaks lastName pattern', async () => {
      const grep = /lastName › pattern › property$/;
      const report = await mutantRun('last-name-unicode-digit', { grep, runs: 300 });
      assert.deepEqual(report.checks!.map((c) => [c.check, c.status]), [['token-negative › createToken › lastName › pattern › property', 'failed']]);
      assert.equal(report.deviations.length, 1);
      const [d] = report.deviations;
      assert.deepEqual([d.category, d.check, d.field, d.constraint], ['validation', 'rejects-invalid', 'lastName', 'pattern']);
      assertReproducible(d, report.seed);
      const body = d.request!.body as Record<string, unknown>;
      // The oracle, on the request as reported: invalid, exactly one violation, the lastName pattern, BAD_VALUE.
      const verdict = oracleFor(contract).judge(operationOf(d).operationId, body);
      assert.equal(verdict.valid, false, JSON.stringify(body));
      assert.ok('violations' in verdict);
      assert.deepEqual(
        verdict.violations.map((v) => [v.field, v.kind, v.identifier]),
        [['lastName', 'pattern', 'BAD_VALUE']],
      );
      // It is a non-ASCII decimal digit that the mutant let through, and it survived shrinking.
      assert.match(String(body.lastName), /(?![0-9])\p{Nd}/u);
      // Shrunk: the name is short.
      assert.ok([...String(body.lastName)].length <= 10, String(body.lastName));
      // A faithful server refuses the very same request as the contract says.
      const faithful = await replayFaithfully(d);
      assert.equal(faithful.status, 400);
      assert.equal(faithful.json.identifier, expectedIdentifier(verdict.violations));
      // And the mutant accepted it (that is the deviation).
      assert.ok(d.response && d.response.status >= 200 && d.response.status < 300, JSON.stringify(d.response));
    });

    it('an accepts-valid property (name-rejects-non-latin): the shrunk request really honours the contract', async () => {
      const grep = /token-positive › createToken › random valid bodies$/;
      const report = await mutantRun('name-rejects-non-latin', { grep });
      assert.deepEqual(report.checks!.map((c) => c.status), ['failed']);
      assert.equal(report.deviations.length, 1);
      const [d] = report.deviations;
      assert.deepEqual([d.category, d.check], ['validation', 'accepts-valid']);
      assertReproducible(d, report.seed);
      const body = d.request!.body as Record<string, unknown>;
      const verdict = oracleFor(contract).judge(operationOf(d).operationId, body);
      assert.deepEqual(verdict, { valid: true, neverSend: false }, JSON.stringify(body));
      // A name with a letter outside ASCII is what the mutant refused, and what remains after shrinking.
      const names = ['firstName', 'lastName'].map((f) => body[f]).filter((v): v is string => typeof v === 'string');
      assert.ok(names.some((n) => /[^\x00-\x7f]/.test(n)), JSON.stringify(body));
      assert.equal(d.response?.status, 400);
      const faithful = await replayFaithfully(d);
      assert.ok(faithful.status >= 200 && faithful.status < 300, JSON.stringify(faithful));
    });
  });
});

describe('engine: mocha is the runner (src/engine/mocha-harness.ts)', () => {
  /** A case that answers `result` at once. */
  const fakeCase = (name: string, result: CaseResult): Case => ({ suite: 'fake', name, check: 'fake', endpoint: 'POST /x', rule: 'T1', run: async () => result });
  const finding = { category: 'validation' as const, check: 'accepts-valid', rule: 'T2', expected: 'accepted', actual: 'rejected' };

  it('a case with findings fails its test, an inconclusive one is pending, and each check is recorded with the state mocha gave it', async () => {
    const cases = [
      fakeCase('passes', { observations: [] }),
      fakeCase('fails', { observations: [{ finding }] }),
      fakeCase('cannot decide', { observations: [], inconclusive: 'no second key pair' }),
    ];
    const recorded: [string, string, string | undefined][] = [];
    const controller = new AbortController();
    const runner = {
      signal: controller.signal,
      runCase: async (c: Case) => ({ result: await c.run({} as never), durationMs: 0 }),
      record: (c: Case, run: { result: CaseResult }, status: string) => void recorded.push([c.name, status, run.result.inconclusive]),
    } as unknown as CaseRunner;
    const failures = await runUnderMocha([{ suite: { name: 'fake', description: '', cases: () => cases }, cases }], runner);
    assert.equal(failures, 1, 'mocha counts one failed test: the one failed check');
    assert.deepEqual(recorded, [
      ['passes', 'passed', undefined],
      ['fails', 'failed', undefined],
      ['cannot decide', 'inconclusive', 'no second key pair'],
    ]);
  });

  it('once the run is interrupted, a case not yet started is not started: its test is pending and nothing is recorded', async () => {
    const started: string[] = [];
    const controller = new AbortController();
    const cases = Array.from({ length: LOOKAHEAD + 3 }, (_, i) => fakeCase(`case ${i}`, { observations: [] }));
    const recorded: string[] = [];
    const runner = {
      signal: controller.signal,
      runCase: async (c: Case) => {
        started.push(c.name);
        const result = await c.run({} as never);
        controller.abort(); // the user's Ctrl-C, as the first cases finish
        return { result, durationMs: 0 };
      },
      record: (c: Case) => void recorded.push(c.name),
    } as unknown as CaseRunner;
    await runUnderMocha([{ suite: { name: 'fake', description: '', cases: () => cases }, cases }], runner);
    // The first test started its case and the lookahead's (the run was not yet interrupted); nothing after them.
    assert.equal(started.length, LOOKAHEAD);
    assert.deepEqual(recorded, started);
  });
});

describe('engine: guards travel with the run, never process-wide', function () {
  this.timeout(180_000);
  // The pinned false alarm of guard json-media-type (test/precision-guards.test.ts): application/json; charset=….
  const run = (extra: Partial<RunOptions> = {}) =>
    runConformance({ ...BASE, runs: 3, harness: 'direct', alternates: ['json-charset'], grep: /token-positive .*tokenType = /, ...extra });

  it('two runs at once, one with a guard switched off: only that one reports the false alarm', async () => {
    const [unguarded, guarded, byOption] = await Promise.all([withoutGuards(['json-media-type'], () => run()), run(), run({ guardsOff: ['json-media-type'] })]);
    assert.ok(guarded.summary.checks > 0, 'the grep selects no case');
    assert.equal(guarded.deviations.length, 0, 'the guarded run saw the other run\'s switch');
    assert.ok(unguarded.deviations.length > 0, 'withoutGuards did not reach its run');
    assert.deepEqual(byOption.deviations.map((d) => d.id), unguarded.deviations.map((d) => d.id), 'RunOptions.guardsOff switches the same guard off');
  });
});
