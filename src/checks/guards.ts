// Named guards against false alarms. Each guard is one latitude the documents or rulings allow a
// conformant server, enforced beside the check it protects (the guard's `home`). Every guard has a
// pinned regression test in test/precision-guards.test.ts that fails when the guard is switched off:
// `withoutGuards` exists for that test only, never for a user's run. The switches travel with the
// run (src/contract/guard-switches.ts), never as a process-wide setting.
import { guardOn as switchOn, withGuardsOff } from '../contract/guard-switches.ts';

export interface GuardInfo {
  /** The rule (ruling id) that grants the latitude. */
  rule: string;
  /** The file of the check it protects. */
  home: string;
  description: string;
}

export const GUARDS = {
  'absent-as-null': { rule: 'R11', home: 'src/checks/applies-defaults.ts', description: 'a response key whose value would be null may be absent; judged as null' },
  'configured-default': { rule: 'T9', home: 'src/checks/applies-defaults.ts', description: 'an omitted field answered with the environment\'s configured value (any value valid for the field) conforms' },
  'echo-variants': { rule: 'T5', home: 'src/checks/echoes-sent-fields.ts', description: 'a profile may allow a sent value to come back upper-cased (nationality) or as a fallback (locale → en)' },
  'custom-setting-latitude': { rule: 'C1', home: 'src/checks/latitude.ts', description: 'a custom setting the run was not told is on may be accepted, refused with BAD_VALUE or refused as gated, whatever its value' },
  'gated-refusal': { rule: 'C1', home: 'src/checks/latitude.ts', description: 'a refusal of a gated feature (identifier or message) makes the check inconclusive' },
  'vendor-vocabulary': { rule: 'V1', home: 'src/contract/oracle.ts', description: 'values of the vendor\'s wider vocabulary are never sent as valid nor as invalid' },
  'webhook-kind-match': { rule: 'W4', home: 'src/cases/webhooks.ts', description: 'the manual result is the delivery that carries manual statuses, not a late duplicate auto result' },
  'stable-attribution': { rule: 'S1', home: 'src/cases/model.ts', description: 'a property failure is filed under the case\'s own field, not the optional field that survived shrinking' },
  'webhook-delivery-window': { rule: 'W1', home: 'src/cases/webhooks.ts', description: 'a webhook is awaited for the contract\'s x-ivs-webhook.deliveryTimeoutMs at least' },
  'json-media-type': { rule: 'R1', home: 'src/checks/success-content-type.ts', description: 'application/json with parameters (charset) or a +json suffix is JSON' },
} as const satisfies Record<string, GuardInfo>;

export type GuardName = keyof typeof GUARDS;

/** Whether a guard is on in the running case's context (always, outside its regression test). */
export function guardOn(name: GuardName): boolean {
  return switchOn(name);
}

/** Runs `work` with guards switched off (for it and what it starts only), for the test that shows each guard matters. */
export async function withoutGuards<T>(names: GuardName[], work: () => Promise<T> | T): Promise<T> {
  return withGuardsOff(names, work);
}
