// `report --history DIR` over three nights of real runs of the embedded reference (faithful, then an
// alternate: drift, then a mutant: a regression), drawn in real Chromium at 1400 and 420 px: the
// uPlot trend renders from the inlined library (nothing loaded from the network), the table and
// the per-night changes say what happened, and nothing overflows a phone screen. The drift section
// of report.html is checked at both widths too. Screenshots go to reports/screenshots/.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { runConformance, type RunOptions } from '../src/reference/embedded.ts';
import { compareReports } from '../src/findings/drift.ts';
import { loadContract } from '../src/contract/load.ts';
import { writeReports } from '../src/reporters/write.ts';
import { openReportBrowser, screenshotPath } from './helpers/browser.ts';
import { runCliInProcess } from './helpers/cli.ts';

const BASE: RunOptions = {
  environment: 'development',
  profile: 'markid',
  seed: 1,
  runs: 2,
  rate: 0,
  concurrency: 16,
  timeoutMs: 10_000,
  allowProductionWrites: false,
  webhookTimeoutMs: 5_000,
  harness: 'direct',
  grep: /^token-defaults/,
};

describe('report --history: the trend of nightly runs (Chromium)', function () {
  this.timeout(120_000);
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let offsite: string[];
  let pageErrors: string[];
  let historyUrl: string;
  let reportUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivs-history-'));
    const nights = [
      await runConformance({ ...BASE, seed: 1 }),
      await runConformance({ ...BASE, seed: 2, alternates: ['locale-default-null'] }),
      await runConformance({ ...BASE, seed: 3, mutant: 'default-locale-lt' }),
    ];
    nights.forEach((report, i) => {
      report.startedAt = `2026-12-0${i + 1}T02:00:00.000Z`; // one run a night
      writeReports(report, join(dir, `night-${i + 1}`), { formats: ['json'] });
    });
    cpSync(join(dir, 'night-3'), join(dir, 'latest'), { recursive: true }); // as `run` publishes it: not a fourth night
    writeFileSync(join(dir, 'notes.json'), '{"not": "a report"}');
    const cli = await runCliInProcess(['report', '--history', dir]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /history\.html\n3 runs, 2026-12-01T02:00:00\.000Z → 2026-12-03T02:00:00\.000Z/);
    assert.match(cli.stderr, /skipped .*notes\.json/);
    historyUrl = pathToFileURL(join(dir, 'history.html')).href;

    // report.html with a drift section: the alternate night compared with the first.
    const withDrift = { ...nights[1], drift: compareReports(nights[0], nights[1], { beforeSource: 'night-1', afterSource: 'night-2', contract: await loadContract('markid') }) };
    mkdirSync(join(dir, 'page'));
    writeReports(withDrift, join(dir, 'page'), { formats: ['html'] });
    reportUrl = pathToFileURL(join(dir, 'page', 'report.html')).href;
    ({ context, page, offsite, pageErrors } = await openReportBrowser());
  });

  after(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [1400, 420]) {
    it(`${width} px: the trend is drawn, the nights and their changes are listed, nothing overflows or loads`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(historyUrl);
      await page.waitForSelector('#trend[data-ready="true"] canvas');
      const canvas = await page.locator('#trend canvas').boundingBox();
      assert.ok(canvas && canvas.width > 200 && canvas.width <= width, `chart ${canvas?.width} px wide`);
      assert.deepEqual(await page.locator('.u-legend .u-series .u-label').allTextContents(), ['Run', 'Checks', 'Deviations', 'Problems', 'Changes']);
      const rows = await page.locator('#trend-table tbody tr').allTextContents();
      assert.equal(rows.length, 3);
      const nights = page.locator('#changes .night');
      assert.equal(await nights.count(), 3);
      // Newest first: the mutant night regressed, the alternate night drifted, the first had nothing to compare with.
      assert.match((await nights.nth(0).textContent())!, /Regression[\s\S]*T5/);
      assert.match((await nights.nth(1).textContent())!, /Drift[\s\S]*\(T5\): body\.locale: "en" → null/);
      assert.match((await nights.nth(2).textContent())!, /first night/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow} px wider than the screen`);
      await page.screenshot({ path: screenshotPath(`history-${width}.png`), fullPage: true });

      await page.goto(reportUrl);
      const section = page.locator('section#drift');
      assert.ok(await section.isVisible());
      assert.match((await section.locator('#drift-counts').textContent())!, /\d+ drifts? · \d+ checks compared/);
      assert.equal(await section.locator('.drift-group').count(), 1, 'one default that moved is one group');
      assert.match((await section.locator('.drift-group h3').textContent())!, /Drift 3 checks · allowed by T5/);
      const differing = section.locator('.sxs .aspect.differs').first();
      assert.equal((await differing.textContent())!.trim(), 'body.locale');
      const reportOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(reportOverflow <= 0, `report.html is ${reportOverflow} px wider than the screen`);
      await section.screenshot({ path: screenshotPath(`report-drift-${width}.png`) });
      assert.deepEqual(offsite, []);
      assert.deepEqual(pageErrors, []);
    });
  }
});
