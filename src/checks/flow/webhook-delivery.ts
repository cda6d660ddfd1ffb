// W1: every attributable delivery is a POST to the callbackUrl given (a tunnel behind --webhook-url
// may strip a prefix: the flow's own last path segment, a fresh UUID, must be there).
import { attributable, defineFlowCheck } from './define-flow-check.ts';

export const webhookDeliveryCheck = defineFlowCheck({
  name: 'webhook-delivery',
  rules: ['W1'],
  appliesTo: (record) => record.webhook !== undefined,
  run: ({ contract, webhook }) => {
    const expectedPath = new URL(webhook!.callbackUrl).pathname;
    const flowSegment = expectedPath.slice(expectedPath.lastIndexOf('/'));
    return attributable(webhook!.deliveries)
      .filter((d) => !d.path.split('?')[0].endsWith(flowSegment))
      .map((d) => ({ category: 'webhook', check: 'webhook-delivery', rule: contract.webhook.rules.delivery, field: webhook!.kind, constraint: 'callback-url', expected: `a POST to the callbackUrl (${expectedPath})`, actual: `a POST to ${d.path}` }));
  },
});
