// A reverse proxy that makes a healthy server look unreliable: added latency, dropped
// connections, 503/429 bursts. Used by the reliability test and the benchmark to prove that
// transient trouble is retried away and never surfaces as a deviation.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxyOptions {
  /** Upstream origin, e.g. http://127.0.0.1:8080 */
  target: string;
  latencyMs?: number;
  /** Fraction of requests whose connection is destroyed without a response. */
  dropRate?: number;
  /** Fraction answered 503 with Retry-After: 0. */
  burst503?: number;
  /** Fraction answered 429 with Retry-After: 1. */
  burst429?: number;
  /** Seed of the fault choice (deterministic for a given arrival order). */
  seed?: number;
  /** Never fault the same request more than this many times in a row, so that retries succeed. */
  maxConsecutiveFaults?: number;
}

export interface FaultProxyStats {
  forwarded: number;
  dropped: number;
  injected503: number;
  injected429: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultProxyStats;
  /** Resolves once `count` requests have been forwarded upstream (a test waits on this, not on a sleep). */
  forwarded(count: number): Promise<void>;
  close(): Promise<void>;
}

type Fault = 'drop' | '503' | '429' | undefined;

// Hop-by-hop headers describe one connection, not the message: never forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const stats: FaultProxyStats = { forwarded: 0, dropped: 0, injected503: 0, injected429: 0 };
  const chooseFault = faultChooser(options);
  const waiters: { count: number; resolve: () => void }[] = [];
  const settleWaiters = () => {
    for (const w of [...waiters]) if (stats.forwarded >= w.count) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    if (options.latencyMs) await delay(options.latencyMs);
    if (req.socket.destroyed) return; // client gave up during the latency (req.destroyed is true once the body is read)
    const fault = chooseFault(requestKey(req, body));
    if (fault === 'drop') {
      stats.dropped++;
      req.socket.destroy();
    } else if (fault === '503') {
      stats.injected503++;
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/plain' }).end('injected 503');
    } else if (fault === '429') {
      stats.injected429++;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('injected 429');
    } else {
      stats.forwarded++;
      settleWaiters();
      forward(target, req, body, res);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    forwarded: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        settleWaiters();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Decides, per request, whether and how to fault it; bounded per request key by maxConsecutiveFaults. */
function faultChooser(options: FaultProxyOptions): (key: string) => Fault {
  const random = mulberry32(options.seed ?? 1);
  const maxConsecutive = options.maxConsecutiveFaults ?? 2;
  const drop = options.dropRate ?? 0;
  const b503 = drop + (options.burst503 ?? 0);
  const b429 = b503 + (options.burst429 ?? 0);
  const consecutive = new Map<string, number>(); // key -> faults in a row; deleted on success

  return (key) => {
    const r = random(); // drawn for every request so the sequence does not depend on the cap
    const streak = consecutive.get(key) ?? 0;
    const fault: Fault = streak >= maxConsecutive ? undefined : r < drop ? 'drop' : r < b503 ? '503' : r < b429 ? '429' : undefined;
    if (fault) consecutive.set(key, streak + 1);
    else consecutive.delete(key);
    return fault;
  };
}

/** "Same request" = same method, URL and body; identical concurrent requests share a streak, which is fine. */
function requestKey(req: http.IncomingMessage, body: Buffer): string {
  return `${req.method} ${req.url} ${createHash('sha1').update(body).digest('hex')}`;
}

/** Sends the buffered request upstream and streams the answer back; an unreachable upstream becomes a 502. */
function forward(target: URL, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const headers = withoutHopByHop(req.headers);
  headers.host = target.host;
  if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);

  const upstream = http.request(
    { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, withoutHopByHop(up.headers));
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('fault proxy: upstream unreachable');
    else res.destroy();
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy(); // client went away: stop the upstream exchange too
  });
  upstream.end(body);
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks))); // a broken client is handled by the destroyed check
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Small seeded PRNG: deterministic fault patterns without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
