// Deviation ids are stable across seeds (guard stable-attribution): the same deviation found by a
// property with two seeds gets the same id, whichever optional field survived shrinking.
import assert from 'node:assert/strict';
import { runConformance } from '../src/reference/embedded.ts';

describe('deviation ids across seeds', function () {
  this.timeout(120_000);

  it('a property failure has the same id with seeds 1, 2 and 3', async () => {
    const ids: string[][] = [];
    for (const seed of [1, 2, 3]) {
      const report = await runConformance({
        environment: 'development', profile: 'markid', seed, runs: 20, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false,
        webhookTimeoutMs: 30_000, mutant: 'name-rejects-non-latin', grep: /token-positive .*random valid bodies/, harness: 'direct',
      });
      assert.ok(report.deviations.length > 0, `seed ${seed}: the mutant was not found`);
      ids.push(report.deviations.map((d) => d.id).sort());
    }
    assert.deepEqual(ids[1], ids[0]);
    assert.deepEqual(ids[2], ids[0]);
  });
});
