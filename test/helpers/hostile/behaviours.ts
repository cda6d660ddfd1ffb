// The hostile behaviours, each a handler for startHostile(): what the hardening tests attack with.
import type { HostileHandler } from './server.ts';

/** The Basic credentials a request carries (whatever its scheme word), decoded: user, password and both. */
function credentialsOf(req: { headers: { authorization?: string } }): { decoded: string; user: string; password: string } {
  const decoded = Buffer.from(String(req.headers.authorization ?? '').replace(/^\w+\s+/, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { decoded, user: colon === -1 ? decoded : decoded.slice(0, colon), password: colon === -1 ? '' : decoded.slice(colon + 1) };
}

/**
 * Echoes the credentials it receives back in every form a secret can take, with a 500 (so every
 * request becomes a reported deviation that carries this body): plain, base64 alone and inside
 * longer base64 at each offset, base64url, hex in both cases, URL-encoded, and the secret placed
 * right where reporters cut text (160 characters, 4,000 characters).
 */
export function echoCredentials(): HostileHandler {
  return (req, res) => {
    const { decoded, user, password } = credentialsOf(req);
    const forms = (s: string) => [
      s,
      ` ${s.toUpperCase()} `,
      Buffer.from(s).toString('base64'),
      Buffer.from(s).toString('base64url'),
      Buffer.from(`x${s}`).toString('base64'),
      Buffer.from(`xy${s}`).toString('base64'),
      Buffer.from(`xyz${s}`).toString('base64'),
      Buffer.from(s).toString('hex'),
      Buffer.from(s).toString('hex').toUpperCase(),
      encodeURIComponent(s),
    ];
    const text = [
      'x'.repeat(150) + password, // cut at 160 by the checks' description
      String(req.headers.authorization ?? ''),
      ...forms(user),
      ...forms(password),
      ...forms(decoded),
      'y'.repeat(4000),
    ].join('\n');
    const cut = 'z'.repeat(3990) + password; // cut at 4,000 by the stored body
    res.writeHead(500, { 'content-type': 'text/plain', 'retry-after': password }).end(`${text}\n${cut}`);
  };
}

/** Terminal escape sequences and Markdown that would ping, link, typeset or inject in a PR comment. */
export const ESCAPES = '\u001b[2J\u001b]0;pwned-title\u0007\u001b[1A\rCONFORMANT\u009b31m';
export const MARKDOWN = '@everyone see https://evil.example/x and $\\sqrt{2}$ <img src=x onerror=alert(1)> ![t](https://evil.example/p.png)';

export function injectEscapes(): HostileHandler {
  return (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${ESCAPES} ${MARKDOWN}`);
}

/** Headers at once, then one body byte per `intervalMs`, forever (until the client hangs up). */
export function trickle(intervalMs = 1000): HostileHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), intervalMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** An answer of `bytes` bytes (with or without Content-Length), sent in 64 KiB chunks. */
export function big(bytes: number, options: { status?: number; declareLength?: boolean; json?: boolean } = {}): HostileHandler {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return (_req, res) => {
    const headers: Record<string, string | number> = { 'content-type': options.json ? 'application/json' : 'text/plain' };
    if (options.declareLength !== false) headers['content-length'] = bytes;
    res.writeHead(options.status ?? 400, headers);
    let left = bytes;
    if (options.json) {
      const head = Buffer.from('{"identifier":"');
      res.write(head);
      left -= head.length + 2;
    }
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end(options.json ? '"}' : undefined);
    };
    pump();
  };
}

/** `first` for the first request, then `then` for every later one. */
export function firstThen(first: number, then: number): HostileHandler {
  let n = 0;
  return (_req, res) => {
    const status = n++ === 0 ? first : then;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ identifier: status === 500 ? 'BOOM' : 'UNAUTHORIZED', message: 'x' }));
  };
}

/** The status line and headers themselves, one byte per `intervalMs`, forever. */
export function trickleHeaders(intervalMs = 100): (socket: import('node:net').Socket) => void {
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: ' + 'p'.repeat(100_000);
  return (socket) => {
    let i = 0;
    const timer = setInterval(() => (i < head.length ? socket.write(head[i++]) : socket.write('p')), intervalMs);
    socket.on('close', () => clearInterval(timer));
  };
}

/** Answers GET (the reachability probe) at once; trickles every other request forever. */
export function trickleAfterProbe(intervalMs = 1000): HostileHandler {
  const slow = trickle(intervalMs);
  return (req, res, body) => (req.method === 'GET' && req.url === '/' ? res.writeHead(404).end() : slow(req, res, body));
}

/** Values a target plants where the suite copies them into a later request: each tries to escape a printed command. */
export const PLANTED_VALUES = [
  `x' -o /tmp/ivs-pwn-quote '`,
  `$(touch ivs-pwn-dollar)`,
  '`touch ivs-pwn-backtick`',
  `a\nb --output ivs-pwn-newline`,
  `--output ivs-pwn-option`,
  `q" -o ivs-pwn-dq "\\`,
  `' ; touch ivs-pwn-semicolon ; '`,
];

export interface PlantedRequest {
  method: string;
  url: string;
  body: Buffer;
}

/**
 * Creates every verification with `scanRef` (a planted value), fails every add-dummy-status with
 * a 500 (so it is reported with a chained reproduction) and records every request received.
 */
export function plantScanRef(scanRef: string, received: PlantedRequest[]): HostileHandler {
  return (req, res, body) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', body });
    if (req.method === 'POST' && req.url === '/api/v2/token') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ scanRef, authToken: 'a'.repeat(40), clientId: 'c', expiryTime: 3600 }));
    }
    if (req.method === 'POST' && req.url === '/api/v2/add-dummy-status') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"identifier":"NOT_FOUND","message":"x"}');
  };
}

/** `s` in the escaped forms markup and JSON give text, each character escaped its own way (mixed), and uniformly. */
export function escapedForms(s: string): string[] {
  const chars = [...s];
  const code = (c: string) => c.codePointAt(0)!;
  const html = (c: string, i: number) => (i % 3 === 0 ? `&#x${code(c).toString(16)};` : i % 3 === 1 ? `&#${code(c)};` : ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' } as Record<string, string>)[c] ?? c);
  const json = (c: string) => `\\u${code(c).toString(16).padStart(4, '0')}`;
  return [
    chars.map((c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c as '&'] ?? c).join(''), // HTML-escaped as a page would
    chars.map(html).join(''), // entities of every kind, mixed
    chars.map(json).join(''), // JSON \uXXXX for every character
    JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/').replace(/&/g, '\\u0026').replace(/</g, '\\u003c'), // JSON as PHP/Go write it
    chars.map((c, i) => (i % 2 ? json(c) : html(c, i))).join(''), // JSON and HTML escapes mixed
    chars.map((c, i) => (i % 2 ? encodeURIComponent(c) : c)).join(''), // half URL-encoded
  ];
}

/**
 * Echoes the credentials it receives (near misses included) in every escaped form, in the body of a
 * 500, in a header value, and the user name as a header NAME (a HAR keeps header names).
 */
export function echoEscaped(): HostileHandler {
  return (req, res) => {
    const { decoded, user, password } = credentialsOf(req);
    const body = [...escapedForms(password), ...escapedForms(user), ...escapedForms(decoded)].join('\n');
    const headers: Record<string, string> = { 'content-type': 'text/html', 'x-echo': escapedForms(password)[2] };
    if (/^[A-Za-z0-9-]+$/.test(user)) headers[`x-${user}`] = '1';
    res.writeHead(500, headers).end(body);
  };
}

/** Bidirectional overrides and isolates, C1 controls and escape sequences: text that reorders or hides itself where shown. */
export const BIDI = '\u202egnp.exe\u202c \u2066isolated\u2069 \u200fRLM \u0085NEL \u009b31m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J';

/** Every answer a JSON error whose identifier, message and a header carry BIDI (a 401 on GET /, the reachability probe and preflight). */
export function injectBidi(status = 500): HostileHandler {
  return (req, res) => {
    const body = JSON.stringify({ identifier: `ID${BIDI}`, message: `message ${BIDI}` });
    res.writeHead(req.method === 'GET' ? 404 : status, { 'content-type': 'application/json', 'x-note': 'n\u0085\u009b' }).end(body);
  };
}
