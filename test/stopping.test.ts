// Issue 21 item 5 and issue 20 item 7: stopping stops. After Ctrl-C, SIGTERM or a spent
// --max-requests, queued requests never wait for their rate slot: at --rate 1 (hundreds of checks
// queued) the run ends within 3 s, writes its partial report and exits 3. A Ctrl-C during the
// reachability probe, and a target that cannot be reached, also leave their own report (item 6),
// which replaces reports/latest.
import { strict as assert } from 'node:assert';
import { EventEmitter, once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { readReport } from '../src/reporters/json.ts';
import { STACK_LINE, removeTemps, show, spawnCli, tempDir, type RunningCli } from './helpers/cli.ts';
import { closedPort } from './helpers/ports.ts';

const KEY = 'stop-test-key';
const SECRET = 'stop-test-secret';
const CREDS = ['--api-key', KEY, '--api-secret', SECRET, '--environment', 'development', '--no-progress'];

/** A loopback server that emits 'request' (with the count so far) for each request, then forwards it to `target` or, with no target, never answers. */
async function countingServer(target?: string): Promise<{ url: string; events: EventEmitter; count: () => number; close(): Promise<void> }> {
  const events = new EventEmitter();
  let count = 0;
  const server = http.createServer(async (req, res) => {
    events.emit('request', ++count);
    if (!target) return; // held open: the client's own deadline or abort ends it
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const answer = await fetch(target + req.url, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const headers = Object.fromEntries([...answer.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)));
      res.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    count: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve()) && server.closeAllConnections()),
  };
}

/** Resolves once the server has seen `n` requests. */
async function requestsSeen(events: EventEmitter, count: () => number, n: number): Promise<void> {
  while (count() < n) await once(events, 'request');
}

async function stopped(run: RunningCli): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await run.exited;
}

describe('stopping stops (issue 21 item 5)', function () {
  this.timeout(60_000);
  let reference: ReferenceServer;

  before(async () => {
    reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }], environment: 'development' });
  });

  after(async () => {
    await reference?.close();
    removeTemps();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} at --rate 1: exit 3 and a partial report within 3 s`, async () => {
      const server = await countingServer(reference.url);
      const dir = join(tempDir(), 'out');
      const run = spawnCli(['run', '--target', server.url, ...CREDS, '--rate', '1', '--report-dir', dir]);
      try {
        // Probe, preflight, then the first check's request: hundreds more are queued for their slot.
        await requestsSeen(server.events, server.count, 3);
        const sentAt = performance.now();
        run.child.kill(signal);
        const result = await run.exited;
        const ms = performance.now() - sentAt;
        assert.equal(result.code, 3, show(result));
        assert.ok(ms < 3000, `exited ${Math.round(ms)} ms after ${signal}`);
        assert.doesNotMatch(result.stderr, STACK_LINE);
        const report = readReport(join(dir, 'report.json'));
        assert.equal(report.complete, false);
        assert.deepEqual(report.incomplete, ['interrupted']);
        assert.equal(report.verdict, 'incomplete');
        assert.ok(report.summary.checks > 100 && report.summary.passed < report.summary.checks, `${report.summary.passed} of ${report.summary.checks} checks passed`);
        assert.ok(server.count() <= 6, `${server.count()} requests reached the target after the stop`);
      } finally {
        await stopped(run);
        await server.close();
      }
    });
  }

  it('a spent --max-requests at --rate 1: the queue does not wait for its slots, exit 3 within 3 s of the last request', async () => {
    const server = await countingServer(reference.url);
    const dir = join(tempDir(), 'out');
    const run = spawnCli(['run', '--target', server.url, ...CREDS, '--rate', '1', '--max-requests', '3', '--report-dir', dir]);
    try {
      await requestsSeen(server.events, server.count, 3);
      const lastAt = performance.now();
      const result = await run.exited;
      const ms = performance.now() - lastAt;
      assert.equal(result.code, 3, show(result));
      assert.ok(ms < 3000, `exited ${Math.round(ms)} ms after the last request`);
      const report = readReport(join(dir, 'report.json'));
      assert.deepEqual(report.incomplete, ['budget']);
      assert.equal(report.requests, 3);
    } finally {
      await stopped(run);
      await server.close();
    }
  });

  it('Ctrl-C twice: the second still writes what the run has, exit 3', async () => {
    const server = await countingServer(reference.url);
    const dir = join(tempDir(), 'out');
    const run = spawnCli(['run', '--target', server.url, ...CREDS, '--rate', '1', '--report-dir', dir]);
    try {
      await requestsSeen(server.events, server.count, 3);
      run.child.kill('SIGINT');
      await run.waitFor(/interrupted: finishing/);
      run.child.kill('SIGINT');
      const result = await run.exited;
      assert.equal(result.code, 3, show(result));
      assert.doesNotMatch(result.stderr, STACK_LINE);
      assert.equal(readReport(join(dir, 'report.json')).complete, false);
    } finally {
      await stopped(run);
      await server.close();
    }
  });

  it('Ctrl-C during the reachability probe (issue 20 item 7): the partial report is written, exit 3', async () => {
    const silent = await countingServer(); // accepts, never answers: the probe waits on it
    const cwd = tempDir();
    const run = spawnCli(['run', '--target', silent.url, ...CREDS, '--timeout', '30000'], { cwd });
    try {
      await requestsSeen(silent.events, silent.count, 1);
      const sentAt = performance.now();
      run.child.kill('SIGINT');
      const result = await run.exited;
      assert.equal(result.code, 3, show(result));
      assert.ok(performance.now() - sentAt < 3000, 'slow to stop');
      const report = readReport(join(cwd, 'reports/latest/report.json'));
      assert.equal(report.verdict, 'incomplete');
      assert.equal(report.summary.passed, 0);
      assert.match(result.stdout, /INCOMPLETE/);
    } finally {
      await stopped(run);
      await silent.close();
    }
  });
});

describe('a failed run never leaves a stale verdict (issue 21 item 6)', function () {
  this.timeout(60_000);
  after(removeTemps);

  it('an unreachable target: its own report (NO VERDICT, the cause) replaces reports/latest, exit 3', async () => {
    const cwd = tempDir();
    // Last night's CONFORMANT, as reports/latest.
    mkdirSync(join(cwd, 'reports/latest'), { recursive: true });
    writeFileSync(join(cwd, 'reports/latest/report.json'), JSON.stringify({ verdict: 'conformant' }));
    writeFileSync(join(cwd, 'reports/latest/summary.md'), 'CONFORMANT');
    const port = await closedPort();
    const run = spawnCli(['run', '--target', `http://127.0.0.1:${port}`, ...CREDS], { cwd });
    const result = await run.exited;
    assert.equal(result.code, 3, show(result));
    assert.match(result.stderr, /unreachable/);
    assert.doesNotMatch(result.stderr, STACK_LINE);
    const report = readReport(join(cwd, 'reports/latest/report.json'));
    assert.equal(report.verdict, 'no-verdict');
    assert.match(report.verdictReason!, /unreachable.*connection refused/);
    assert.equal(report.summary.passed, 0);
    for (const file of ['report.html', 'junit.xml', 'summary.md']) assert.ok(existsSync(join(cwd, 'reports/latest', file)), file);
    assert.doesNotMatch(readFileSync(join(cwd, 'reports/latest/summary.md'), 'utf8'), /\bCONFORMANT\b/);
  });
});
