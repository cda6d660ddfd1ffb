// W2: deliveries are signed over their raw bytes with the signing key. Judged on the attributable
// deliveries only: beside one that verifies, one that does not may be anyone's (reported apart).
import { attributable, defineFlowCheck } from './define-flow-check.ts';

export const webhookSignatureCheck = defineFlowCheck({
  name: 'webhook-signature',
  rules: ['W2'],
  appliesTo: (record) => record.webhook !== undefined,
  run: ({ contract, webhook }) => {
    const name = contract.webhook.signatureHeader;
    return attributable(webhook!.deliveries)
      .filter((d) => !d.signatureValid)
      .map((d) => {
        const header = d.headers[name.toLowerCase()];
        return {
          category: 'webhook',
          check: 'webhook-signature',
          rule: contract.webhook.rules.signature,
          field: name,
          constraint: header ? 'hmac' : 'present',
          expected: `${name}: lower-case hex HMAC-SHA256 of the raw body with the signing key`,
          actual: header ? `a signature that does not verify (${webhook!.kind} webhook${d.signatureExplained ? `; ${d.signatureExplained}` : ''})` : `no ${name} header (${webhook!.kind} webhook)`,
        };
      });
  },
});
