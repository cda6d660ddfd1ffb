// A hostile webhook sender: POSTs to the run's HTTPS receiver (self-signed, so unverified TLS),
// forged, flooding, oversized or replaying a genuine delivery byte for byte.
import https from 'node:https';

export function postWebhook(url: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0)); // the receiver may hang up on an oversized body
    req.end(body);
  });
}
