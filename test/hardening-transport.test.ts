// Issue 16 items 3, 4, 9 and 10, against real hostile servers on loopback: a total deadline per
// request (headers and body), Ctrl-C that still writes the report, a byte cap that is reported
// with the size and never retried (on every path), bounded bodies in reports, 500 versus
// 502/503/504/429, and pactum used through its public API only.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pactum from 'pactum';
import { Transport, type HttpRequest } from '../src/engine/transport.ts';
import { readReport } from '../src/reporters/json.ts';
import { REPO_ROOT, removeTemps, runCliInProcess, show, spawnCli, tempDir } from './helpers/cli.ts';
import { startHostile, startRawHostile, type HostileServer } from './helpers/hostile/server.ts';
import { big, firstThen, trickle, trickleAfterProbe, trickleHeaders } from './helpers/hostile/behaviours.ts';

const post = (url: string): HttpRequest => ({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{}' });
const MB = 1024 * 1024;

describe('hardening: transport against hostile targets (issue 16 items 3, 4, 9, 10)', function () {
  this.timeout(60_000);
  const servers: HostileServer[] = [];
  const hostile = async (s: Promise<HostileServer>) => (servers.push(await s), servers[servers.length - 1]);
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    removeTemps();
  });

  describe('a total deadline per request (item 3)', () => {
    it('a body trickled one byte at a time (faster than the timeout) ends as a timeout', async () => {
      const s = await hostile(startHostile(trickle(50)));
      const outcome = await new Transport({ timeoutMs: 400, retries: 1, baseBackoffMs: 5 }).send(post(s.url));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'timeout after 2 attempts', attempts: 2 });
    });

    it('a status line and headers trickled one byte at a time end as a timeout', async () => {
      const s = await hostile(startRawHostile(trickleHeaders(50)));
      const outcome = await new Transport({ timeoutMs: 400, retries: 0 }).send(post(s.url));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'timeout after 1 attempts', attempts: 1 });
    });

    it('Ctrl-C while a target trickles: the run ends on its own and writes an incomplete report', async () => {
      const s = await hostile(startHostile(trickleAfterProbe(1000)));
      const dir = join(tempDir(), 'out');
      const run = spawnCli(['run', '--no-preflight', '--target', s.url, '--api-key', 'slow-key', '--api-secret', 'slow-secret', '--environment', 'development', '--report-dir', dir, '--no-progress', '--timeout', '600000'], { timeoutMs: 45_000 });
      await run.waitFor(/seed \d+/);
      while (s.requests < 3) await new Promise((resolve) => setTimeout(resolve, 100));
      run.child.kill('SIGINT');
      const result = await run.exited;
      assert.equal(result.signal, null, show(result));
      assert.ok(result.code === 1 || result.code === 3, show(result));
      const report = readReport(join(dir, 'report.json'));
      assert.equal(report.complete, false);
    });
  });

  describe('big answers (item 4)', () => {
    for (const declareLength of [true, false]) {
      it(`a 20 MB answer (${declareLength ? 'with' : 'without'} Content-Length) is refused at the cap, with its size, and never retried`, async () => {
        const s = await hostile(startHostile(big(20 * MB, { declareLength })));
        const t = new Transport({ baseBackoffMs: 5 });
        const outcome = await t.send(post(s.url));
        assert.equal(outcome.kind, 'transient');
        assert.ok(outcome.kind === 'transient');
        assert.match(outcome.reason, declareLength ? /answer of 20971520 bytes exceeds the \d+-byte cap/ : /exceeds the \d+-byte cap \(\d+ bytes received/);
        assert.equal(s.requests, 1, 'retried');
        assert.equal(t.retries, 0);
      });
    }

    it('a 60 MB answer (beyond pactum\'s own 50 MB buffer) is not retried either', async () => {
      const s = await hostile(startHostile(big(60 * MB, { declareLength: false })));
      const outcome = await new Transport({ baseBackoffMs: 5 }).send(post(s.url));
      assert.ok(outcome.kind === 'transient' && /cap/.test(outcome.reason), JSON.stringify(outcome));
      assert.equal(s.requests, 1);
    });

    it('no uncapped path: a path pactum cannot send (malformed escape, node:http) is capped the same way', async () => {
      const s = await hostile(startHostile(big(20 * MB, { declareLength: false })));
      const outcome = await new Transport({ baseBackoffMs: 5 }).send(post(`${s.url}/a%zz`));
      assert.ok(outcome.kind === 'transient' && /cap/.test(outcome.reason), JSON.stringify(outcome).slice(0, 300));
      assert.equal(s.requests, 1);
    });

    it('answers under the cap (1 MB) are received whole', async () => {
      const s = await hostile(startHostile(big(1_000_000, { json: true })));
      const outcome = await new Transport().send(post(s.url));
      assert.ok(outcome.kind === 'response' && outcome.response.text.length === 1_000_000);
    });

    it('a run against 1 MB answers stores bounded bodies, with the original size noted', async () => {
      const s = await hostile(startHostile(big(1_000_000, { status: 500 })));
      const dir = join(tempDir(), 'out');
      const result = await runCliInProcess(['run', '--no-preflight', '--target', s.url, '--api-key', 'big-key', '--api-secret', 'big-secret', '--environment', 'development', '--grep', '^auth', '--runs', '1', '--report-dir', dir, '--no-progress']);
      assert.equal(result.code, 1, show(result));
      const report = readReport(join(dir, 'report.json'));
      const withBody = report.deviations.filter((d) => d.response);
      assert.ok(withBody.length > 5);
      for (const d of withBody) {
        assert.equal(d.response!.bodyBytes, 1_000_000);
        assert.ok(JSON.stringify(d.response!.body).length < 10_000);
      }
      for (const file of readdirSync(dir)) assert.ok(statSync(join(dir, file)).size < 2 * MB, `${file}: ${statSync(join(dir, file)).size} bytes`);
    });
  });

  describe('transient versus deviant (item 9)', () => {
    it('a 500 that does not reproduce is still the answer (R7), marked as such', async () => {
      const s = await hostile(startHostile(firstThen(500, 401)));
      const outcome = await new Transport({ baseBackoffMs: 5 }).send(post(s.url));
      assert.ok(outcome.kind === 'response');
      assert.equal(outcome.response.status, 500);
      assert.match(outcome.response.note ?? '', /did not reproduce on retry \(the retry got 401\)/);
    });

    for (const status of [502, 503, 504, 429]) {
      it(`a persisting ${status} is transient (retried, then inconclusive)`, async () => {
        const s = await hostile(startHostile(firstThen(status, status)));
        const outcome = await new Transport({ baseBackoffMs: 5, maxBackoffMs: 10, retries: 2 }).send(post(s.url));
        assert.deepEqual(outcome, { kind: 'transient', reason: `HTTP ${status} after 3 attempts`, attempts: 3 });
      });
    }

    it('the R7 deviation of a 500 that did not reproduce says so in report.json', async () => {
      const seen = new Set<string>();
      const s = await hostile(startHostile((req, res, body) => {
        // The first attempt of every distinct request fails with 500; its retry is refused properly.
        // Every header counts: two cases may differ only in where they put credentials (X-Api-Key, …).
        const key = `${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body.toString('base64')}`;
        const first = !seen.has(key);
        if (first) seen.add(key);
        else seen.delete(key);
        const status = req.method === 'GET' ? 404 : first ? 500 : 401;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ identifier: status === 401 ? 'UNAUTHORIZED' : 'BOOM', message: 'm' }));
      }));
      const dir = join(tempDir(), 'out');
      const result = await runCliInProcess(['run', '--no-preflight', '--target', s.url, '--api-key', 'r7-key', '--api-secret', 'r7-secret', '--environment', 'development', '--grep', '^auth', '--runs', '1', '--report-dir', dir, '--no-progress', '--concurrency', '1']);
      const report = readReport(join(dir, 'report.json'));
      const r7 = report.deviations.filter((d) => d.rule === 'R7');
      assert.ok(r7.length > 0, show(result));
      const bare = r7.filter((d) => !/did not reproduce/.test(d.response?.note ?? ''));
      assert.deepEqual(bare.map((d) => [d.check, d.request?.method, d.request?.path, d.response?.note]), []);
    });
  });

  describe('pactum through its public API only (item 10)', () => {
    it('src/ imports no pactum internals and reads no private pactum field', () => {
      const offenders: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else if (path.endsWith('.ts') && /pactum\/src\/|\._response\b|_request\b.*pactum/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      };
      walk(join(REPO_ROOT, 'src'));
      assert.deepEqual(offenders, []);
    });

    it('a process-wide pactum default header is refused, not sent', async () => {
      const s = await hostile(startHostile((_req, res) => res.writeHead(200).end('ok')));
      pactum.request.setDefaultHeaders('x-planted', 'yes');
      try {
        await assert.rejects(new Transport().send(post(s.url)), /alter|default headers/);
        assert.equal(s.requests, 0);
      } finally {
        pactum.request.removeDefaultHeaders('x-planted');
      }
    });

    it('no global pactum event hook and no forced garbage collection (issue 22 item 3)', async () => {
      const s = await hostile(startHostile((_req, res) => res.writeHead(200).end('ok')));
      assert.equal((await new Transport().send(post(s.url))).kind, 'response'); // the clients are loaded and used
      const { pactumEvents, EVENT_TYPES } = pactum.events;
      for (const type of Object.values(EVENT_TYPES)) assert.equal(pactumEvents.listenerCount(type), 0, `a listener on pactum's ${type}`);
      const offenders: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else if (path.endsWith('.ts') && /expose-gc|\bglobal(This)?\.gc\b|runInNewContext\(\s*['"]gc/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      };
      walk(join(REPO_ROOT, 'src'));
      assert.deepEqual(offenders, []);
    });

    it('a process-wide basic auth default cannot replace a request that has none: refused, not sent', async () => {
      const s = await hostile(startHostile((_req, res) => res.writeHead(200).end('ok')));
      pactum.request.setBasicAuth('planted', 'secret');
      try {
        await assert.rejects(new Transport().send(post(s.url)), /alter/);
        assert.equal(s.requests, 0);
      } finally {
        pactum.request.removeDefaultHeaders('Authorization');
      }
    });

    it('a data reference in a header value is sent as written, or refused: never substituted', async () => {
      const seen: (string | undefined)[] = [];
      const s = await hostile(startHostile((req, res) => (seen.push(req.headers['x-ref'] as string | undefined), res.writeHead(200).end('ok'))));
      pactum.stash.addDataMap({ Planted: 'substituted' });
      try {
        const send = new Transport().send({ ...post(s.url), headers: { 'content-type': 'application/json', 'x-ref': '$M{Planted}' } });
        await assert.rejects(send, /alter/);
        assert.deepEqual(seen, []);
      } finally {
        pactum.stash.clearDataMaps();
      }
    });

    it('a process-wide base URL does not redirect an absolute request; the exact bytes arrive', async () => {
      const bodies: string[] = [];
      const s = await hostile(startHostile((req, res, body) => (bodies.push(`${req.method} ${req.url} ${body.toString('utf8')}`), res.writeHead(200).end('ok'))));
      pactum.request.setBaseUrl('http://127.0.0.1:9');
      try {
        const outcome = await new Transport().send({ method: 'PATCH', url: `${s.url}/a/b?c=d`, headers: { 'content-type': 'application/json' }, body: '{"x":"$S{y}", broken' });
        assert.equal(outcome.kind, 'response');
        assert.deepEqual(bodies, ['PATCH /a/b?c=d {"x":"$S{y}", broken']);
      } finally {
        pactum.request.setBaseUrl('');
      }
    });
  });
});
