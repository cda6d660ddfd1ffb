// Dummy sessions, environments and signed webhooks, verified end to end: runConformance in-process
// against a reference started here (faithful, mutated, in production/testing mode, with a custom
// signing key, or behind a proxy that forges webhooks), and the webhook cases run by hand in a
// context where webhooks cannot be received.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadContract, REPO_ROOT, type Contract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import type { RunOptions } from '../src/engine/run.ts';
import { runConformance } from '../src/reference/embedded.ts';
import { Transport } from '../src/engine/transport.ts';
import type { Environment, RunContext } from '../src/engine/context.ts';
import type { Report } from '../src/findings/model.ts';
import { autoReadBackCases, dummyStatuses, outcomeReadBackCases } from '../src/cases/dummy.ts';
import { webhookCases } from '../src/cases/webhooks.ts';
import { SUITES as SUITE_DEFINITIONS } from '../suites/index.ts';
import { MUTANTS, startReference, type ReferenceOptions, type ReferenceServer } from '../src/reference/index.ts';
import { startForgingProxy, type ForgingProxy } from './helpers/forging-proxy.ts';

const CREDENTIALS = { key: 'e2e-key', secret: 'e2e-secret' };
const OTHER = { key: 'e2e-key-2', secret: 'e2e-secret-2' };
const WEBHOOK_TIMEOUT_MS = 2_000;
const SUITES = /^(webhooks|dummy-sessions|environment)$/;
/** The webhook suite plus the status read-backs of dummy-sessions (where the D3 mutant also shows). */
const WEBHOOKS_AND_READ_BACK = /^webhooks$|read back$/;

const BASE: Omit<RunOptions, 'target'> = {
  credentials: CREDENTIALS,
  otherCredentials: OTHER,
  environment: 'development',
  // W1's window cut to WEBHOOK_TIMEOUT_MS: a webhook is called missing only after the whole window.
  profile: join(REPO_ROOT, 'test/helpers/markid-short-webhook-window.yaml'),
  seed: 11,
  runs: 5,
  rate: 0,
  concurrency: 16,
  timeoutMs: 10_000,
  allowProductionWrites: false,
  webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
  harness: 'direct',
};

/**
 * Which checks each webhook mutant must show up in (all of category webhook). Kept explicit, and
 * compared with the catalogue below, so a new webhook mutant cannot slip past this file.
 */
const WEBHOOK_MUTANTS: Record<string, string[]> = {
  'webhook-auto-missing': ['webhook-delivery'],
  'webhook-manual-missing': ['webhook-delivery'],
  'webhook-auto-overall-approved': ['webhook-auto-result'],
  'webhook-client-id-differs': ['webhook-auto-result', 'webhook-manual-result'],
  'webhook-external-ref-missing': ['webhook-auto-result'],
  'webhook-unsigned': ['webhook-signature'],
  'webhook-signed-with-api-key': ['webhook-signature'],
  'webhook-signature-reserialised': ['webhook-signature'],
  'webhook-signature-uppercase': ['webhook-signature'],
  'manual-webhook-not-final': ['webhook-manual-result'],
  'manual-webhook-statuses-missing': ['webhook-manual-result'],
  'manual-outcome-face-only': ['webhook-manual-result', 'manual-outcome'],
  'manual-outcome-follows-auto': ['webhook-manual-result', 'manual-outcome'],
  'webhook-wrong-path': ['webhook-delivery', 'webhook-own-callback'],
  // Round 3, flow classes: one callbackUrl per key (W1, also judged with two verifications in flight);
  // the manual result re-sent after a 200 (W1's once, over byte-identical copies).
  'class-wh-first-callback': ['webhook-delivery', 'webhook-own-callback'],
  'class-wh-manual-twice': ['webhook-delivery'],
};

async function withReference<T>(options: Partial<ReferenceOptions>, body: (reference: ReferenceServer) => Promise<T>): Promise<T> {
  const reference = await startReference({ credentials: [CREDENTIALS, OTHER], webhookAttempts: 1, ...options });
  try {
    return await body(reference);
  } finally {
    await reference.close();
  }
}

function run(target: string, extra: Partial<RunOptions> = {}): Promise<Report> {
  return runConformance({ ...BASE, target, grep: SUITES, ...extra });
}

const describeDeviations = (report: Report) => JSON.stringify(report.deviations.map((d) => `${d.category}/${d.check} ${d.field ?? ''}: ${d.actual}`));
const checksOf = (report: Report) => [...new Set(report.deviations.map((d) => d.check))].sort();

/** A clean report: every planned check ran and passed. */
function assertConformant(report: Report, what: string): void {
  assert.equal(report.deviations.length, 0, `${what}: ${describeDeviations(report)}`);
  assert.deepEqual(report.inconclusive, [], what);
  assert.equal(report.verdict, 'conformant', what);
  assert.ok(report.summary.checks > 0 && report.summary.passed === report.summary.checks, `${what}: ${report.summary.passed}/${report.summary.checks}`);
}

describe('webhooks end to end (dummy sessions, environments, signed webhooks)', function () {
  this.timeout(60_000);
  let contract: Contract;
  /** Flows of the webhooks suite, and how many of them add a manual result (two webhooks each). */
  let WEBHOOK_FLOWS: number;
  let MANUAL_FLOWS: number;
  /** Flows of the webhooks suite as a run executes it (webhookCases plus the flows of domains.ts). */
  let SUITE_FLOWS: number;
  let SUITE_MANUAL_FLOWS: number;
  /** Flows with two verifications in flight (two dummy tokens, two manual results each). */
  let SUITE_TWO_VERIFICATION_FLOWS: number;

  before(async () => {
    contract = await loadContract('markid');
    const cases = webhookCases('webhooks', contract);
    WEBHOOK_FLOWS = cases.length;
    MANUAL_FLOWS = cases.filter((c) => c.check === 'webhook-manual-result').length;
    const suite = SUITE_DEFINITIONS.find((x) => x.name === 'webhooks')!.cases(contract, { environment: 'development', allowProductionWrites: false });
    SUITE_FLOWS = suite.length;
    SUITE_MANUAL_FLOWS = suite.filter((c) => c.check === 'webhook-manual-result').length;
    SUITE_TWO_VERIFICATION_FLOWS = suite.filter((c) => c.check === 'webhook-own-callback').length;
  });

  it('faithful reference, development: every flow of webhooks, dummy-sessions and environment passes', () =>
    withReference({}, async (reference) => {
      const report = await run(reference.url);
      assertConformant(report, 'faithful');
      const suites = new Set(report.checks!.map((c) => c.suite));
      assert.deepEqual([...suites].sort(), ['dummy-sessions', 'environment', 'webhooks']);
      const webhookChecks = report.checks!.filter((c) => c.suite === 'webhooks');
      assert.equal(webhookChecks.length, SUITE_FLOWS, 'one auto flow per dummy status, one manual flow per outcome pair, one on a failed dummy, and the flows of domains.ts');
      // Every auto flow and every manual flow really delivered (one webhook per auto flow, two per manual one), plus
      // the dummy-sessions flows that send none (no callbackUrl there).
      assert.ok(reference.webhooksSent >= dummyStatuses(contract).length + 4, `${reference.webhooksSent} webhooks sent`);
      assert.equal(reference.webhooksFailed, 0);
    }));

  describe('each webhook mutant is reported in category webhook, by the right check', () => {
    it('the table names webhook mutants of the catalogue (those of the power catalogue are proven in test/power.test.ts and the self-test)', () => {
      const catalogue = MUTANTS.filter((m) => m.category === 'webhook').map((m) => m.id);
      for (const id of Object.keys(WEBHOOK_MUTANTS)) assert.ok(catalogue.includes(id), id);
    });

    for (const [id, checks] of Object.entries(WEBHOOK_MUTANTS)) {
      it(`${id} → ${checks.join(' + ')}`, () =>
        withReference({ mutant: id, environment: MUTANTS.find((m) => m.id === id)!.environment }, async (reference) => {
          const report = await run(reference.url, { grep: WEBHOOKS_AND_READ_BACK });
          assert.ok(report.deviations.length > 0, `${id}: nothing reported`);
          for (const d of report.deviations) assert.equal(d.category, 'webhook', `${id}: ${d.category}/${d.check} ${d.actual}`);
          assert.deepEqual(checksOf(report), [...checks].sort(), `${id}: ${describeDeviations(report)}`);
          assert.equal(report.verdict, 'deviations');
          assert.deepEqual(report.inconclusive, [], id);
        }));
    }
  });

  describe('round 3 flow classes over HTTP: each found under its own rule and field', () => {
    for (const id of ['class-scanref-prefix-resolves', 'class-manual-document-first-review-sticks', 'class-wh-first-callback', 'class-wh-manual-twice']) {
      it(id, () =>
        withReference({ mutant: id }, async (reference) => {
          const mutant = MUTANTS.find((m) => m.id === id)! as (typeof MUTANTS)[number] & { field?: string };
          const report = await run(reference.url);
          assert.ok(report.deviations.some((d) => d.rule === mutant.rule && (!mutant.field || d.field === mutant.field)), `${id}: ${describeDeviations(report)}`);
          assert.deepEqual(report.inconclusive, [], id);
        }));
    }
  });

  describe('environment gating outside development creates no dummy verification', () => {
    for (const environment of ['production', 'testing'] as Environment[]) {
      it(`${environment}: dummy token and add-dummy-status refused, one plain token created, nothing else`, () =>
        withReference({ environment }, async (reference) => {
          const report = await run(reference.url, { environment });
          assertConformant(report, environment);
          const env = report.checks!.filter((c) => c.suite === 'environment');
          const names = env.map((c) => c.check);
          for (const name of ['environment › dummy token refused outside development', 'environment › add-dummy-status refused outside development', 'environment › plain token created outside development']) {
            assert.ok(names.includes(name), name);
          }
          for (const c of env) assert.equal(c.status, 'passed', c.check);
          assert.ok(report.checks!.every((c) => c.suite === 'environment'), 'nothing else ran');
          const skipped = report.skippedSuites?.map((s) => s.suite) ?? [];
          assert.ok(skipped.includes('dummy-sessions') && skipped.includes('webhooks'), `skipped: ${skipped}`);
          const created = reference.verifications(CREDENTIALS.key);
          assert.deepEqual(created.filter((v) => v.dummyStatus !== null), [], 'no dummy verification');
          // The plain token the gating check needs (and, in testing, the one a dummyStatus null creates, R9).
          assert.ok(created.length >= 1 && created.length <= 2, `${created.length} verifications`);
          assert.ok(created.some((v) => v.externalRef === `ivs-${environment}-gating`));
          assert.deepEqual(reference.verifications(OTHER.key), []);
          assert.equal(reference.webhooksSent, 0);
        }));
    }
  });

  describe('forged webhooks (bad signature) are reported, never used as the result', () => {
    const throughProxy = async (
      forge: 'off' | 'right-overall' | 'wrong-overall',
      check: (report: Report, proxy: ForgingProxy) => void | Promise<void>,
      mutant?: string,
    ) =>
      withReference({ mutant }, async (reference) => {
        const proxy = await startForgingProxy({ upstream: reference.url, forge, tokenPath: contract.operations.createToken.path, signatureHeader: contract.webhook.signatureHeader });
        try {
          await check(await run(proxy.url, { grep: /^webhooks$/ }), proxy);
        } finally {
          await proxy.close();
        }
      });

    /**
     * The forger did its part: one forged delivery per webhook flow, answered 200 by the receiver,
     * each before the genuine one; and every genuine webhook (one per flow, one more per manual flow) reached it.
     */
    const assertForgedFirst = async (proxy: ForgingProxy) => {
      // A flow with two verifications in flight forges and relays for both.
      const flows = SUITE_FLOWS + SUITE_TWO_VERIFICATION_FLOWS;
      assert.equal(proxy.forged.length, flows, JSON.stringify(proxy.forged));
      for (const f of proxy.forged) assert.equal(f.outcome, 200, `forged delivery to ${f.callbackUrl}`);
      for (const { scanRef } of proxy.forged) {
        const kinds = proxy.events.filter((e) => e.scanRef === scanRef).map((e) => e.kind);
        assert.equal(kinds[0], 'forged', `${scanRef}: ${kinds}`);
        assert.ok(kinds.includes('genuine'), `${scanRef}: the genuine webhook was relayed too: ${kinds}`);
      }
      // At least one genuine webhook per flow and one more per manual flow (a flow may add a second manual one).
      const genuine = flows + SUITE_MANUAL_FLOWS + 2 * SUITE_TWO_VERIFICATION_FLOWS;
      for (let i = 0; i < 40 && proxy.relayed.length < genuine; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(proxy.relayed.length >= genuine, `${proxy.relayed.length} genuine webhooks relayed, ${genuine} at least expected`);
      assert.ok(proxy.relayed.every((r) => r.outcome === 200), 'every genuine webhook was delivered');
    };

    it('through the proxy with forging off: no deviation (the proxy itself is transparent)', () =>
      throughProxy('off', (report, proxy) => {
        assertConformant(report, 'proxy, forging off');
        assert.equal(proxy.forged.length, 0);
      }));

    // Issue 19: a bystander who can reach the receiver cannot turn a correct target into a W2
    // deviation: beside a verified delivery, one that does not verify is evidence reported apart.
    it('right status.overall, wrong signature, beside the genuine one: no deviation, the forged copies reported apart', () =>
      throughProxy('right-overall', async (report, proxy) => {
        await assertForgedFirst(proxy);
        assertConformant(report, 'forged copies beside genuine deliveries');
        assert.ok(report.unattributedWebhooks, 'the forged deliveries are reported apart');
        assert.ok(report.unattributedWebhooks!.count >= proxy.forged.length, JSON.stringify(report.unattributedWebhooks));
        for (const { scanRef } of proxy.forged.slice(0, 10)) assert.ok(report.unattributedWebhooks!.scanRefs.includes(scanRef) || report.unattributedWebhooks!.scanRefs.length === 10);
      }));

    it('WRONG status.overall, wrong signature, sent before the genuine one: no deviation at all (the genuine payload is judged)', () =>
      throughProxy('wrong-overall', async (report, proxy) => {
        await assertForgedFirst(proxy);
        for (const f of proxy.forged) assert.notEqual(f.overall, f.dummyStatus, 'the forged overall status is wrong');
        assertConformant(report, 'forged wrong copies beside genuine deliveries');
        assert.ok(report.unattributedWebhooks && report.unattributedWebhooks.count >= proxy.forged.length, JSON.stringify(report.unattributedWebhooks));
      }));

    it('...and it is the genuine payload that is judged: a genuine clientId deviation is found, the forged overall is not', () =>
      // The genuine webhook carries the wrong clientId (mutant), the forged one the right clientId and a wrong overall.
      throughProxy(
        'wrong-overall',
        async (report, proxy) => {
          await assertForgedFirst(proxy);
          const results = report.deviations.filter((d) => d.check === 'webhook-auto-result');
          assert.ok(results.length > 0, describeDeviations(report));
          assert.deepEqual([...new Set(results.map((d) => d.field))], ['clientId'], describeDeviations(report));
          assert.deepEqual(report.deviations.filter((d) => d.check === 'webhook-signature'), [], 'forged copies are not the target\'s W2');
          const failedAuto = report.checks!.filter((c) => /auto result/.test(c.check) && c.status === 'failed');
          assert.equal(failedAuto.length, dummyStatuses(contract).length, 'every auto flow judged the genuine payload');
        },
        'webhook-client-id-differs',
      ));
  });

  describe('when webhooks cannot be received', () => {
    const reason = 'no receiver in this test (remote target without --webhook-url)';
    const contextFor = (reference: ReferenceServer): RunContext => ({
      contract,
      oracle: oracleFor(contract),
      target: reference.url,
      environment: 'development',
      credentials: CREDENTIALS,
      otherCredentials: OTHER,
      signingKey: CREDENTIALS.secret,
      seed: 1,
      runs: 5,
      transport: new Transport({ rate: 0, concurrency: 8, timeoutMs: 10_000 }),
      issued: { authTokens: new Set(), scanRefs: new Set() },
      webhooks: undefined,
      webhooksUnavailable: reason,
      webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
      allowProductionWrites: false,
      secrets: [],
      shared: new Map(),
    });

    it('every webhook case is inconclusive with the reason, and sends nothing', () =>
      withReference({}, async (reference) => {
        const ctx = contextFor(reference);
        const cases = webhookCases('webhooks', contract);
        assert.equal(cases.length, WEBHOOK_FLOWS);
        for (const c of cases) {
          const result = await c.run(ctx);
          assert.deepEqual(result.observations, [], c.name);
          assert.ok(result.inconclusive?.includes(reason), `${c.name}: ${result.inconclusive}`);
          assert.match(result.inconclusive!, /status read-back/);
        }
        assert.equal(ctx.transport.requestsSent, 0);
        assert.deepEqual(reference.verifications(CREDENTIALS.key), []);
      }));

    it('the status read-backs of dummy-sessions still verify results, with no observation', () =>
      withReference({}, async (reference) => {
        const ctx = contextFor(reference);
        const cases = [...outcomeReadBackCases('dummy-sessions', contract), ...autoReadBackCases('dummy-sessions', contract)];
        assert.equal(cases.length, 3 + dummyStatuses(contract).length);
        const results = await Promise.all(cases.map((c) => c.run(ctx)));
        results.forEach((result, i) => {
          assert.equal(result.inconclusive, undefined, `${cases[i].name}: ${result.inconclusive}`);
          assert.deepEqual(result.observations, [], cases[i].name);
        });
        // They really ran: one dummy verification each, three of them with manual statuses set.
        const created = reference.verifications(CREDENTIALS.key);
        assert.equal(created.length, cases.length);
        assert.equal(created.filter((v) => v.manualFace !== null).length, 3);
      }));

    it('...and the same read-backs catch the D3 mutant without a receiver', () =>
      withReference({ mutant: 'manual-outcome-face-only' }, async (reference) => {
        const ctx = contextFor(reference);
        const results = await Promise.all(outcomeReadBackCases('dummy-sessions', contract).map((c) => c.run(ctx)));
        const findings = results.flatMap((r) => r.observations.map((o) => o.finding));
        assert.ok(findings.length > 0);
        for (const f of findings) assert.deepEqual([f.category, f.check, f.field], ['webhook', 'manual-outcome', 'status']);
      }));
  });

  describe('timeouts', () => {
    it(`a webhook not delivered within ${WEBHOOK_TIMEOUT_MS} ms is a webhook-delivery deviation, and the flows wait in parallel`, () =>
      withReference({ mutant: 'webhook-auto-missing' }, async (reference) => {
        const started = Date.now();
        const report = await run(reference.url, { grep: /^webhooks$/ });
        const elapsed = Date.now() - started;
        const flows = webhookCases('webhooks', contract).length;
        assert.equal(flows, WEBHOOK_FLOWS);
        const missing = report.deviations.filter((d) => d.check === 'webhook-delivery');
        assert.ok(missing.length > 0, describeDeviations(report));
        for (const d of missing) assert.equal(d.category, 'webhook');
        assert.ok(missing.some((d) => d.actual === 'none arrived' && d.field === 'auto'), describeDeviations(report));
        // Every flow failed on the auto result (5 auto flows; the 2 manual flows wait for it first).
        assert.equal(report.checks!.filter((c) => c.status === 'failed' && /auto result/.test(c.check)).length, dummyStatuses(contract).length);
        assert.ok(elapsed >= WEBHOOK_TIMEOUT_MS, `${elapsed} ms: the run did wait`);
        assert.ok(elapsed < 2 * WEBHOOK_TIMEOUT_MS + 3_000, `${elapsed} ms for ${flows} flows: they must wait in parallel, not ${flows} × ${WEBHOOK_TIMEOUT_MS} ms`);
        assert.ok(report.durationMs < 2 * WEBHOOK_TIMEOUT_MS + 3_000, `report.durationMs ${report.durationMs}`);
      }));
  });

  describe('custom signing key', () => {
    const signingKey = 'whsec-test-123';

    it('reference and run share the key: zero deviations', () =>
      withReference({ signingKey }, async (reference) => {
        assertConformant(await run(reference.url, { signingKey, grep: /^(webhooks|dummy-sessions)$/ }), 'shared signing key');
      }));

    // Issue 19: a key that verifies nothing the target sends is the user's setup, not the vendor's W2.
    it('the run has a different key: a setup problem naming the signing key, no deviation', () =>
      withReference({ signingKey }, async (reference) => {
        await assert.rejects(run(reference.url, { signingKey: 'whsec-other-456', grep: /^webhooks$/ }), (error: Error) => {
          assert.equal(error.constructor.name, 'SetupProblem');
          assert.match(error.message, /^setup: every webhook delivery \(\d+\) fails verification with this key: check the signing key/);
          assert.ok(!error.message.includes(signingKey) && !error.message.includes('whsec-other-456'), 'no key in the message');
          return true;
        });
      }));

    it('...but a target signing with the API key is still a W2 deviation (not taken for a wrong key)', () =>
      withReference({ signingKey, mutant: 'webhook-signed-with-api-key' }, async (reference) => {
        const report = await run(reference.url, { signingKey, grep: /^webhooks$/ });
        assert.ok(checksOf(report).includes('webhook-signature'), describeDeviations(report));
      }));
  });
});
