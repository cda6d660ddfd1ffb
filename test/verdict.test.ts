// One honest verdict everywhere: the same word in the terminal, report.json, report.html,
// summary.md and junit.xml, agreeing with the exit code; counts that add up; one problem per root
// cause. Unit rules first, then real CLI runs (budget, interrupt, empty --grep, missing shards,
// one planted root cause producing many failed checks, --fail-on terms).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { startFaultProxy } from './helpers/fault-proxy.ts';
import { readReport } from '../src/reporters/json.ts';
import { exitCodeOf, verdictOf, MAX_INCONCLUSIVE_SHARE } from '../src/findings/verdict.ts';
import { parseFailOn } from '../src/findings/gate.ts';
import type { Report } from '../src/findings/model.ts';
import { sampleReport } from './helpers/sample-report.ts';
import { removeTemps, runCliInProcess, show, spawnCli, tempDir, type CliResult } from './helpers/cli.ts';

const KEY = 'verdict-key';
const SECRET = 'verdict-secret';
const ENV = { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET };
const WORD = { conformant: 'CONFORMANT', deviations: 'DEVIATIONS FOUND', incomplete: 'INCOMPLETE', 'no-verdict': 'NO VERDICT' } as const;
const junitParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

/** The verdict word each output of a report directory shows, and the counts each one states. */
function outputsOf(dir: string) {
  const report = readReport(join(dir, 'report.json'));
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  const md = readFileSync(join(dir, 'summary.md'), 'utf8');
  const junit = junitParser.parse(readFileSync(join(dir, 'junit.xml'), 'utf8')).testsuites;
  const junitVerdicts = new Set<string>(junit.testsuite?.flatMap((s: { properties: { property: { name: string; value: string }[] } }) => s.properties.property.filter((p) => p.name === 'verdict').map((p) => p.value)) ?? []);
  return {
    report,
    words: {
      html: html.match(/<h1 id="verdict" data-verdict="[^"]+">([^<]+)<\/h1>/)![1],
      md: md.match(/\*\*Verdict: ([^*]+)\*\*/)![1],
      junit: [...junitVerdicts],
      junitComment: readFileSync(join(dir, 'junit.xml'), 'utf8').match(/<!-- ivs-conformance verdict: ([A-Z ]+) -->/)![1],
    },
    html,
    md,
    junit,
  };
}

function assertSameWordEverywhere(result: CliResult, dir: string, verdict: keyof typeof WORD, exitCode: number): Report {
  const { report, words } = outputsOf(dir);
  assert.equal(result.code, exitCode, show(result));
  assert.equal(report.verdict, verdict);
  const word = WORD[verdict];
  assert.match(result.stdout, new RegExp(`^${word} — `, 'm'), `terminal: ${result.stdout}`);
  assert.doesNotMatch(result.stdout, verdict === 'conformant' ? /INCOMPLETE|NO VERDICT/ : /^CONFORMANT/m);
  assert.equal(words.html, word);
  assert.equal(words.md, word);
  assert.equal(words.junitComment, word);
  if (report.summary.checks) assert.deepEqual(words.junit, [word]);
  const s = report.summary;
  assert.equal(s.checks, s.passed + s.failed! + s.inconclusive, 'checks = passed + failed + inconclusive');
  return report;
}

describe('verdict', function () {
  this.timeout(180_000);
  after(() => removeTemps());

  describe('rules', () => {
    const judged = (patch: Partial<Report['summary']>, extra: Partial<Report> = {}) => {
      const r = sampleReport();
      return { ...r, deviations: [], summary: { ...r.summary, deviations: 0, failed: 0, ...patch }, ...extra };
    };
    it('conformant only when finished and enough was decided; incomplete and no verdict exit 3', () => {
      const ok = judged({ checks: 100, passed: 100, inconclusive: 0 });
      assert.equal(verdictOf(ok), 'conformant');
      assert.equal(exitCodeOf(ok), 0);
      const limit = Math.floor(100 * MAX_INCONCLUSIVE_SHARE);
      assert.equal(verdictOf(judged({ checks: 100, passed: 100 - limit, inconclusive: limit })), 'conformant');
      const undecided = judged({ checks: 100, passed: 99 - limit, inconclusive: limit + 1 });
      assert.equal(verdictOf(undecided), 'no-verdict');
      assert.equal(exitCodeOf(undecided), 3);
      assert.equal(verdictOf(judged({ checks: 0, passed: 0, inconclusive: 0 })), 'no-verdict');
      const cut = judged({ checks: 100, passed: 100, inconclusive: 0 }, { complete: false, incomplete: ['budget'] });
      assert.equal(verdictOf(cut), 'incomplete');
      assert.equal(exitCodeOf(cut), 3);
    });

    it('--fail-on terms select deviations; nothing selected falls back to the verdict (never 0 on an incomplete run)', () => {
      const r = sampleReport(); // validation (documented), error-identifier, server-error
      assert.equal(exitCodeOf(r, parseFailOn('any')), 1);
      // No webhook or auth deviation: the rest of the verdict decides (2 of 10 inconclusive is within 20%).
      assert.equal(exitCodeOf(r, parseFailOn('webhook,auth')), 0);
      assert.equal(exitCodeOf({ ...r, summary: { ...r.summary, passed: 4, inconclusive: 3 } }, parseFailOn('webhook,auth')), 3);
      assert.ok(r.deviations.some((d) => d.documented) && r.deviations.some((d) => !d.documented), 'the sample has both kinds');
      assert.equal(exitCodeOf(r, parseFailOn('ruled')), 1);
      assert.equal(exitCodeOf({ ...r, deviations: r.deviations.filter((d) => d.documented) }, parseFailOn('ruled')), 0);
      assert.equal(exitCodeOf({ ...r, complete: false }, parseFailOn('webhook')), 3);
      assert.throws(() => parseFailOn('sometimes'), /unknown term "sometimes"/);
      assert.throws(() => parseFailOn('documented,ruled'), /give one of them/);
      assert.deepEqual(parseFailOn('new,webhook,documented'), { spec: 'new,webhook,documented', onlyNew: true, basis: 'documented', categories: ['webhook'] });
    });
  });

  describe('real runs', () => {
    let reference: ReferenceServer;
    before(async () => {
      reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }] });
    });
    after(() => reference?.close());

    const runAgainst = async (target: string, args: string[], progress = false) => {
      const cwd = tempDir('ivs-verdict-');
      const dir = join(cwd, 'out');
      const result = await runCliInProcess(['run', '--target', target, '--environment', 'development', '--report-dir', dir, ...(progress ? [] : ['--no-progress']), '--runs', '3', ...args], { cwd, env: ENV });
      return { result, dir, cwd };
    };

    it('--max-requests 50: INCOMPLETE everywhere (budget spent), exit 3', async () => {
      const { result, dir } = await runAgainst(reference.url, ['--max-requests', '50']);
      const report = assertSameWordEverywhere(result, dir, 'incomplete', 3);
      assert.deepEqual(report.incomplete, ['budget']);
      assert.match(result.stdout, /request budget \(--max-requests\) ran out/);
    });

    it('--grep matching nothing: a usage error in one line, exit 2, no request', async () => {
      const { result, dir } = await runAgainst(reference.url, ['--grep', 'no-such-check-anywhere']);
      assert.equal(result.code, 2, show(result));
      assert.equal(existsSync(dir), false, 'a usage error leaves no report directory behind');
      const lines = result.stderr.split('\n').filter((l) => l.trim() && !/· profile/.test(l));
      assert.deepEqual(lines.length, 1, result.stderr);
      assert.match(lines[0], /^ivs-conformance: --grep \/no-such-check-anywhere\/i matches no check/);
    });

    it('interrupted (SIGINT): INCOMPLETE everywhere, exit 3', async () => {
      const proxy = await startFaultProxy({ target: reference.url, latencyMs: 300 });
      const cwd = tempDir('ivs-verdict-');
      const dir = join(cwd, 'out');
      const run = spawnCli(['run', '--target', proxy.url, '--environment', 'development', '--concurrency', '2', '--report-dir', dir, '--no-progress'], { cwd, env: ENV });
      try {
        await run.waitFor(/seed \d+/);
        await proxy.forwarded(6); // past the preflight, in the middle of the suites (not a fixed sleep)
        run.child.kill('SIGINT');
        const result = await run.exited;
        const report = assertSameWordEverywhere(result, dir, 'incomplete', 3);
        assert.deepEqual(report.incomplete, ['interrupted']);
      } finally {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
        await run.exited;
        await proxy.close();
      }
    });

    it('a merge of 2 of 3 shards: INCOMPLETE everywhere, exit 3; report --fail-on any on it exits 3 too', async () => {
      const shards = await Promise.all([1, 2].map((i) => runAgainst(reference.url, ['--seed', '5', '--shard', `${i}/3`])));
      shards.forEach(({ result }) => assert.equal(result.code, 0, show(result)));
      const cwd = tempDir('ivs-verdict-');
      const merged = join(cwd, 'merged');
      const result = await runCliInProcess(['report', '--merge', ...shards.map((s) => join(s.dir, 'report.json')), '--report-dir', merged], { cwd });
      assert.equal(result.code, 3, show(result));
      const { report, words } = outputsOf(merged);
      assert.equal(report.verdict, 'incomplete');
      assert.match(report.verdictReason!, /shards missing: 3\/3 \(2 of 3 merged\)/);
      assert.deepEqual([words.html, words.md, words.junitComment], ['INCOMPLETE', 'INCOMPLETE', 'INCOMPLETE']);
      assert.match(result.stdout, /^INCOMPLETE — /m);
      const gate = await runCliInProcess(['report', join(merged, 'report.json'), '--fail-on', 'any', '--format', 'md', '--report-dir', join(cwd, 'gate')], { cwd });
      assert.equal(gate.code, 3, show(gate));
    });

    describe('one planted root cause (every off-enum value answered VALIDATION_ERROR)', () => {
      let planted: ReferenceServer;
      let out: { result: CliResult; dir: string; cwd: string };
      before(async () => {
        planted = await startReference({ credentials: [{ key: KEY, secret: SECRET }], mutant: 'enum-validation-error' });
        out = await runAgainst(planted.url, ['--seed', '11'], true);
      });
      after(() => planted?.close());

      it('every output shows one problem, and counts that add up', () => {
        const { result, dir } = out;
        const report = assertSameWordEverywhere(result, dir, 'deviations', 1);
        const failed = report.checks!.filter((c) => c.status === 'failed').length;
        assert.ok(report.deviations.length > 5 && failed > report.deviations.length, `${report.deviations.length} deviations, ${failed} failed checks`);
        assert.equal(report.problems!.length, 1);
        const [problem] = report.problems!;
        assert.match(problem.title, /^every BAD_VALUE answered as VALIDATION_ERROR/);
        assert.deepEqual([...problem.deviationIds].sort(), report.deviations.map((d) => d.id).sort());
        assert.equal(problem.checks, failed);
        assert.equal(report.summary.failed, failed);
        assert.equal(report.summary.problems, 1);

        // Terminal: one problem line, the counts line adding up, a reproduction.
        assert.equal(result.stdout.split('\n').filter((l) => l.startsWith('  ✗ ')).length, 1, result.stdout);
        const s = report.summary;
        assert.ok(result.stdout.includes(`${s.checks} checks: ${s.passed} passed, ${s.failed} failed, ${s.inconclusive} inconclusive · ${s.deviations} deviations in 1 problem`), result.stdout);
        assert.match(result.stdout, /reproduce "every BAD_VALUE[^\n]*\n  curl /);
        // The last progress line agrees with the summary.
        const progress = result.stderr.trim().split('\n').filter((l) => l.startsWith('progress ')).at(-1)!;
        assert.ok(progress.includes(`${s.checks}/${s.checks} checks: ${s.passed} passed, ${s.failed} failed, ${s.inconclusive} inconclusive`), progress);

        const { html, md, junit } = outputsOf(dir);
        assert.equal((html.match(/<article class="problem"/g) ?? []).length, 1);
        assert.ok(html.includes(`${s.checks} checks = ${s.passed} passed + ${s.failed} failed + ${s.inconclusive} inconclusive`));
        assert.match(md, /### Problems \(1\), worst first/);
        assert.ok(md.includes(`${s.checks} checks = ${s.passed} passed + ${s.failed} failed + ${s.inconclusive} inconclusive`));
        assert.equal(Number(junit.tests), s.checks);
        assert.equal(Number(junit.failures), s.failed);
        assert.equal(Number(junit.skipped), s.inconclusive);
        const times = junit.testsuite.flatMap((suite: { testcase: { time: string }[] }) => suite.testcase.map((c) => Number(c.time)));
        assert.ok(times.some((t: number) => t > 0), 'junit.xml carries real times');
      });

      it('--fail-on by category and basis, in report as in run', async () => {
        const path = join(out.dir, 'report.json');
        const gate = async (failOn: string) => (await runCliInProcess(['report', path, '--fail-on', failOn, '--format', 'md', '--report-dir', join(out.cwd, `gate-${failOn.replace(/,/g, '-')}`)])).code;
        assert.equal(await gate('error-identifier'), 1);
        assert.equal(await gate('webhook,auth'), 0);
        assert.equal(await gate('ruled'), 1, 'R3 is a ruling');
        assert.equal(await gate('documented'), 0);
        assert.equal(await gate('new'), 1, 'without a baseline every deviation is new');
        const run = await runAgainst(planted.url, ['--seed', '11', '--fail-on', 'webhook,auth']);
        assert.equal(run.result.code, 0, show(run.result));
        assert.match(run.result.stdout, /--fail-on webhook,auth: 0 failing deviations → exit 0/);
        assert.equal(readReport(join(run.dir, 'report.json')).gate?.exitCode, 0);
      });
    });
  });
});
