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
  checks: number;
  passed: number;
  deviations: number;
  inconclusive: number;
  byCategory: Partial<Record<Category, number>>;
}

export interface BaselineDiff {
  baseline: string;
  new: string[];
  resolved: string[];
  persisting: string[];
}

export interface Report {
  tool: { name: 'ivs-conformance'; version: string };
  /** `embedded` (and `mutant`) when the run started its own reference implementation. */
  target: { url: string; profile: string; environment: string; embedded?: boolean; mutant?: string };
  seed: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  summary: Summary;
  deviations: Deviation[];
  inconclusive: Inconclusive[];
  /** Additions to the interface (allowed: "add to it freely"). */
  complete?: boolean;
  verdict?: 'conformant' | 'deviations' | 'inconclusive';
  checks?: CheckOutcome[];
  retries?: { total: number; byReason: Record<string, number> };
  shard?: { index: number; count: number };
  baseline?: BaselineDiff;
  /** Requests sent when the first deviation was found (detection per request). */
  firstFindingAfterRequests?: number;
  /** Suites not run in this setting, with why. */
  skippedSuites?: { suite: string; reason: string }[];
}
