// A suite is a named, thin declaration: which cases to derive from the contract, and in which
// settings it runs. The files in suites/ are such declarations; the engine does the rest.
import type { Contract } from '../contract/load.ts';
import type { Case } from '../cases/model.ts';
import type { Environment } from './context.ts';

export interface Setting {
  environment: Environment;
  allowProductionWrites: boolean;
  /** --depth: `thorough` adds the heavier value classes (issue 24). */
  depth?: 'default' | 'thorough';
}

export interface SuiteDefinition {
  name: string;
  description: string;
  /** Why the suite does not run in this setting (e.g. it would create verifications in production). */
  skip?: (setting: Setting) => string | undefined;
  cases: (contract: Contract, setting: Setting) => Case[];
}

/** A suite as a run executes it: its cases after filtering and sharding, or why it was skipped. */
export interface PlannedSuite {
  suite: SuiteDefinition;
  cases: Case[];
  skipped?: string;
}

export function defineSuite(definition: SuiteDefinition): SuiteDefinition {
  return definition;
}

/** Suites that create verifications do not run in production unless writes are allowed. */
export function skipInProduction(setting: Setting): string | undefined {
  return setting.environment === 'production' && !setting.allowProductionWrites
    ? 'creates verifications: not run in production without --allow-production-writes'
    : undefined;
}

/** Suites of dummy calls run only where dummy calls must succeed. */
export function skipOutsideDevelopment(setting: Setting): string | undefined {
  return setting.environment !== 'development' ? `dummy calls are refused in ${setting.environment} (see the environment suite)` : undefined;
}
