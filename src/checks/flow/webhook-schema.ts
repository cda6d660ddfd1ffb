// W3/W6 and the contract's WebhookPayload: each attributable delivery matches the schema, unless its
// content is not asserted (e.g. an EXPIRED auto result).
import { attributable, defineFlowCheck } from './define-flow-check.ts';

export const webhookSchemaCheck = defineFlowCheck({
  name: 'webhook-schema',
  rules: ['W6'],
  appliesTo: (record) => record.webhook !== undefined && record.webhook.contentAsserted,
  run: ({ contract, webhook }) =>
    attributable(webhook!.deliveries).flatMap((d) =>
      d.schemaErrors.slice(0, 3).map((error) => ({ category: 'webhook', check: 'webhook-schema', rule: contract.webhook.rules.nullable, field: error.split(' ')[0] || 'body', constraint: 'schema', expected: 'a payload valid against WebhookPayload', actual: error })),
    ),
});
