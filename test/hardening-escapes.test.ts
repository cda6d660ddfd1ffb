// Issue 20 item 4: a target that echoes the credentials it receives (near misses included) as HTML
// entities (&amp; &#x..; &#..;), JSON escapes (\/, \u0026, \uXXXX for every character), mixed
// forms and half URL-encoded, in bodies, header values and header names: no output of the run
// holds any of them (terminal, summary.md, report.json, report.html, junit.xml, the HAR).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { echoEscaped, escapedForms } from './helpers/hostile/behaviours.ts';

const KEY = 'esc-key-77';
const SECRET = 'sec/r&t<9>"q';

const swapCase = (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

describe('hardening: escaped forms of secrets (issue 20 item 4)', function () {
  this.timeout(120_000);
  let target: HostileServer;
  let outputs: { name: string; text: string }[] = [];

  before(async () => {
    target = await startHostile(echoEscaped());
    const dir = join(tempDir(), 'out');
    const har = join(dir, 'run.har');
    const result = await runCliInProcess(
      ['run', '--no-preflight', '--target', target.url, '--environment', 'development', '--grep', '^auth', '--runs', '1', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200', '--har', har],
      { env: { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET } },
    );
    assert.equal(result.code, 1, show(result));
    outputs = [
      { name: 'stdout', text: result.stdout },
      { name: 'stderr', text: result.stderr },
      ...filesUnder(dir).map((path) => ({ name: path, text: readFileSync(path, 'utf8') })),
    ];
    assert.ok(outputs.some((o) => o.name.endsWith('run.har')) && outputs.some((o) => o.name.endsWith('summary.md')));
  });
  after(async () => {
    await target?.close();
    removeTemps();
  });

  it('the attack reached the outputs: echoed answers are quoted, redacted', () => {
    const json = outputs.find((o) => o.name.endsWith('report.json'))!.text;
    assert.match(json, /<redacted>/);
    const har = JSON.parse(outputs.find((o) => o.name.endsWith('run.har'))!.text);
    const names = har.log.entries.flatMap((e: { response: { headers: { name: string }[] } }) => e.response.headers.map((h) => h.name));
    assert.ok(names.some((n: string) => n.startsWith('x-') && n.includes('<redacted>')), `header names: ${[...new Set(names)].join(', ')}`);
  });

  const secrets: [string, string][] = [
    ['the API secret', SECRET],
    ['the API key', KEY],
    ['key:secret', `${KEY}:${SECRET}`],
    ['the secret case-swapped (a near miss the auth suite sends)', swapCase(SECRET)],
    ['the secret without its last character (sent)', SECRET.slice(0, -1)],
    ['the key case-swapped (sent)', swapCase(KEY)],
  ];
  for (const [label, secret] of secrets) {
    it(`no output holds ${label} in any escaped form (header names included)`, () => {
      for (const form of [secret, ...escapedForms(secret)]) {
        for (const output of outputs) {
          assert.ok(!output.text.toLowerCase().includes(form.toLowerCase()), `${output.name} holds ${JSON.stringify(form)} (${label})`);
        }
      }
    });
  }
});
