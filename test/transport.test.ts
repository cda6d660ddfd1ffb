import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { startFaultProxy } from './helpers/fault-proxy.ts';
import { parseRetryAfter, Transport, type HttpRequest } from '../src/engine/transport.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

/** A real HTTP server on 127.0.0.1 (free port) that hands each request, body read, to `handler`. */
async function serve(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port on which nothing listens. */
async function freePort(): Promise<number> {
  const s = await serve(() => {});
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}

const get = (url: string, headers: Record<string, string> = {}): HttpRequest => ({ method: 'GET', url, headers });
const SECRET = 'Basic c2VjcmV0OnNlY3JldA==';

describe('Transport', function () {
  this.timeout(15_000);
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  async function server(handler: Handler) {
    const s = await serve(handler);
    closers.push(s.close);
    return s;
  }

  describe('retries', () => {
    it('retries 503 twice, then returns the 200', async () => {
      let n = 0;
      const s = await server((_req, res) => {
        n++;
        if (n <= 2) res.writeHead(503).end('busy');
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      const t = new Transport({ baseBackoffMs: 10 });
      const outcome = await t.send(get(s.url));
      assert.equal(outcome.kind, 'response');
      assert.ok(outcome.kind === 'response');
      assert.equal(outcome.response.status, 200);
      assert.deepEqual(outcome.response.json, { ok: true });
      assert.equal(outcome.attempts, 3);
      assert.deepEqual(t.retriesByReason, { '503': 2 });
      assert.equal(t.retries, 2);
      assert.equal(t.requestsSent, 3);
    });

    it('honours Retry-After: 1 on a 429', async () => {
      const seen: number[] = [];
      const s = await server((_req, res) => {
        seen.push(Date.now());
        if (seen.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
        else res.writeHead(200).end('ok');
      });
      const outcome = await new Transport({ baseBackoffMs: 10 }).send(get(s.url));
      assert.equal(outcome.kind, 'response');
      assert.equal(seen.length, 2);
      assert.ok(seen[1]! - seen[0]! >= 950, `retried after ${seen[1]! - seen[0]!} ms`);
    });

    it('parses Retry-After as seconds or HTTP date', () => {
      const now = Date.parse('2025-01-01T00:00:00Z');
      assert.equal(parseRetryAfter('3', now), 3000);
      assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:02 GMT', now), 2000);
      assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });

    it('reports a persistent 503 as transient, never as a response', async () => {
      const s = await server((_req, res) => res.writeHead(503).end());
      const t = new Transport({ baseBackoffMs: 5, retries: 4 });
      const outcome = await t.send(get(s.url));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'HTTP 503 after 5 attempts', attempts: 5 });
      assert.deepEqual(t.retriesByReason, { '503': 4 });
    });

    it('returns a persistent 500 as the answer (a conformance finding, not a transient), after one retry that reproduced it', async () => {
      let n = 0;
      const s = await server((_req, res) => (n++, res.writeHead(500).end('boom')));
      const outcome = await new Transport({ baseBackoffMs: 5 }).send(get(s.url));
      assert.ok(outcome.kind === 'response' && outcome.response.status === 500);
      assert.equal(outcome.response.note, undefined);
      assert.equal(n, 2);
    });

    it('reports destroyed connections as a transient ECONNRESET', async () => {
      const s = await server((req) => req.socket.destroy());
      const t = new Transport({ baseBackoffMs: 5, retries: 2 });
      const outcome = await t.send(get(s.url, { Authorization: SECRET }));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'ECONNRESET after 3 attempts', attempts: 3 });
      assert.deepEqual(t.retriesByReason, { ECONNRESET: 2 });
    });

    it('reports a server that never answers as a transient timeout', async () => {
      const s = await server(() => {});
      const t = new Transport({ timeoutMs: 200, baseBackoffMs: 5, retries: 1 });
      const started = Date.now();
      const outcome = await t.send(get(s.url));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'timeout after 2 attempts', attempts: 2 });
      assert.ok(Date.now() - started >= 380);
      assert.deepEqual(t.retriesByReason, { timeout: 1 });
    });
  });

  describe('raw bytes', () => {
    for (const body of ['{"a":', 'zażółć gęślą jaźń — 🚀 \u00e9\u0301 "\\u0000" \r\n\t $E{HOME} $S{x}', '']) {
      it(`sends ${JSON.stringify(body)} byte-exactly and returns the raw text untouched`, async () => {
        let received: Buffer | undefined;
        let contentType: string | undefined;
        const s = await server((req, res, got) => {
          received = got;
          contentType = req.headers['content-type'];
          res.writeHead(200, { 'content-type': 'application/json' }).end(got); // echo, even when not JSON
        });
        const outcome = await new Transport().send({ method: 'POST', url: `${s.url}/echo`, headers: {}, body });
        assert.ok(outcome.kind === 'response');
        assert.deepEqual(received, Buffer.from(body, 'utf8'));
        assert.equal(contentType, undefined, 'no content-type invented');
        assert.equal(outcome.response.text, body);
        assert.equal(outcome.response.json, undefined, 'not JSON, even with a JSON content-type');
      });
    }

    it('receives a big answer byte for byte, whether it comes in many pieces or ends with the connection', async () => {
      const body = randomBytes(900_000).toString('hex'); // 1.8 MB, every byte distinct from its neighbours
      const pieces = (socket: net.Socket, head: string, then: () => void) => {
        socket.write(head);
        let at = 0;
        const next = () => {
          if (at >= body.length) return then();
          socket.write(body.slice(at, (at += 40_000 + (at % 7) * 1000)));
          if (at % 3 === 0) setTimeout(next, 2);
          else setImmediate(next);
        };
        next();
      };
      const servers = [
        // the end of the body is the end of the connection: the last bytes must arrive before it
        net.createServer((socket) => socket.once('data', () => pieces(socket, 'HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n', () => socket.end()))),
        net.createServer((socket) => socket.once('data', () => pieces(socket, `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`, () => undefined))),
        // all at once, a whole number of 64 KB reads, then the end: the end is read in the same turn as the last bytes
        net.createServer((socket) => socket.once('data', () => socket.end(`${exact}${body.slice(0, 20 * 65536 - exact.length)}`))),
      ];
      const exact = 'HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n';
      try {
        for (const server of servers) {
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          const outcome = await new Transport().send({ method: 'POST', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, headers: {}, body: '{}' });
          assert.ok(outcome.kind === 'response', JSON.stringify(outcome));
          const sent = server === servers[2] ? body.slice(0, 20 * 65536 - exact.length) : body;
          assert.equal(outcome.response.text.length, sent.length);
          assert.ok(outcome.response.text === sent, 'the same bytes in the same order');
        }
      } finally {
        for (const server of servers) server.close();
      }
    });

    it('sends paths with malformed percent-escapes unchanged (pactum cannot: node:http fallback)', async () => {
      const paths: string[] = [];
      const s = await server((req, res, got) => (paths.push(`${req.url} ${got}`), res.end('{"a":')));
      const t = new Transport();
      for (const path of ['/a%zz', '/b%E0%A4%A?q=%']) {
        const outcome = await t.send({ method: 'POST', url: `${s.url}${path}`, headers: { 'X-H': '1' }, body: 'é' });
        assert.ok(outcome.kind === 'response' && outcome.response.text === '{"a":' && outcome.response.json === undefined);
      }
      assert.deepEqual(paths, ['/a%zz é', '/b%E0%A4%A?q=% é']);
      await assert.rejects(t.send({ method: 'GET', url: `${s.url}/a%zz`, headers: { Authorization: 'x\nSECRET' } }), (err: Error) => {
        return !err.message.includes('SECRET') && err.message.includes('ERR_INVALID_CHAR');
      });
    });

    it('sends the given headers and returns lower-case response headers', async () => {
      let seen: http.IncomingHttpHeaders = {};
      const s = await server((req, res) => {
        seen = req.headers;
        res.writeHead(201, { 'X-Thing': 'A', 'Set-Cookie': ['a=1', 'b=2'] }).end('[1,2]');
      });
      const outcome = await new Transport().send({
        method: 'PUT',
        url: `${s.url}/p?q=1`,
        headers: { 'X-Custom': 'v', 'Content-Type': 'text/plain' },
        body: 'x',
      });
      assert.ok(outcome.kind === 'response');
      assert.equal(seen['x-custom'], 'v');
      assert.equal(seen['content-type'], 'text/plain');
      assert.equal(outcome.response.status, 201);
      assert.equal(outcome.response.headers['x-thing'], 'A');
      assert.equal(outcome.response.headers['set-cookie'], 'a=1, b=2');
      assert.deepEqual(outcome.response.json, [1, 2]);
      assert.ok(outcome.response.durationMs >= 0);
    });
  });

  describe('pacing and budget', () => {
    it('starts no more than `rate` requests per second', async () => {
      const s = await server((_req, res) => res.end('ok'));
      const t = new Transport({ rate: 20, concurrency: 30 });
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => t.send(get(s.url))));
      const elapsed = Date.now() - started;
      assert.ok(outcomes.every((o) => o.kind === 'response'));
      assert.ok(elapsed >= 1400, `30 requests at 20/s took ${elapsed} ms`);
    });

    it('keeps at most `concurrency` requests in flight', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const s = await server((_req, res) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        setTimeout(() => (inFlight--, res.end('ok')), 30);
      });
      const t = new Transport({ concurrency: 2 });
      await Promise.all(Array.from({ length: 10 }, () => t.send(get(s.url))));
      assert.equal(maxInFlight, 2);
    });

    it('honours maxRequests exactly, retries included', async () => {
      let hits = 0;
      const s = await server((_req, res) => (hits++, res.writeHead(503).end()));
      const t = new Transport({ maxRequests: 7, retries: 4, baseBackoffMs: 1 });
      const budget = 'request budget (--max-requests 7) exhausted';
      assert.deepEqual(await t.send(get(s.url)), { kind: 'transient', reason: 'HTTP 503 after 5 attempts', attempts: 5 });
      assert.deepEqual(await t.send(get(s.url)), { kind: 'transient', reason: budget, attempts: 2 });
      assert.deepEqual(await t.send(get(s.url)), { kind: 'transient', reason: budget, attempts: 0 });
      assert.equal(hits, 7);
      assert.equal(t.requestsSent, 7);
      assert.equal(t.budgetExhausted, true);
    });

    it('honours maxRequests under concurrency', async () => {
      let hits = 0;
      const s = await server((_req, res) => (hits++, setTimeout(() => res.end('ok'), 20)));
      const t = new Transport({ maxRequests: 3, concurrency: 5 });
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => t.send(get(s.url))));
      assert.equal(outcomes.filter((o) => o.kind === 'response').length, 3);
      assert.equal(hits, 3);
    });
  });

  it('stops retrying when the run is aborted', async () => {
    const s = await server((_req, res) => res.writeHead(503).end());
    const controller = new AbortController();
    const t = new Transport({ signal: controller.signal, baseBackoffMs: 10_000, maxBackoffMs: 10_000 });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    assert.deepEqual(await t.send(get(s.url)), { kind: 'transient', reason: 'run aborted', attempts: 1 });
    assert.ok(Date.now() - started < 2000);
  });

  describe('probe', () => {
    it('reports a refused connection in one line', async () => {
      const port = await freePort();
      const reason = await new Transport({ retries: 2, baseBackoffMs: 5 }).probe(`http://127.0.0.1:${port}/`);
      assert.equal(reason, `connection refused at 127.0.0.1:${port}`);
    });

    it('counts any HTTP status, even 503, as reachable', async () => {
      const s = await server((_req, res) => res.writeHead(503).end());
      assert.equal(await new Transport().probe(s.url), 'ok');
    });
  });

  describe('secrets', () => {
    it('never puts the Authorization value in a reason, an error or a log line', async () => {
      const logged: string[] = [];
      const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
      for (const name of Object.keys(originals) as Array<keyof typeof originals>) {
        console[name] = (...args: unknown[]) => void logged.push(args.map((a) => String(a)).join(' '));
      }
      try {
        const port = await freePort();
        const t = new Transport({ retries: 1, baseBackoffMs: 5 });
        const refused = await t.send(get(`http://127.0.0.1:${port}/x?api_key=k`, { Authorization: SECRET }));
        assert.ok(refused.kind === 'transient');
        assert.ok(!JSON.stringify(refused).includes(SECRET));
        await assert.rejects(
          t.send(get(`http://127.0.0.1:${port}/x`, { Authorization: SECRET, 'X-Bad': 'a\r\nb' })),
          (err: Error) => !err.message.includes(SECRET) && !err.message.includes('a\r\nb') && /ERR_INVALID_CHAR/.test(err.message),
        );
        await assert.rejects(t.send(get('not a url', { Authorization: SECRET })), (err: Error) => !err.message.includes(SECRET));
      } finally {
        Object.assign(console, originals);
      }
      assert.ok(!logged.some((line) => line.includes(SECRET) || line.includes('c2VjcmV0')), logged.join('\n'));
    });
  });
});

describe('fault proxy', function () {
  this.timeout(20_000);

  it('injects faults that retries absorb: 100 requests all end as 200', async () => {
    const upstream = await serve((req, res, body) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, echo: body.toString() })),
    );
    const proxy = await startFaultProxy({
      target: upstream.url,
      latencyMs: 50,
      dropRate: 0.2,
      burst503: 0.2,
      burst429: 0.1,
      seed: 7,
    });
    try {
      const t = new Transport({ concurrency: 20, retries: 4, baseBackoffMs: 20, timeoutMs: 5000 });
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.send({ method: 'POST', url: `${proxy.url}/item/${i}`, headers: { Authorization: SECRET }, body: `{"i":${i}}` }),
        ),
      );
      const failed = outcomes.filter((o) => o.kind !== 'response' || o.response.status !== 200);
      assert.deepEqual(failed, []);
      outcomes.forEach((o, i) => assert.ok(o.kind === 'response' && (o.response.json as { path: string }).path === `/item/${i}`));
      const { stats } = proxy;
      assert.ok(stats.forwarded >= 100, JSON.stringify(stats));
      assert.ok(stats.dropped > 0 && stats.injected503 > 0 && stats.injected429 > 0, JSON.stringify(stats));
      assert.ok(t.retries >= stats.dropped + stats.injected503 + stats.injected429, 'every injected fault was retried');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${await freePort()}` });
    try {
      const outcome = await new Transport({ retries: 1, baseBackoffMs: 5 }).send(get(`${proxy.url}/`));
      assert.deepEqual(outcome, { kind: 'transient', reason: 'HTTP 502 after 2 attempts', attempts: 2 });
    } finally {
      await proxy.close();
    }
  });
});
