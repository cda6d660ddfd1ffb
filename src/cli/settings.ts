// The settings of `ivs-conformance run`, one row each: its flag, its environment variable and its
// config-file key, and how its value is parsed. The command line (main.ts), the environment and a
// config file (run-command.ts) are all derived from this table, so a setting means the same
// wherever it is given. Precedence: flag, then environment variable, then config file, then the
// default. Imports nothing heavy: main.ts reads it for --help and --version.
import { LIMITS } from './limits.ts';
import { ENV } from '../env-names.ts';

/** A parser of options.ts by name, with its arguments after the setting's own name. */
export type ParserSpec =
  | { parser: 'integer'; min: number; max: number }
  | { parser: 'rate'; max: number }
  | { parser: 'httpUrl'; schemes?: string[] }
  | { parser: 'environment' | 'profile' | 'shard' | 'regex' | 'failOn' | 'features' | 'depth' };

export interface RunSetting {
  /** Config-file key and the option's attribute name (camelCase). */
  key: string;
  /** commander flag spelling, e.g. '--seed <n>' or '--no-progress'. */
  flags: string;
  env?: string;
  description: string;
  parse?: ParserSpec;
  /** On/off: the environment variable takes true/false (or 1/0). */
  boolean?: boolean;
  /** A secret: never echoed, warned about in a readable config file. */
  secret?: boolean;
  /** No config key, and why (the README repeats it). */
  noConfig?: string;
}

/** How fast a run sends when not told (--rate, --concurrency): generous on loopback, conservative against a rate-limited sandbox (10,000 requests/hour). */
export const PACING = {
  loopback: { rate: 0, concurrency: 16 },
  remote: { rate: 2, concurrency: 4 },
} as const;

/** The default pacing of a target: remote, or this machine. */
export function pacingFor(remote: boolean): { rate: number; concurrency: number } {
  return remote ? PACING.remote : PACING.loopback;
}

export const RUN_SETTINGS: readonly RunSetting[] = [
  { key: 'target', flags: '--target <url>', env: ENV.target, description: 'base URL of the API, e.g. https://ivs.markid.eu', parse: { parser: 'httpUrl' } },
  { key: 'apiKey', flags: '--api-key <key>', env: ENV.apiKey, description: 'API key (basic-auth username)', secret: true },
  { key: 'apiSecret', flags: '--api-secret <secret>', env: ENV.apiSecret, description: 'API secret (basic-auth password)', secret: true },
  { key: 'apiKey2', flags: '--api-key-2 <key>', env: ENV.apiKey2, description: 'a second key pair of the account, for the per-key isolation check (D1)', secret: true },
  { key: 'apiSecret2', flags: '--api-secret-2 <secret>', env: ENV.apiSecret2, description: 'secret of the second key pair', secret: true },
  { key: 'environment', flags: '--environment <env>', env: ENV.environment, description: 'what the account is: development | testing | production (required with --target)', parse: { parser: 'environment' } },
  { key: 'profile', flags: '--profile <name>', env: ENV.profile, description: 'vendor variant: markid | idenfy | path to a profile YAML', parse: { parser: 'profile' } },
  { key: 'webhookSigningKey', flags: '--webhook-signing-key <key>', env: ENV.webhookSigningKey, description: 'key that signs Idenfy-Signature (default: the API secret)', secret: true },
  { key: 'webhookUrl', flags: '--webhook-url <url>', env: ENV.webhookUrl, description: 'public https URL that forwards to the local webhook receiver (remote targets)', parse: { parser: 'httpUrl', schemes: ['https:'] } },
  { key: 'webhookPort', flags: '--webhook-port <port>', env: ENV.webhookPort, description: 'port of the local HTTPS webhook receiver, for the tunnel behind --webhook-url (default: a free one)', parse: { parser: 'integer', min: 0, max: LIMITS.port } },
  { key: 'webhookTimeout', flags: '--webhook-timeout <ms>', env: ENV.webhookTimeout, description: 'how long to wait for each webhook', parse: { parser: 'integer', min: 1, max: LIMITS.ms } },
  { key: 'reportDir', flags: '--report-dir <dir>', env: ENV.reportDir, description: 'where report files go (default reports/<timestamp>/, copied to reports/latest/)' },
  { key: 'seed', flags: '--seed <n>', env: ENV.seed, description: 'seed of the run: the same seed replays the same requests', parse: { parser: 'integer', min: 0, max: LIMITS.seed } },
  { key: 'runs', flags: '--runs <n>', env: ENV.runs, description: 'property-test depth: generated cases per property', parse: { parser: 'integer', min: 1, max: LIMITS.runs } },
  { key: 'grep', flags: '--grep <pattern>', env: ENV.grep, description: 'run only suites/checks whose name matches', parse: { parser: 'regex' } },
  { key: 'maxRequests', flags: '--max-requests <n>', env: ENV.maxRequests, description: 'hard cap on requests sent (retries included)', parse: { parser: 'integer', min: 1, max: LIMITS.maxRequests } },
  { key: 'rate', flags: '--rate <r>', env: ENV.rate, description: `max requests per second (0 = unlimited; default ${PACING.loopback.rate || 'unlimited'} on loopback, ${PACING.remote.rate} remote)`, parse: { parser: 'rate', max: LIMITS.rate } },
  { key: 'concurrency', flags: '--concurrency <c>', env: ENV.concurrency, description: `max requests in flight (default ${PACING.loopback.concurrency} on loopback, ${PACING.remote.concurrency} remote)`, parse: { parser: 'integer', min: 1, max: LIMITS.concurrency } },
  { key: 'timeout', flags: '--timeout <ms>', env: ENV.timeout, description: 'total deadline of each request (connection, headers and body), ms', parse: { parser: 'integer', min: 1, max: LIMITS.ms } },
  { key: 'baseline', flags: '--baseline <file>', env: ENV.baseline, description: 'an earlier report.json: report new / resolved / persisting deviations' },
  { key: 'failOn', flags: '--fail-on <which>', env: ENV.failOn, description: 'any | new | documented | ruled | categories (e.g. webhook,auth): which deviations fail the run (new = not in --baseline); comma-separated terms must all hold; change classes (regression, fix, drift, changed-deviation, coverage, change) fail it on changes found by --compare-to / --against', parse: { parser: 'failOn' } },
  { key: 'compareTo', flags: '--compare-to <report>', env: ENV.compareTo, description: 'an earlier report (directory or report.json): report every behavioural change (regression, fix, drift, …)' },
  { key: 'against', flags: '--against <url>', env: ENV.against, description: 'a second target sent the same seeded plan right after the first: report how they behave differently', parse: { parser: 'httpUrl' } },
  { key: 'againstApiKey', flags: '--against-api-key <key>', env: ENV.againstApiKey, description: "API key of the --against target (default: the first target's)", secret: true },
  { key: 'againstApiSecret', flags: '--against-api-secret <secret>', env: ENV.againstApiSecret, description: 'API secret of the --against target', secret: true },
  { key: 'againstEnvironment', flags: '--against-environment <env>', env: ENV.againstEnvironment, description: 'environment of the --against target (default: --environment)', parse: { parser: 'environment' } },
  { key: 'har', flags: '--har <file>', env: ENV.har, description: 'save every exchange as HAR 1.2 (secrets redacted)' },
  { key: 'shard', flags: '--shard <i/n>', env: ENV.shard, description: 'run a deterministic 1/n slice of the checks (CI matrix)', parse: { parser: 'shard' } },
  { key: 'depth', flags: '--depth <depth>', env: ENV.depth, description: 'default, or thorough: every value of every value class (all codes of every list in every list field, all Unicode and length variants)', parse: { parser: 'depth' } },
  { key: 'allowProductionWrites', flags: '--allow-production-writes', env: ENV.allowProductionWrites, description: 'in production, also run the suites that create verifications', boolean: true },
  { key: 'features', flags: '--features <settings>', env: ENV.features, description: 'custom settings the account has turned on (C1), comma-separated: only their types and lists are asserted', parse: { parser: 'features' } },
  { key: 'config', flags: '--config <file>', env: ENV.config, description: 'JSON or YAML file of settings (the keys below, camelCase); flags and environment win', noConfig: 'a config file does not name another one' },
  { key: 'progress', flags: '--no-progress', env: ENV.progress, description: `no progress display (${ENV.progress}=false)`, boolean: true },
  { key: 'preflight', flags: '--no-preflight', env: ENV.preflight, description: `judge every answer, even when they all share one setup cause (no preflight, no watch; ${ENV.preflight}=false)`, boolean: true },
];

/** An on/off value from the environment or a config file: true/false, 1/0, yes/no; undefined if it is none of them. */
export function booleanValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return undefined;
}

type Parse = (value: string) => unknown;
/** The parsers a ParserSpec names (options.ts, or main.ts's deferred stand-ins for them). */
export interface ParserSet {
  integer(name: string, min?: number, max?: number): Parse;
  rate(name: string, max?: number): Parse;
  httpUrl(name: string, schemes?: string[]): Parse;
  environment: Parse;
  profile: Parse;
  shard: Parse;
  regex: Parse;
  failOn: Parse;
  features: Parse;
  depth: Parse;
}

/** The parser of a setting; `name` is how an error names it (the flag, or the config key). */
export function parserOf(setting: RunSetting, parsers: ParserSet, name = setting.flags.split(' ')[0]): Parse | undefined {
  const spec = setting.parse;
  if (!spec) return undefined;
  switch (spec.parser) {
    case 'integer':
      return parsers.integer(name, spec.min, spec.max);
    case 'rate':
      return parsers.rate(name, spec.max);
    case 'httpUrl':
      return parsers.httpUrl(name, spec.schemes);
    default:
      return parsers[spec.parser];
  }
}
