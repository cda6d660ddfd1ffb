// One pinned regression test per false-alarm guard (src/checks/guards.ts): a run against the
// reference with the alternate that takes the guarded latitude reports nothing, and the same run
// with the guard switched off reports the false alarm, so each guard is shown to matter. Runs are
// narrowed with grep to the cases that meet the latitude (real HTTP on 127.0.0.1).
import assert from 'node:assert/strict';
import { runConformance } from '../src/reference/embedded.ts';
import { GUARDS, withoutGuards, type GuardName } from '../src/checks/guards.ts';
import { loadContract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';
import { invalidValues } from '../src/arbitraries/values.ts';
import { attribute } from '../src/cases/model.ts';
import type { Report } from '../src/findings/model.ts';

interface Pinned {
  guard: GuardName;
  alternates: string[];
  grep: RegExp;
  profile?: string;
  webhookTimeoutMs?: number;
}

function run(pinned: Pinned): Promise<Report> {
  return runConformance({
    environment: 'development',
    profile: pinned.profile ?? 'markid',
    seed: 7,
    runs: 3,
    rate: 0,
    concurrency: 16,
    timeoutMs: 10_000,
    allowProductionWrites: false,
    webhookTimeoutMs: pinned.webhookTimeoutMs ?? 30_000,
    alternates: pinned.alternates,
    grep: pinned.grep,
    harness: 'direct',
  });
}

const describeDeviations = (report: Report) => report.deviations.map((d) => `${d.rule} ${d.field ?? ''} ${d.check}: ${d.actual}`).join('\n');

// Each guard, the conformant variant that needs it, and the cases that meet it.
const PINNED: Pinned[] = [
  { guard: 'absent-as-null', alternates: ['null-keys-absent'], grep: /token-defaults .*(country|address) (omitted|null)/ },
  { guard: 'configured-default', alternates: ['documents-configured-list'], grep: /token-defaults .*documents omitted/ },
  { guard: 'echo-variants', alternates: ['idenfy-nationality-uppercased'], grep: /token-positive .*nationality = "[a-z]/, profile: 'idenfy' },
  { guard: 'custom-setting-latitude', alternates: ['custom-settings-ignored'], grep: /token-negative .*(checkLiveness|fraudServices|maxAttemptCount)/ },
  { guard: 'gated-refusal', alternates: ['callback-url-refused-message'], grep: /token-positive .*seed example.*all-fields/ },
  { guard: 'webhook-kind-match', alternates: ['webhook-auto-resent-restamped'], grep: /webhooks .*manual result FACE_MATCH \+ DOC_VALIDATED on a APPROVED/ },
  { guard: 'webhook-delivery-window', alternates: ['webhook-late'], grep: /webhooks .*auto result APPROVED/, webhookTimeoutMs: 2_000 },
  { guard: 'json-media-type', alternates: ['json-charset'], grep: /token-positive .*tokenType = / },
];

describe('precision guards: each false-alarm class has a guard that matters', function () {
  this.timeout(180_000);

  for (const pinned of PINNED) {
    it(`${pinned.guard} (${GUARDS[pinned.guard].rule}): silent against ${pinned.alternates.join(', ')}, a false alarm without the guard`, async () => {
      const guarded = await run(pinned);
      assert.ok(guarded.summary.checks > 0, `grep ${pinned.grep} selects no case`);
      assert.equal(guarded.deviations.length, 0, `false alarms with the guard on:\n${describeDeviations(guarded)}`);
      const unguarded = await withoutGuards([pinned.guard], () => run(pinned));
      assert.ok(unguarded.deviations.length > 0, `switching ${pinned.guard} off changes nothing: the guard is not what keeps the run silent`);
    });
  }

  it('vendor-vocabulary (V1): no negative case sends a value of the vendor vocabulary; the oracle gives no verdict on one', async () => {
    for (const profile of ['markid', 'idenfy']) {
      const contract = await loadContract(profile);
      for (const op of Object.values(contract.operations)) {
        for (const field of op.fields.filter((f) => f.vendorVocabulary)) {
          const vocabulary = new Set(field.vendorVocabulary!.values.map((v) => String(v).toLowerCase()));
          for (const breaker of invalidValues(field.schema)) {
            const sent = Array.isArray(breaker.value) ? breaker.value : [breaker.value];
            assert.ok(!sent.some((v) => vocabulary.has(String(v).toLowerCase())), `${profile} ${field.name}: negative value ${JSON.stringify(breaker.value)} is vendor vocabulary`);
          }
        }
      }
    }
    const contract = await loadContract('markid');
    const body = { clientId: 'c', documents: ['PROVISIONAL_DRIVER_LICENSE'] };
    const judged = oracleFor(contract).judge('createToken', body);
    assert.equal(judged.neverSend, true);
    const unguarded = await withoutGuards(['vendor-vocabulary'], () => oracleFor(contract).judge('createToken', body));
    assert.equal(unguarded.valid, false, 'without the guard the oracle calls a vendor value invalid');
  });

  it('stable-attribution (S1): a property failure keeps the case\'s field, whatever optional field survived shrinking', async () => {
    const contract = await loadContract('markid');
    const op = contract.operations.createToken;
    const finding = { category: 'validation' as const, check: 'accepts-valid', rule: 'T2', expected: 'accepted', actual: 'rejected' };
    const shrunk = { probe: { op, body: { clientId: 'c', address: 'x' } } } as any;
    const spec = { op, field: 'firstName', constraint: 'pattern' };
    assert.equal(attribute(finding, spec, shrunk).field, 'firstName');
    const unguarded = await withoutGuards(['stable-attribution'], () => attribute(finding, spec, shrunk));
    assert.equal(unguarded.field, 'address', 'without the guard the field is whichever optional field was left');
  });

  it('C1 keeps its power: a setting the run is told is on (--features) has its type asserted', async () => {
    const base = { guard: 'custom-setting-latitude' as const, alternates: ['custom-settings-ignored'], grep: /token-negative .*checkLiveness/ };
    const told = await runConformance({
      environment: 'development', profile: 'markid', seed: 7, runs: 3, rate: 0, concurrency: 16, timeoutMs: 10_000, allowProductionWrites: false,
      webhookTimeoutMs: 30_000, alternates: base.alternates, grep: base.grep, harness: 'direct', features: ['checkLiveness'],
    });
    assert.ok(told.deviations.some((d) => d.field === 'checkLiveness' && d.rule === 'R6'), describeDeviations(told) || 'no deviation');
    const silent = await run(base);
    assert.equal(silent.deviations.length, 0, describeDeviations(silent));
  });

  it('every guard has a pinned test here', () => {
    const pinned = new Set<string>([...PINNED.map((p) => p.guard), 'vendor-vocabulary', 'stable-attribution']);
    assert.deepEqual(Object.keys(GUARDS).filter((g) => !pinned.has(g)), []);
  });
});
