// W1: one auto-result webhook per dummy token. Counted over the attributable deliveries: one that
// does not verify beside a verified one may be anyone's (W2, reported apart). The finding is W1's
// delivery verdict, filed under `webhook-delivery` as reports and baselines have always named it.
import { attributable, defineFlowCheck } from './define-flow-check.ts';

export const webhookOnceCheck = defineFlowCheck({
  name: 'webhook-once',
  rules: ['W1'],
  appliesTo: (record) => record.webhook?.kind === 'auto' && attributable(record.webhook.deliveries).length > 1,
  run: ({ contract, webhook }) => [
    {
      category: 'webhook',
      check: 'webhook-delivery',
      rule: contract.webhook.rules.delivery,
      field: webhook!.kind,
      constraint: 'once',
      expected: `one ${webhook!.kind}-result webhook per dummy token`,
      actual: `${attributable(webhook!.deliveries).length} deliveries`,
    },
  ],
});
