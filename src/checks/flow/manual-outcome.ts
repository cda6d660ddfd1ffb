// D3 through the status read-back (F1): after add-dummy-status, the overall status follows the
// outcome table, and the manual statuses (when the read-back carries them) are the ones given.
import type { Contract } from '../../contract/load.ts';
import type { Finding } from '../../findings/finding.ts';
import { FIELD } from '../../contract/fields.ts';
import { defineFlowCheck } from './define-flow-check.ts';

export function expectedOverall(contract: Contract, face: string, document: string): string {
  const outcome = contract.operations.addDummyStatus.outcome!;
  const [faceField, documentField] = Object.keys(outcome.approvedWhen);
  return outcome.approvedWhen[faceField] === face && outcome.approvedWhen[documentField] === document ? outcome.approved : outcome.otherwise;
}

/** D3 through the status read-back: the overall status, and the manual statuses when present. */
export function readBackFindings(contract: Contract, json: Record<string, unknown>, face: string, document: string, rule: string): Finding[] {
  const want: Record<string, string> = { [FIELD.readBackStatus]: expectedOverall(contract, face, document) };
  if ('manualFace' in json) want.manualFace = face;
  if ('manualDocument' in json) want.manualDocument = document;
  return Object.entries(want)
    .filter(([key, value]) => json[key] !== value)
    .map(([key, value]) => ({
      category: 'webhook',
      check: 'manual-outcome',
      rule,
      field: key,
      constraint: 'read-back',
      expected: `${key} = ${JSON.stringify(value)} after ${face} + ${document}`,
      actual: `${key} = ${JSON.stringify(json[key])}`,
    }));
}

export const manualOutcomeCheck = defineFlowCheck({
  name: 'manual-outcome',
  rules: ['D3', 'F1'],
  appliesTo: (record) => record.readBack !== undefined && record.given.face !== undefined && record.given.document !== undefined,
  run: ({ contract, readBack, given }) => readBackFindings(contract, readBack!, given.face!, given.document!, contract.operations.addDummyStatus.outcome!.rule),
});
