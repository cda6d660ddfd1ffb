// W1: one POST per result. Counted over the attributable deliveries: one that does not verify
// beside a verified one may be anyone's (W2, reported apart). A byte-identical copy of a genuine
// delivery of the phase, sent again although the receiver answered 200, counts too, for either kind:
// it went to the flow's own unguessable path over TLS with the exact signed bytes, which only the
// sender holds (retries of a FAILED delivery are not asserted; every delivery here got a 2xx).
// The finding is W1's delivery verdict, filed under `webhook-delivery` as reports and baselines have
// always named it.
import { attributable, defineFlowCheck, type FlowRecord } from './define-flow-check.ts';

/** The phase's results counted for "once": distinct attributable auto deliveries, plus every re-sent copy. */
function sent(webhook: NonNullable<FlowRecord['webhook']>): number {
  const distinct = webhook.kind === 'auto' ? attributable(webhook.deliveries).length : Math.min(1, attributable(webhook.deliveries).length);
  return distinct + (webhook.replays?.length ?? 0);
}

export const webhookOnceCheck = defineFlowCheck({
  name: 'webhook-once',
  rules: ['W1'],
  appliesTo: (record) => record.webhook !== undefined && sent(record.webhook) > 1,
  run: ({ contract, webhook }) => [
    {
      category: 'webhook',
      check: 'webhook-delivery',
      rule: contract.webhook.rules.delivery,
      field: webhook!.kind,
      constraint: 'once',
      expected: `one ${webhook!.kind}-result webhook per dummy token`,
      actual: `${sent(webhook!)} deliveries${webhook!.replays?.length ? ` (${webhook!.replays.length} a byte-identical copy sent again after a 2xx)` : ''}`,
    },
  ],
});
