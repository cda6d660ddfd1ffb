// A headless Chromium for tests of the report page: a fresh profile, no network but file:// (any
// other request is aborted and recorded), and page errors recorded. The browser is the one on PATH
// or at CHROMIUM_PATH (no browser is downloaded); without one, the test fails with one line saying
// how to install it.
import { accessSync, constants, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
export const INSTALL_HINT = 'install Chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An error mocha prints as its message alone: the hint is the whole story, a stack adds nothing. */
function oneLineError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

/** CHROMIUM_PATH when set (it must be executable), else the first Chromium or Chrome on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) throw oneLineError(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: ${INSTALL_HINT}`);
    return env.CHROMIUM_PATH;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  throw oneLineError(`no Chromium on PATH: ${INSTALL_HINT}`);
}

/** Where a test saves a screenshot: reports/screenshots/ of the repository (git-ignored). */
export function screenshotPath(name: string): string {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../reports/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export interface ReportBrowser {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to reach that are not file:// (must stay empty). */
  offsite: string[];
  pageErrors: string[];
}

export async function openReportBrowser(): Promise<ReportBrowser> {
  const executablePath = findChromium();
  // launch() refuses --user-data-dir in args; the persistent context is Playwright's way to pass it.
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ivs-chromium-')), {
    executablePath,
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
