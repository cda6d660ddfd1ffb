// From a check's raw finding to a reported deviation: stable fingerprint, rule text, redacted
// request/response and a ready curl command with placeholders instead of secrets.
import { createHash } from 'node:crypto';
import type { Category, Deviation, ReportedRequest, ReportedResponse } from './model.ts';
import { redactText } from './redact.ts';
import { bodySource, printableInline, printBytes, shellUrl, shellWord } from './shell.ts';
import { ENV } from '../env-names.ts';

/** What a check returns: the deviation without the run-level details the engine adds. */
export interface Finding {
  category: Category;
  check: string;
  rule: string;
  field?: string;
  constraint?: string;
  expected: string;
  actual: string;
  /** False when the expectation rests on a ruling (defaults to the rule's own flag). */
  documented?: boolean;
}

/** Same deviation, same id: across runs, seeds and values (the value that showed it is not part of it). */
export function fingerprint(parts: { endpoint: string; check: string; field?: string; constraint?: string }): string {
  const key = [parts.endpoint, parts.check, parts.field ?? '', parts.constraint ?? ''].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export const REDACTED_AUTH = 'Basic <redacted>';

// Redaction lives in redact.ts; these names stay for existing callers.
export { redactText, redact as redactValue } from './redact.ts';

/** How a request authenticated, in terms a reader can replay without seeing a secret. */
export type AuthPlaceholder =
  | { kind: 'valid' }
  | { kind: 'none' }
  | { kind: 'user'; user: string } // e.g. "$IVS_API_KEY:wrong-secret"
  | { kind: 'header'; header: string }; // a deliberately malformed header, no secret in it

/**
 * A curl command that sends `request` as the run sent it, safe to paste whatever the target put in
 * its values (see shell.ts). With `splice`, the body is `bodyParts` joined by "$VARIABLE" (a value a
 * previous command of the chain captured), so no target-chosen text is ever spliced into shell text.
 */
export function curlCommand(
  request: { method: string; url: string; rawBody?: string; bodyParts?: string[] },
  auth: AuthPlaceholder,
  options: { variable?: string; statusLine?: boolean } = {},
): string {
  const parts = ['curl', '-sS', ...(options.statusLine === false ? [] : ['-i']), '-X', shellWord(printableInline(request.method) ? request.method : 'POST'), shellUrl(request.url)];
  if (auth.kind === 'valid') parts.push('-u', `"$${ENV.apiKey}:$${ENV.apiSecret}"`);
  if (auth.kind === 'user') parts.push('-u', `"${auth.user}"`);
  if (auth.kind === 'header') {
    const header = `Authorization: ${auth.header}`;
    parts.push('-H', printableInline(header) ? shellWord(header) : `"$(${printBytes(header)})"`);
  }
  let pipe: string | undefined;
  const body = request.bodyParts ?? (request.rawBody !== undefined ? [request.rawBody] : undefined);
  if (body !== undefined) {
    parts.push('-H', shellWord('Content-Type: application/json'));
    const length = body.reduce((n, p) => n + p.length, 0);
    // A huge body would make every report huge: point at the replay instead (same seed, same bytes).
    if (length > MAX_STORED_BODY_CHARS) parts.push('--data-binary', `@body.json  # ${byteLength(body.join(''))}-byte body not stored: replay with --seed`);
    else {
      const source = bodySource(body, options.variable);
      pipe = source.pipe;
      parts.push(...source.args);
    }
  }
  return (pipe ? `${pipe} | ` : '') + parts.join(' ');
}

/** Bodies stored in a report are cut beyond this many characters (the original size is noted). */
export const MAX_STORED_BODY_CHARS = 4000;

/**
 * A copy of `text` that shares no memory with the string it was cut from: V8 keeps a slice as a
 * view of its parent, so a kept 4,000-character slice would keep a whole 1 MB answer alive.
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Strings of a parsed answer longer than this are kept cut (a check needs no more to see a value is wrong). */
export const MAX_ANSWER_STRING_CHARS = 16 * 1024;

/**
 * A parsed answer with every string (and key) over MAX_ANSWER_STRING_CHARS cut, noting its length:
 * a target answering with megabyte-long identifiers then costs the run kilobytes per answer, however
 * many checks quote it. Only big answers need it (callers skip answers shorter than the limit).
 */
export function boundJson(value: unknown): unknown {
  const cut = (text: string) => (text.length > MAX_ANSWER_STRING_CHARS ? `${detached(text.slice(0, MAX_ANSWER_STRING_CHARS))}… [${text.length} characters]` : text);
  if (typeof value === 'string') return cut(value);
  if (Array.isArray(value)) return value.map(boundJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, cut(k), { value: boundJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Redacted first, then cut: a cut can never leave half a secret behind. */
function storedText(text: string, secrets: readonly string[]): string {
  // Only the kept beginning (and a margin no secret form spans) is redacted: a 1 MB answer is not copied whole.
  const clean = redactText(text.length > MAX_STORED_BODY_CHARS + 1024 ? text.slice(0, MAX_STORED_BODY_CHARS + 1024) : text, secrets);
  return clean.length > MAX_STORED_BODY_CHARS ? detached(clean.slice(0, MAX_STORED_BODY_CHARS)) + '…' : clean;
}

export function reportedRequest(method: string, path: string, rawBody: string | undefined, parsed: unknown, hasAuth: boolean, secrets: readonly string[] = []): ReportedRequest {
  const request: ReportedRequest = { method, path: redactText(path, secrets), headers: rawBody !== undefined ? { 'content-type': 'application/json' } : {} };
  if (hasAuth) request.headers!.authorization = REDACTED_AUTH;
  if (rawBody !== undefined && rawBody.length > MAX_STORED_BODY_CHARS) {
    request.rawBody = storedText(rawBody, secrets);
    request.bodyBytes = byteLength(rawBody);
  } else if (parsed !== undefined) request.body = parsed;
  else if (rawBody !== undefined) request.rawBody = rawBody;
  return request;
}

export function reportedResponse(status: number, headers: Record<string, string>, text: string, json: unknown, secrets: readonly string[] = []): ReportedResponse {
  const keep = ['content-type', 'retry-after'];
  const response: ReportedResponse = {
    status,
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => keep.includes(k)).map(([k, v]) => [k, storedText(v, secrets)])),
  };
  if (text.length > MAX_STORED_BODY_CHARS) {
    response.body = storedText(text, secrets);
    response.bodyBytes = byteLength(text);
  } else {
    response.body = json !== undefined ? json : text;
  }
  return response;
}

export function toDeviation(
  finding: Finding,
  context: {
    endpoint: string;
    suite: string;
    seed: number;
    ruleText?: string;
    documented: boolean;
    request?: ReportedRequest;
    response?: ReportedResponse;
    reproduce?: string;
  },
): Deviation {
  return {
    id: fingerprint({ endpoint: context.endpoint, check: finding.check, field: finding.field, constraint: finding.constraint }),
    category: finding.category,
    endpoint: context.endpoint,
    check: finding.check,
    ...(finding.field !== undefined ? { field: finding.field } : {}),
    ...(finding.constraint !== undefined ? { constraint: finding.constraint } : {}),
    suite: context.suite,
    rule: finding.rule,
    ...(context.ruleText ? { ruleText: context.ruleText } : {}),
    documented: finding.documented ?? context.documented,
    expected: finding.expected,
    actual: finding.actual,
    ...(context.request ? { request: context.request } : {}),
    ...(context.response ? { response: context.response } : {}),
    seed: context.seed,
    ...(context.reproduce ? { reproduce: context.reproduce } : {}),
  };
}
