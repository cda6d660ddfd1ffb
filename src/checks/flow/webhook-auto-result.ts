// W3: the auto-result webhook (the verified one taken as the result) carries the dummy status as
// status.overall, and the verification's scanRef, clientId and externalRef.
import { defineFlowCheck, expectFields } from './define-flow-check.ts';

export const webhookAutoResultCheck = defineFlowCheck({
  name: 'webhook-auto-result',
  rules: ['W3'],
  appliesTo: (record) => record.webhook?.kind === 'auto' && record.webhook.result?.json !== undefined,
  run: ({ contract, webhook, given }) =>
    expectFields('webhook-auto-result', contract.webhook.rules.auto, webhook!.result!.json, {
      'status.overall': given.dummyStatus,
      scanRef: given.scanRef,
      clientId: given.clientId,
      externalRef: given.externalRef,
    }),
});
