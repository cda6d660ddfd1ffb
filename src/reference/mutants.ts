// The mutant catalogue: deliberate deviations the reference server can be started with, each ONE
// plausible wrong behaviour a real API might ship. The conformance suite is good only if it finds
// every one of them, in the category a careful reader would file the symptom under.
//
// A mutant bends the faithful server at named stages: the server calls `runtime.apply(stage, value,
// context)` once per stage and uses what comes back. Without a mutant every stage is the identity.
import type { Contract } from '../contract/load.ts';
import type { Environment } from './types.ts';
import type { Hook, Hooks, Mutant, MutantRuntime } from './stages.ts';
import { VALIDATION_MUTANTS } from './mutants/validation.ts';
import { DEFAULTS_MUTANTS } from './mutants/defaults.ts';
import { ERROR_IDENTIFIER_MUTANTS } from './mutants/error-identifier.ts';
import { STATUS_CODE_MUTANTS } from './mutants/status-code.ts';
import { RESPONSE_SCHEMA_MUTANTS } from './mutants/response-schema.ts';
import { AUTH_MUTANTS } from './mutants/auth.ts';
import { ENVIRONMENT_MUTANTS } from './mutants/environment.ts';
import { WEBHOOK_MUTANTS } from './mutants/webhook.ts';
import { SERVER_ERROR_MUTANTS } from './mutants/server-error.ts';
import { POWER_MUTANTS } from './mutants/power.ts';
import { BLIND_2026_12_07 } from './mutants/blind-2026-12-07.ts';
import { BLIND_2026_12_07_R2 } from './mutants/blind-2026-12-07-r2.ts';
import { BLIND_2026_12_08_R3 } from './mutants/blind-2026-12-08-r3.ts';
import { TAXONOMY_MUTANTS } from './mutants/taxonomy.ts';
import { CLASS_MUTANTS } from './mutants/classes.ts';
import { TRUST_MUTANTS } from './mutants/trust.ts';

export type { AuthOutcome, BaseContext, ErrorContext, ErrorReply, Hook, Hooks, Mutant, MutantRuntime, Stage, Stages, WebhookDraft, WireFormat } from './stages.ts';

/** The hooks of one mutant (or none) bound to one server; throws on an unknown id. */
export function mutantRuntime(id: string | undefined, base: { contract: Contract; environment: Environment }, more: Hooks[] = []): MutantRuntime {
  const mutant = id === undefined ? undefined : mutantById(id);
  if (id !== undefined && !mutant) throw new Error(`unknown mutant "${id}"`);
  return hooksRuntime([...(mutant ? [mutant.hooks] : []), ...more], base);
}

/** Hook sets applied one after another at each stage (a mutant, then alternates); each keeps its own state. */
export function hooksRuntime(sets: Hooks[], base: { contract: Contract; environment: Environment }): MutantRuntime {
  const states = sets.map(() => ({}) as Record<string, unknown>);
  return {
    apply(stage, value, context) {
      let current = value;
      sets.forEach((hooks, i) => {
        const hook = hooks[stage] as Hook<typeof stage> | undefined;
        if (hook) current = hook(current, { ...context, ...base, state: states[i] });
      });
      return current;
    },
  };
}

// --- the catalogue: one file per category under mutants/, written with mutants/helpers.ts -----------

export const MUTANTS: Mutant[] = [
  ...VALIDATION_MUTANTS,
  ...DEFAULTS_MUTANTS,
  ...ERROR_IDENTIFIER_MUTANTS,
  ...STATUS_CODE_MUTANTS,
  ...RESPONSE_SCHEMA_MUTANTS,
  ...AUTH_MUTANTS,
  ...ENVIRONMENT_MUTANTS,
  ...WEBHOOK_MUTANTS,
  ...SERVER_ERROR_MUTANTS,
  // Subtle deviations of careful builds (issue 14), one per value class and flow.
  ...POWER_MUTANTS,
  // Deviations of the classes of the value taxonomy (issue 24), one per class and role.
  ...TAXONOMY_MUTANTS,
  // Deviations of the generator classes of issue 24 (fix by class, not by case).
  ...CLASS_MUTANTS,
  // False passes and false alarms of issue 19, one per flow.
  ...TRUST_MUTANTS,
];

/**
 * Blind catalogues (issue 24): deviations written without reading how the suite tests, kept out of
 * MUTANTS (the self-test's catalogue) but reachable by id, so the lead can score them separately.
 */
export const BLIND_CATALOGUES: Record<string, Mutant[]> = { '2026-12-07': BLIND_2026_12_07, '2026-12-07-r2': BLIND_2026_12_07_R2, '2026-12-08-r3': BLIND_2026_12_08_R3 };

const byId = new Map([...MUTANTS, ...Object.values(BLIND_CATALOGUES).flat()].map((m) => [m.id, m]));

export function mutantById(id: string): Mutant | undefined {
  return byId.get(id);
}
