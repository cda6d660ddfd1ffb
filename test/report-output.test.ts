// What real runs leave behind, read as a user and a CI job would: no secret in any file or on the
// terminal; baseline comparison (new / resolved / persisting, --fail-on new); the HTML page of a real
// run in headless Chromium; JUnit with one testcase per check. Every run is a real CLI subprocess
// against an in-process reference on 127.0.0.1 with one mutant switched on.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BrowserContext, Page } from 'playwright-core';
import type { Report } from '../src/findings/model.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { readReport } from '../src/reporters/json.ts';
import { visibleControls } from '../src/reporters/neutralise.ts';
import { filesUnder, removeTemps, runCliInProcess, show, STACK_LINE, tempDir, type CliResult } from './helpers/cli.ts';
import { openReportBrowser, screenshotPath } from './helpers/browser.ts';

const KEY = 'KEY-7f3a9c21d4';
const SECRET = 'SECRET-b81e55aa09';
const KEY_2 = 'KEY2-5e1b7c3a90';
const SECRET_2 = 'SECRET2-c4d8a1f6e2';
const SIGNING_KEY = 'SIGN-04c7d2e9f1';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Every form in which a secret could leak. */
const FORBIDDEN: Record<string, string> = {
  'the API key': KEY,
  'the API secret': SECRET,
  'the second API key': KEY_2,
  'the second API secret': SECRET_2,
  'the signing key': SIGNING_KEY,
  'base64(key:secret)': b64(`${KEY}:${SECRET}`),
  'base64(key2:secret2)': b64(`${KEY_2}:${SECRET_2}`),
  'base64(key:secret2)': b64(`${KEY}:${SECRET_2}`),
  // The first 12 bytes of the key encode to the same 16 base64 characters whatever follows them:
  // catches a Basic header of the key with ANY password (wrong, empty or the other pair's).
  'base64(key:…) of any Authorization header': b64(KEY.slice(0, 12)),
  'base64(key2:…) of any Authorization header': b64(KEY_2.slice(0, 12)),
};

const REDACTION_MUTANTS = ['auth-wrong-secret-accepted', 'error-without-message', 'webhook-unsigned', 'first-name-max-101'];
const SEED = '31337';

interface MutantRun {
  mutant: string;
  dir: string;
  result: CliResult;
  report: Report;
}

/** One CLI run with both key pairs and the signing key, against a fresh reference with `mutant` on. */
async function runAgainst(mutant: string, extra: string[] = [], options: { expectExit?: number } = {}): Promise<MutantRun> {
  const reference: ReferenceServer = await startReference({
    mutant,
    credentials: [{ key: KEY, secret: SECRET }, { key: KEY_2, secret: SECRET_2 }],
    signingKey: SIGNING_KEY,
    environment: 'development',
  });
  try {
    const cwd = tempDir('ivs-output-');
    const dir = join(cwd, 'out');
    const result = await runCliInProcess(
      ['run', '--target', reference.url, '--api-key', KEY, '--api-secret', SECRET, '--api-key-2', KEY_2, '--api-secret-2', SECRET_2,
        // The reference delivers within milliseconds: a short W1 window keeps unsigned deliveries (never
        // counted as arrived) from holding each webhook check for the documented 30 s.
        '--webhook-signing-key', SIGNING_KEY, '--environment', 'development', '--seed', SEED, '--webhook-timeout', '3000', '--report-dir', dir, ...extra],
      { cwd },
    );
    assert.equal(result.code, options.expectExit ?? 1, `${mutant}: ${show(result)}`);
    assert.doesNotMatch(result.stderr, STACK_LINE);
    return { mutant, dir, result, report: readReport(join(dir, 'report.json')) };
  } finally {
    await reference.close();
  }
}

describe('report output of real runs', function () {
  // A bound on a hang: the runs go one after another in this process (seconds each when idle, a
  // minute or more each on a machine loaded many times over).
  this.timeout(600_000);
  after(() => removeTemps());

  describe('redaction: no secret anywhere', () => {
    let runs: MutantRun[];
    before(async () => {
      runs = await Promise.all(REDACTION_MUTANTS.map((m) => runAgainst(m)));
    });

    it('every mutant was found (so the reports carry requests, responses and curl commands)', () => {
      for (const run of runs) {
        assert.ok(run.report.deviations.length > 0, run.mutant);
        assert.deepEqual(readdirSync(run.dir).sort(), ['junit.xml', 'report.html', 'report.json', 'summary.md'], run.mutant);
      }
      const categories = new Set(runs.flatMap((r) => r.report.deviations.map((d) => d.category)));
      for (const c of ['auth', 'response-schema', 'webhook', 'validation']) assert.ok(categories.has(c as never), c);
    });

    it('no file written, nor stdout or stderr, contains a key, a secret, the signing key or their base64', () => {
      const texts: [string, string][] = [];
      for (const run of runs) {
        for (const file of filesUnder(run.dir)) texts.push([file, readFileSync(file, 'utf8')]);
        texts.push([`${run.mutant} stdout`, run.result.stdout], [`${run.mutant} stderr`, run.result.stderr]);
      }
      assert.ok(texts.length >= 4 * 6, `${texts.length} texts`);
      for (const [where, text] of texts) {
        assert.ok(text.length > 0 || where.endsWith('stderr'), `${where} is empty`);
        for (const [what, value] of Object.entries(FORBIDDEN)) assert.ok(!text.includes(value), `${where} contains ${what}`);
      }
    });

    it('curl reproductions use $IVS_API_KEY/$IVS_API_SECRET; reported Authorization headers are "Basic <redacted>"', () => {
      let valid = 0;
      for (const run of runs) {
        for (const d of run.report.deviations) {
          assert.ok(d.reproduce, `${run.mutant} ${d.check}: no reproduce`);
          // A single curl, or a chain that first creates what the request depends on.
          assert.match(d.reproduce, /^curl |^# 1\. create the verification it depends on, keeping its scanRef\n/);
          // Every -u names the account through the placeholders (a deliberately wrong part may be
          // literal, or a shell expression over a placeholder, e.g. the key with its case swapped).
          for (const [, user] of d.reproduce.matchAll(/-u "(.*?)"(?=\s+-|\s*$)/g)) {
            // The one pair that names nobody: both parts deliberately empty (issue 14, credentials).
            if (user === ':') continue;
            assert.match(user, /\$IVS_API_KEY|\$IVS_API_SECRET/, `${run.mutant}: -u "${user}"`);
            if (user === '$IVS_API_KEY:$IVS_API_SECRET') valid++;
          }
          const auth = d.request?.headers?.authorization;
          if (auth !== undefined) assert.equal(auth, 'Basic <redacted>', `${run.mutant} ${d.check}`);
        }
        // The deviations found with the valid pair reproduce with exactly the placeholders.
        if (run.mutant !== 'auth-wrong-secret-accepted') {
          assert.ok(run.report.deviations.some((d) => d.reproduce!.includes('-u "$IVS_API_KEY:$IVS_API_SECRET"')), run.mutant);
        }
      }
      assert.ok(valid > 0);
      const headers = runs.flatMap((r) => r.report.deviations.map((d) => d.request?.headers?.authorization)).filter(Boolean);
      assert.ok(headers.length > 0, 'some deviation records its Authorization header');
    });
  });

  describe('baseline: new, resolved, persisting and --fail-on new', () => {
    const X = 'default-locale-lt';
    const Y = 'first-name-max-101';
    let a: MutantRun; // mutant X
    let b: MutantRun; // mutant Y
    let bWithBaseline: MutantRun; // mutant Y, run --baseline A --fail-on new
    let xAgainNew: MutantRun; // mutant X again, --baseline A --fail-on new
    let xAgainAny: MutantRun; // mutant X again, --baseline A
    const idsOf = (r: Report) => r.deviations.map((d) => d.id).sort();

    before(async () => {
      [a, b] = await Promise.all([runAgainst(X), runAgainst(Y)]);
      const baseline = join(a.dir, 'report.json');
      [bWithBaseline, xAgainNew, xAgainAny] = await Promise.all([
        runAgainst(Y, ['--baseline', baseline, '--fail-on', 'new'], { expectExit: 1 }),
        runAgainst(X, ['--baseline', baseline, '--fail-on', 'new'], { expectExit: 0 }),
        runAgainst(X, ['--baseline', baseline], { expectExit: 1 }),
      ]);
    });

    it('the two mutants give different deviations', () => {
      assert.ok(a.report.deviations.length > 0 && b.report.deviations.length > 0);
      assert.ok(a.report.deviations.every((d) => d.category === 'defaults'), JSON.stringify(a.report.summary.byCategory));
      assert.ok(b.report.deviations.every((d) => d.category === 'validation'), JSON.stringify(b.report.summary.byCategory));
      assert.equal(idsOf(a.report).filter((id) => idsOf(b.report).includes(id)).length, 0);
    });

    it('report B --baseline A: X resolved, Y new, nothing persisting; --fail-on new exits 1', async () => {
      const out = tempDir('ivs-output-diff-');
      const args = ['report', join(b.dir, 'report.json'), '--baseline', join(a.dir, 'report.json'), '--report-dir', out];
      const [plain, failOnNew] = await Promise.all([runCliInProcess(args), runCliInProcess([...args, '--fail-on', 'new'])]);
      assert.equal(plain.code, 0, show(plain)); // re-rendering is not a verdict unless --fail-on asks for one
      assert.equal(failOnNew.code, 1, show(failOnNew));
      const diffed = readReport(join(out, 'report.json'));
      assert.deepEqual(diffed.baseline!.resolved, idsOf(a.report));
      assert.deepEqual(diffed.baseline!.new, idsOf(b.report));
      assert.deepEqual(diffed.baseline!.persisting, []);
      assert.equal(diffed.baseline!.baseline, join(a.dir, 'report.json'));
      assert.match(plain.stdout, new RegExp(`baseline: ${idsOf(b.report).length} new, ${idsOf(a.report).length} resolved, 0 persisting`));
      // The other formats show the comparison too (summary.md by short id).
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      const md = readFileSync(join(out, 'summary.md'), 'utf8');
      for (const id of [...idsOf(a.report), ...idsOf(b.report)]) {
        assert.ok(html.includes(id), `report.html lacks ${id}`);
        assert.ok(md.includes(id.slice(0, 8)), `summary.md lacks ${id.slice(0, 8)}`);
      }
      assert.match(md, new RegExp(`\\*\\*${idsOf(b.report).length} new\\*\\*, ${idsOf(a.report).length} resolved, 0 persisting`));
    });

    it('run B --baseline A --fail-on new: the same diff in its report, exit 1 (Y is new)', () => {
      const { baseline } = bWithBaseline.report;
      assert.ok(baseline);
      assert.deepEqual(baseline.resolved, idsOf(a.report));
      assert.deepEqual(baseline.new, idsOf(b.report));
      assert.deepEqual(baseline.persisting, []);
      assert.deepEqual(idsOf(bWithBaseline.report), idsOf(b.report), 'same seed, same mutant, same ids');
      assert.match(bWithBaseline.result.stdout, /^baseline: \d+ new, \d+ resolved, 0 persisting$/m);
    });

    it('run X again --baseline A: exit 0 with --fail-on new (all persisting), 1 without', () => {
      for (const run of [xAgainNew, xAgainAny]) {
        assert.deepEqual(idsOf(run.report), idsOf(a.report));
        assert.deepEqual(run.report.baseline!.new, []);
        assert.deepEqual(run.report.baseline!.resolved, []);
        assert.deepEqual(run.report.baseline!.persisting, idsOf(a.report));
        assert.equal(run.report.verdict, 'deviations', 'the verdict still says what is there');
      }
      assert.equal(xAgainNew.result.code, 0);
      assert.equal(xAgainAny.result.code, 1);
    });
  });

  describe('report.html of a real run in headless Chromium', () => {
    let context: BrowserContext;
    let page: Page;
    let run: MutantRun;
    let offsite: string[] = [];
    let pageErrors: string[] = [];

    before(async () => {
      run = await runAgainst('auth-wrong-secret-accepted', ['--no-progress']);
      ({ context, page, offsite, pageErrors } = await openReportBrowser());
    });
    after(async () => {
      await context?.close();
    });

    const shown = async () => {
      const rows = page.locator('tr.deviation');
      const visible: string[] = [];
      for (let i = 0; i < (await rows.count()); i++) if (await rows.nth(i).isVisible()) visible.push((await rows.nth(i).textContent()) ?? '');
      return visible;
    };

    it('shows the verdict and the deviation rows, filters them, and loads nothing from the network', async () => {
      const { report } = run;
      assert.ok(report.deviations.length >= 3, `${report.deviations.length} deviations`);
      await page.goto(pathToFileURL(join(run.dir, 'report.html')).href);

      const verdict = page.locator('#verdict');
      assert.ok(await verdict.isVisible());
      assert.equal(await verdict.textContent(), 'DEVIATIONS FOUND');
      assert.equal(await verdict.getAttribute('data-verdict'), 'deviations');
      assert.equal(await page.locator('tr.deviation').count(), report.deviations.length);
      assert.equal((await shown()).length, report.deviations.length);
      for (const d of report.deviations) {
        const row = page.locator(`tr.deviation:has(code[title="${d.id}"])`);
        assert.ok(await row.isVisible(), d.id);
        const text = (await row.textContent())!;
        for (const part of [d.category, d.endpoint, d.check, d.rule]) assert.ok(text.includes(part), `${part} not in the row of ${d.id}`);
      }

      // Filter by endpoint: the rows of the other endpoints are hidden.
      const endpoint = 'POST /api/v2/status';
      const matching = report.deviations.filter((d) => d.endpoint === endpoint).length;
      assert.ok(matching > 0 && matching < report.deviations.length, 'the filter must have something to hide');
      await page.fill('#filter', '/api/v2/status');
      const visible = await shown();
      assert.equal(visible.length, matching);
      assert.ok(visible.every((t) => t.includes(endpoint)));
      assert.equal(await page.locator('#shown').textContent(), `${matching} of ${report.deviations.length} shown`);

      // A filter nothing matches hides every row and says so.
      await page.fill('#filter', 'no-such-deviation-anywhere');
      assert.deepEqual(await shown(), []);
      assert.ok(await page.locator('#no-match').isVisible());

      // Cleared: everything is back; a row opens its reproduction, with placeholders only.
      await page.fill('#filter', '');
      assert.equal((await shown()).length, report.deviations.length);
      await page.locator('tr.deviation').first().click();
      const curl = page.locator('tr.detail details[open] pre[id^="curl-"]').first();
      assert.ok(await curl.isVisible());
      assert.match((await curl.textContent())!, /\$IVS_API_KEY/);

      await page.screenshot({ path: screenshotPath('report-real-run.png'), fullPage: true });
      assert.deepEqual(offsite, []);
      assert.deepEqual(pageErrors, []);
    });
  });

  describe('junit.xml of a real run', () => {
    let run: MutantRun;
    const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

    before(async () => {
      run = await runAgainst('error-without-message', ['--no-progress']);
    });

    it('parses, with one testcase per check and failures matching the deviations', () => {
      const xml = readFileSync(join(run.dir, 'junit.xml'), 'utf8');
      assert.equal(XMLValidator.validate(xml), true);
      const root = parser.parse(xml).testsuites;
      const { report } = run;
      const checks = report.checks!;
      const failedChecks = checks.filter((c) => c.status === 'failed');
      assert.ok(failedChecks.length > 10, `${failedChecks.length} failed checks`);

      type TestCase = { classname: string; name: string; failure?: { '#text': string; message: string; type: string }; skipped?: unknown };
      const cases: TestCase[] = root.testsuite.flatMap((s: { testcase: TestCase[] }) => s.testcase);
      assert.equal(cases.length, checks.length, 'one testcase per check');
      assert.equal(Number(root.tests), checks.length);
      assert.equal(Number(root.failures), failedChecks.length);
      assert.equal(Number(root.skipped), report.summary.inconclusive);
      assert.equal(cases.filter((c) => c.failure).length, failedChecks.length);
      for (const s of root.testsuite) assert.equal(Number(s.tests), s.testcase.length);

      // Testcases appear in the order of the checks, named and grouped as they are.
      const byId = new Map(report.deviations.map((d) => [d.id, d]));
      const mentioned = new Set<string>();
      const inOrder = root.testsuite.flatMap((s: { name: string; testcase: TestCase[] }) => s.testcase.map((c) => ({ ...c, suite: s.name })));
      const expectedOrder = [...new Set(checks.map((c) => c.suite))].flatMap((suite) => checks.filter((c) => c.suite === suite));
      expectedOrder.forEach((check, i) => {
        const kase = inOrder[i];
        assert.equal(kase.classname, check.suite);
        // Names carry the target's characters shown as escapes (issue 20 item 5), as the writer shows them.
        assert.ok(kase.name.startsWith(visibleControls(check.check)), `${kase.name} vs ${check.check}`);
        if (check.status !== 'failed') return assert.equal(kase.failure, undefined, kase.name);
        assert.ok(kase.failure, `${kase.name} should fail`);
        const ids = check.deviationIds!;
        assert.equal(kase.failure.type, byId.get(ids[0])!.category);
        for (const id of ids) {
          assert.ok(kase.failure['#text'].includes(`deviation ${id}`), `${kase.name} does not carry ${id}`);
          mentioned.add(id);
        }
        // A deviation several checks share is detailed once (issue 20 item 3): later cases point back to it.
        assert.ok(kase.failure['#text'].includes('reproduce:') || kase.failure['#text'].includes('under the first test case that reports it'), kase.name);
      });
      assert.deepEqual([...mentioned].sort(), report.deviations.map((d) => d.id).sort(), 'every deviation shows up as a failure');
    });
  });
});
