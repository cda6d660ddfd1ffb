// Debian's Chromium, headless, for tests of the report page: a fresh profile, no network but
// file:// (any other request is aborted and recorded), and page errors recorded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface ReportBrowser {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to reach that are not file:// (must stay empty). */
  offsite: string[];
  pageErrors: string[];
}

export async function openReportBrowser(): Promise<ReportBrowser> {
  // launch() refuses --user-data-dir in args; the persistent context is Playwright's way to pass it.
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ivs-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    viewport: { width: 1360, height: 900 },
  });
  const offsite: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return { context, page, offsite, pageErrors };
}
