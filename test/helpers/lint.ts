// Lints the OpenAPI contract with Redocly's `recommended` ruleset, through @redocly/openapi-core's
// programmatic API (no CLI, no redocly.yaml). The contract as written is linted, and so is every
// profile overlay applied to it, since a profile patch could break what the base file gets right.
// Used by test/contract.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { createConfig, lintFromString, type Config } from '@redocly/openapi-core';
import { stringify as toYaml } from 'yaml';
import { CONTRACT_PATH, PROFILES_DIR, applyProfile, readContractDocument, readProfile } from '../../src/contract/load.ts';

export interface LintResult {
  /** One line per problem: `[source] ruleId at #/pointer: message`. */
  errors: string[];
  warnings: string[];
}

export interface LintOptions {
  /** Contract file; default openapi/ivs.openapi.yaml. */
  path?: string;
  /** Profiles to lint applied to the contract; default every profile in openapi/profiles/. */
  profiles?: string[];
  /** Redocly ruleset to extend; default `recommended`. */
  ruleset?: string;
}

const configs = new Map<string, Promise<Config>>();

function configFor(ruleset: string): Promise<Config> {
  if (!configs.has(ruleset)) configs.set(ruleset, createConfig({ extends: [ruleset] }));
  return configs.get(ruleset)!;
}

export function knownProfiles(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

export async function lintContract(options: LintOptions = {}): Promise<LintResult> {
  const path = options.path ?? CONTRACT_PATH;
  const config = await configFor(options.ruleset ?? 'recommended');
  const sources: { label: string; source: string }[] = [{ label: basename(path), source: readFileSync(path, 'utf8') }];
  const document = readContractDocument(path);
  for (const name of options.profiles ?? knownProfiles()) {
    sources.push({ label: `${basename(path)} + profile ${name}`, source: toYaml(applyProfile(document, readProfile(name))) });
  }

  const result: LintResult = { errors: [], warnings: [] };
  for (const { label, source } of sources) {
    const problems = await lintFromString({ source, absoluteRef: path, config });
    for (const problem of problems) {
      const pointer = problem.location?.[0]?.pointer ?? '#/';
      const line = `[${label}] ${problem.ruleId} at ${pointer}: ${problem.message}`;
      if (problem.severity === 'error') result.errors.push(line);
      else if (problem.severity === 'warn') result.warnings.push(line);
    }
  }
  return result;
}
