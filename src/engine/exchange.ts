// One exchange with the target: build the request (auth variant, JSON or raw body), send it
// through the paced transport, and keep what a report needs to show and replay it.
import type { Operation } from '../contract/load.ts';
import type { Answer } from '../checks/types.ts';
import { boundJson, curlCommand, detached, MAX_ANSWER_STRING_CHARS, reportedRequest, reportedResponse, type AuthPlaceholder } from '../findings/finding.ts';
import { redactText, rememberSent } from '../findings/redact.ts';
import type { ReportedRequest, ReportedResponse } from '../findings/model.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { identifierFor } from '../contract/load.ts';
import { identifierOf } from '../contract/fields.ts';
import type { RunContext } from './context.ts';
import type { HttpRequest, SendOutcome } from './transport.ts';
import { noteExchange } from './observing.ts';
import { ENV } from '../env-names.ts';

/** How a request authenticates. Variants other than 'valid' exist for the auth suite. */
export type AuthMode =
  | 'valid'
  | 'none'
  | 'wrong-key'
  | 'wrong-secret'
  | 'empty-secret'
  | 'empty-key'
  | 'key-case-swapped'
  | 'secret-case-swapped'
  | 'secret-truncated'
  | 'secret-extended'
  | 'other-secret'
  | 'other'
  | 'bearer'
  | { header: string }
  /** A header derived from the real key pair (near-miss credentials), shown without the secret. */
  | { derive: (key: string, secret: string) => string; shown: AuthPlaceholder };

/** The same text with upper and lower case swapped (a near-miss credential). */
function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

const SWAP_CASE_SHELL = `tr 'a-zA-Z' 'A-Za-z'`;

export interface Probe {
  op: Operation;
  method?: string;
  /** A JSON body (serialised with JSON.stringify). */
  body?: unknown;
  /** Exact bytes to send instead of a JSON body (malformed JSON cases). */
  rawBody?: string;
  /** Bytes sent instead of rawBody (a body that is not UTF-8); rawBody is how reports show them. */
  bytes?: Uint8Array;
  /** Headers sent a second time, each with this value or (null) the value it already has. */
  repeatHeaders?: Record<string, string | null>;
  auth?: AuthMode;
  /** Headers to add or (null) remove: protocol variants (media types, credentials in other headers). */
  headers?: Record<string, string | null> | ((key: string, secret: string) => Record<string, string | null>);
  /** A query string (without "?"), derived from the key pair; `shown` is how a report prints it. */
  query?: { derive: (key: string, secret: string) => string; shown: string };
}

export interface Exchange {
  probe: Probe;
  method: string;
  url: string;
  rawBody?: string;
  answer?: Answer;
  /** Why no answer could be had (transient failure after retries, or the request budget). */
  transient?: string;
  request: ReportedRequest;
  response?: ReportedResponse;
  reproduce: string;
  /** How the request authenticated, as a reproduction shows it (to rebuild a chained reproduction). */
  shownAuth: AuthPlaceholder;
}

const UNKNOWN_KEY = 'ivs-conformance-unknown-key';
const WRONG_SECRET = 'ivs-conformance-wrong-secret';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A credential derived from a secret (near miss) goes into the run's secrets before it is sent, so any echo of it is redacted. */
function sent(ctx: RunContext, user: string, password: string): string {
  rememberSent(ctx.secrets, user, password);
  return basic(user, password);
}

/** The Authorization header to send, and how a report shows it without a secret. */
export function authorization(ctx: RunContext, mode: AuthMode): { header?: string; shown: AuthPlaceholder } {
  const { key, secret } = ctx.credentials;
  const other = ctx.otherCredentials;
  if (typeof mode === 'object' && 'derive' in mode) return { header: mode.derive(key, secret), shown: mode.shown };
  if (typeof mode === 'object') return { header: mode.header, shown: { kind: 'header', header: mode.header } };
  switch (mode) {
    case 'valid':
      return { header: basic(key, secret), shown: { kind: 'valid' } };
    case 'none':
      return { shown: { kind: 'none' } };
    case 'wrong-key':
      return { header: basic(UNKNOWN_KEY, secret), shown: { kind: 'user', user: `${UNKNOWN_KEY}:$${ENV.apiSecret}` } };
    case 'wrong-secret':
      return { header: basic(key, WRONG_SECRET), shown: { kind: 'user', user: `$${ENV.apiKey}:${WRONG_SECRET}` } };
    case 'key-case-swapped':
      return { header: sent(ctx, swapCase(key), secret), shown: { kind: 'user', user: `$(printf %s "$${ENV.apiKey}" | ${SWAP_CASE_SHELL}):$${ENV.apiSecret}` } };
    case 'secret-case-swapped':
      return { header: sent(ctx, key, swapCase(secret)), shown: { kind: 'user', user: `$${ENV.apiKey}:$(printf %s "$${ENV.apiSecret}" | ${SWAP_CASE_SHELL})` } };
    case 'secret-truncated':
      return { header: sent(ctx, key, secret.slice(0, -1)), shown: { kind: 'user', user: `$${ENV.apiKey}:\${${ENV.apiSecret}%?}` } };
    case 'secret-extended':
      return { header: sent(ctx, key, `${secret}x`), shown: { kind: 'user', user: `$${ENV.apiKey}:\${${ENV.apiSecret}}x` } };
    case 'empty-secret':
      return { header: basic(key, ''), shown: { kind: 'user', user: `$${ENV.apiKey}:` } };
    case 'empty-key':
      return { header: basic('', secret), shown: { kind: 'user', user: `:$${ENV.apiSecret}` } };
    case 'other-secret':
      if (!other) throw new Error('no second key pair configured');
      return { header: sent(ctx, key, other.secret), shown: { kind: 'user', user: `$${ENV.apiKey}:$${ENV.apiSecret2}` } };
    case 'other':
      if (!other) throw new Error('no second key pair configured');
      return { header: basic(other.key, other.secret), shown: { kind: 'user', user: `$${ENV.apiKey2}:$${ENV.apiSecret2}` } };
    case 'bearer':
      return {
        header: `Bearer ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
        shown: { kind: 'header', header: `Bearer $(printf %s "$${ENV.apiKey}:$${ENV.apiSecret}" | base64)` },
      };
  }
}

const RATE_LIMIT_RETRIES = 3;
/** How much of an answer's text an exchange keeps for the checks (they quote its first 160 characters). */
const ANSWER_TEXT_CHARS = 16 * 1024;

/**
 * The transport retries 429s; R2 lets the rate-limit identifier come with 400 too. Such an answer
 * is transient, not a refusal of the request: wait and try again, then give up as inconclusive.
 */
async function sendPatiently(ctx: RunContext, request: HttpRequest): Promise<SendOutcome> {
  const rateLimited = identifierFor(ctx.contract, 'rate');
  for (let attempt = 0; ; attempt++) {
    const outcome = await ctx.transport.send(request);
    if (outcome.kind === 'transient' || identifierOf(outcome.response.json) !== rateLimited) return outcome;
    if (attempt >= RATE_LIMIT_RETRIES) return { kind: 'transient', reason: `${rateLimited} after ${attempt + 1} tries`, attempts: outcome.attempts };
    await sleep(Math.min(30_000, 1000 * 2 ** attempt), undefined, { signal: ctx.transport.signal }).catch(() => undefined);
  }
}

export async function exchange(ctx: RunContext, probe: Probe): Promise<Exchange> {
  const method = probe.method ?? probe.op.method;
  const query = probe.query ? `?${probe.query.derive(ctx.credentials.key, ctx.credentials.secret)}` : '';
  if (probe.query) rememberSent(ctx.secrets, ctx.credentials.key, ctx.credentials.secret);
  const url = `${ctx.target}${probe.op.path}${query}`;
  const rawBody = probe.rawBody ?? (probe.body === undefined ? undefined : JSON.stringify(probe.body));
  const auth = authorization(ctx, probe.auth ?? 'valid');
  const headers: Record<string, string> = {};
  if (rawBody !== undefined) headers['content-type'] = 'application/json';
  if (auth.header !== undefined) headers.authorization = auth.header;
  const extra = typeof probe.headers === 'function' ? probe.headers(ctx.credentials.key, ctx.credentials.secret) : (probe.headers ?? {});
  for (const [name, value] of Object.entries(extra)) {
    if (value === null) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }

  const base = {
    probe,
    method,
    url,
    rawBody,
    request: reportedRequest(method, probe.op.path, rawBody, probe.rawBody === undefined ? probe.body : undefined, auth.header !== undefined, ctx.secrets),
    reproduce: curlCommand({ method, url: probe.query ? `${ctx.target}${probe.op.path}?${probe.query.shown}` : url, rawBody }, auth.shown),
    shownAuth: auth.shown,
  };
  const repeatHeaders = probe.repeatHeaders
    ? Object.fromEntries(Object.entries(probe.repeatHeaders).map(([name, value]) => [name.toLowerCase(), value ?? headers[name.toLowerCase()] ?? '']))
    : undefined;
  const outcome = await sendPatiently(ctx, { method, url, headers, body: rawBody, ...(probe.bytes ? { bytes: probe.bytes } : {}), ...(repeatHeaders ? { repeatHeaders } : {}) });
  if (outcome.kind === 'transient') return { ...base, transient: outcome.reason };
  const { status, headers: responseHeaders, text, note, bodyBytes } = outcome.response;
  const json = text.length > MAX_ANSWER_STRING_CHARS ? boundJson(outcome.response.json) : outcome.response.json; // megabyte-long values cost kilobytes
  // Checks quote the text (cut short): it is redacted before anything can cut it. They read no more
  // than its beginning, and every exchange stays in memory until the report is written: a 1 MB
  // answer is kept as its first ANSWER_TEXT_CHARS characters (json, when parsed, stays whole).
  const kept = text.length > ANSWER_TEXT_CHARS ? `${detached(redactText(text.slice(0, ANSWER_TEXT_CHARS + 256), ctx.secrets).slice(0, ANSWER_TEXT_CHARS))}…` : redactText(text, ctx.secrets);
  const answer: Answer = { status, headers: responseHeaders, text: kept, json };
  const response = reportedResponse(status, responseHeaders, text, json, ctx.secrets);
  if (bodyBytes !== undefined) response.bodyBytes = bodyBytes;
  if (note) response.note = note;
  const answered: Exchange = { ...base, answer, response };
  noteExchange(ctx, answered); // its normalised observation, for drift (src/engine/observing.ts)
  return answered;
}
