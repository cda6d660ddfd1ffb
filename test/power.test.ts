// Power on subtle deviations (issue 14): one mutant of each value class and flow, each found by the
// class built for it and reported under the mutant's own rule (and field, where it names one), the
// precision of rule-level matching. The whole catalogue runs in the mutation self-test.
import assert from 'node:assert/strict';
import { runConformance } from '../src/reference/embedded.ts';
import { POWER_MUTANTS } from '../src/reference/mutants/power.ts';
import { MUTANTS } from '../src/reference/mutants.ts';

/** One mutant per class, and the suites that must find it (a grep keeps each run short). */
const SAMPLES: [string, RegExp][] = [
  ['locale-region-accepted', /token-negative/],
  ['country-user-assigned-accepted', /token-negative/],
  ['date-century-leap-accepted', /token-negative/],
  ['date-century-leap-refused', /token-boundaries/],
  ['documents-null-dropped', /token-negative/],
  ['crash-lone-surrogate-address', /robustness/],
  ['crash-negative-zero-session-length', /robustness/],
  ['head-answered-404', /protocol/],
  ['auth-scheme-case-sensitive', /^auth/],
  ['auth-splits-every-colon', /^auth/],
  ['external-ref-empty-dropped', /token-positive/],
  ['webhook-query-dropped', /webhooks/],
  ['manual-outcome-data-errors-approved', /dummy-sessions/],
  ['crash-second-add-dummy-status', /webhooks/],
  ['dummy-token-in-testing-unless-approved', /environment/],
];

async function deviationsWith(id: string, grep: RegExp) {
  const mutant = MUTANTS.find((m) => m.id === id)!;
  const report = await runConformance({ environment: mutant.environment, profile: 'markid', seed: 7, runs: 4, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false, webhookTimeoutMs: 5000, mutant: id, harness: 'direct', grep });
  return { mutant: mutant as (typeof POWER_MUTANTS)[number], report };
}

describe('power on subtle deviations (issue 14)', function () {
  this.timeout(180_000);

  it('the catalogue holds 150 or more mutants, with unique ids, the power ones naming a rule and (mostly) a field', () => {
    assert.ok(MUTANTS.length >= 150, `${MUTANTS.length} mutants`);
    assert.equal(new Set(MUTANTS.map((m) => m.id)).size, MUTANTS.length);
    for (const m of POWER_MUTANTS) assert.match(m.rule, /^[A-Z]\d+$/, m.id);
    assert.ok(POWER_MUTANTS.filter((m) => m.field).length > POWER_MUTANTS.length / 2);
  });

  for (const [id, grep] of SAMPLES) {
    it(`${id}: found under its own rule (and field)`, async () => {
      const { mutant, report } = await deviationsWith(id, grep);
      const hits = report.deviations.filter((d) => d.rule === mutant.rule && (!mutant.field || d.field === mutant.field));
      assert.ok(hits.length > 0, `${id} [${mutant.rule} ${mutant.field ?? ''}] not found; deviations: ${report.deviations.map((d) => `${d.rule}/${d.field}`).join(', ') || 'none'}`);
    });
  }

  it('the faithful reference gives no deviation on the same suites (the samples are not false alarms)', async () => {
    for (const environment of ['development', 'testing'] as const) {
      const report = await runConformance({ environment, profile: 'markid', seed: 7, runs: 4, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false, webhookTimeoutMs: 5000, harness: 'direct', grep: /token-negative|token-boundaries|robustness|protocol|auth|environment|webhooks|dummy-sessions|token-positive/ });
      assert.equal(report.deviations.length, 0, JSON.stringify(report.deviations.slice(0, 3)));
      assert.equal(report.summary.inconclusive, 0);
    }
  });
});
