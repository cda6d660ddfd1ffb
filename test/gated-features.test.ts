// Features an account has not enabled (x-ivs-gated: callbackUrl needs a permission, custom
// settings need the contract): refusing them is the account's right, so the checks that need them
// are inconclusive with the reason — never deviations — and results are read back instead (issue 5).
import { strict as assert } from 'node:assert';
import { loadContract } from '../src/contract/load.ts';
import type { RunOptions } from '../src/engine/run.ts';
import { runConformance } from '../src/reference/embedded.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';

const CREDENTIALS = { key: 'gated-key', secret: 'gated-secret' };

function options(target: string, grep: RegExp): RunOptions {
  return {
    target,
    credentials: CREDENTIALS,
    environment: 'development',
    profile: 'markid',
    seed: 5,
    runs: 5,
    rate: 0,
    concurrency: 16,
    timeoutMs: 10_000,
    allowProductionWrites: false,
    webhookTimeoutMs: 3_000,
    grep,
    harness: 'direct',
  };
}

async function withReference<T>(deniedFeatures: string[], work: (reference: ReferenceServer) => Promise<T>): Promise<T> {
  const reference = await startReference({ credentials: [CREDENTIALS], deniedFeatures });
  try {
    return await work(reference);
  } finally {
    await reference.close();
  }
}

describe('gated features the account has not enabled', function () {
  this.timeout(120_000);

  it('callbackUrl refused for lack of permission: webhook checks inconclusive with the reason, read-backs still verify, no deviation', () =>
    withReference(['callbackUrl'], async (reference) => {
      const report = await runConformance(options(reference.url, /^(webhooks|dummy-sessions|token-positive|token-negative)$/));
      assert.deepEqual(report.deviations, [], JSON.stringify(report.deviations.slice(0, 3), null, 1));
      const webhookChecks = report.checks!.filter((c) => c.suite === 'webhooks');
      assert.ok(webhookChecks.length > 0);
      for (const c of webhookChecks) assert.equal(c.status, 'inconclusive', c.check);
      const reasons = report.inconclusive.filter((i) => i.suite === 'webhooks').map((i) => i.reason);
      for (const reason of reasons) assert.match(reason, /callbackUrl is not enabled|refused callbackUrl as a feature it has not enabled|PERMISSIONS_ERROR/, reason);
      // The D3 outcomes are still verified, through the status read-back.
      const readBacks = report.checks!.filter((c) => c.suite === 'dummy-sessions' && / read back$/.test(c.check));
      assert.ok(readBacks.length >= 3);
      for (const c of readBacks) assert.equal(c.status, 'passed', c.check);
      // Negative callbackUrl cases cannot tell "invalid" from "not enabled": inconclusive, not deviant.
      const callbackNegatives = report.checks!.filter((c) => c.suite === 'token-negative' && c.field === 'callbackUrl');
      assert.ok(callbackNegatives.length > 0);
      for (const c of callbackNegatives) assert.equal(c.status, 'inconclusive', c.check);
    }));

  it('custom settings not in the contract: their checks are inconclusive, the rest passes, no deviation', async () => {
    const contract = await loadContract('markid');
    const settings = contract.operations.createToken.fields.filter((f) => f.gated === 'configuration').map((f) => f.name);
    await withReference(settings, async (reference) => {
      const report = await runConformance(options(reference.url, /^token-custom-settings$/));
      assert.deepEqual(report.deviations, [], JSON.stringify(report.deviations.slice(0, 3), null, 1));
      const refused = report.checks!.filter((c) => c.status === 'inconclusive');
      const passed = report.checks!.filter((c) => c.status === 'passed');
      assert.ok(refused.length > 20, `${refused.length} inconclusive`);
      // Sent as null, a setting is not used at all (R9): those are accepted; so is generateDigitString
      // false, which T17 never lets an account refuse as gated (x-ivs-gated-values).
      assert.ok(passed.every((c) => / null$| generateDigitString = false$/.test(c.check)), passed.map((c) => c.check).join(', '));
      for (const i of report.inconclusive) assert.match(i.reason, /not enabled|PERMISSIONS_ERROR/, i.reason);
    });
  });
});
