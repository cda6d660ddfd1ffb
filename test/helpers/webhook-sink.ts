// A bare HTTPS webhook receiver on loopback (self-signed certificate made now) for tests that probe
// the reference directly: it keeps every delivery as sent, with no verification of its own.
import { EventEmitter, once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface Received {
  path: string;
  signature?: string;
  raw: Buffer;
  json: any;
}

export interface WebhookSink {
  /** `https://127.0.0.1:PORT`, once started. */
  base: string;
  deliveries: Received[];
  /** Emits 'delivery' after each one is kept. */
  arrivals: EventEmitter;
  start(): Promise<void>;
  close(): void;
}

export function webhookSink(): WebhookSink {
  let server: https.Server | undefined;
  const sink: WebhookSink = {
    base: '',
    deliveries: [],
    arrivals: new EventEmitter(),
    async start() {
      const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
      } as any);
      server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks);
          let json: any;
          try {
            json = JSON.parse(raw.toString('utf8'));
          } catch {
            json = undefined;
          }
          const signature = req.headers['idenfy-signature'];
          sink.deliveries.push({ path: req.url ?? '', signature: typeof signature === 'string' ? signature : undefined, raw, json });
          res.writeHead(200).end();
          sink.arrivals.emit('delivery');
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      sink.base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close() {
      server?.close();
    },
  };
  return sink;
}
