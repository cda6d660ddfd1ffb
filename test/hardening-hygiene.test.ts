// Issue 20 item 5: control and bidi characters a target sends (C0, C1, escape sequences, hyperlink
// escapes, bidi overrides and isolates) are neutralised in every line of every command — run,
// report, replay — and in report.html and junit.xml (shown as visible escapes, never obeyed).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTemps, runCliInProcess, show, tempDir, type CliResult } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { injectBidi } from './helpers/hostile/behaviours.ts';

const ENV = { IVS_API_KEY: 'bidi-key', IVS_API_SECRET: 'bidi-secret' };
/** What a terminal line must not hold (tab and newline aside). */
const TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What a file must not hold (its own line ends aside). */
const FILE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function assertClean(what: string, text: string, pattern: RegExp): void {
  const hit = pattern.exec(text);
  assert.ok(!hit, `${what} holds U+${hit?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, (hit?.index ?? 0) - 60), (hit?.index ?? 0) + 20))}`);
}

function assertQuietTerminal(what: string, result: CliResult): void {
  assertClean(`${what} stdout`, result.stdout, TERMINAL);
  assertClean(`${what} stderr`, result.stderr, TERMINAL);
}

describe('hardening: control and bidi characters neutralised everywhere (issue 20 item 5)', function () {
  this.timeout(120_000);
  let target: HostileServer;
  let dir = '';
  let run: CliResult;

  before(async () => {
    target = await startHostile(injectBidi());
    dir = join(tempDir(), 'out');
    run = await runCliInProcess(
      ['run', '--no-preflight', '--target', target.url, '--environment', 'development', '--grep', '^auth', '--runs', '1', '--max-requests', '40', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200'],
      { env: ENV },
    );
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  it('the attack reached the report: report.json quotes the raw text', () => {
    assert.equal(run.code, 1, show(run));
    assert.ok(readFileSync(join(dir, 'report.json'), 'utf8').includes('\\u202egnp.exe') || readFileSync(join(dir, 'report.json'), 'utf8').includes('\u202egnp.exe'));
  });

  it('run: no line on the terminal carries one; they are shown as escapes', () => {
    assertQuietTerminal('run', run);
    assert.match(run.stdout, /\\u\{202e\}gnp\.exe/);
  });

  for (const file of ['report.html', 'junit.xml', 'summary.md']) {
    it(`${file} carries none`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      assertClean(file, text, FILE);
      assert.match(text, /\\u\{202e\}gnp\.exe/, `${file} shows the override as an escape`);
    });
  }

  it('report (re-rendering report.json): terminal and files carry none', async () => {
    const again = join(tempDir(), 'again');
    const result = await runCliInProcess(['report', join(dir, 'report.json'), '--report-dir', again]);
    assert.equal(result.code, 0, show(result));
    assertQuietTerminal('report', result);
    for (const file of ['report.html', 'junit.xml', 'summary.md']) assertClean(file, readFileSync(join(again, file), 'utf8'), FILE);
  });

  it('replay: no line on the terminal carries one', async () => {
    const result = await runCliInProcess(['replay', join(dir, 'report.json')], { env: ENV });
    assert.ok(result.code === 1 || result.code === 3, show(result));
    assertQuietTerminal('replay', result);
    assert.match(result.stdout, /still failing/);
  });
});
