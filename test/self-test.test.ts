// The mutation self-test (issue 8, issue 11): every deliberate deviation of the reference's catalogue
// must be reported by a deviation naming its rule (not merely its category), through the same mocha
// harness as a user's run; the faithful reference in every environment must yield nothing.
//
// npm test runs a seeded sample (SAMPLE_PER_CATEGORY mutants of each category, one at least of each
// catalogue file) plus every mutant of a catalogue file changed since the merge-base with main;
// `npm run bench` runs the whole catalogue. IVS_SAMPLE_SEED=<n> draws another sample.
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { runSelfTest, type SelfTestResult } from '../src/selftest/selftest.ts';
import { changedSinceMain, mutantFiles, sampleMutants, sampleSeed, type MutantSample } from '../src/selftest/sample.ts';
import { MUTANTS } from '../src/reference/mutants.ts';
import { TARGETS } from '../src/bench/targets.ts';

// The reference delivers webhooks within milliseconds and no mutant delays one: W1's window cut to
// 2 s keeps "webhook missing" mutants from waiting 30 s each. `npm run bench` runs the self-test
// with the documented 30 s window.
const SHORT_WINDOW = fileURLToPath(new URL('./helpers/markid-short-webhook-window.yaml', import.meta.url));
// Two per category (21 mutants with at least one of each catalogue file, about a minute of CPU on 2
// cores) and every mutant of a changed catalogue file; the bench runs all of them.
const SAMPLE_PER_CATEGORY = 2;

describe('mutation self-test (src/selftest/selftest.ts, a seeded sample of the catalogue)', function () {
  this.timeout(1_800_000);
  let result: SelfTestResult;
  let sample: MutantSample;

  before(async () => {
    sample = await sampleMutants(MUTANTS, { perCategory: SAMPLE_PER_CATEGORY, seed: sampleSeed(20261122), changed: changedSinceMain() });
    result = await runSelfTest({ seed: 20261122, parallel: 4, processes: 2, profile: SHORT_WINDOW, stopAtDetection: true, only: sample.ids });
    const missed = result.mutants.filter((m) => !m.detected).map((m) => m.mutant.id);
    console.log(
      `      mutation score: ${result.detected}/${result.total} of ${MUTANTS.length} (sample seed ${sample.seed}, ${SAMPLE_PER_CATEGORY} per category` +
        `${sample.changedFiles.length ? `, all of ${sample.changedFiles.join(', ')}` : ''}${sample.gitKnown ? '' : '; no git: no changed files known'})` +
        ` in ${(result.durationMs / 1000).toFixed(1)} s${missed.length ? `; missed: ${missed.join(', ')}` : ''}`,
    );
  });

  it('reports no deviation against the faithful reference, in any environment', () => {
    assert.deepEqual(Object.keys(result.faithful).sort(), ['development', 'production', 'testing']);
    for (const [environment, run] of Object.entries(result.faithful)) {
      assert.equal(run.deviations, 0, `${environment}: ${run.deviations} deviations against the faithful reference`);
      assert.equal(run.inconclusive, 0, `${environment}: ${run.inconclusive} inconclusive checks`);
    }
  });

  it('samples every category and every catalogue file, and runs each mutant sampled', async () => {
    assert.ok(MUTANTS.length >= 40, `the catalogue has only ${MUTANTS.length} mutants`);
    const sampled = new Set(sample.ids);
    for (const category of new Set(MUTANTS.map((m) => m.category))) {
      const inCategory = MUTANTS.filter((m) => m.category === category);
      const taken = inCategory.filter((m) => sampled.has(m.id)).length;
      assert.ok(taken >= Math.min(SAMPLE_PER_CATEGORY, inCategory.length), `category ${category}: ${taken} sampled`);
    }
    const files = await mutantFiles();
    assert.equal(files.size, MUTANTS.length, 'every mutant is found in a catalogue file under src/reference/mutants/');
    for (const file of new Set(files.values())) assert.ok([...files].some(([id, f]) => f === file && sampled.has(id)), `no mutant of ${file} sampled`);
    for (const file of sample.changedFiles) for (const [id, f] of files) if (f === file) assert.ok(sampled.has(id), `${id} of the changed ${file} not run`);
    assert.deepEqual(result.mutants.map((m) => m.mutant.id).sort(), [...sample.ids].sort());
  });

  it('detects every mutant sampled by its rule (mutation score 100 %)', () => {
    const missed = result.mutants.filter((m) => !m.detected).map((m) => `${m.mutant.id} [${m.mutant.rule}] reported rules ${JSON.stringify(m.rules)}`);
    assert.deepEqual(missed, [], `missed (sample seed ${sample.seed}):\n${missed.join('\n')}`);
  });

  it(`finds every mutant sampled within the default run's request budget (first finding before ${TARGETS.requests} requests, the bench's target)`, () => {
    for (const m of result.mutants) {
      assert.ok(m.firstFindingAfterRequests !== undefined && m.firstFindingAfterRequests < TARGETS.requests, `${m.mutant.id}: first finding after ${m.firstFindingAfterRequests} requests`);
    }
  });
});
