// Composes a run: plans it (src/plan.ts), and without a target starts the embedded reference (with
// its mutant or alternates) on loopback, hands its URL and credentials to the engine as the
// target, and stops it afterwards. The engine knows nothing of the reference; the CLI, the
// self-tests, the bench and a plain `npx mocha` come through here.
import { runPlan, type EngineOptions, type PlannedRun, type RunOptions as EngineRunOptions, type RunTarget } from '../engine/run.ts';
import type { Credentials } from '../engine/context.ts';
import type { Report } from '../findings/model.ts';
import { planFor } from '../plan.ts';
import { startReference } from './server.ts';

export { TargetUnreachable } from '../engine/run.ts';

/** Credentials of the embedded reference: not secrets of anybody, but redacted all the same. */
export const EMBEDDED_CREDENTIALS: Credentials[] = [
  { key: 'ivs-local-key', secret: 'ivs-local-secret' },
  { key: 'ivs-local-key-2', secret: 'ivs-local-secret-2' },
];

/** What only a run against the embedded reference has. */
export interface EmbeddedOptions {
  /** Run the embedded reference with this deviation switched on (self-test). */
  mutant?: string;
  /** Run the embedded reference with these conformant variants switched on (precision self-test). */
  alternates?: string[];
}

/** A run's options: the engine's, and what the embedded reference is started with when there is no target. */
export type RunOptions = EngineRunOptions & EmbeddedOptions;

/** A target the composition started itself (the embedded reference): stopped when the run ends. */
export interface StartedTarget extends RunTarget {
  close(): Promise<void>;
}

/** The target of these options: the one given, or the embedded reference started now (as the options describe). */
export async function targetFor(options: RunOptions): Promise<StartedTarget> {
  const otherCredentials = options.otherCredentials ?? (options.target ? undefined : EMBEDDED_CREDENTIALS[1]);
  const credentials = options.credentials ?? EMBEDDED_CREDENTIALS[0];
  if (options.target) return { url: options.target, credentials, otherCredentials, close: async () => {} };
  const reference = await startReference({
    environment: options.environment,
    profile: options.profile,
    credentials: EMBEDDED_CREDENTIALS,
    signingKey: options.signingKey,
    mutant: options.mutant,
    alternates: options.alternates,
  });
  const describe = { embedded: true, ...(options.mutant ? { mutant: options.mutant } : {}), ...(options.alternates?.length ? { alternates: options.alternates } : {}) };
  return { url: reference.url, credentials, otherCredentials, describe, close: () => reference.close() };
}

/** Runs a planned run against the options' target (started here when it is the embedded reference). */
export async function runPlanned(plan: PlannedRun, options: RunOptions): Promise<Report> {
  const target = await targetFor(options);
  try {
    return await runPlan(plan, target, engineOptions(options));
  } finally {
    await target.close();
  }
}

/** A conformance run; without a target, against the embedded reference. */
export async function runConformance(options: RunOptions): Promise<Report> {
  return runPlanned(await planFor(options), options);
}

/** The engine's part of the options (the target goes as a RunTarget, from targetFor). */
export function engineOptions(options: RunOptions): EngineOptions {
  const { target: _target, credentials: _credentials, otherCredentials: _other, mutant: _mutant, alternates: _alternates, ...engine } = options;
  return engine;
}
