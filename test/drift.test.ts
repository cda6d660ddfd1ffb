// Drift on the embedded reference, over real HTTP (issue 23): the faithful reference against each of
// four alternates is drift (named with the alternate's ruling) and never a regression; against a
// mutant it is a regression under the mutant's rule (and the way back a fix); two faithful runs
// with different seeds show no change at all, though their generated cases differ. Small runs: the
// token-defaults suite only.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type RunOptions } from '../src/reference/embedded.ts';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { compareReports, type DriftReport } from '../src/findings/drift.ts';
import type { Report } from '../src/findings/model.ts';
import { readReport } from '../src/reporters/json.ts';
import { writeReports } from '../src/reporters/write.ts';
import { ALTERNATES } from '../src/reference/alternates.ts';
import { driftMarkdown } from '../src/reporters/drift-text.ts';
import { driftPage } from '../src/reporters/drift-html.ts';

const BASE: RunOptions = {
  environment: 'development',
  profile: 'markid',
  seed: 1,
  runs: 3,
  rate: 0,
  concurrency: 16,
  timeoutMs: 10_000,
  allowProductionWrites: false,
  webhookTimeoutMs: 5_000,
  harness: 'direct',
  grep: /^token-defaults/,
};

const run = (extra: Partial<RunOptions> = {}) => runConformance({ ...BASE, ...extra });

describe('drift: behavioural changes between two runs of the embedded reference', function () {
  this.timeout(120_000);
  let contract: Contract;
  let faithful: Report;
  const compare = (before: Report, after: Report): DriftReport => compareReports(before, after, { beforeSource: 'before', afterSource: 'after', contract });

  before(async () => {
    contract = await loadContract('markid');
    faithful = await run();
  });

  it('records a bounded, secret-free observation for every check, and report.json keeps them valid', () => {
    const observed = new Set((faithful.observations ?? []).map((o) => o.check));
    assert.equal(observed.size, faithful.checks!.length, 'every check observed something');
    const text = JSON.stringify(faithful.observations);
    assert.ok(!text.includes('ivs-local-secret'), 'no secret in the observations');
    // Random by nature: authToken and scanRef are never kept as they were.
    const token = faithful.observations![0].exchanges.find((e) => e.answers[0].status === '201')!.answers[0];
    assert.equal(token['body.authToken'], '"«token»"');
    assert.equal(token['body.scanRef'], '"«id»"');
    const dir = mkdtempSync(join(tmpdir(), 'ivs-drift-'));
    try {
      writeReports(faithful, dir, { formats: ['json'] });
      assert.equal(readReport(join(dir, 'report.json')).observations?.length, faithful.observations!.length, 'the schema takes them');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a target that echoes the secret: redacted before anything is masked, so no fragment of it is observed', async () => {
    const secret = 'Zq9x.2024.value'; // masking alone would keep Zq9x and value, and drop 2024
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ identifier: 'BAD_VALUE', message: `refused for key ${secret}`, echo: secret }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const report = await run({ target, credentials: { key: 'drift-test-key', secret }, preflight: false, grep: /^token-defaults › createToken › locale omitted$/ });
      const text = JSON.stringify(report.observations);
      assert.ok(report.observations?.length, 'observed');
      for (const fragment of [secret, 'Zq9x', '.value', '«digits»']) assert.ok(!text.includes(fragment), `${fragment} in ${text}`);
    } finally {
      server.close();
    }
  });

  it('two faithful runs with different seeds: no change at all, though many checks were compared', async () => {
    const other = await run({ seed: 2 });
    const drift = compare(faithful, other);
    assert.deepEqual(drift.changes.map((c) => `${c.class} ${c.check} ${JSON.stringify(c.differences)}`), []);
    assert.equal(drift.compared, faithful.checks!.length);
  });

  for (const id of ['locale-default-null', 'token-200', 'null-keys-absent', 'redirect-urls-null']) {
    it(`faithful → alternate ${id}: drift under its ruling, no regression`, async () => {
      const rule = ALTERNATES.find((a) => a.id === id)!.rule;
      const alternate = await run({ alternates: [id] });
      const drift = compare(faithful, alternate);
      assert.equal(drift.counts.regression, 0, JSON.stringify(drift.changes.filter((c) => c.class === 'regression').map((c) => c.summary)));
      assert.equal(drift.counts.fix + drift.counts['changed-deviation'] + drift.counts.coverage, 0);
      assert.ok(drift.counts.drift > 0, 'the alternate shows as drift');
      assert.ok(drift.changes.every((c) => c.rules.includes(rule)), `every drift names ${rule}: ${[...new Set(drift.changes.flatMap((c) => c.rules))]}`);
      const example = drift.changes[0];
      assert.ok(example.differences.length > 0 && example.before.answers && example.after.answers, 'both observations, side by side');
      assert.ok(example.after.reproduce?.startsWith('curl'), 'with the reproduction');
    });
  }

  it('faithful → mutant default-locale-lt: a regression under T5; and back: a fix', async () => {
    const mutant = await run({ mutant: 'default-locale-lt' });
    const drift = compare(faithful, mutant);
    assert.ok(drift.counts.regression > 0);
    const regressions = drift.changes.filter((c) => c.class === 'regression');
    assert.ok(regressions.some((c) => c.rules.includes('T5')), JSON.stringify(regressions.map((c) => c.rules)));
    // Only locale checks regress ('locale null' files it under R9: null means the default applies).
    assert.ok(regressions.every((c) => c.check.includes('locale') || c.check.includes('all optional fields omitted')), regressions.map((c) => c.check).join('\n'));
    assert.ok(regressions.some((c) => c.differences.some((d) => d.aspect === 'body.locale' && d.before === '"en"' && d.after === '"lt"')), 'the observations show what changed');
    assert.ok(regressions[0].after.reproduce?.includes('curl'));
    const back = compare(mutant, faithful);
    assert.equal(back.counts.fix, drift.counts.regression);
    assert.equal(back.counts.regression, 0);
  });

  it('faithful → alternate webhook-late: the webhook timing band drifts, allowed by W1', async () => {
    const grep = /^webhooks › auto result APPROVED$/;
    const [onTime, late] = await Promise.all([run({ grep }), run({ grep, alternates: ['webhook-late'], webhookTimeoutMs: 15_000 })]);
    const drift = compare(onTime, late);
    assert.deepEqual(drift.changes.map((c) => [c.class, c.rules.join(',')]), [['drift', 'W1']]);
    assert.deepEqual(drift.changes[0].differences, [{ aspect: 'webhook.timing', before: 'under 1 s', after: '5–15 s' }]);
  });

  it("a target's text stays text in drift.md and drift.html (no tags, no table breaks, no fence escapes)", () => {
    const hostile = structuredClone(faithful);
    const exchange = hostile.observations![0].exchanges[0];
    exchange.answers = exchange.answers.map((a) => ({ ...a, 'body.message': '"<img src=x onerror=alert(1)> | @everyone ```"' }));
    const drift = compare(faithful, hostile);
    assert.equal(drift.counts.drift, 1);
    const md = driftMarkdown(drift);
    assert.ok(!md.includes('<img') && !md.includes('@everyone') && md.includes('&lt;img'), md);
    assert.ok(!/[^\\]\| @/.test(md), 'the pipe is escaped');
    const html = driftPage(drift);
    assert.ok(!html.includes('<img') && html.includes('&lt;img'));
  });

  it('a check run on one side only is a coverage change; one whose deviation differs is a changed deviation', async () => {
    const fewer = await run({ grep: /^token-defaults.*locale/ });
    const drift = compare(fewer, faithful);
    assert.equal(drift.counts.coverage, faithful.checks!.length - fewer.checks!.length);
    assert.ok(drift.changes.every((c) => c.class === 'coverage' && c.before.status === 'absent'));

    const lt = await run({ mutant: 'default-locale-lt', grep: /^token-defaults.*locale omitted/ });
    const moved = structuredClone(lt);
    const check = moved.checks!.find((c) => c.status === 'failed')!;
    const exchange = moved.observations!.find((o) => o.check === check.check)!.exchanges[0];
    exchange.answers = exchange.answers.map((a) => ({ ...a, 'body.locale': '"de"' }));
    const changed = compare(lt, moved);
    assert.deepEqual(changed.changes.map((c) => c.class), ['changed-deviation']);
    assert.deepEqual(changed.changes[0].differences, [{ aspect: 'body.locale', before: '"lt"', after: '"de"' }]);
  });
});
