// Issue 20 item 1: a reproduction is safe to paste whatever the target put in a value it copies
// into a later request. The target creates every verification with a planted scanRef (quotes,
// $(…), backticks, a newline, curl options); the printed chain, pasted into a real bash in an empty
// directory, must create no file and send the target the very bytes the run sent.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile/server.ts';
import { plantScanRef, PLANTED_VALUES, type PlantedRequest } from './helpers/hostile/behaviours.ts';

const ENV = { IVS_API_KEY: 'paste-key', IVS_API_SECRET: 'paste-secret' };
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function bash(script: string, cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { PATH: process.env.PATH, ...ENV }, cwd, encoding: 'utf8', timeout: 30_000 });
  return stdout;
}

interface Reproduced {
  id: string;
  reproduce?: string;
}

const cases: [string, string][] = [
  ['every planted value at once', PLANTED_VALUES.join('')],
  ['a lone quote closing the shell string', `x' -o ivs-pwn-lone '`],
  ['quotes the old text splice matched across quoting', `' -o ivs-pwn-split '`],
  ['bidi and line-separator characters (the pipe route)', `n\n\u202e\u2028\u001b[2J' -o ivs-pwn-esc '`],
];

describe('hardening: reproductions safe to paste (issue 20 item 1)', function () {
  this.timeout(120_000);
  after(() => removeTemps());

  for (const [label, planted] of cases) {
    describe(label, () => {
      let target: HostileServer;
      const received: PlantedRequest[] = [];
      let stdout = '';
      let chains: Reproduced[] = [];
      let all: Reproduced[] = [];
      before(async () => {
        target = await startHostile(plantScanRef(planted, received));
        const dir = join(tempDir(), 'out');
        const result = await runCliInProcess(
          ['run', '--no-preflight', '--target', target.url, '--environment', 'development', '--grep', 'dummy-sessions', '--runs', '1', '--max-requests', '200', '--report-dir', dir, '--no-progress', '--webhook-timeout', '200'],
          { env: ENV },
        );
        assert.equal(result.code, 1, show(result));
        stdout = result.stdout;
        all = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).deviations;
        chains = all.filter((d) => d.reproduce?.includes('SCAN_REF=$(')).slice(0, 3);
        assert.ok(chains.length > 0, `no chained reproduction:\n${all.map((d) => d.reproduce).join('\n')}`);
      });
      after(() => target?.close());

      it('no reproduction and no line on the terminal carries a raw control or bidi character', () => {
        for (const d of all) if (d.reproduce) assert.doesNotMatch(d.reproduce, RAW_CONTROL, d.reproduce);
        assert.doesNotMatch(stdout, RAW_CONTROL);
      });

      it('pasted into bash: no file appears and the target gets the bytes the run sent', async () => {
        for (const { reproduce } of chains) await pasteOne(reproduce!);
      });

      async function pasteOne(chain: string): Promise<void> {
        const sentByRun = received.filter((r) => r.url === '/api/v2/add-dummy-status').map((r) => r.body.toString('latin1'));
        assert.ok(sentByRun.length > 0);
        const cwd = tempDir('ivs-paste-');
        const before = received.length;
        await bash(chain, cwd).catch((error: Error) => error.message);
        assert.deepEqual(readdirSync(cwd), [], 'the pasted chain created a file');
        for (const f of readdirSync('/tmp').filter((n) => n.startsWith('ivs-pwn'))) assert.fail(`/tmp/${f} was created`);
        const pasted = received.slice(before);
        assert.equal(pasted.length, 2, `expected create + deviant request, got ${pasted.map((r) => r.url).join(', ')}`);
        assert.equal(pasted[0].url, '/api/v2/token');
        assert.equal(pasted[1].url, '/api/v2/add-dummy-status');
        const body = pasted[1].body.toString('latin1');
        assert.ok(sentByRun.includes(body), `the pasted request sent ${JSON.stringify(body)}, not one of the run's bodies`);
        assert.equal(JSON.parse(pasted[1].body.toString('utf8')).scanRef, planted);
      }
    });
  }
});
