// Issue 20 item 3: reports stay bounded whatever the target sends. A target answering every request
// with a JSON error whose identifier and message are a megabyte each (and one answering 1 MB
// bodies): the report folder (HAR included) stays under 20 MB and the process under 300 MB, with
// and without --har; every quoted value is cut with its length and a hash; a deviation many checks
// share is detailed once in junit.xml. The figures come from the real command (src/bench/hostile-bench.ts).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTILE_TARGETS, hostileCase, type HostileCase } from '../src/bench/hostile-bench.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachRecorder, MAX_REMEMBERED_SCAN_REF_CHARS } from '../src/engine/recorder.ts';
import { Transport } from '../src/engine/transport.ts';
import { MAX_QUOTED_CHARS } from '../src/reporters/bound.ts';

const MAX_REQUESTS = 40;

describe('hardening: reports bounded against megabyte answers (issue 20 item 3)', function () {
  this.timeout(240_000);
  const work = mkdtempSync(join(tmpdir(), 'ivs-bounds-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  const runs: [HostileCase['answer'], boolean][] = [
    ['megabyte identifiers', false],
    ['megabyte identifiers', true],
    ['big body', true],
  ];
  for (const [answer, har] of runs) {
    it(`${answer}${har ? ' with --har' : ''}: report folder < ${HOSTILE_TARGETS.bigBodiesReportMb} MB, peak memory < ${HOSTILE_TARGETS.bigBodiesPeakRssMb} MB`, async () => {
      const dir = join(work, `${answer.replace(/ /g, '-')}-${har}`);
      const figures = await hostileCase(answer, har, dir, 7, MAX_REQUESTS, true, ['--webhook-timeout', '200', '--concurrency', '4']); // (the bench measures the default concurrency)
      assert.ok(figures.exitCode === 1 || figures.exitCode === 3, JSON.stringify(figures)); // deviations, or incomplete at the request budget
      assert.ok((figures.requests ?? 0) >= MAX_REQUESTS - 5, `the attack ran: ${JSON.stringify(figures)}`);
      assert.ok(figures.reportMb < HOSTILE_TARGETS.bigBodiesReportMb, `reports ${figures.reportMb} MB`);
      assert.ok(figures.peakRssMb < HOSTILE_TARGETS.bigBodiesPeakRssMb, `peak memory ${figures.peakRssMb} MB`);
      if (answer !== 'megabyte identifiers') return;
      const report = JSON.parse(readFileSync(join(dir, 'reports', 'report.json'), 'utf8'));
      const quoted = [...report.deviations.flatMap((d: { actual: string }) => [d.actual]), ...report.inconclusive.map((i: { reason: string }) => i.reason)];
      const cut = quoted.filter((q: string) => /… \[cut: \d+ characters, sha256 [0-9a-f]{16}\]$/.test(q));
      assert.ok(cut.length > 0, 'some quoted value was cut with its length and hash');
      for (const q of quoted) assert.ok(q.length <= MAX_QUOTED_CHARS + 80, `a quoted value of ${q.length} characters`);
      const junit = readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8');
      for (const d of report.deviations as { id: string }[]) {
        const detailed = junit.split(`deviation ${d.id}\n`).length - 1;
        assert.ok(detailed <= 1, `deviation ${d.id} detailed ${detailed} times in junit.xml`);
      }
      if (har) {
        const log = JSON.parse(readFileSync(join(dir, 'run.har'), 'utf8')).log;
        const cutBodies = log.entries.filter((e: { response: { content: { size: number; text?: string; comment?: string } } }) => e.response.content.size >= 1_000_000 && /^cut: /.test(e.response.content.comment ?? ''));
        assert.ok(cutBodies.length > 0, 'the HAR notes its cut bodies and their real size');
        for (const e of log.entries) assert.ok((e.response.content.text ?? '').length <= 4001);
      }
    });
  }
});

describe('hardening: megabyte identifiers are not kept for reproductions (issue 20 item 3)', () => {
  it('a created verification with a megabyte scanRef is not remembered; a short one is', async () => {
    const refs = ['S'.repeat(300_000), 'scan-ref-1'];
    let next = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ scanRef: refs[next++ % refs.length] })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/token`;
      const transport = new Transport();
      const authorization = 'Basic a2V5OnNlY3JldA==';
      const recorder = attachRecorder(transport, { validAuthorizations: new Map([[authorization, '$IVS_API_KEY:$IVS_API_SECRET']]), secrets: ['secret'] });
      for (let i = 0; i < 2; i++) assert.equal((await transport.send({ method: 'POST', url, headers: { authorization, 'content-type': 'application/json' }, body: '{}' })).kind, 'response');
      assert.deepEqual([...recorder.creators.keys()], ['scan-ref-1']);
      assert.ok(refs[0].length > MAX_REMEMBERED_SCAN_REF_CHARS);
    } finally {
      server.close();
    }
  });
});
