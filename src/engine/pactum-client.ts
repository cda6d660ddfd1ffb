// One HTTP exchange through pactum's public API, used as a plain client: no expectations, no
// base URL, no logging. Connections come from the guard (withCore's createConnection), which
// enforces the total deadline, the byte cap and Ctrl-C; pactum never sees anything else of ours.
import pactum from 'pactum';
import type { ConnectionGuard } from './guard.ts';
import type { HttpRequest } from './http-request.ts';

const { spec, settings } = pactum;

// Why: on a failed request pactum logs the whole request, Authorization included.
settings.setLogLevel('SILENT');

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  buffer: Buffer;
}

export type RawResult = { raw: RawResponse } | { error: unknown };

/** Thrown when pactum's process-wide settings would change what we send (default headers, data references, base URL). */
export class PactumAlteredRequest extends Error {}

interface Expected {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface PactumRequest {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  data?: unknown;
  core?: { createConnection?: unknown };
}

// pactum's configuration is process-global and other code in the process may set it. Rather than
// read its private config, we look at each request just before pactum sends it (its public
// BEFORE_REQUEST event) and refuse any that is not exactly what we built.
const expected = new WeakMap<object, Expected>();
pactum.events.pactumEvents.on(pactum.events.EVENT_TYPES.BEFORE_REQUEST, ({ request }: { request: PactumRequest }) => {
  const key = request.core?.createConnection;
  const ours = typeof key === 'function' ? expected.get(key) : undefined;
  if (!ours) return;
  const headers = request.headers ?? {};
  const sameHeaders =
    Object.keys(headers).length === Object.keys(ours.headers).length &&
    Object.entries(ours.headers).every(([name, value]) => headers[name] === value);
  const data = request.data;
  const sameBody = ours.body === undefined ? data === undefined : Buffer.isBuffer(data) && data.equals(ours.body);
  if (request.url !== ours.url || request.method !== ours.method || !sameHeaders || !sameBody) {
    throw new PactumAlteredRequest('pactum settings (default headers, data references or base URL) would alter the request; refusing to send it');
  }
});

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

/**
 * - A Buffer body is written to the socket untouched (byte-exact); a string would pass through
 *   pactum's data-reference substitution.
 * - `.stores(cb)` (public) hands us the response before pactum validates anything, so a global
 *   default expectation cannot hide it from us.
 * - The request timeout is set to the deadline so pactum's own idle timeout (3 s by default) never
 *   fires first: the guard decides.
 */
export async function pactumSend(req: HttpRequest, guard: ConnectionGuard, deadlineMs: number): Promise<RawResult> {
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const headers = { ...req.headers };
  expected.set(guard.createConnection, { method: req.method, url: req.url, headers, body });
  let captured: unknown;
  const s = spec()
    .withMethod(req.method)
    .withPath(req.url) // absolute URL, so a global base URL never applies
    .withHeaders(headers)
    .withCore({ createConnection: guard.createConnection, defaultPort: new URL(req.url).protocol === 'https:' ? 443 : 80 } as never)
    .withRequestTimeout(deadlineMs)
    .withFollowRedirects(false)
    .inspect(false)
    .stores((_request: unknown, response: unknown) => {
      captured = response;
      return {};
    });
  if (body !== undefined) s.withBody(body);
  try {
    await s.toss();
  } catch (error) {
    if (captured === undefined || captured instanceof Error) return { error };
  }
  return asRawResult(captured);
}

function asRawResult(value: unknown): RawResult {
  const v = value as { statusCode?: unknown; headers?: RawResponse['headers']; buffer?: unknown } | null;
  if (v && !(v instanceof Error) && typeof v.statusCode === 'number') {
    return { raw: { statusCode: v.statusCode, headers: v.headers ?? {}, buffer: Buffer.isBuffer(v.buffer) ? v.buffer : Buffer.alloc(0) } };
  }
  return { error: value };
}
