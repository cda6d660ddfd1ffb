// Transient trouble is the network's, never the target's: the faithful reference behind a fault proxy
// (latency, dropped connections, 503 and 429 bursts) is still found conformant, with zero deviations,
// and the report says how many retries it took and why.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.ts';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { readReport } from '../src/reporters/json.ts';
import { removeTemps, runCliInProcess, show, STACK_LINE, tempDir } from './helpers/cli.ts';

const KEY = 'reliability-key';
const SECRET = 'reliability-secret';
const KEY_2 = 'reliability-key-2';
const SECRET_2 = 'reliability-secret-2';

describe('reliability: a faithful target behind a fault proxy', function () {
  this.timeout(120_000);
  let reference: ReferenceServer;
  let proxy: FaultProxy;

  before(async () => {
    reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }, { key: KEY_2, secret: SECRET_2 }], environment: 'development' });
    proxy = await startFaultProxy({ target: reference.url, latencyMs: 20, dropRate: 0.05, burst503: 0.05, burst429: 0.05, seed: 20260101 });
  });
  after(async () => {
    await proxy?.close();
    await reference?.close();
    removeTemps();
  });

  it('is conformant with zero deviations; retries are counted, with their reasons', async () => {
    const cwd = tempDir('ivs-reliability-');
    const dir = join(cwd, 'out');
    const started = performance.now();
    const result = await runCliInProcess(
      ['run', '--target', proxy.url, '--api-key', KEY, '--api-secret', SECRET, '--api-key-2', KEY_2, '--api-secret-2', SECRET_2, '--environment', 'development', '--seed', '77',
        '--report-dir', dir, '--no-progress'],
      { cwd },
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.code, 0, show(result));
    assert.doesNotMatch(result.stderr, STACK_LINE);

    const report = readReport(join(dir, 'report.json'));
    assert.equal(report.verdict, 'conformant', JSON.stringify(report.deviations.slice(0, 3), null, 2));
    assert.equal(report.deviations.length, 0);
    assert.equal(report.summary.deviations, 0);
    assert.equal(report.complete, true);
    // Every suite ran (token-negative and auth among them), and every check reached a verdict.
    const suites = new Set(report.checks!.map((c) => c.suite));
    for (const suite of ['token-negative', 'auth']) assert.ok(suites.has(suite), `${suite} did not run`);
    assert.ok(report.summary.checks >= 300, `${report.summary.checks} checks`);
    assert.equal(report.summary.inconclusive, 0, JSON.stringify(report.inconclusive.slice(0, 5)));

    // The proxy really did misbehave, and the transport absorbed it.
    const { dropped, injected503, injected429, forwarded } = proxy.stats;
    assert.ok(dropped > 0 && injected503 > 0 && injected429 > 0, JSON.stringify(proxy.stats));
    assert.ok(report.retries, 'report.retries');
    assert.ok(report.retries.total > 0, JSON.stringify(report.retries));
    const reasons = Object.keys(report.retries.byReason);
    assert.ok(reasons.includes('503') && reasons.includes('429'), `reasons: ${reasons.join(', ')}`);
    assert.ok(reasons.length >= 3, `reasons: ${reasons.join(', ')}`); // plus the dropped connections (ECONNRESET or alike)
    assert.equal(Object.values(report.retries.byReason).reduce((a, b) => a + b, 0), report.retries.total);
    assert.equal(report.retries.total, dropped + injected503 + injected429, `every injected fault is one retry (${JSON.stringify(proxy.stats)})`);
    assert.equal(report.requests, forwarded + dropped + injected503 + injected429);

    const line = result.stdout.split('\n').find((l) => l.startsWith('retries: '));
    assert.ok(line, `no "retries:" line in\n${result.stdout}`);
    assert.ok(line.startsWith(`retries: ${report.retries.total} (`), line);
    for (const reason of reasons) assert.ok(line.includes(`${reason}: ${report.retries.byReason[reason]}`), line);
    console.log(`      ${report.summary.checks} checks, ${report.requests} requests in ${seconds.toFixed(1)} s; ${line}; proxy ${JSON.stringify(proxy.stats)}`);
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  });
});
