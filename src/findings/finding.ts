// From a check's raw finding to a reported deviation: stable fingerprint, rule text, redacted
// request/response and a ready curl command with placeholders instead of secrets.
import { createHash } from 'node:crypto';
import type { Category, Deviation, ReportedRequest, ReportedResponse } from './model.ts';

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

/** Replace every occurrence of every secret in a string. */
export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('<redacted>');
  }
  return out;
}

/** Deep-redact any JSON value (strings inside objects and arrays). */
export function redactValue<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), redactValue(v, secrets)])) as T;
  }
  return value;
}

/** How a request authenticated, in terms a reader can replay without seeing a secret. */
export type AuthPlaceholder =
  | { kind: 'valid' }
  | { kind: 'none' }
  | { kind: 'user'; user: string } // e.g. "$IVS_API_KEY:wrong-secret"
  | { kind: 'header'; header: string }; // a deliberately malformed header, no secret in it

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(request: { method: string; url: string; rawBody?: string }, auth: AuthPlaceholder): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, shellQuote(request.url)];
  if (auth.kind === 'valid') parts.push('-u', '"$IVS_API_KEY:$IVS_API_SECRET"');
  if (auth.kind === 'user') parts.push('-u', `"${auth.user}"`);
  if (auth.kind === 'header') parts.push('-H', shellQuote(`Authorization: ${auth.header}`));
  if (request.rawBody !== undefined) {
    parts.push('-H', shellQuote('Content-Type: application/json'), '--data-binary', shellQuote(request.rawBody));
  }
  return parts.join(' ');
}

export function reportedRequest(method: string, path: string, rawBody: string | undefined, parsed: unknown, hasAuth: boolean): ReportedRequest {
  const request: ReportedRequest = { method, path, headers: rawBody !== undefined ? { 'content-type': 'application/json' } : {} };
  if (hasAuth) request.headers!.authorization = REDACTED_AUTH;
  if (parsed !== undefined) request.body = parsed;
  else if (rawBody !== undefined) request.rawBody = rawBody;
  return request;
}

export function reportedResponse(status: number, headers: Record<string, string>, text: string, json: unknown): ReportedResponse {
  const keep = ['content-type', 'retry-after'];
  return {
    status,
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => keep.includes(k))),
    body: json !== undefined ? json : text.length > 2000 ? text.slice(0, 2000) + '…' : text,
  };
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
