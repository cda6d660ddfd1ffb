// A "forging" HTTP proxy for the webhook end-to-end tests: it sits on 127.0.0.1 in front of a
// (faithful) reference and forwards every request and answer. When it sees a token creation whose
// JSON body has a callbackUrl and a dummyStatus, it reads the scanRef from the answer and POSTs a
// forged result webhook for that scanRef to the callbackUrl, with a signature that does not verify.
//
// To make "the forged payload arrives BEFORE the genuine one" deterministic (the reference sends its
// webhook as soon as it created the verification, racing the proxy), the proxy can hold the genuine
// webhooks back: it hands the reference the callbackUrl of its own HTTPS relay instead, restores the
// original callbackUrl in the answer, and the relay passes each genuine delivery on (bytes and
// headers untouched) once the forged one for that token has been delivered.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { signBody } from '../../src/webhooks/signature.ts';

export interface ForgingProxyOptions {
  /** The reference (or any target) to forward to: http://127.0.0.1:<port>. */
  upstream: string;
  /**
   * 'off' forwards only; 'right-overall' forges status.overall = the dummyStatus; 'wrong-overall'
   * forges a different overall status. Every forged delivery carries a signature that does not verify.
   */
  forge: 'off' | 'right-overall' | 'wrong-overall';
  /** Hold each genuine webhook until the forged one was delivered (default true when forging). */
  holdGenuine?: boolean;
  tokenPath?: string;
  signatureHeader?: string;
}

export interface ForgedDelivery {
  scanRef: string;
  callbackUrl: string;
  /** The dummyStatus of the token creation. */
  dummyStatus: string;
  /** The forged status.overall. */
  overall: string;
  /** The receiver's HTTP status (it answers 200 to any POST), or the error. */
  outcome: number | string;
}

export interface ForgingProxy {
  url: string;
  forged: ForgedDelivery[];
  /** Genuine webhooks relayed to the receiver (when holding), with the upstream's status. */
  relayed: { scanRef?: string; outcome: number | string }[];
  /** In order: a forged delivery done (receiver answered), a genuine one about to be passed on. */
  events: { scanRef: string; kind: 'forged' | 'genuine' }[];
  close(): Promise<void>;
}

const STATUSES = ['APPROVED', 'DENIED', 'SUSPECTED', 'ACTIVE', 'EXPIRED'];
/** A key nobody configured: the signature is well-formed lower-case hex, and wrong. */
const FORGER_KEY = 'forger-does-not-know-the-signing-key';
/** A genuine webhook is never held longer than this, whatever happens to the forged one. */
const MAX_HOLD_MS = 10_000;

export async function startForgingProxy(options: ForgingProxyOptions): Promise<ForgingProxy> {
  const tokenPath = options.tokenPath ?? '/api/v2/token';
  const signatureHeader = options.signatureHeader ?? 'Idenfy-Signature';
  const hold = options.forge !== 'off' && (options.holdGenuine ?? true);
  const forged: ForgedDelivery[] = [];
  const relayed: ForgingProxy['relayed'] = [];
  const events: ForgingProxy['events'] = [];
  /** Relay id → where the genuine deliveries go, and when they may go. */
  const holds = new Map<string, { callbackUrl: string; released: Promise<void>; release: () => void }>();
  const agent = new https.Agent({ keepAlive: false, rejectUnauthorized: false });

  const relay = hold ? await startRelay() : undefined;

  const proxy = http.createServer(async (req, res) => {
    try {
      let raw = await readAll(req);
      const body = req.method === 'POST' && pathOf(req.url) === tokenPath ? parseObject(raw) : undefined;
      const forging = options.forge !== 'off' && typeof body?.callbackUrl === 'string' && typeof body?.dummyStatus === 'string';
      let holdId: string | undefined;
      if (forging && relay) {
        holdId = randomUUID();
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        holds.set(holdId, { callbackUrl: body!.callbackUrl as string, released, release });
        raw = Buffer.from(JSON.stringify({ ...body, callbackUrl: `${relay.url}/relay/${holdId}` }));
      }
      const upstream = await forward(options.upstream, req, raw);
      let answer = upstream.body;
      if (forging) {
        const json = parseObject(upstream.body);
        if (json && typeof json.scanRef === 'string') {
          if (holdId && 'callbackUrl' in json) {
            json.callbackUrl = body!.callbackUrl; // the echo shows what the suite sent
            answer = Buffer.from(JSON.stringify(json));
          }
          await forge(body!, json.scanRef);
        }
        if (holdId) holds.get(holdId)!.release();
      }
      const headers: Record<string, string | string[]> = { ...upstream.headers, 'content-length': String(answer.length) };
      delete headers['transfer-encoding'];
      res.writeHead(upstream.status, headers);
      res.end(answer);
    } catch (error) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`forging proxy: ${(error as Error).message}`);
    }
  });
  await listen(proxy, 0);

  /** POSTs the forged result for `scanRef` to the suite's callbackUrl, signed with the wrong key. */
  async function forge(request: Record<string, unknown>, scanRef: string): Promise<void> {
    const dummyStatus = request.dummyStatus as string;
    const overall = options.forge === 'wrong-overall' ? STATUSES.find((s) => s !== dummyStatus)! : dummyStatus;
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      final: false,
      platform: 'PC',
      status: { overall, autoFace: null, autoDocument: null, manualFace: null, manualDocument: null, fraudTags: [], mismatchTags: [], suspicionReasons: [] },
      data: {},
      fileUrls: {},
      scanRef,
      externalRef: request.externalRef ?? null,
      clientId: request.clientId,
      startTime: now,
      finishTime: now,
      clientIp: null,
      clientIpCountry: null,
      clientLocation: null,
    };
    const raw = Buffer.from(JSON.stringify(payload));
    const callbackUrl = request.callbackUrl as string;
    const outcome = await post(callbackUrl, raw, { 'Content-Type': 'application/json', [signatureHeader]: signBody(raw, FORGER_KEY) });
    forged.push({ scanRef, callbackUrl, dummyStatus, overall, outcome });
    events.push({ scanRef, kind: 'forged' });
  }

  /** An HTTPS endpoint (self-signed, loopback) the reference delivers to while genuine webhooks are held. */
  async function startRelay(): Promise<{ url: string; server: https.Server }> {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 3600_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const server = https.createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
      const raw = await readAll(req);
      const id = /^\/relay\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const entry = id ? holds.get(id) : undefined;
      if (!entry) {
        res.writeHead(404).end();
        return;
      }
      await Promise.race([entry.released, new Promise((resolve) => setTimeout(resolve, MAX_HOLD_MS))]);
      const scanRef = parseObject(raw)?.scanRef;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
      }
      if (typeof scanRef === 'string') events.push({ scanRef, kind: 'genuine' });
      const outcome = await post(entry.callbackUrl, raw, headers);
      relayed.push({ scanRef: typeof scanRef === 'string' ? scanRef : undefined, outcome });
      res.writeHead(typeof outcome === 'number' ? outcome : 502, { 'Content-Length': '0' }).end();
    });
    await listen(server, 0);
    return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  }

  function post(url: string, raw: Buffer, headers: Record<string, string>): Promise<number | string> {
    return new Promise((resolve) => {
      const req = https.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(raw.length) }, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve(error.message));
      req.end(raw);
    });
  }

  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    forged,
    relayed,
    events,
    async close() {
      for (const entry of holds.values()) entry.release();
      await Promise.all([close(proxy), relay && close(relay.server)]);
      agent.destroy();
    },
  };
}

async function forward(upstream: string, req: IncomingMessage, raw: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
  const target = new URL(req.url ?? '/', upstream);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
  }
  if (raw.length || req.method === 'POST') headers['content-length'] = String(raw.length);
  return new Promise((resolve, reject) => {
    const out = http.request(target, { method: req.method, headers }, (res) => {
      readAll(res).then((body) => {
        const copied: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && name !== 'connection') copied[name] = value;
        resolve({ status: res.statusCode ?? 502, headers: copied, body });
      }, reject);
    });
    out.on('error', reject);
    out.end(raw);
  });
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function parseObject(raw: Buffer): Record<string, any> | undefined {
  try {
    const value = JSON.parse(raw.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://proxy.invalid').pathname;
}

function listen(server: http.Server | https.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
