// The local webhook receiver (W5): an HTTPS server on loopback with a certificate made at run
// time and kept in memory. It answers 200 to every POST (a provider must see success, D21) and
// judges each delivery afterwards: signature (W2) and payload schema (the contract's WebhookPayload).
//
// It may be reachable from the internet (through a tunnel), so what it holds is bounded: only
// deliveries that verify are kept whole, and only so many; one that does not verify is kept as a
// small summary (path, signature header, schema errors, scanRef: what W1/W2 findings need) with its
// body only when that is small (so the report's openssl line can be run), and only so many of those;
// a genuine delivery replayed byte for byte is not a new result.
import { createHash, createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { fieldOf } from '../contract/fields.ts';
import type { Contract } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { verifySignature } from './signature.ts';

export interface Delivery {
  receivedAt: Date;
  /** The request path (with query): W1 says the POST goes to the callbackUrl given. */
  path: string;
  /** Lower-case header names, as Node reports them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: the signature covers these bytes. Empty when the delivery does not verify (not kept). */
  raw: Buffer;
  /** Present when the body is JSON. */
  json?: unknown;
  signatureValid: boolean;
  /**
   * For a signature that does not verify: what it does verify as, when the receiver can tell (another
   * credential of the run, upper-case hex, a re-serialised body). None = a key nobody here holds.
   */
  signatureExplained?: string;
  /** Empty when the body is a valid WebhookPayload. */
  schemaErrors: string[];
  scanRef?: string;
}

export interface ReceiverOptions {
  signingKey: string;
  /** Other keys of the run (API keys and secrets), named: what a signature that does not verify may have used instead. */
  otherKeys?: { name: string; key: string }[];
  contract: Contract;
  host?: string;
  port?: number;
  /** The run's abort signal: an interrupted run stops waiting for webhooks at once. */
  signal?: AbortSignal;
}

export interface Receiver {
  /** https://127.0.0.1:<port> */
  url: string;
  deliveries(scanRef?: string): Delivery[];
  /**
   * Byte-identical copies of genuine deliveries (not new results), as they arrived: W1's "one POST"
   * judges them. Kept whole (the bytes are a genuine delivery's), at most MAX_UNVERIFIED of them.
   */
  replays(scanRef: string): Delivery[];
  /** What was refused or dropped: replays of a genuine delivery, and deliveries over the bounds. */
  dropped: { replays: number; overLimit: number; tooLarge: number };
  /** Resolves with the deliveries for `scanRef` once `count` have arrived, or with what arrived by the timeout. Never rejects. */
  waitFor(scanRef: string, count: number, timeoutMs: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/** Bodies larger than this are refused (413) and not kept; real payloads are a few KiB. */
const MAX_BODY_BYTES = 256 * 1024;
/** How many verified deliveries, and how many bytes of them, a run keeps. */
const MAX_GENUINE = 500;
const MAX_GENUINE_BYTES = 16 * 1024 * 1024;
/** How many summaries of deliveries that do not verify a run keeps (enough to report W2). */
const MAX_UNVERIFIED = 100;
/** A delivery that does not verify keeps its body when it is at most this long (evidence to re-verify by hand). */
const MAX_UNVERIFIED_BODY = 8 * 1024;
/** Header values kept in a summary are cut to this length. */
const MAX_HEADER_CHARS = 512;

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const received: Delivery[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const judge = deliveryJudge(options);

  const dropped = { replays: 0, overLimit: 0, tooLarge: 0 };
  const replayed: Delivery[] = [];
  const seenBodies = new Set<string>();
  let genuineBytes = 0;
  let unverified = 0;
  const admit = (delivery: Delivery): 'keep' | 'replay' | 'over' => {
    if (!delivery.signatureValid) return unverified < MAX_UNVERIFIED ? (unverified++, 'keep') : 'over';
    // A byte-identical genuine delivery (same body, same signature) is a replay, not a new result.
    const digest = createHash('sha256').update(delivery.raw).digest('hex');
    if (seenBodies.has(digest)) return 'replay';
    if (seenBodies.size >= MAX_GENUINE || genuineBytes + delivery.raw.length > MAX_GENUINE_BYTES) return 'over';
    seenBodies.add(digest);
    genuineBytes += delivery.raw.length;
    return 'keep';
  };

  const server = https.createServer(await loopbackCertificate(host), (req, res) => {
    if (req.method !== 'POST') return answer(res, 405);
    readCapped(req, MAX_BODY_BYTES).then((raw) => {
      if (raw === undefined) {
        dropped.tooLarge++;
        return answer(res, 413, true);
      }
      answer(res, 200);
      const delivery = judge(req, raw);
      const verdict = admit(delivery);
      if (verdict === 'replay') {
        dropped.replays++;
        if (replayed.length < MAX_UNVERIFIED) replayed.push(delivery);
      }
      if (verdict === 'over') dropped.overLimit++;
      if (verdict !== 'keep') return;
      const kept = delivery.signatureValid ? delivery : summary(delivery);
      received.push(kept);
      arrivals.emit('delivery', kept);
    }, () => res.destroy());
  });
  await listen(server, host, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  options.signal?.addEventListener('abort', () => arrivals.emit('close'), { once: true });

  const deliveries = (scanRef?: string) => (scanRef === undefined ? [...received] : received.filter((d) => d.scanRef === scanRef));

  return {
    url: `https://${host}:${port}`,
    deliveries,
    replays: (scanRef) => replayed.filter((d) => d.scanRef === scanRef),
    dropped,
    waitFor(scanRef, count, timeoutMs) {
      return new Promise((resolve) => {
        const check = () => {
          if (deliveries(scanRef).length < count) return;
          finish();
        };
        const finish = () => {
          clearTimeout(timer);
          arrivals.off('delivery', check);
          arrivals.off('close', finish);
          resolve(deliveries(scanRef));
        };
        const timer = setTimeout(finish, timeoutMs);
        arrivals.on('delivery', check);
        arrivals.on('close', finish);
        if (options.signal?.aborted) return finish();
        check();
      });
    },
    close() {
      arrivals.emit('close');
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** How one delivery is judged: signature over the raw bytes, then the payload against the contract. */
function deliveryJudge(options: ReceiverOptions): (req: IncomingMessage, raw: Buffer) => Delivery {
  const oracle = oracleFor(options.contract);
  const signatureHeader = options.contract.webhook.signatureHeader.toLowerCase();
  return (req, raw) => {
    const header = req.headers[signatureHeader];
    const delivery: Delivery = {
      receivedAt: new Date(),
      path: req.url ?? '/',
      headers: { ...req.headers },
      raw,
      signatureValid: verifySignature(raw, typeof header === 'string' ? header : undefined, options.signingKey),
      schemaErrors: ['body is not JSON'],
    };
    if (!delivery.signatureValid && typeof header === 'string') {
      const explained = explainSignature(raw, header, options);
      if (explained) delivery.signatureExplained = explained;
    }
    const json = parseJson(raw);
    if (json.ok) {
      delivery.json = json.value;
      delivery.schemaErrors = oracle
        .validate(options.contract.webhook.payloadSchema, json.value)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      const scanRef = fieldOf(json.value, 'verificationRef');
      if (typeof scanRef === 'string') delivery.scanRef = scanRef;
    }
    return delivery;
  };
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) };
  } catch {
    return { ok: false };
  }
}

/** A self-signed certificate for the loopback host, generated now and never written to disk. */
async function loopbackCertificate(host: string): Promise<{ key: string; cert: string }> {
  const notAfter = new Date(Date.now() + 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * What a signature that does not verify with the signing key verifies as, if anything the run knows:
 * a vendor's signing bug (W2), or (another credential) perhaps a wrong --webhook-signing-key.
 */
export function explainSignature(raw: Buffer, header: string, options: Pick<ReceiverOptions, 'signingKey' | 'otherKeys'>): string | undefined {
  const trimmed = header.trim();
  if (verifySignature(raw, trimmed.toLowerCase(), options.signingKey)) return trimmed === trimmed.toLowerCase() ? 'the signature with white space around it' : 'the signature in upper-case hex';
  for (const other of options.otherKeys ?? []) {
    if (other.key !== options.signingKey && verifySignature(raw, trimmed.toLowerCase(), other.key)) return `signed with ${other.name}`;
  }
  // The key is right but the bytes signed are not the bytes sent: the target's bug (W2), never a setup mistake.
  for (const variant of signedVariants(raw)) {
    if (verifySignature(variant, trimmed.toLowerCase(), options.signingKey)) return 'signed over a re-serialisation of the body, not the bytes sent';
  }
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed) && trimmed === createHmac('sha256', options.signingKey).update(raw).digest('base64')) return 'the signature in base64, not hex';
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) return 'not a hex HMAC-SHA256';
  return undefined;
}

/** A delivery that does not verify, with its body only when small: what the W1/W2 findings and their evidence need. */
function summary(delivery: Delivery): Delivery {
  const headers: Delivery['headers'] = {};
  for (const [name, value] of Object.entries(delivery.headers).slice(0, 50)) {
    headers[name] = (Array.isArray(value) ? value.join(', ') : value ?? '').slice(0, MAX_HEADER_CHARS);
  }
  return {
    receivedAt: delivery.receivedAt,
    path: delivery.path.slice(0, 2048),
    headers,
    raw: delivery.raw.length <= MAX_UNVERIFIED_BODY ? delivery.raw : Buffer.alloc(0),
    signatureValid: false,
    ...(delivery.signatureExplained ? { signatureExplained: delivery.signatureExplained } : {}),
    schemaErrors: delivery.schemaErrors.slice(0, 3).map((e) => e.slice(0, MAX_HEADER_CHARS)),
    ...(delivery.scanRef !== undefined ? { scanRef: delivery.scanRef.slice(0, 256) } : {}),
  };
}

/** The body, or undefined once it passes `limit` (then nothing of it is kept). */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        return resolve(undefined);
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, close = false): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': '0', ...(close ? { Connection: 'close' } : {}) });
  res.end();
  if (close) res.once('finish', () => res.socket?.destroy());
}

function listen(server: https.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Bodies a server may sign instead of the bytes it sends: its JSON re-serialised (compact, indented,
 * keys sorted), with white space trimmed or a line end added. Each says the key is right.
 */
function signedVariants(raw: Buffer): Buffer[] {
  const text = raw.toString('utf8');
  const variants = [text.trim(), `${text}\n`, `${text}\r\n`];
  const json = parseJson(raw);
  if (json.ok) {
    for (const value of [json.value, sortedKeys(json.value)]) for (const indent of [0, 2, 4]) variants.push(JSON.stringify(value, null, indent || undefined));
  }
  return [...new Set(variants)].filter((v) => v !== text).map((v) => Buffer.from(v));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
}
