// A realistic report of a run against a staging target: three deviations of different categories
// (with requests, responses and curl), some passed checks and two inconclusive ones.
import type { CheckOutcome, Deviation, Inconclusive, Report } from '../../src/findings/model.ts';
import { summarize, verdictOf, verdictReason } from '../../src/reporters/summary.ts';
import { groupProblems } from '../../src/findings/problems.ts';

const TARGET = 'https://ivs.staging.example.com';
const SEED = 424242;
const JSON_HEADERS = { 'content-type': 'application/json', authorization: 'Basic <redacted>' };
const longName = 'A'.repeat(101);

export const DEVIATIONS: Deviation[] = [
  {
    id: '1f3a9c2e7b4d5a60',
    category: 'validation',
    endpoint: 'POST /api/v2/token',
    suite: 'token-validation',
    check: 'rejects over-long value',
    field: 'firstName',
    constraint: 'maxLength',
    rule: 'T2',
    ruleText: 'firstName: string, at most 100 characters; longer values are refused with 400.',
    documented: true,
    expected: '400 with identifier INVALID_PARAMETERS naming firstName',
    actual: '201: a token was created for a 101-character firstName',
    request: { method: 'POST', path: '/api/v2/token', headers: JSON_HEADERS, body: { clientId: 'ivs-3f9c', firstName: longName, lastName: 'Doe' } },
    response: { status: 201, headers: { 'content-type': 'application/json' }, body: { authToken: 'tok_8ZQ1…', scanRef: 'a4f1c0de-5b7e-11ef-9c1a-0242ac120002' } },
    seed: SEED,
    reproduce: `curl -u "$IVS_API_KEY:$IVS_API_SECRET" -X POST ${TARGET}/api/v2/token -H 'Content-Type: application/json' -d '{"clientId":"ivs-3f9c","firstName":"${longName}","lastName":"Doe"}'`,
  },
  {
    id: '7c0e4b1a9d2f3e85',
    category: 'error-identifier',
    endpoint: 'POST /api/v2/token',
    suite: 'error-identifiers',
    check: 'names the missing parameter',
    field: 'clientId',
    constraint: 'required',
    rule: 'R7',
    ruleText: 'Ruling R7: a missing required parameter is answered with identifier MISSING_PARAMETER.',
    documented: false,
    expected: 'identifier MISSING_PARAMETER',
    actual: 'identifier BAD_REQUEST | message "validation failed"',
    request: { method: 'POST', path: '/api/v2/token', headers: JSON_HEADERS, body: { firstName: 'Jane' } },
    response: { status: 400, body: { identifier: 'BAD_REQUEST', message: 'validation failed' } },
    seed: SEED,
    reproduce: `curl -u "$IVS_API_KEY:$IVS_API_SECRET" -X POST ${TARGET}/api/v2/token -H 'Content-Type: application/json' -d '{"firstName":"Jane"}'`,
  },
  {
    id: 'c94d0a7e2b6f1385',
    category: 'server-error',
    endpoint: 'POST /api/v2/status',
    suite: 'robustness',
    check: 'survives malformed JSON',
    rule: 'S1',
    ruleText: 'No request, however malformed, is answered with a 5xx.',
    documented: true,
    expected: '4xx with a JSON error body',
    actual: '500 with an HTML error page',
    request: { method: 'POST', path: '/api/v2/status', headers: JSON_HEADERS, rawBody: '{"scanRef": ' },
    // Hostile on purpose: if a reporter injected this unescaped, the page would try to load an image.
    response: { status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>Internal Server Error</h1><img src="https://evil.example/x.png"></body></html>' },
    seed: SEED,
    reproduce: `curl -u "$IVS_API_KEY:$IVS_API_SECRET" -X POST ${TARGET}/api/v2/status -H 'Content-Type: application/json' --data-raw '{"scanRef": '`,
  },
];

const passed = (suite: string, check: string, endpoint: string, rule: string, field?: string, constraint?: string): CheckOutcome => ({
  suite, check, endpoint, rule, status: 'passed', durationMs: 120, ...(field ? { field } : {}), ...(constraint ? { constraint } : {}),
});
const failed = (d: Deviation): CheckOutcome => ({
  suite: d.suite!, check: d.check, endpoint: d.endpoint, rule: d.rule, status: 'failed', deviationIds: [d.id], durationMs: 340,
  ...(d.field ? { field: d.field } : {}), ...(d.constraint ? { constraint: d.constraint } : {}),
});

// In the canonical order (suite, check, field, constraint) that merged reports use.
export const CHECKS: CheckOutcome[] = [
  passed('auth', 'refuses a wrong secret', 'POST /api/v2/token', 'A1'),
  failed(DEVIATIONS[1]),
  passed('error-identifiers', 'names the wrong type', 'POST /api/v2/token', 'R8', 'dateOfBirth', 'format'),
  { suite: 'robustness', check: 'rate limit answered with 429', endpoint: 'POST /api/v2/token', rule: 'S3', status: 'inconclusive', durationMs: 900 },
  failed(DEVIATIONS[2]),
  passed('token-validation', 'accepts the documented example', 'POST /api/v2/token', 'T1'),
  failed(DEVIATIONS[0]),
  passed('token-validation', 'rejects over-long value', 'POST /api/v2/token', 'T2', 'lastName', 'maxLength'),
  passed('token-validation', 'status of a fresh token', 'POST /api/v2/status', 'T9'),
  { suite: 'webhooks', check: 'webhook signature verified', endpoint: 'POST /webhook', rule: 'W1', status: 'inconclusive', durationMs: 5000 },
];

export const INCONCLUSIVE: Inconclusive[] = [
  { suite: 'robustness', check: 'rate limit answered with 429', reason: 'budget of --max-requests 500 reached before any 429' },
  { suite: 'webhooks', check: 'webhook signature verified', reason: 'no public --webhook-url for a remote target' },
];

/** A fresh copy each time, so a test may change it freely. */
export function sampleReport(): Report {
  const deviations = structuredClone(DEVIATIONS);
  const problems = groupProblems(deviations, CHECKS);
  const summary = summarize(deviations, CHECKS, INCONCLUSIVE, problems.length);
  return structuredClone({
    tool: { name: 'ivs-conformance', version: '0.1.0' },
    target: { url: TARGET, profile: 'markid', environment: 'testing' },
    seed: SEED,
    startedAt: '2025-01-14T09:30:00.000Z',
    durationMs: 48213,
    requests: 312,
    summary,
    deviations,
    inconclusive: INCONCLUSIVE,
    complete: true,
    verdict: verdictOf({ deviations, summary }),
    verdictReason: verdictReason({ deviations, summary }),
    problems,
    checks: CHECKS,
    retries: { total: 3, byReason: { ECONNRESET: 2, 'status 503': 1 } },
  } satisfies Report);
}

/** The sample as two shards of the same run: suites split in two, requests and retries divided between them. */
export function sampleShards(): [Report, Report] {
  const whole = sampleReport();
  const half = (index: 1 | 2, suites: string[], requests: number, durationMs: number, startedAt: string, retries: Report['retries']): Report => {
    const deviations = whole.deviations.filter((d) => suites.includes(d.suite!));
    const checks = whole.checks!.filter((c) => suites.includes(c.suite));
    const inconclusive = whole.inconclusive.filter((i) => suites.includes(i.suite!));
    const problems = groupProblems(deviations, checks);
    const summary = summarize(deviations, checks, inconclusive, problems.length);
    return { ...whole, requests, durationMs, startedAt, retries, deviations, checks, inconclusive, summary, problems, verdict: verdictOf({ deviations, summary }), verdictReason: verdictReason({ deviations, summary }), shard: { index, count: 2 } };
  };
  return [
    half(1, ['auth', 'robustness', 'webhooks'], 200, 48213, '2025-01-14T09:30:00.000Z', { total: 2, byReason: { ECONNRESET: 2 } }),
    half(2, ['error-identifiers', 'token-validation'], 112, 30500, '2025-01-14T09:30:02.500Z', { total: 1, byReason: { 'status 503': 1 } }),
  ];
}
