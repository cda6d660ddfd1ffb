// Turning what the user typed (flags, environment variables, a config file) into validated run
// options. Every problem becomes a UsageError: one clear line, exit 2, nothing half-done.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseFailOn, type FailOn } from '../findings/gate.ts';
import { parse as parseYaml } from 'yaml';
import jsonpatch from 'fast-json-patch';
import { loadContract, readContractDocument, readProfile, type FieldSpec, type Profile } from '../contract/load.ts';
import { ENVIRONMENTS, type Credentials, type Environment } from '../engine/context.ts';
import { MIN_SECRET_LENGTH } from '../findings/redact.ts';

export { LIMITS, MAX_PORT, MAX_TIMER_MS, UsageError } from './limits.ts';
import { UsageError } from './limits.ts';
import { ENV } from '../env-names.ts';

export function integer(name: string, min = 0, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const text = String(value).trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max || !Number.isSafeInteger(Number(text))) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new UsageError(`${name} must be a whole number ${range}, got "${shown(text)}"`);
    }
    return Number(text);
  };
}

export function positiveNumber(name: string, max = Infinity): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > max || String(value).trim() === '') {
      throw new UsageError(`${name} must be a number ${max === Infinity ? '≥ 0' : `from 0 to ${max}`}, got "${shown(String(value))}"`);
    }
    return n;
  };
}

/** A value as an error message may quote it: user-info (user:password@) hidden, cut short. */
export function shown(value: string): string {
  const clean = value.replace(/^([a-z][\w+.-]*:\/*)[^/?#]*@/i, '$1***@');
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

export function httpUrl(name: string, schemes = ['http:', 'https:']): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${name} is not a URL: "${shown(value)}"`);
    }
    if (!schemes.includes(url.protocol)) throw new UsageError(`${name} must be a ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL, got "${shown(value)}"`);
    if (url.username || url.password) throw new UsageError(`${name} must not carry credentials: use --api-key and --api-secret`);
    return value.replace(/\/+$/, '');
  };
}

export function environment(value: string): Environment {
  const env = value.toLowerCase() as Environment;
  if (!ENVIRONMENTS.includes(env)) throw new UsageError(`--environment must be one of ${ENVIRONMENTS.join(', ')}, got "${value}"`);
  return env;
}

export function profile(value: string): string {
  let read: Profile;
  try {
    read = readProfile(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  assertPatchApplies(value, read);
  return value;
}

/** A broken profile patch is named by its file, its operation and its path, before any request. */
function assertPatchApplies(value: string, read: Profile): void {
  const file = existsSync(value) ? value : `openapi/profiles/${value}.yaml`;
  const document = readContractDocument();
  for (const [index, operation] of read.patch.entries()) {
    try {
      jsonpatch.applyOperation(document, operation, true, true, false);
    } catch (error) {
      const why = ((error as Error).message ?? String(error)).split('\n')[0];
      throw new UsageError(`profile ${file}: patch operation ${index + 1} (${shown(String(operation?.op))} ${shown(String(operation?.path))}) cannot be applied: ${why}`);
    }
  }
}

/** C1: custom settings the account has turned on, comma-separated (e.g. checkLiveness,fraudServices). */
export function features(value: string): string[] {
  const names = value.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = names.find((n) => !/^[A-Za-z][A-Za-z0-9]*$/.test(n));
  if (bad !== undefined) throw new UsageError(`--features must be setting names separated by commas (e.g. checkLiveness,fraudServices), got "${bad}"`);
  return names;
}

/** --depth: `default`, or `thorough` for the heavier value classes (issue 24). */
export function depth(value: string): 'default' | 'thorough' {
  const d = value.trim().toLowerCase();
  if (d !== 'default' && d !== 'thorough') throw new UsageError(`--depth must be default or thorough, got "${shown(value)}"`);
  return d;
}

export function shard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${value}"`);
  return { index, count };
}

export function regex(value: string): RegExp {
  try {
    return new RegExp(value, 'i');
  } catch {
    throw new UsageError(`--grep is not a valid pattern: "${value}"`);
  }
}

/** --fail-on: any | new | documented | ruled | categories, comma-separated (see src/findings/gate.ts). */
export function failOn(value: string): FailOn {
  try {
    return parseFailOn(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Config keys whose values are secrets. */
export const SECRET_CONFIG_KEYS = ['apiKey', 'apiSecret', 'apiKey2', 'apiSecret2', 'webhookSigningKey', 'againstApiKey', 'againstApiSecret'];

/**
 * Reads an optional config file (JSON or YAML) whose keys are the long option names in camelCase.
 * A file holding secrets that other users may read gets a one-line warning on stderr.
 */
export function readConfigFile(path: string | undefined, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Record<string, unknown> {
  const data = parseConfigFile(path);
  if (path && SECRET_CONFIG_KEYS.some((key) => data[key] !== undefined)) {
    const mode = statSync(path).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      warn(`ivs-conformance: warning: config file ${path} holds secrets and is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it, or pass secrets as environment variables`);
    }
  }
  return data;
}

function parseConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  if (!existsSync(path)) throw new UsageError(`config file not found: ${path}`);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`config file ${path} must hold an object of option names and values`);
  return data as Record<string, unknown>;
}

/** Both halves of a key pair, or neither. */
export function credentialsFrom(key: string | undefined, secret: string | undefined, flags: string): Credentials | undefined {
  if (!key && !secret) return undefined;
  if (!key || !secret) throw new UsageError(`${flags}: give both the API key and the API secret`);
  assertRedactable(key, `${flags}: the API key`);
  assertRedactable(secret, `${flags}: the API secret`);
  return { key, secret };
}

/**
 * Secrets under 3 characters cannot be told apart from ordinary text, so they could not be
 * redacted from reports: they are refused (the value itself is never echoed).
 */
export function assertRedactable(value: string, what: string): void {
  if (value.length < MIN_SECRET_LENGTH) throw new UsageError(`${what} must be at least ${MIN_SECRET_LENGTH} characters (shorter ones cannot be redacted safely)`);
}

export { isLoopbackUrl } from '../engine/loopback.ts';

/** --features names custom settings of the contract (C1): a misspelt one is refused, never ignored. */
export async function assertKnownFeatures(profileName: string, names: string[]): Promise<void> {
  await assertFieldNames(profileName, names, '--features', 'custom setting', (f) => f.customSetting);
}

/** serve --deny names gated fields of the contract: a misspelt one is refused, never ignored. */
export async function assertKnownGatedFields(profileName: string, names: string[]): Promise<void> {
  await assertFieldNames(profileName, names, '--deny', 'gated field', (f) => f.gated !== undefined && f.gated !== 'environment');
}

async function assertFieldNames(profileName: string, names: string[], flag: string, what: string, pick: (field: FieldSpec) => boolean): Promise<void> {
  const contract = await loadContract(profileName);
  const known = [...new Set(Object.values(contract.operations).flatMap((op) => op.fields.filter(pick).map((f) => f.name)))].sort();
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) throw new UsageError(`${flag}: unknown ${what}${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${shown(n)}"`).join(', ')} (known: ${known.join(', ')})`);
}

/** Noted in every report of a run made with TLS verification off (setupHints: terminal, summary.md, report.html, junit.xml). */
export const TLS_UNVERIFIED_HINT = 'NODE_TLS_REJECT_UNAUTHORIZED=0 was set: TLS certificates were not verified in this run, so the answers (and the credentials sent) may have gone through a man in the middle';

/** Below this many requests per second a run would last days: refused (0 still means unlimited). */
export const MIN_RATE = 0.1;

/** --rate: 0 (unlimited) or from MIN_RATE to `max` requests per second. */
export function rate(name: string, max: number): (value: string) => number {
  const number = positiveNumber(name, max);
  return (value) => {
    const n = number(value);
    if (n > 0 && n < MIN_RATE) throw new UsageError(`${name} must be 0 (unlimited) or at least ${MIN_RATE} requests per second, got "${shown(String(value))}"`);
    return n;
  };
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * The error for a config key that is no option. The key is quoted only when it is a near miss of
 * an option name: anything else may be a secret written where a key belongs (a swapped line), and is never echoed.
 */
export function unknownConfigKey(path: string | undefined, key: string, known: string[]): UsageError {
  const near = known.map((name) => ({ name, d: editDistance(key.toLowerCase(), name.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  if (near && near.d <= 2 && /^[A-Za-z][A-Za-z0-9]*$/.test(key)) return new UsageError(`config file ${path}: unknown option "${key}" (did you mean "${near.name}"?)`);
  return new UsageError(`config file ${path}: a key of ${key.length} characters is no option name (not shown: it may be a secret out of place); keys are the long option names in camelCase, e.g. apiSecret`);
}

/** Flags that carry secrets: on a command line, other users see them (ps) and shells keep them in history. */
const SECRET_FLAGS = /^--(api-key|api-secret|api-key-2|api-secret-2|webhook-signing-key|signing-key)(=|$)/;

/** One warning line when secrets came as command-line flags (the value itself is never shown). */
export function warnSecretFlags(argv: string[] = process.argv, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const flags = [...new Set(argv.filter((a) => SECRET_FLAGS.test(a)).map((a) => a.split('=')[0]))];
  if (flags.length) warn(`ivs-conformance warning: ${flags.join(', ')} on the command line can be read by other users (ps) and stays in shell history; set ${ENV.apiKey}, ${ENV.apiSecret} (…) in the environment instead`);
}
