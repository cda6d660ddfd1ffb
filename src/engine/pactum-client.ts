// Every request pactum can express goes out through its public API: a named spec handler
// (handler.addSpecHandler) builds the spec of one exchange, and `spec(name, data).toss()` sends it.
// No expectation of pactum's judges the answer: the checks judge the recorded exchange. Connections
// come from the guard (withCore's createConnection), which enforces the total deadline, the byte
// cap and Ctrl-C.
//
// pactum's settings are process-global (default headers, data references, base URL) and other code
// in the process may set them. Instead of hooking pactum, each connection checks what is written to
// it: the request line, the headers and the body must be exactly what we built (the HTTP client may
// add only Host, Connection and a Content-Length equal to our body's), else the socket is destroyed
// before a byte leaves and the send fails with PactumAlteredRequest.
import type net from 'node:net';
import pactum from 'pactum';
import type { ConnectionGuard } from './guard.ts';
import type { HttpRequest } from './http-request.ts';

const { spec, settings, handler } = pactum;

// Why: on a failed request pactum logs the whole request, Authorization included.
settings.setLogLevel('SILENT');

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text (pactum decodes it once; we reuse that instead of decoding again). */
  text: string;
  /** Set when the text is JSON. */
  json?: unknown;
  bodyBytes: number;
}

export type RawResult = { raw: RawResponse } | { error: unknown };

/** Thrown when pactum's process-wide settings would change what we send (default headers, data references, base URL). */
export class PactumAlteredRequest extends Error {}

/** pactum runs decodeURI() on the path, which throws on malformed escapes such as `/a%zz`: those go through raw-client.ts. */
export function pactumCanSend(req: HttpRequest): boolean {
  if (req.bytes !== undefined || req.repeatHeaders !== undefined) return false;
  try {
    decodeURI(new URL(req.url).pathname);
    return true;
  } catch {
    return false;
  }
}

interface ExchangeSpecData {
  req: HttpRequest;
  body?: Buffer;
  createConnection: () => net.Socket;
  deadlineMs: number;
}

/** The named spec of one exchange with the target. */
const EXCHANGE_SPEC = 'ivs-conformance exchange';

/**
 * - An absolute URL, so a global base URL never applies.
 * - A Buffer body is written to the socket untouched (byte-exact); a string would pass through
 *   pactum's data-reference substitution.
 * - No expectation is added, so `toss()` resolves with pactum's response object. Not `.stores(cb)`:
 *   that switches pactum's data-reference substitution on for every later request, which then walks
 *   each Buffer body byte by byte (once the largest CPU cost of a run). A default expectation set
 *   process-wide would make toss() throw: the exchange then fails as an error, never silently.
 * - The request timeout is the deadline, so pactum's own idle timeout (3 s by default) never fires
 *   first: the guard decides.
 */
handler.addSpecHandler(EXCHANGE_SPEC, ({ spec: s, data }) => {
  const { req, body, createConnection, deadlineMs } = data as ExchangeSpecData;
  s.withMethod(req.method as never)
    .withPath(req.url)
    .withHeaders({ ...req.headers })
    .withCore({ createConnection, defaultPort: new URL(req.url).protocol === 'https:' ? 443 : 80 } as never)
    .withRequestTimeout(deadlineMs)
    .withFollowRedirects(false)
    .inspect(false);
  if (body !== undefined) s.withBody(body);
});

export async function pactumSend(req: HttpRequest, guard: ConnectionGuard, deadlineMs: number): Promise<RawResult> {
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  let refused: string | undefined;
  const createConnection = () => {
    const socket = guard.createConnection();
    checkWrites(socket, req, body, (why) => (refused = why));
    coalesceReads(socket);
    return socket;
  };
  let response: unknown;
  let failure: unknown;
  try {
    response = await spec(EXCHANGE_SPEC, { req, body, createConnection, deadlineMs } satisfies ExchangeSpecData).toss();
  } catch (error) {
    failure = error;
  }
  if (refused !== undefined) return { error: new PactumAlteredRequest(`pactum settings (default headers, data references or base URL) would alter the request (${refused}); refusing to send it`) };
  if (failure !== undefined) return { error: failure };
  return asRawResult(response);
}

function asRawResult(value: unknown): RawResult {
  const v = value as { statusCode?: unknown; headers?: RawResponse['headers']; buffer?: unknown; text?: unknown; json?: unknown } | null;
  if (!v || v instanceof Error || typeof v.statusCode !== 'number') return { error: value };
  const text = typeof v.text === 'string' ? v.text : '';
  // pactum's `json` is the parsed body, or the body text itself when it is not JSON.
  const json = v.json === undefined || (typeof v.json === 'string' && v.json === text) ? undefined : v.json;
  return { raw: { statusCode: v.statusCode, headers: v.headers ?? {}, text, ...(json !== undefined ? { json } : {}), bodyBytes: Buffer.isBuffer(v.buffer) ? v.buffer.length : Buffer.byteLength(text) } };
}

/** Headers the HTTP client itself adds; any other header must be one of ours, unchanged. */
const CLIENT_HEADERS = new Set(['host', 'connection', 'content-length']);

/**
 * Compares what is written to `socket` with the request we built, before it leaves: the head must
 * come whole in the first write (Node's client writes it so), the body must be ours byte for byte.
 */
function checkWrites(socket: net.Socket, req: HttpRequest, body: Buffer | undefined, refuse: (why: string) => void): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let headSeen = false;
  let bodyOffset = 0;
  const expectedBody = body ?? Buffer.alloc(0);
  socket.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!headSeen) {
      const end = bytes.indexOf('\r\n\r\n');
      const why = end === -1 ? 'request head split across writes' : headDifference(bytes.subarray(0, end).toString('latin1'), req, expectedBody.length);
      if (why) {
        refuse(why);
        socket.destroy();
        return false;
      }
      headSeen = true;
      bytes = bytes.subarray(end + 4);
    }
    if (bytes.length > 0) {
      const fits = bodyOffset + bytes.length <= expectedBody.length && bytes.equals(expectedBody.subarray(bodyOffset, bodyOffset + bytes.length));
      if (!fits) {
        refuse('the body differs');
        socket.destroy();
        return false;
      }
      bodyOffset += bytes.length;
    }
    return write(chunk, ...rest);
  }) as typeof socket.write;
}

/** Why the written head is not the request we built, or undefined when it is. */
function headDifference(head: string, req: HttpRequest, bodyLength: number): string | undefined {
  const [requestLine, ...lines] = head.split('\r\n');
  const url = new URL(req.url);
  // Node's http (under both clients) writes the method upper-cased and the URL as WHATWG parses it.
  if (requestLine !== `${req.method.toUpperCase()} ${url.pathname}${url.search} HTTP/1.1`) return 'the request line differs';
  const ours = new Map(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const seen = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (ours.has(name)) {
      if (ours.get(name) !== value || seen.has(name)) return `header ${name} differs`;
      seen.add(name);
    } else if (!CLIENT_HEADERS.has(name)) {
      return `an extra header ${name}`;
    } else if (name === 'content-length' && Number(value) !== bodyLength) {
      return 'content-length differs';
    }
  }
  return seen.size === ours.size ? undefined : 'a header is missing';
}

/**
 * pactum's HTTP client (centra) grows each body with Buffer.concat per chunk: quadratic in the
 * number of chunks. A 1 MB answer comes in ~25 socket reads of 64 KB, which made ~17 MB of buffer
 * garbage per answer (with V8's heap kept small, that garbage was the larger part of the peak:
 * ~20 MB less on average against 1 MB answers). Chunks read in one turn of the event loop are
 * handed on together, so a big answer arrives in one or two chunks. Bytes are neither changed nor
 * reordered; the end of the stream waits for the chunks before it.
 */
function coalesceReads(socket: net.Socket): void {
  const push = socket.push.bind(socket);
  let pending: Buffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const chunks = pending;
    pending = [];
    if (chunks.length > 0 && !socket.destroyed) push(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  };
  socket.push = ((chunk: unknown, encoding?: BufferEncoding) => {
    if (!Buffer.isBuffer(chunk)) {
      if (chunk === null && scheduled) {
        setImmediate(() => push(null));
        return false;
      }
      return push(chunk, encoding);
    }
    pending.push(chunk);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return true;
  }) as typeof socket.push;
}
