// The precision self-test (issue 11): the suite reports no deviation against any conformant variant
// of the reference (src/reference/alternates.ts), alone or all at once, in every environment.
//
// npm test runs every alternate together (each environment) and, alone, a seeded sample of one
// alternate per rule (all of them when alternates.ts changed since the merge-base with main);
// `npm run bench` runs each one alone. IVS_SAMPLE_SEED=<n> draws another sample.
import assert from 'node:assert/strict';
import { runPrecisionSelfTest, type PrecisionSummary } from '../src/selftest/precision.ts';
import { alternatesFor } from '../src/reference/alternates.ts';
import { changedSinceMain, sampleAlternates, sampleSeed, type AlternateSample } from '../src/selftest/sample.ts';

describe('precision self-test (src/selftest/precision.ts, every alternate together, a sample alone)', function () {
  // Minutes on an idle machine; a machine loaded several times over needs more (a hang still fails).
  this.timeout(1_800_000);

  for (const profile of ['markid', 'idenfy']) {
    describe(`profile ${profile}`, () => {
      let result: PrecisionSummary;
      let sample: AlternateSample;
      before(async () => {
        // idenfy: its own alternates alone, and everything together; markid: a sample alone, and everything together.
        const own = alternatesFor(profile).filter((a) => profile !== 'idenfy' || a.profiles?.includes('idenfy'));
        sample = profile === 'idenfy'
          ? { ids: own.map((a) => a.id), seed: 0, catalogueChanged: false }
          : sampleAlternates(own, { seed: sampleSeed(20261130), changed: changedSinceMain() });
        result = await runPrecisionSelfTest({ profile, seed: 20261130, runs: 5, only: sample.ids, parallel: 4 });
        console.log(`      precision (${profile}): ${result.precision} in ${(result.durationMs / 1000).toFixed(1)} s (${sample.ids.length} of ${alternatesFor(profile).length} alone${profile === 'markid' ? `, sample seed ${sample.seed}${sample.catalogueChanged ? ', all: the catalogue changed' : ''}` : ''})`);
      });

      it('runs every rule\'s alternates alone at least once, and all of them together in every environment', () => {
        const alone = new Set(result.results.filter((r) => r.alternate !== 'all' && r.alternate !== 'all-but-refusals').map((r) => r.alternate));
        assert.deepEqual([...alone].sort(), [...sample.ids].sort());
        const rules = new Set(alternatesFor(profile).filter((a) => sample.ids.includes(a.id)).map((a) => a.rule));
        if (profile === 'markid') assert.deepEqual([...rules].sort(), [...new Set(alternatesFor(profile).map((a) => a.rule))].sort(), 'a rule without an alternate run alone');
        assert.deepEqual(result.results.filter((r) => r.alternate === 'all').map((r) => r.environment).sort(), ['development', 'production', 'testing']);
      });

      it('reports no deviation against any alternate alone, nor against all of them at once', () => {
        const alarms = result.results.filter((r) => r.deviations > 0).map((r) => `${r.alternate} (${r.environment}): ${r.details.slice(0, 5).join(' | ')}`);
        assert.ok(result.total >= (profile === 'idenfy' ? 5 : 15), `only ${result.total} runs`);
        assert.deepEqual(alarms, [], `false alarms (sample seed ${sample.seed}):\n${alarms.join('\n')}`);
      });
    });
  }
});
