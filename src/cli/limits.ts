// Usage errors and the ranges of numeric options: a module with no imports, so the command line
// can declare its options without loading anything heavy (see main.ts).
export class UsageError extends Error {}

/** Node's timers fire at once for delays above this (a 3,000,000,000 ms wait would last 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647;
export const MAX_PORT = 65_535;

/** Upper bounds of the numeric options, so none can overflow a timer, a port or a seed. */
export const LIMITS = {
  ms: MAX_TIMER_MS,
  port: MAX_PORT,
  seed: 2 ** 32 - 1,
  runs: 1_000_000,
  concurrency: 1024,
  maxRequests: 100_000_000,
  rate: 100_000,
  rateLimit: 100_000_000,
} as const;
