// Setup diagnosis before judging, and a watch while judging. A wrong secret, a target URL ending in
// /api/v2, a web server that is not the API or a spent rate limit would otherwise come out as
// hundreds of "deviations". The preflight sends ONE request that creates nothing (a token request
// missing its required fields, valid credentials) and stops only on an unambiguous answer; the
// watch stops the run when the last WATCH_WINDOW answers to correctly authenticated requests all
// share one such cause AND a request known to get an API answer (the preflight's) no longer gets one:
// a streak of 5xx or non-JSON answers to one kind of input while the API still answers the
// preflight's request is the checks' to judge (R7, R1/R4, issue 24), never "not the API". Either
// way the user gets one line naming the likely mistake and the fix.
import type { Contract } from '../contract/load.ts';
import { identifierFor } from '../contract/load.ts';
import { identifierOf } from '../contract/fields.ts';
import type { SendOutcome, Transport } from './transport.ts';
import { ENV } from '../env-names.ts';

export type SetupCause = 'unauthorized' | 'not-found' | 'not-api' | 'rate-limited' | 'server-error' | 'signing-key';

/** A setup mistake, not a deviation: the run stops, prints `message` and exits 3. */
export class SetupProblem extends Error {
  constructor(
    readonly kind: SetupCause,
    message: string,
  ) {
    super(message);
  }
}

/** Consecutive answers sharing one cause that stop a run. Large enough that no handful of legitimate 404s (an optional endpoint) or 401s can. */
export const WATCH_WINDOW = 30;

/** Why an answer to a correctly authenticated request points at the setup rather than the API, if it does. */
export function setupCauseOf(outcome: SendOutcome, contract: Contract): SetupCause | undefined {
  const rate = identifierFor(contract, 'rate');
  if (outcome.kind === 'transient') {
    if (/^(HTTP )?429\b/.test(outcome.reason) || outcome.reason.includes(rate)) return 'rate-limited';
    return /^(HTTP )?5\d\d\b/.test(outcome.reason) ? 'server-error' : undefined;
  }
  const { status, json } = outcome.response;
  if (status === 429 || identifierOf(json) === rate) return 'rate-limited';
  if (status >= 500) return 'server-error';
  if (status === 401 || identifierOf(json) === identifierFor(contract, 'auth')) return 'unauthorized';
  if (status === 404) return 'not-found';
  // Every answer of the API is JSON (R1 for errors, schemas for successes); a page is not.
  if (json === undefined) return 'not-api';
  return undefined;
}

function origin(target: string): string {
  return new URL(target).origin;
}

/** The one line for a cause: what went wrong and what to change. */
export function explain(cause: SetupCause, details: { target: string; endpoint: string; status?: number; contentType?: string; retryAfter?: string; reason?: string }): string {
  const path = new URL(details.target).pathname.replace(/\/+$/, '');
  switch (cause) {
    case 'unauthorized':
      return `setup: the target refused the credentials (${details.endpoint} answered ${details.status ?? 401} UNAUTHORIZED with them): check ${ENV.apiKey} and ${ENV.apiSecret} (--api-key/--api-secret) are this account's key and secret`;
    case 'not-found':
      if (/\/api(\/v\d+)?$/.test(path)) {
        return `setup: ${details.endpoint} answered 404 because the target URL ends with ${path.match(/\/api(\/v\d+)?$/)![0]}: pass the base URL only (--target ${origin(details.target)})`;
      }
      return `setup: ${details.endpoint} answered 404 at ${details.target}: --target must be the API's base URL, the part before /api/v2${path ? ` (perhaps ${origin(details.target)})` : ''}`;
    case 'not-api':
      return `setup: ${details.target} is not the API: ${details.endpoint} answered ${details.status ?? '?'}${details.contentType ? ` ${details.contentType}` : ''} instead of the API's JSON; check --target`;
    case 'signing-key':
      return `setup: every webhook delivery fails verification with this key: check the signing key (--webhook-signing-key or ${ENV.webhookSigningKey})`;
    case 'server-error':
      return `setup: ${details.target} answers every request with a server error (${details.endpoint} answered ${details.status ?? details.reason ?? '5xx'}, and so did a request the API answers with a validation error): the service is down or failing; check --target and the service's health, then run again`;
    case 'rate-limited':
      return `setup: the target is rate limiting this API key (HTTP 429 or its rate-limit identifier)${details.retryAfter ? `, Retry-After ${details.retryAfter} s` : ''}: wait for the limit to reset, then run again with a lower --rate or --max-requests`;
  }
}

/**
 * One request: the token endpoint with valid credentials and an empty body. The API answers it
 * with a JSON validation error and creates nothing; anything that points at the setup throws.
 */
export async function preflight(args: { contract: Contract; target: string; transport: Transport; authorization: string }): Promise<void> {
  const op = Object.values(args.contract.operations)[0];
  const outcome = await preflightRequest(args);
  let cause = setupCauseOf(outcome, args.contract);
  if (!cause) return;
  if (cause === 'server-error') {
    // One 5xx may be a bug of this one input (R7, for the checks to judge); a second, different request
    // (a wrong method: the API answers it without reading a body) failing alike points at the service.
    const other = await args.transport.send({ method: 'GET', url: `${args.target}${op.path}`, headers: { authorization: args.authorization } });
    if (setupCauseOf(other, args.contract) !== 'server-error') return;
    cause = 'server-error';
  }
  const response = outcome.kind === 'response' ? outcome.response : undefined;
  throw new SetupProblem(
    cause,
    explain(cause, {
      target: args.target,
      endpoint: op.endpoint,
      status: response?.status,
      contentType: response?.headers['content-type']?.split(';')[0],
      retryAfter: response?.headers['retry-after'],
      reason: outcome.kind === 'transient' ? outcome.reason : undefined,
    }),
  );
}

/** The preflight's request: the token endpoint, valid credentials, an empty body (creates nothing). */
export function preflightRequest(args: { contract: Contract; target: string; transport: Transport; authorization: string }): Promise<SendOutcome> {
  const op = Object.values(args.contract.operations)[0];
  return args.transport.send({
    method: op.method,
    url: `${args.target}${op.path}`,
    headers: { authorization: args.authorization, 'content-type': 'application/json' },
    body: '{}',
  });
}

/**
 * Watches the answers to correctly authenticated requests during the run. A streak of WATCH_WINDOW
 * answers sharing one setup cause is confirmed with `confirm` (the preflight's request, which the
 * API answered with JSON): only when it fails alike does the run stop. Otherwise the streak was the
 * answer to one kind of input and stays for the checks to judge.
 */
export class RunWatch {
  private streak: { cause?: SetupCause; count: number } = { count: 0 };
  private confirming = false;
  /** Streaks that the confirming request showed were not a setup problem. */
  cleared = 0;
  /** Set once the run should stop. */
  problem?: SetupProblem;

  constructor(
    private readonly contract: Contract,
    private readonly target: string,
    private readonly onTrip: (problem: SetupProblem) => void,
    private readonly confirm?: () => Promise<SendOutcome>,
  ) {}

  observe(outcome: SendOutcome, endpoint: string): void {
    if (this.problem || this.confirming) return;
    const cause = setupCauseOf(outcome, this.contract);
    if (!cause || cause !== this.streak.cause) {
      this.streak = { cause, count: cause ? 1 : 0 };
      return;
    }
    if (++this.streak.count < WATCH_WINDOW) return;
    // A spent rate limit would refuse the confirming request too (and make it wait): no confirmation.
    if (!this.confirm || cause === 'rate-limited') return this.trip(cause, outcome, endpoint);
    this.confirming = true;
    this.confirm().then(
      (check) => {
        this.confirming = false;
        if (setupCauseOf(check, this.contract) === undefined) {
          this.cleared++;
          this.streak = { count: 0 };
          return;
        }
        this.trip(cause, outcome, endpoint);
      },
      () => {
        this.confirming = false;
      },
    );
  }

  private trip(cause: SetupCause, outcome: SendOutcome, endpoint: string): void {
    if (this.problem) return;
    const response = outcome.kind === 'response' ? outcome.response : undefined;
    const details = { target: this.target, endpoint, status: response?.status, contentType: response?.headers['content-type']?.split(';')[0], retryAfter: response?.headers['retry-after'], reason: outcome.kind === 'transient' ? outcome.reason : undefined };
    this.problem = new SetupProblem(cause, explain(cause, details).replace(/^setup: /, `setup: stopped after ${WATCH_WINDOW} answers in a row like this: `));
    this.onTrip(this.problem);
  }
}
