// Turning what the user typed (flags, environment variables, a config file) into validated run
// options. Every problem becomes a UsageError: one clear line, exit 2, nothing half-done.
import { existsSync, readFileSync } from 'node:fs';
import { parseFailOn, type FailOn } from '../findings/gate.ts';
import { parse as parseYaml } from 'yaml';
import { readProfile } from '../contract/load.ts';
import { ENVIRONMENTS, type Credentials, type Environment } from '../engine/context.ts';

export class UsageError extends Error {}

export function integer(name: string, min = 0): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
    }
    return Number(value);
  };
}

export function positiveNumber(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new UsageError(`${name} must be a number ≥ 0, got "${value}"`);
    return n;
  };
}

export function httpUrl(name: string, schemes = ['http:', 'https:']): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${name} is not a URL: "${value}"`);
    }
    if (!schemes.includes(url.protocol)) throw new UsageError(`${name} must be a ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL, got "${value}"`);
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
  try {
    readProfile(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return value;
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

/** Reads an optional config file (JSON or YAML) whose keys are the long option names in camelCase. */
export function readConfigFile(path: string | undefined): Record<string, unknown> {
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
  return { key, secret };
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
