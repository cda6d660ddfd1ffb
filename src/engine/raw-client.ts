// The request shapes pactum cannot send; everything else goes through pactum (a Buffer body is
// written untouched, any method token is passed on). Three shapes are sent on purpose: a path with
// malformed percent-escapes (`/a%zz`: pactum decodes every path with decodeURI() first, which
// throws), a body that is not UTF-8 and a header sent twice. They go out through Node's own http
// client, with the same guard (deadline, byte cap, Ctrl-C) and the same result shape. Bodies are
// collected linearly.
import http from 'node:http';
import https from 'node:https';
import type { ConnectionGuard } from './guard.ts';
import type { RawResult } from './pactum-client.ts';
import type { HttpRequest } from './http-request.ts';

export function rawSend(req: HttpRequest, guard: ConnectionGuard): Promise<RawResult> {
  const url = new URL(req.url);
  const request = (url.protocol === 'https:' ? https : http).request;
  return new Promise((resolve) => {
    try {
      // An array value is sent as one header line per value (Node does so for every header but Set-Cookie).
      const headers: Record<string, string | string[]> = { ...req.headers };
      for (const [name, value] of Object.entries(req.repeatHeaders ?? {})) headers[name] = headers[name] === undefined ? [value, value] : [headers[name] as string, value];
      const options = { method: req.method, headers, createConnection: guard.createConnection, defaultPort: url.protocol === 'https:' ? 443 : 80 };
      const outgoing = request(url, options as http.RequestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          const text = buffer.toString('utf8');
          const json = parseJson(text);
          resolve({ raw: { statusCode: res.statusCode ?? 0, headers: res.headers, text, ...(json !== undefined ? { json } : {}), bodyBytes: buffer.length } });
        });
        res.on('error', () => resolve({ error: new Error('Server aborted request') })); // body cut off
        res.on('aborted', () => resolve({ error: new Error('Server aborted request') }));
      });
      outgoing.on('error', (error) => resolve({ error }));
      outgoing.end(req.bytes !== undefined ? Buffer.from(req.bytes) : req.body === undefined ? undefined : Buffer.from(req.body, 'utf8'));
    } catch (error) {
      resolve({ error }); // invalid header or method: classified (and sanitised) by the caller
    }
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
