// The one door through which every HTTP request of a run leaves the process.
// It paces requests, retries transient failures (timeouts, resets, 429/502/503/504)
// and, when they persist, reports them as `transient` so that callers classify
// them as inconclusive — never as a conformance deviation.
//
// Requests are sent with pactum, used purely as an HTTP client: no pactum
// expectations, no base URL, no default headers, no logging (see pactumSend).
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import pactum from 'pactum';

const { spec, settings } = pactum;

// Why: on a failed request pactum logs the whole request, Authorization included.
settings.setLogLevel('SILENT');

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw bytes as a UTF-8 string, sent exactly as given. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body decoded as UTF-8, untouched. */
  text: string;
  /** Present when `text` is valid JSON. */
  json?: unknown;
  durationMs: number;
}

export type SendOutcome =
  | { kind: 'response'; response: HttpResponse; attempts: number }
  | { kind: 'transient'; reason: string; attempts: number };

export interface TransportOptions {
  /** Max requests started per second, 0 = unlimited. */
  rate?: number;
  /** Max requests in flight. */
  concurrency?: number;
  timeoutMs?: number;
  /** Max retries of a transient failure (so attempts <= retries + 1). */
  retries?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Hard cap on requests actually sent, retries included. */
  maxRequests?: number;
  /** HTTP statuses treated as transient. 500/501 are deliberately absent: a conformant server never 500s on our input (R7). */
  transientStatuses?: number[];
  signal?: AbortSignal;
}

/** One attempt: a response, or the key of a transient failure ('503', 'timeout', 'ECONNRESET', ...). */
type Attempt =
  | { ok: true; response: HttpResponse }
  | { ok: false; failure: string; retryAfterMs?: number };

const RETRY_AFTER_CEILING_MS = 60_000;

export class Transport {
  requestsSent = 0;
  retries = 0;
  retriesByReason: Record<string, number> = {};
  /** True once a request was refused (or a retry cut short) because maxRequests was reached. */
  budgetExhausted = false;

  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRequests: number;
  private readonly transientStatuses: Set<number>;
  readonly signal?: AbortSignal;
  private readonly limiter: Limiter;

  constructor(options: TransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.retries ?? 4;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.maxRequests = options.maxRequests ?? Infinity;
    this.transientStatuses = new Set(options.transientStatuses ?? [429, 502, 503, 504]);
    this.signal = options.signal;
    this.limiter = new Limiter(options.rate ?? 0, Math.max(1, options.concurrency ?? 8));
  }

  /** Sends `req`, retrying transient failures. Throws only for requests that cannot be sent at all (bad URL, invalid header). */
  async send(req: HttpRequest): Promise<SendOutcome> {
    return (await this.sendWithRetries(req, this.transientStatuses)).outcome;
  }

  /** 'ok' if `url` answers with any HTTP status (after retries), else a one-line reason such as 'connection refused at 127.0.0.1:1234'. */
  async probe(url: string): Promise<'ok' | string> {
    // Any status proves reachability, so no status is retried here.
    const { outcome, lastFailure } = await this.sendWithRetries({ method: 'GET', url, headers: {} }, new Set());
    if (outcome.kind === 'response') return 'ok';
    if (!lastFailure) return outcome.reason;
    return `${describeFailure(lastFailure)} at ${hostAndPort(url)}`;
  }

  private async sendWithRetries(
    req: HttpRequest,
    transientStatuses: Set<number>,
  ): Promise<{ outcome: SendOutcome; lastFailure?: string }> {
    assertSendable(req);
    let attempts = 0;
    for (;;) {
      if (this.signal?.aborted) return { outcome: { kind: 'transient', reason: 'run aborted', attempts } };
      if (this.requestsSent >= this.maxRequests) return { outcome: this.budgetOutcome(attempts) };

      const attempt = await this.attemptPaced(req, transientStatuses);
      if (attempt === 'aborted') return { outcome: { kind: 'transient', reason: 'run aborted', attempts } }; // aborted while queued
      if (!attempt) return { outcome: this.budgetOutcome(attempts) }; // budget ran out while queued
      attempts++;
      if (attempt.ok) return { outcome: { kind: 'response', response: attempt.response, attempts } };

      if (attempts > this.maxRetries) {
        const reason = `${failureLabel(attempt.failure)} after ${attempts} attempts`;
        return { outcome: { kind: 'transient', reason, attempts }, lastFailure: attempt.failure };
      }
      this.countRetry(attempt.failure);
      await this.backoff(attempts, attempt.retryAfterMs);
    }
  }

  /** One attempt inside the rate/concurrency limits; undefined if the budget is spent by the time a slot frees up, 'aborted' if the run was. */
  private async attemptPaced(req: HttpRequest, transientStatuses: Set<number>): Promise<Attempt | undefined | 'aborted'> {
    await this.limiter.acquire();
    try {
      // Re-checked after waiting too: an interrupted run must not send the whole queue before it stops.
      if (this.signal?.aborted) return 'aborted';
      // Re-checked after waiting: other sends may have used the budget meanwhile.
      if (this.requestsSent >= this.maxRequests) return undefined;
      this.requestsSent++;
      return await this.attemptOnce(req, transientStatuses);
    } finally {
      this.limiter.release();
    }
  }

  private async attemptOnce(req: HttpRequest, transientStatuses: Set<number>): Promise<Attempt> {
    const started = Date.now();
    const result = pactumCanSend(req) ? await pactumSend(req, this.timeoutMs) : await nodeSend(req, this.timeoutMs);
    if ('error' in result) return { ok: false, failure: classifyError(result.error, req) };
    const response = toHttpResponse(result.raw, Date.now() - started);
    if (!transientStatuses.has(response.status)) return { ok: true, response };
    return { ok: false, failure: String(response.status), retryAfterMs: parseRetryAfter(response.headers['retry-after']) };
  }

  private countRetry(failure: string): void {
    this.retries++;
    this.retriesByReason[failure] = (this.retriesByReason[failure] ?? 0) + 1;
  }

  /** Waits before retry number `retryNo`, honouring Retry-After within limits. */
  private async backoff(retryNo: number, retryAfterMs?: number): Promise<void> {
    let delay: number;
    if (retryAfterMs !== undefined) {
      delay = Math.min(retryAfterMs, this.maxBackoffMs * 4, RETRY_AFTER_CEILING_MS);
    } else {
      const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (retryNo - 1));
      delay = ceiling / 2 + (Math.random() * ceiling) / 2; // "equal jitter": spreads retries, keeps a floor
    }
    try {
      await sleep(delay, undefined, { signal: this.signal });
    } catch {
      // aborted: the loop notices the signal and stops
    }
  }

  private budgetOutcome(attempts: number): SendOutcome {
    this.budgetExhausted = true;
    return { kind: 'transient', reason: `request budget (--max-requests ${this.maxRequests}) exhausted`, attempts };
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ---------------------------------------------------------------- pactum ---

type RawResult = { raw: PactumResponse } | { error: unknown };

interface PactumResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text?: string;
  buffer?: Buffer;
}

/**
 * One HTTP exchange through pactum, used as a plain client. What pactum does and how we neutralise it:
 * - `toss()` resolves with node's IncomingMessage augmented by pactum: `.buffer` (raw body Buffer),
 *   `.text` (buffer.toString()), `.json`, and `.body` (parsed only when content-type is JSON). We read `.buffer`.
 * - A string body would pass through pactum's `$M{..}`/`$S{..}`/`$E{..}` substitution when data refs are
 *   enabled anywhere in the process; a Buffer body is written to the socket untouched (byte-exact).
 * - Network errors make `toss()` reject with node's own error (`.code` ECONNRESET, ...), the timeout with
 *   `Error('Timeout reached')`. Global default expectations (response.setDefaultExpectStatus) would make
 *   `toss()` reject too, so on rejection we take the response pactum already stored on the spec.
 * - inspect(false): never print request/response (they carry Authorization) whatever the log level.
 */
async function pactumSend(req: HttpRequest, timeoutMs: number): Promise<RawResult> {
  assertPactumNeutral(req);
  const s = spec()
    .withMethod(req.method)
    .withPath(req.url) // absolute URL, so pactum's global base URL never applies
    .withHeaders({ ...req.headers })
    .withRequestTimeout(timeoutMs)
    .withFollowRedirects(false)
    .inspect(false);
  if (req.body !== undefined) s.withBody(Buffer.from(req.body, 'utf8'));
  try {
    return asRawResult(await s.toss());
  } catch (error) {
    return asRawResult((s as unknown as { _response?: unknown })._response ?? error);
  }
}

/** pactum runs decodeURI() on the path, which throws on malformed escapes such as `/a%zz` or `/%E0%A4%A`. */
function pactumCanSend(req: HttpRequest): boolean {
  try {
    decodeURI(new URL(req.url).pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fallback for the one request shape pactum cannot send (malformed percent-escapes in the path, which a
 * conformance suite sends on purpose): the same exchange with node:http(s), same result shape.
 */
function nodeSend(req: HttpRequest, timeoutMs: number): Promise<RawResult> {
  const url = new URL(req.url);
  const request = (url.protocol === 'https:' ? https : http).request;
  return new Promise((resolve) => {
    try {
      const outgoing = request(url, { method: req.method, headers: req.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ raw: { statusCode: res.statusCode ?? 0, headers: res.headers, buffer: Buffer.concat(chunks) } }));
        res.on('error', () => resolve({ error: new Error('Server aborted request') })); // body cut off
      });
      // Same error message as pactum's client, so both paths classify alike.
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error('Timeout reached')));
      outgoing.on('error', (error) => resolve({ error }));
      outgoing.end(req.body === undefined ? undefined : Buffer.from(req.body, 'utf8'));
    } catch (error) {
      resolve({ error }); // invalid header or method: classified (and sanitised) by the caller
    }
  });
}

function asRawResult(value: unknown): RawResult {
  const v = value as Partial<PactumResponse> | null;
  if (v && !(v instanceof Error) && typeof v.statusCode === 'number') return { raw: v as PactumResponse };
  return { error: value };
}

function toHttpResponse(raw: PactumResponse, durationMs: number): HttpResponse {
  const text = Buffer.isBuffer(raw.buffer) ? raw.buffer.toString('utf8') : (raw.text ?? '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const response: HttpResponse = { status: raw.statusCode, headers, text, durationMs };
  const json = parseJson(text);
  if (json !== undefined) response.json = json;
  return response;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// pactum's configuration is process-global; several runs against different targets may share the
// process, so anything global that would alter our requests is refused loudly rather than obeyed.
const pactumConfig = createRequire(import.meta.url)('pactum/src/config.js') as {
  request: { headers: Record<string, unknown> };
  data: { ref: Record<'map' | 'fun' | 'spec', { enabled: boolean }>; template: { enabled: boolean } };
};
const DATA_REF = /\$\w\{[^}]+\}/;

function assertPactumNeutral(req: HttpRequest): void {
  const defaults = Object.keys(pactumConfig.request.headers);
  if (defaults.length > 0) {
    throw new Error(`pactum default headers are set globally (${defaults.join(', ')}); Transport refuses to send them`);
  }
  const { ref } = pactumConfig.data;
  const substitutes = ref.map.enabled || ref.fun.enabled || ref.spec.enabled;
  if (substitutes && [req.url, ...Object.keys(req.headers), ...Object.values(req.headers)].some((s) => DATA_REF.test(s))) {
    throw new Error(`pactum data references are enabled and would rewrite the URL or a header of ${safeTarget(req)}`);
  }
}

// ---------------------------------------------------------------- errors ---

/** Rejects requests that no retry could ever send; messages never contain header values or the query. */
function assertSendable(req: HttpRequest): void {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error('cannot send request: the URL is not absolute');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`cannot send request: unsupported protocol ${url.protocol}`);
  }
}

/** Maps a send error to a failure key; throws (sanitised) if it is our bug rather than the network's. */
function classifyError(error: unknown, req: HttpRequest): string {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  if (e.message === 'Timeout reached') return 'timeout'; // centra (pactum's client) timeout, no code
  if (e.message === 'Server aborted request') return 'ECONNRESET'; // body cut off mid-way
  const code = typeof e.code === 'string' ? e.code : undefined;
  // Node's ERR_* codes (invalid header, method, URL), language errors and pactum's own are bugs, not network trouble.
  const isBug = error instanceof TypeError || error instanceof RangeError || error instanceof URIError;
  if (code?.startsWith('ERR_') || isBug || e.name === 'PactumRequestError') {
    throw new Error(`cannot send ${safeTarget(req)}: ${code ?? 'rejected by pactum'}`);
  }
  return code ?? 'network error';
}

function failureLabel(failure: string): string {
  return /^\d{3}$/.test(failure) ? `HTTP ${failure}` : failure;
}

function describeFailure(failure: string): string {
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    timeout: 'no answer (timeout)',
  };
  return words[failure] ?? failure;
}

/** Method, origin and path only: query strings and user-info may carry secrets. */
function safeTarget(req: HttpRequest): string {
  try {
    const url = new URL(req.url);
    return `${req.method} ${url.origin}${url.pathname}`;
  } catch {
    return req.method;
  }
}

function hostAndPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

// --------------------------------------------------------------- limiter ---

/** At most `concurrency` holders at once, and holders start at least 1/rate s apart (rate 0 = no spacing). */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStart = 0;

  constructor(
    private readonly rate: number,
    private readonly concurrency: number,
  ) {}

  async acquire(): Promise<void> {
    if (this.active < this.concurrency) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // slot handed over by release()
    await this.pace();
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Simple spacing: each start books the next free 1/rate slot. */
  private async pace(): Promise<void> {
    if (this.rate <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.rate;
    if (start > now) await sleep(start - now);
  }
}
