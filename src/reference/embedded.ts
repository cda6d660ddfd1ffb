// A run against the embedded reference: starts it (with its mutant or alternates) on loopback and
// hands its URL to the engine as the target. The engine does not depend on the reference; the CLI,
// the self-tests and the bench come through here.
import { EMBEDDED_CREDENTIALS, runConformance as runEngine, type EmbeddedTarget, type RunOptions } from '../engine/run.ts';
import type { Report } from '../findings/model.ts';
import { startReference } from './server.ts';

export { EMBEDDED_CREDENTIALS, TargetUnreachable, type RunOptions } from '../engine/run.ts';

/** Starts the reference as the options describe (environment, profile, signing key, mutant, alternates). */
export function startEmbeddedReference(options: RunOptions): Promise<EmbeddedTarget> {
  return startReference({
    environment: options.environment,
    profile: options.profile,
    credentials: EMBEDDED_CREDENTIALS,
    signingKey: options.signingKey,
    mutant: options.mutant,
    alternates: options.alternates,
  });
}

/** A conformance run; without a target, against the embedded reference. */
export function runConformance(options: RunOptions): Promise<Report> {
  return runEngine({ ...options, startEmbedded: options.startEmbedded ?? startEmbeddedReference });
}
