// The registered flow checks: each judges the record of a multi-step flow (one file each). Names
// are typed from this list; a case naming a check that is registered nowhere fails when the run is
// planned (assertRegisteredChecks), never mid-run.
import type { Finding } from '../../findings/finding.ts';
import { autoOutcomeCheck } from './auto-outcome.ts';
import type { FlowRecord } from './define-flow-check.ts';
import { manualOutcomeCheck } from './manual-outcome.ts';
import { webhookAutoResultCheck } from './webhook-auto-result.ts';
import { webhookDeliveryCheck } from './webhook-delivery.ts';
import { webhookManualResultCheck } from './webhook-manual-result.ts';
import { webhookMissingCheck } from './webhook-missing.ts';
import { webhookOnceCheck } from './webhook-once.ts';
import { webhookOwnCallbackCheck } from './webhook-own-callback.ts';
import { webhookSchemaCheck } from './webhook-schema.ts';
import { webhookSignatureCheck } from './webhook-signature.ts';

export const FLOW_CHECKS = [
  webhookDeliveryCheck,
  webhookSignatureCheck,
  webhookSchemaCheck,
  webhookOnceCheck,
  webhookOwnCallbackCheck,
  webhookMissingCheck,
  webhookAutoResultCheck,
  webhookManualResultCheck,
  autoOutcomeCheck,
  manualOutcomeCheck,
] as const;

export type FlowCheckName = (typeof FLOW_CHECKS)[number]['name'];

const byName = new Map<string, (typeof FLOW_CHECKS)[number]>(FLOW_CHECKS.map((c) => [c.name, c]));

/** The rulings each flow check enforces, for `list`. */
export const FLOW_CHECK_RULES: Record<string, string[]> = Object.fromEntries(FLOW_CHECKS.map((c) => [c.name, [...c.rules]]));

/** Runs these registered flow checks (all, by default) on a flow's record. */
export function runFlowChecks(record: FlowRecord, names: readonly FlowCheckName[] = FLOW_CHECKS.map((c) => c.name)): Finding[] {
  return names.flatMap((name) => byName.get(name)!.check(record));
}
