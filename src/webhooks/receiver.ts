// The local webhook receiver (W5): an HTTPS server on loopback with a certificate made at run
// time and kept in memory. It answers 200 to every POST (a provider must see success, D21) and
// judges each delivery afterwards: signature (W2) and payload schema (the contract's WebhookPayload).
import { EventEmitter } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { Contract } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { verifySignature } from './signature.ts';

export interface Delivery {
  receivedAt: Date;
  /** The request path (with query): W1 says the POST goes to the callbackUrl given. */
  path: string;
  /** Lower-case header names, as Node reports them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: the signature covers these bytes. */
  raw: Buffer;
  /** Present when the body is JSON. */
  json?: unknown;
  signatureValid: boolean;
  /** Empty when the body is a valid WebhookPayload. */
  schemaErrors: string[];
  scanRef?: string;
}

export interface ReceiverOptions {
  signingKey: string;
  contract: Contract;
  host?: string;
  port?: number;
}

export interface Receiver {
  /** https://127.0.0.1:<port> */
  url: string;
  deliveries(scanRef?: string): Delivery[];
  /** Resolves with the deliveries for `scanRef` once `count` have arrived, or with what arrived by the timeout. Never rejects. */
  waitFor(scanRef: string, count: number, timeoutMs: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/** Bodies larger than this are cut off (the receiver still answers 200); real payloads are a few KiB. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const received: Delivery[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const judge = deliveryJudge(options);

  const server = https.createServer(await loopbackCertificate(host), (req, res) => {
    if (req.method !== 'POST') return answer(res, 405);
    readCapped(req, MAX_BODY_BYTES).then((raw) => {
      answer(res, 200);
      const delivery = judge(req, raw);
      received.push(delivery);
      arrivals.emit('delivery', delivery);
    }, () => res.destroy());
  });
  await listen(server, host, options.port ?? 0);
  const { port } = server.address() as AddressInfo;

  const deliveries = (scanRef?: string) => (scanRef === undefined ? [...received] : received.filter((d) => d.scanRef === scanRef));

  return {
    url: `https://${host}:${port}`,
    deliveries,
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
    const json = parseJson(raw);
    if (json.ok) {
      delivery.json = json.value;
      delivery.schemaErrors = oracle
        .validate(options.contract.webhook.payloadSchema, json.value)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      const scanRef = (json.value as { scanRef?: unknown } | null)?.scanRef;
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

function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size >= limit) return; // keep draining, stop keeping
      chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': '0' });
  res.end();
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
