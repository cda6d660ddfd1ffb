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

describe('flow checks on records: webhook-missing.ts, webhook-once.ts, webhook-own-callback.ts, webhook-schema.ts, auto-outcome.ts', () => {
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

  it('webhook-once: a byte-identical copy re-sent after a 2xx counts, for either kind', () => {
    const result = delivery(true);
    const [finding, ...rest] = runFlowChecks({ ...record(contract, 'manual', [result]), webhook: { ...record(contract, 'manual', [result]).webhook!, replays: [delivery(true)] } }, ['webhook-once']);
    assert.deepEqual(rest, []);
    assert.equal(finding.constraint, 'once');
    assert.equal(finding.field, 'manual');
    assert.match(finding.actual, /^2 deliveries \(1 a byte-identical copy sent again after a 2xx\)$/);
    assert.equal(runFlowChecks({ ...record(contract, 'auto', [result]), webhook: { ...record(contract, 'auto', [result]).webhook!, replays: [delivery(true)] } }, ['webhook-once']).length, 1);
    assert.deepEqual(runFlowChecks({ ...record(contract, 'auto', [result]), webhook: { ...record(contract, 'auto', [result]).webhook!, replays: [] } }, ['webhook-once']), []);
  });

  it("webhook-own-callback: with other verifications in flight, a delivery at another one's callbackUrl is W1's callbackUrl deviation", () => {
    const elsewhere = { ...delivery(true), path: '/hook/other' } as Delivery;
    const inFlight = [{ scanRef: 'other', callbackUrl: 'https://127.0.0.1/hook/other' }];
    const [finding, ...rest] = runFlowChecks({ ...record(contract, 'manual', [elsewhere]), inFlight }, ['webhook-own-callback']);
    assert.deepEqual(rest, []);
    assert.equal(finding.rule, contract.webhook.rules.delivery);
    assert.equal(finding.field, 'callbackUrl');
    assert.equal(finding.constraint, 'own-callback-url');
    assert.equal(finding.actual, 'a POST to /hook/other, the callbackUrl of another verification in flight');
    assert.deepEqual(runFlowChecks({ ...record(contract, 'manual', [delivery(true)]), inFlight }, ['webhook-own-callback']), [], 'its own callbackUrl passes');
    assert.deepEqual(runFlowChecks({ ...record(contract, 'manual', [elsewhere, delivery(false)]), inFlight }, ['webhook-own-callback']).length, 1);
    assert.deepEqual(runFlowChecks({ ...record(contract, 'manual', [{ ...delivery(false), path: '/hook/other' } as Delivery, delivery(true)]), inFlight }, ['webhook-own-callback']), [], 'one that does not verify beside a verified one is not attributed');
    assert.deepEqual(runFlowChecks(record(contract, 'manual', [elsewhere]), ['webhook-own-callback']), [], 'applies only with verifications in flight');
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
