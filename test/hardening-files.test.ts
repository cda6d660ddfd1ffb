// Issue 16 item 6: report files are written without following symlinks planted in --report-dir
// (a victim file elsewhere stays as it was; the report files are regular files).
import { strict as assert } from 'node:assert';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReport } from '../src/reporters/json.ts';
import { removeTemps, runCliInProcess, show, tempDir } from './helpers/cli.ts';

const PLANTED = ['report.json', 'junit.xml', 'report.html', 'summary.md', '.write-test'];

describe('hardening: symlinks planted in --report-dir (issue 16 item 6)', function () {
  this.timeout(120_000);
  after(removeTemps);

  it('a run writes its reports beside the planted links, never through them', async () => {
    const root = tempDir();
    const victim = join(root, 'victim.txt');
    writeFileSync(victim, 'VICTIM\n');
    const dir = join(root, 'out');
    mkdirSync(dir);
    for (const name of PLANTED) symlinkSync(victim, join(dir, name));

    const result = await runCliInProcess(['run', '--report-dir', dir, '--grep', '^auth', '--runs', '1', '--no-progress']);
    assert.ok(result.code === 0 || result.code === 1, show(result));
    assert.equal(readFileSync(victim, 'utf8'), 'VICTIM\n', 'the victim file was written through a planted link');
    for (const name of PLANTED.slice(0, 4)) assert.ok(lstatSync(join(dir, name)).isFile(), `${name} is not a regular file`);
    assert.ok(readReport(join(dir, 'report.json')).summary.checks > 0);
  });
});
