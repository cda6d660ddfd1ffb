// Everything a case needs to run against a target, created once per run.
import type { Contract } from '../contract/load.ts';
import type { Oracle } from '../contract/oracle.ts';
import type { Transport } from './transport.ts';
import { secretsWithPairs } from '../findings/redact.ts';

export type Environment = 'development' | 'testing' | 'production';
export const ENVIRONMENTS: Environment[] = ['development', 'testing', 'production'];

export interface Credentials {
  key: string;
  secret: string;
}

/** Where webhooks can be received, when they can. */
export interface WebhookSink {
  /** The callbackUrl to hand to the target (https). */
  callbackUrl: string;
  waitFor(scanRef: string, count: number, timeoutMs: number): Promise<import('../webhooks/receiver.ts').Delivery[]>;
  /** Byte-identical copies of genuine deliveries for `scanRef` that arrived so far (not new results; W1 counts them). */
  replays?(scanRef: string): import('../webhooks/receiver.ts').Delivery[];
}

export interface RunContext {
  contract: Contract;
  oracle: Oracle;
  /** Base URL without a trailing slash. */
  target: string;
  environment: Environment;
  credentials: Credentials;
  /** A second key pair of the same account, for the per-key isolation check (D1), when given. */
  otherCredentials?: Credentials;
  signingKey: string;
  seed: number;
  runs: number;
  transport: Transport;
  issued: { authTokens: Set<string>; scanRefs: Set<string> };
  webhooks?: WebhookSink;
  /** Why webhooks cannot be received in this run, when they cannot. */
  webhooksUnavailable?: string;
  webhookTimeoutMs: number;
  allowProductionWrites: boolean;
  /** Values that must never appear in any output, in any encoding (see findings/redact.ts); grows as near-miss credentials are sent. */
  secrets: string[];
  /** Why an optional endpoint (x-ivs-optional-endpoint) cannot be tested on this target, if so. */
  endpointUnavailable?: (op: import('../contract/load.ts').Operation) => Promise<string | undefined>;
  /** C1: custom settings the account has turned on (--features), asserted like documented fields. */
  features?: string[];
  /** The named guards (src/checks/guards.ts) this run switches off: none, outside a guard's regression test. */
  guardsOff?: ReadonlySet<string>;
  /** Per-run memo of shared setup (e.g. one dummy verification reused by many negative cases). */
  shared: Map<string, Promise<unknown>>;
}

/** Runs `make` once per run and key; later callers get the same promise. */
export function once<T>(ctx: RunContext, key: string, make: () => Promise<T>): Promise<T> {
  if (!ctx.shared.has(key)) ctx.shared.set(key, make());
  return ctx.shared.get(key) as Promise<T>;
}

/** A per-case seed: same run seed and case name → same values, whatever the order or shard. */
export function caseSeed(runSeed: number, name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619);
  return (runSeed ^ hash) >>> 0;
}

/** May this run create verifications on the account? */
export function mayCreate(ctx: RunContext): boolean {
  return ctx.environment !== 'production' || ctx.allowProductionWrites;
}

/** Are dummy calls expected to succeed here (x-ivs-environments)? */
export function dummyCallsAllowed(ctx: RunContext): boolean {
  return ctx.contract.environments[ctx.environment]?.dummyCalls === true;
}

/** The run's secrets (every encoded form is derived by redact.ts); exchange.ts adds the near-miss credentials it sends. */
export function secretsOf(credentials: Credentials[], signingKey?: string): string[] {
  return secretsWithPairs(credentials, signingKey ? [signingKey] : []);
}
