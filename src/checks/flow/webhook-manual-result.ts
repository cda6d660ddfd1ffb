// W4 (+ D3): the manual-result webhook is final, carries the statuses given and the overall outcome
// of the table, for the same verification.
import { expectedOverall } from './manual-outcome.ts';
import { FIELD, WEBHOOK_OVERALL } from '../../contract/fields.ts';
import { defineFlowCheck, expectFields } from './define-flow-check.ts';

export const webhookManualResultCheck = defineFlowCheck({
  name: 'webhook-manual-result',
  rules: ['W4', 'D3'],
  appliesTo: (record) => record.webhook?.kind === 'manual' && record.webhook.result?.json !== undefined && record.given.face !== undefined,
  run: ({ contract, webhook, given }) =>
    expectFields('webhook-manual-result', contract.webhook.rules.manual, webhook!.result!.json, {
      final: true,
      'status.manualFace': given.face,
      'status.manualDocument': given.document,
      [WEBHOOK_OVERALL]: expectedOverall(contract, given.face!, given.document!),
      [FIELD.verificationRef]: given.scanRef,
      [FIELD.clientRef]: given.clientId,
    }),
});
