// W1: a result webhook arrives within the window. Judged when the phase received no delivery at all;
// whether the wait was long enough to say so is the case's to decide first (guard
// webhook-delivery-window, src/cases/webhooks.ts). The finding is W1's delivery verdict, filed
// under `webhook-delivery` as reports and baselines have always named it.
import { defineFlowCheck } from './define-flow-check.ts';

export const webhookMissingCheck = defineFlowCheck({
  name: 'webhook-missing',
  rules: ['W1'],
  appliesTo: (record) => record.webhook !== undefined && record.webhook.deliveries.length === 0,
  run: ({ contract, webhook }) => [
    {
      category: 'webhook',
      check: 'webhook-delivery',
      rule: contract.webhook.rules.delivery,
      field: webhook!.kind,
      constraint: 'delivered',
      expected: `one ${webhook!.kind}-result webhook within ${Math.round(webhook!.waitedMs / 1000)} s`,
      actual: 'none arrived',
    },
  ],
});
