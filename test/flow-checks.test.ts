// Flow checks (src/checks/flow/) judged on a flow's record: each flags the record it is about and
// lets the conformant one pass. The W1 checks webhook-missing and webhook-once keep the verdict
// reports have always carried (check webhook-delivery, W1, constraint delivered / once). The
// end-to-end runs (mutants over the reference) are in test/webhooks-e2e.test.ts.
import assert from 'node:assert/strict';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { runFlowChecks } from '../src/checks/flow/registry.ts';
import type { FlowRecord } from '../src/checks/flow/define-flow-check.ts';
import type { Delivery } from '../src/webhooks/receiver.ts';

function delivery(signatureValid: boolean, body = '{"final":false}'): Delivery {
  return { receivedAt: new Date(), path: '/hook/flow', headers: {}, raw: Buffer.from(body), json: JSON.parse(body), signatureValid, schemaErrors: [] } as Delivery;
}

function record(contract: Contract, kind: 'auto' | 'manual', deliveries: Delivery[], waitedMs = 30_000): FlowRecord {
  return { contract, given: { scanRef: 'ref' }, webhook: { kind, deliveries, callbackUrl: 'https://127.0.0.1/hook/flow', contentAsserted: true, waitedMs } };
}

describe('flow checks on records: webhook-missing.ts, webhook-once.ts, webhook-schema.ts, auto-outcome.ts', () => {
  let contract: Contract;
  before(async () => {
    contract = await loadContract('markid');
  });

  it("webhook-missing: no delivery in the phase is W1's delivered verdict, naming the window waited", () => {
    const [finding, ...rest] = runFlowChecks(record(contract, 'manual', [], 30_000), ['webhook-missing']);
    assert.deepEqual(rest, []);
    assert.deepEqual(finding, {
      category: 'webhook',
      check: 'webhook-delivery',
      rule: contract.webhook.rules.delivery,
      field: 'manual',
      constraint: 'delivered',
      expected: 'one manual-result webhook within 30 s',
      actual: 'none arrived',
    });
    assert.deepEqual(runFlowChecks(record(contract, 'manual', [delivery(false)]), ['webhook-missing']), [], 'any delivery, even one that does not verify, is not missing');
  });

  it('webhook-once: two attributable auto deliveries are one too many; a forged one beside a verified one is not counted', () => {
    const [finding, ...rest] = runFlowChecks(record(contract, 'auto', [delivery(true), delivery(true, '{"final":true}')]), ['webhook-once']);
    assert.deepEqual(rest, []);
    assert.equal(finding.check, 'webhook-delivery');
    assert.equal(finding.rule, contract.webhook.rules.delivery);
    assert.equal(finding.constraint, 'once');
    assert.equal(finding.actual, '2 deliveries');
    assert.deepEqual(runFlowChecks(record(contract, 'auto', [delivery(true), delivery(false)]), ['webhook-once']), []);
    assert.equal(runFlowChecks(record(contract, 'auto', [delivery(false), delivery(false)]), ['webhook-once']).length, 1, 'none verifies: all are attributable');
    assert.deepEqual(runFlowChecks(record(contract, 'manual', [delivery(true), delivery(true)]), ['webhook-once']), [], 'only the auto result is counted');
  });

  it("webhook-schema: an attributable delivery off WebhookPayload is W6's; content not asserted is not judged", () => {
    const off = { ...delivery(true), schemaErrors: ['/status must be object'] } as Delivery;
    const [finding, ...rest] = runFlowChecks(record(contract, 'auto', [off]), ['webhook-schema']);
    assert.deepEqual(rest, []);
    assert.equal(finding.check, 'webhook-schema');
    assert.equal(finding.rule, contract.webhook.rules.nullable);
    assert.equal(finding.field, '/status');
    assert.deepEqual(runFlowChecks({ ...record(contract, 'auto', [off]), webhook: { ...record(contract, 'auto', [off]).webhook!, contentAsserted: false } }, ['webhook-schema']), []);
    assert.deepEqual(runFlowChecks(record(contract, 'auto', [delivery(true)]), ['webhook-schema']), []);
  });

  it('auto-outcome: the read-back must carry the dummy status, scanRef and clientId (all F1, whatever status it should carry)', () => {
    const given = { scanRef: 'ref-1', dummyStatus: 'APPROVED', clientId: 'client-1' };
    assert.deepEqual(runFlowChecks({ contract, given, readBack: { status: 'APPROVED', scanRef: 'ref-1', clientId: 'client-1' } }, ['auto-outcome']), []);
    const findings = runFlowChecks({ contract, given, readBack: { status: 'DENIED', scanRef: 'ref-1', clientId: 'other' } }, ['auto-outcome']);
    assert.deepEqual(
      findings.map((f) => [f.check, f.field, f.rule]),
      [
        ['auto-outcome', 'status', 'F1'],
        ['auto-outcome', 'clientId', 'F1'],
      ],
    );
  });
});
