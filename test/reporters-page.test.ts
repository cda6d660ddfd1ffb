// report.html in real Chromium at desktop (1400 px) and phone (420 px) widths: no horizontal
// overflow on a phone, Expected and Actual shown in full, problems sorted by severity with the
// baseline's new problems first, deviations in problem order, rule ids that jump to their text,
// counts that add up, nothing loaded from the network. Screenshots go to reports/screenshots/
// (git-ignored).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { Deviation, Report } from '../src/findings/model.ts';
import { groupProblems } from '../src/findings/problems.ts';
import { diffReports } from '../src/reporters/diff.ts';
import { summarize, verdictOf, verdictReason } from '../src/reporters/summary.ts';
import { writeReports } from '../src/reporters/write.ts';
import { sampleReport } from './helpers/sample-report.ts';
import { openReportBrowser } from './helpers/browser.ts';
import { REPO_ROOT } from './helpers/cli.ts';

const SHOTS = join(REPO_ROOT, 'reports', 'screenshots');
const LONG_ACTUAL = `answered 400 ${'with identifier VALIDATION_ERROR and the message "the value is not one of the allowed ones" '.repeat(4)}end-of-actual`;

/** The sample with more deviations (one problem of five, a long Actual) and a baseline that knew only one problem. */
function pageReport(): Report {
  const report = sampleReport();
  const base = report.deviations[1];
  const family: Deviation[] = ['sex', 'locale', 'country', 'documents', 'tokenType'].map((field, i) => ({
    ...base,
    id: `e${i}${'0'.repeat(14)}`,
    field,
    expected: `BAD_VALUE (${field} must be equal to one of the allowed values)`,
    actual: i === 0 ? LONG_ACTUAL : 'VALIDATION_ERROR (HTTP 400)',
  }));
  family[0] = { ...family[0], actual: 'VALIDATION_ERROR (HTTP 400)' };
  const lone = { ...report.deviations[0], id: 'f'.repeat(16), field: 'lastName', actual: LONG_ACTUAL };
  report.deviations = [...report.deviations, ...family, lone].sort((a, b) => (a.id < b.id ? -1 : 1));
  const checks = report.checks!;
  report.problems = groupProblems(report.deviations, checks);
  report.summary = summarize(report.deviations, checks, report.inconclusive, report.problems.length);
  report.verdict = verdictOf(report);
  report.verdictReason = verdictReason(report);
  const before = { ...sampleReport(), deviations: [sampleReport().deviations[2]] };
  delete before.problems;
  report.baseline = diffReports(report, before, 'reports/nightly/report.json');
  return report;
}

describe('report.html at desktop and phone widths (Chromium)', function () {
  this.timeout(60_000);
  let context: BrowserContext;
  let page: Page;
  let offsite: string[] = [];
  let pageErrors: string[] = [];
  let url: string;
  let report: Report;
  let dir: string;

  before(async () => {
    ({ context, page, offsite, pageErrors } = await openReportBrowser());
    dir = mkdtempSync(join(tmpdir(), 'ivs-page-'));
    report = pageReport();
    writeReports(report, dir, { formats: ['html'] });
    url = pathToFileURL(join(dir, 'report.html')).href;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('1400 px: problems ranked with new ones first, deviations in problem order, full Expected and Actual, rule links, counts', async () => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(url);
    const articles = page.locator('article.problem');
    assert.equal(await articles.count(), report.problems!.length);
    const fresh = new Set(report.baseline!.problems!.new);
    assert.ok(fresh.size > 0 && fresh.size < report.problems!.length, 'the baseline makes some problems new');
    const order = await articles.evaluateAll((els) => els.map((e) => e.getAttribute('data-problem')!));
    const firstOld = order.findIndex((id) => !fresh.has(id));
    assert.ok(order.slice(0, firstOld).every((id) => fresh.has(id)) && order.slice(firstOld).every((id) => !fresh.has(id)), 'new problems first');
    const severity = new Map(report.problems!.map((p) => [p.id, p.severity]));
    for (const part of [order.slice(0, firstOld), order.slice(firstOld)]) {
      for (let i = 1; i < part.length; i++) assert.ok(severity.get(part[i - 1])! <= severity.get(part[i])!, 'by severity within new and old');
    }
    assert.ok(await page.locator('#new-problems').isVisible());
    const newTop = await page.evaluate(() => document.getElementById('new-problems')!.getBoundingClientRect().top);
    const baselineTop = await page.evaluate(() => document.getElementById('baseline')!.getBoundingClientRect().top);
    assert.ok(newTop < baselineTop);

    // Deviation rows follow the problem order.
    const rowProblems = await page.locator('tr.deviation').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-problem')!));
    const rank = (id: string) => order.indexOf(id);
    for (let i = 1; i < rowProblems.length; i++) assert.ok(rank(rowProblems[i - 1]) <= rank(rowProblems[i]), 'rows sorted by problem');

    // Expected and Actual in full, not clipped.
    const cell = page.locator(`tbody#deviation-${'f'.repeat(16)} td[data-label="Actual"]`);
    assert.equal((await cell.textContent())!.trim(), LONG_ACTUAL);
    assert.ok(await cell.evaluate((td) => td.scrollWidth <= td.clientWidth + 1 && getComputedStyle(td).textOverflow !== 'ellipsis'));

    // A rule id leads to its text.
    const link = page.locator('tr.deviation a[href^="#rule-"]').first();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    assert.equal(new URL(page.url()).hash, href);
    const target = page.locator(href);
    assert.ok(await target.isVisible());
    assert.ok(await target.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight));

    // The cards add up.
    const count = async (name: string) => Number(await page.locator(`[data-count="${name}"]`).textContent());
    assert.equal(await count('checks'), (await count('passed')) + (await count('failed')) + (await count('inconclusive')));
    assert.equal(await count('problems'), report.problems!.length);
    await page.screenshot({ path: join(SHOTS, 'report-1400.png'), fullPage: true });
  });

  it('420 px: no horizontal overflow, readable chart labels, details open without overflow', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    await page.goto(url);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, `page is ${await overflow()} px wider than the screen`);
    const labels = page.locator('.bar-label');
    assert.ok((await labels.count()) > 0);
    for (const size of await labels.evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)))) assert.ok(size >= 12, `chart label ${size}px`);
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)));
    assert.ok(widest <= 420.5, `an element reaches x=${widest}`);
    // Open every deviation's details (long curl commands, bodies): still no overflow.
    for (const row of await page.locator('tr.deviation').all()) await row.click();
    assert.ok((await overflow()) <= 0, `with details open the page is ${await overflow()} px too wide`);
    assert.equal((await page.locator(`tbody#deviation-${'f'.repeat(16)} td[data-label="Actual"]`).textContent())!.trim(), LONG_ACTUAL);
    await page.screenshot({ path: join(SHOTS, 'report-420.png'), fullPage: true });
    assert.deepEqual(offsite, []);
    assert.deepEqual(pageErrors, []);
  });
});
