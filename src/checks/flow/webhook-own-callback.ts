// W1: the result goes to "that URL", the callbackUrl of the verification's own token, also when
// other verifications of the same key, with other callbackUrls, are in flight. A server that keeps
// one callbackUrl per key (the last one registered) sends a verification's later webhooks to
// another verification's URL. Judged on the flow's unguessable last path segment (a tunnel behind
// --webhook-url may strip a prefix), over the attributable deliveries (W2's evidence rule).
import { attributable, defineFlowCheck } from './define-flow-check.ts';

/** The field whose per-verification value this check follows (the token's). */
const CALLBACK_FIELD = 'callbackUrl';

const segmentOf = (url: string) => {
  const path = new URL(url, 'https://x').pathname;
  return path.slice(path.lastIndexOf('/'));
};

export const webhookOwnCallbackCheck = defineFlowCheck({
  name: 'webhook-own-callback',
  rules: ['W1'],
  appliesTo: (record) => record.webhook !== undefined && (record.inFlight?.length ?? 0) > 0,
  run: ({ contract, webhook, inFlight }) => {
    const own = segmentOf(webhook!.callbackUrl);
    return attributable(webhook!.deliveries)
      .filter((d) => !d.path.split('?')[0].endsWith(own))
      .map((d) => {
        const other = inFlight!.find((v) => d.path.split('?')[0].endsWith(segmentOf(v.callbackUrl)));
        return {
          category: 'webhook',
          check: 'webhook-own-callback',
          rule: contract.webhook.rules.delivery,
          field: CALLBACK_FIELD,
          constraint: 'own-callback-url',
          expected: `the ${webhook!.kind}-result webhook POSTed to this verification's own ${CALLBACK_FIELD} (${new URL(webhook!.callbackUrl).pathname})`,
          actual: `a POST to ${d.path}${other ? `, the ${CALLBACK_FIELD} of another verification in flight` : ''}`,
        };
      });
  },
});
