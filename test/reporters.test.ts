import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BrowserContext, Page } from 'playwright-core';
import { CATEGORIES, type Report } from '../src/findings/model.ts';
import { diffReports, exitCodeFor } from '../src/reporters/diff.ts';
import { readReport, REPORT_SCHEMA_PATH } from '../src/reporters/json.ts';
import { toJUnit } from '../src/reporters/junit.ts';
import { toMarkdown } from '../src/reporters/markdown.ts';
import { mergeReports } from '../src/reporters/merge.ts';
import { summarize, verdictOf } from '../src/reporters/summary.ts';
import { publishLatest, writeReports } from '../src/reporters/write.ts';
import { sampleReport, sampleShards } from './helpers/sample-report.ts';
import { openReportBrowser, screenshotPath } from './helpers/browser.ts';

const temps: string[] = [];
const temp = () => {
  temps.push(mkdtempSync(join(tmpdir(), 'ivs-reporters-')));
  return temps[temps.length - 1];
};
const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'));

/** The same report with other deviation ids (and counts to match). */
function withIds(ids: string[]): Report {
  const report = sampleReport();
  report.deviations = ids.map((id, i) => ({ ...report.deviations[i], id }));
  report.summary = summarize(report.deviations, report.checks ?? [], report.inconclusive);
  delete report.problems; // recomputed from the deviations where needed
  return report;
}

describe('reporters', () => {
  after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('report.json', () => {
    it('written by writeReports, validates against report.schema.json', () => {
      const dir = temp();
      const paths = writeReports(sampleReport(), dir);
      assert.deepEqual(paths.map((p) => p.slice(dir.length + 1)).sort(), ['junit.xml', 'report.html', 'report.json', 'summary.md']);
      const ajv = new Ajv2020({ allErrors: true });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      const written = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      assert.ok(validate(written), ajv.errorsText(validate.errors));
      assert.deepEqual(readReport(join(dir, 'report.json')), sampleReport());
    });

    it('schema categories are exactly those of the model', () => {
      assert.deepEqual(schema.$defs.category.enum, [...CATEGORIES]);
    });

    it('readReport rejects a broken, missing or non-JSON file with one line', () => {
      const dir = temp();
      const broken = sampleReport() as Partial<Report>;
      delete (broken.summary as Partial<Report['summary']>).checks;
      writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
      writeFileSync(join(dir, 'text.json'), 'not json {');
      for (const [file, pattern] of [
        ['broken.json', /^not a report\.json: .*broken\.json: \/summary must have required property 'checks'$/],
        ['text.json', /^not a report\.json: .*text\.json: .*JSON/],
        ['missing.json', /^not a report\.json: .*missing\.json: ENOENT/],
      ] as const) {
        assert.throws(() => readReport(join(dir, file)), (err: Error) => {
          assert.match(err.message, pattern);
          assert.doesNotMatch(err.message, /\n/);
          return true;
        });
      }
    });
  });

  describe('junit.xml', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
    const parse = (xml: string) => {
      assert.equal(XMLValidator.validate(xml), true);
      return parser.parse(xml).testsuites;
    };

    it('has one testcase per check, with failures and skipped counted', () => {
      const root = parse(toJUnit(sampleReport()));
      assert.equal(root.tests, '10');
      assert.equal(root.failures, '3');
      assert.equal(root.skipped, '2');
      const cases = root.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
      assert.equal(cases.length, 10);
      assert.equal(cases.filter((c: { failure?: unknown }) => c.failure).length, 3);
      assert.equal(cases.filter((c: { skipped?: unknown }) => c.skipped).length, 2);
      for (const s of root.testsuite) assert.equal(Number(s.tests), s.testcase.length);
    });

    it('failures carry expected, actual, the rule and the curl', () => {
      const report = sampleReport();
      const root = parse(toJUnit(report));
      const cases = root.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
      const failure = cases.find((c: { name: string }) => c.name === 'rejects over-long value firstName maxLength').failure;
      const d = report.deviations[0];
      assert.equal(failure.type, 'validation');
      assert.equal(failure.message, `expected ${d.expected} / actual ${d.actual}`);
      assert.ok(failure['#text'].includes('rule T2 (documented)'));
      assert.ok(failure['#text'].includes(d.reproduce!));
      const skipped = cases.find((c: { name: string }) => c.name === 'webhook signature verified').skipped;
      assert.equal(skipped.message, 'no public --webhook-url for a remote target');
    });

    it('survives XML-illegal characters and lists deviations that no check claims', () => {
      const report = sampleReport();
      report.deviations[1].actual = 'bad\u0000byte\u0007 \uFFFE lone \uD800 surrogate';
      delete report.checks; // an older report: only deviations and inconclusive
      const xml = toJUnit(report);
      assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uD800]/);
      const root = parse(xml);
      assert.equal(root.tests, '5');
      assert.equal(root.failures, '3');
      assert.equal(root.skipped, '2');
    });
  });

  describe('summary.md', () => {
    it('shows the verdict and every deviation, with | escaped', () => {
      const report = sampleReport();
      const md = toMarkdown(report);
      assert.match(md, /\*\*Verdict: DEVIATIONS FOUND\*\*/);
      for (const d of report.deviations) assert.ok(md.includes(d.check), d.check);
      assert.ok(md.includes('BAD\\_REQUEST \\| message'));
      const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('POST /api'));
      for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 11, row); // 9 cells, no stray separator
    });

    it('says so when there is nothing to report, and shows a baseline', () => {
      const report = sampleReport();
      report.deviations = [];
      report.summary = summarize([], report.checks!, report.inconclusive);
      report.verdict = verdictOf(report);
      report.baseline = diffReports(report, sampleReport(), 'reports/main/report.json');
      const md = toMarkdown(report);
      assert.match(md, /Verdict: CONFORMANT/);
      assert.match(md, /No deviations\./);
      assert.match(md, /\*\*0 new\*\*, 3 resolved, 0 persisting/);
    });
  });

  describe('baseline', () => {
    it('sorts deviation ids into new, resolved and persisting', () => {
      const a = withIds(['x', 'p']);
      const b = withIds(['y', 'p']);
      const diff = diffReports(b, a, 'a.json');
      assert.deepEqual({ ...diff, problems: undefined }, { baseline: 'a.json', new: ['y'], resolved: ['x'], persisting: ['p'], problems: undefined });
      // Per problem too: y and x are other deviations of the same root causes as before, so no problem is new.
      assert.deepEqual({ new: diff.problems!.new, resolved: diff.problems!.resolved, persisting: diff.problems!.persisting.length }, { new: [], resolved: [], persisting: 2 });
    });

    it('exitCodeFor fails on new deviations only with failOn new', () => {
      const a = withIds(['x', 'p']);
      const b = withIds(['y', 'p']);
      b.baseline = diffReports(b, a, 'a.json');
      assert.equal(exitCodeFor(b, 'new'), 1);
      assert.equal(exitCodeFor(b, 'any'), 1);
      const same = withIds(['x', 'p']);
      same.baseline = diffReports(same, a, 'a.json');
      assert.equal(exitCodeFor(same, 'new'), 0);
      assert.equal(exitCodeFor(same, 'any'), 1);
      const clean = withIds([]);
      assert.equal(exitCodeFor(clean, 'any'), 0);
    });
  });

  describe('merge', () => {
    it('merges two shards back into the whole run, whatever their order', () => {
      const [one, two] = sampleShards();
      // Commands are not taken from shards (untrusted files): they are rebuilt from each deviation's request.
      const withoutCommands = (r: Report) => ({
        ...r,
        deviations: r.deviations.map(({ reproduce: _r, webhook: _w, ...d }) => d),
        problems: r.problems?.map(({ reproduce: _r, ...p }) => p),
      });
      const merged = mergeReports([one, two]);
      assert.deepEqual(withoutCommands(merged), withoutCommands(sampleReport()));
      assert.deepEqual(withoutCommands(mergeReports([two, one])), withoutCommands({ ...sampleReport(), inconclusive: [...two.inconclusive, ...one.inconclusive] }));
      for (const d of merged.deviations.filter((x) => x.request && x.category !== 'auth')) assert.match(d.reproduce ?? '', /^# rebuilt from the shard report's request data[^\n]*\ncurl /);
    });

    it('flags a missing shard as incomplete, and refuses shards of different runs', () => {
      const [one, two] = sampleShards();
      assert.equal(mergeReports([one]).complete, false);
      assert.throws(() => mergeReports([one, { ...two, seed: 7 }]), /^Error: cannot merge shards of different runs: seed 424242 vs 7$/);
      assert.throws(() => mergeReports([one, { ...two, target: { ...two.target, url: 'http://other' } }]), /different runs: target/);
    });
  });

  describe('writing', () => {
    it('throws one line naming the path when the directory is a file', () => {
      const file = join(temp(), 'occupied');
      writeFileSync(file, '');
      assert.throws(() => writeReports(sampleReport(), file), (err: Error) => err.message.includes(file) && !err.message.includes('\n'));
    });

    it('publishLatest replaces the previous latest/', () => {
      const root = temp();
      mkdirSync(join(root, 'latest'));
      writeFileSync(join(root, 'latest', 'stale.txt'), 'old run');
      const run = join(root, '2025-01-14T09-30-00');
      writeReports(sampleReport(), run, { formats: ['json', 'md'] });
      publishLatest(run, root);
      assert.deepEqual(readdirSync(join(root, 'latest')).sort(), ['report.json', 'summary.md']);
      assert.deepEqual(readdirSync(root).sort(), ['2025-01-14T09-30-00', 'latest']);
    });
  });

  describe('report.html in headless Chromium', function () {
    this.timeout(60_000);
    let context: BrowserContext;
    let page: Page;
    let offsite: string[] = [];
    let pageErrors: string[] = [];

    before(async () => {
      ({ context, page, offsite, pageErrors } = await openReportBrowser());
    });

    after(async () => {
      await context?.close();
    });

    const visible = async (category: string) => page.locator(`tr.deviation[data-category="${category}"]`).isVisible();

    it('shows the verdict and deviations, filters them, and makes no network request', async () => {
      const report = sampleReport();
      const [first, second, third] = report.deviations.map((d) => d.id);
      report.baseline = diffReports(report, withIds(['0a0a0a0a0a0a0a0a', second, third]), 'reports/main/report.json');
      const dir = temp();
      writeReports(report, dir, { formats: ['html'] });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);

      const verdict = page.locator('#verdict');
      assert.ok(await verdict.isVisible());
      assert.equal(await verdict.textContent(), 'DEVIATIONS FOUND');
      assert.equal(await verdict.getAttribute('data-verdict'), 'deviations');
      assert.equal(await page.locator('tr.deviation').count(), 3);
      assert.ok(await visible('validation'));
      assert.equal(await page.locator('img').count(), 0, 'the hostile response body must stay text');

      await page.fill('#filter', 'malformed');
      assert.ok(await visible('server-error'));
      assert.equal(await visible('validation'), false);
      assert.equal(await visible('error-identifier'), false);

      await page.fill('#filter', '');
      await page.selectOption('#category-filter', 'error-identifier');
      assert.ok(await visible('error-identifier'));
      assert.equal(await visible('validation'), false);
      assert.equal(await visible('server-error'), false);

      await page.selectOption('#category-filter', '');
      const details = page.locator('tr.detail details').first();
      await details.locator('summary').click();
      assert.ok(await details.locator('pre[id^="curl-"]').isVisible());
      await details.locator('button.copy').click();
      // The handler awaits the clipboard before it relabels the button: wait for the label, up to 5 s.
      await page.waitForFunction(() => /Copied|Selected/.test(document.querySelector('tr.detail button.copy')?.textContent ?? ''), undefined, { timeout: 5000 }).catch(() => undefined);
      assert.match((await details.locator('button.copy').textContent()) ?? '', /Copied|Selected/);

      const baseline = page.locator('#baseline');
      assert.ok(await baseline.isVisible());
      for (const text of ['New (1)', 'Resolved (1)', 'Persisting (2)', first, '0a0a0a0a0a0a0a0a']) {
        assert.ok((await baseline.textContent())!.includes(text), text);
      }

      mkdirSync('reports', { recursive: true });
      await page.screenshot({ path: screenshotPath('report-page.png'), fullPage: true });
      assert.deepEqual(offsite, []);
      assert.deepEqual(pageErrors, []);
    });

    it('renders an empty report gracefully, and says a run of no check proves nothing', async () => {
      const report = sampleReport();
      Object.assign(report, { deviations: [], inconclusive: [], checks: [], baseline: undefined, problems: [], verdictReason: undefined });
      report.summary = summarize([], [], []);
      report.verdict = verdictOf(report);
      const dir = temp();
      writeReports(report, dir, { formats: ['html'] });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      assert.equal(await page.locator('#verdict').getAttribute('data-verdict'), 'no-verdict');
      assert.equal(await page.locator('#verdict').textContent(), 'NO VERDICT');
      assert.match((await page.locator('#verdict-reason').textContent())!, /no check ran/);
      assert.ok(await page.getByText('No deviations.').isVisible());
      assert.deepEqual(offsite, []);
      assert.deepEqual(pageErrors, []);
    });
  });
});
