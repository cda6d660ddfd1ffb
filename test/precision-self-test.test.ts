// The precision self-test (issue 11): the suite reports no deviation against any conformant variant
// of the reference (src/reference/alternates.ts), alone or all at once, in every environment.
import assert from 'node:assert/strict';
import { runPrecisionSelfTest, type PrecisionSummary } from '../src/selftest/precision.ts';
import { ALTERNATES } from '../src/reference/alternates.ts';

describe('precision self-test', function () {
  this.timeout(900_000);

  for (const profile of ['markid', 'idenfy']) {
    describe(`profile ${profile}`, () => {
      let result: PrecisionSummary;
      before(async () => {
        // idenfy: its own alternates alone, and everything together; markid: every alternate alone and together.
        const only = profile === 'idenfy' ? ALTERNATES.filter((a) => a.profiles?.includes('idenfy')).map((a) => a.id) : undefined;
        result = await runPrecisionSelfTest({ profile, seed: 20261130, runs: 5, only, parallel: 4 });
        console.log(`      precision (${profile}): ${result.precision} in ${(result.durationMs / 1000).toFixed(1)} s`);
      });

      it('reports no deviation against any alternate alone, nor against all of them at once', () => {
        const alarms = result.results.filter((r) => r.deviations > 0).map((r) => `${r.alternate} (${r.environment}): ${r.details.slice(0, 5).join(' | ')}`);
        assert.ok(result.total >= (profile === 'idenfy' ? 5 : 30), `only ${result.total} runs`);
        assert.deepEqual(alarms, [], `false alarms:\n${alarms.join('\n')}`);
      });
    });
  }
});
