// The findings model: what a run produces, exactly as `report.json` carries it
// (see docs/interface.md). Every reporter writes from this one model.

export const CATEGORIES = [
  'validation',
  'defaults',
  'error-identifier',
  'status-code',
  'response-schema',
  'auth',
  'environment',
  'webhook',
  'server-error',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A request as reported: secrets already replaced by placeholders. */
export interface ReportedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** The JSON body sent, or the raw text when the body was not JSON on purpose. */
  body?: unknown;
  rawBody?: string;
  /** Size in bytes of the body actually sent, when the stored one was cut (bodies over 4,000 characters). */
  bodyBytes?: number;
}

export interface ReportedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Size in bytes of the body received, when the stored one was cut (bodies over 4,000 characters). */
  bodyBytes?: number;
  /** Why this answer deserves a second look, e.g. a 500 that did not reproduce on retry. */
  note?: string;
}

export interface Deviation {
  /** Stable fingerprint of (endpoint, check, field, constraint): same deviation, same id, across runs and seeds. */
  id: string;
  category: Category;
  endpoint: string;
  check: string;
  field?: string;
  constraint?: string;
  suite?: string;
  rule: string;
  ruleText?: string;
  /** True where the expectation is stated plainly in the documents, false where it rests on a ruling. */
  documented: boolean;
  expected: string;
  actual: string;
  request?: ReportedRequest;
  response?: ReportedResponse;
  seed: number;
  reproduce?: string;
  /** For webhook deviations: the delivery received, with how to verify its signature. */
  webhook?: ReceivedWebhook;
}

export interface Inconclusive {
  check: string;
  suite?: string;
  reason: string;
}

export interface CheckOutcome {
  suite: string;
  check: string;
  endpoint: string;
  field?: string;
  constraint?: string;
  rule: string;
  status: 'passed' | 'failed' | 'inconclusive';
  /** Ids of the deviations this check produced (status 'failed'). */
  deviationIds?: string[];
  durationMs?: number;
}

export interface Summary {
  /** Always passed + failed + inconclusive (where `failed` is present). */
  checks: number;
  passed: number;
  /** Distinct deviations (fingerprints); many failed checks can share one. */
  deviations: number;
  /** Checks whose verdict is inconclusive. */
  inconclusive: number;
  byCategory: Partial<Record<Category, number>>;
  /** Checks that failed (addition: older reports lack it). */
  failed?: number;
  /** Root causes the deviations group into (addition). */
  problems?: number;
}

/** The verdict word of a run; 'inconclusive' is the pre-0.2 spelling of 'no-verdict', still read. */
export type Verdict = 'conformant' | 'deviations' | 'incomplete' | 'no-verdict' | 'inconclusive';

/**
 * Deviations that share a root cause: the same check observing the same behaviour (e.g. every
 * BAD_VALUE answered as VALIDATION_ERROR), wherever it showed. Ids are stable like deviation ids.
 */
export interface Problem {
  id: string;
  title: string;
  category: Category;
  check: string;
  rules: string[];
  /** True when any of its deviations rests on a plain statement of the documents. */
  documented: boolean;
  /** 1 (worst) … 5: ranks problems in every report. */
  severity: number;
  expected: string;
  actual: string;
  /** Ids of its deviations, the representative (smallest reproduction) first. */
  deviationIds: string[];
  /** Failed checks that observed it. */
  checks: number;
  endpoints: string[];
  fields: string[];
  /** A runnable shell reproduction: every step it depends on, secrets as environment variables. */
  reproduce?: string;
}

export interface BaselineDiff {
  baseline: string;
  new: string[];
  resolved: string[];
  persisting: string[];
  /** The same comparison by problem id (addition). */
  problems?: { new: string[]; resolved: string[]; persisting: string[] };
}

/** What a webhook delivery looked like when it was received: to check its signature by hand. */
export interface ReceivedWebhook {
  path?: string;
  headers: Record<string, string>;
  /** The raw body as received (redacted). */
  body: string;
  /** How to recompute the signature (openssl), with the signing key as an environment variable. */
  verify: string;
}

export type { CheckObservations, ObservedExchange, NormalAnswer } from './observation.ts';
import type { CheckObservations } from './observation.ts';
import type { DriftReport } from './drift.ts';
export type { DriftReport, Change, ChangeClass } from './drift.ts';

export interface Report {
  tool: { name: 'ivs-conformance'; version: string };
  /** `embedded` (and `mutant` or `alternates`) when the run started its own reference implementation. */
  target: { url: string; profile: string; environment: string; embedded?: boolean; mutant?: string; alternates?: string[] };
  seed: number;
  /** Property-test depth of the run (addition): with the seed, what replays its requests. */
  runs?: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  summary: Summary;
  deviations: Deviation[];
  inconclusive: Inconclusive[];
  /** Additions to the interface (allowed: "add to it freely"). */
  complete?: boolean;
  verdict?: Verdict;
  /** Why the verdict is what it is, in one line (e.g. "interrupted: 120 of 762 checks ran"). */
  verdictReason?: string;
  /** Why the run is incomplete, when it is: 'interrupted', 'budget', 'shards-missing', 'stopped'. */
  incomplete?: string[];
  /** Deviations grouped by root cause, worst first. */
  problems?: Problem[];
  /** The exit code and the --fail-on rule that chose it. */
  gate?: { failOn: string; failing: number; exitCode: number };
  /** Hints on how the run was set up (e.g. the declared environment looks wrong). */
  setupHints?: string[];
  /** The command line that replays this run (secrets only as environment variable names). */
  replay?: string;
  checks?: CheckOutcome[];
  retries?: { total: number; byReason: Record<string, number> };
  shard?: { index: number; count: number };
  baseline?: BaselineDiff;
  /** Requests sent when the first deviation was found (detection per request). */
  firstFindingAfterRequests?: number;
  /** What the target did in each check, normalised (addition, issue 23): what `diff` compares. */
  observations?: CheckObservations[];
  /** Behavioural changes against --compare-to or --against (addition, issue 23). */
  drift?: DriftReport;
  /** Webhook deliveries whose signature did not verify beside verified ones (addition): evidence, not judged (W2 is judged on what verifies). */
  unattributedWebhooks?: { count: number; scanRefs: string[]; note: string };
  /** Suites not run in this setting, with why. */
  skippedSuites?: { suite: string; reason: string }[];
}
