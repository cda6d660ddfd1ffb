// W3: the auto-result webhook (the verified one taken as the result) carries the dummy status as
// status.overall, and the verification's scanRef, clientId and externalRef.
import { FIELD, WEBHOOK_OVERALL } from '../../contract/fields.ts';
import { defineFlowCheck, expectFields } from './define-flow-check.ts';

export const webhookAutoResultCheck = defineFlowCheck({
  name: 'webhook-auto-result',
  rules: ['W3'],
  appliesTo: (record) => record.webhook?.kind === 'auto' && record.webhook.result?.json !== undefined,
  run: ({ contract, webhook, given }) =>
    expectFields('webhook-auto-result', contract.webhook.rules.auto, webhook!.result!.json, {
      [WEBHOOK_OVERALL]: given.dummyStatus,
      [FIELD.verificationRef]: given.scanRef,
      [FIELD.clientRef]: given.clientId,
      [FIELD.externalRef]: given.externalRef,
    }),
});
