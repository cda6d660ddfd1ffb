// Every value of every finite domain in every role (issue 14): each manual face and document
// status at least once on add-dummy-status with its D3 outcome read back (a covering set, not all
// pairs), a second add-dummy-status triggering another webhook (W1, W4), and a callbackUrl with a
// query string receiving its webhooks at exactly that URL. A 5xx at any step of a flow is an R7
// deviation, never an inconclusive setup failure.
import { randomUUID } from 'node:crypto';
import type { Contract, Operation } from '../contract/load.ts';
import { FIELD, fieldOf, WEBHOOK_OVERALL } from '../contract/fields.ts';
import type { WebhookPayload } from '../contract/types.ts';
import { minimalBody, type Body } from '../arbitraries/requests.ts';
import type { RunContext } from '../engine/context.ts';
import { exchange, type Exchange } from '../engine/exchange.ts';
import type { Finding } from '../findings/finding.ts';
import type { Delivery } from '../webhooks/receiver.ts';
import { dummyStatuses, expectedOverall, outcomePairs, readBackFindings } from './dummy.ts';
import { observe, type Case, type CaseResult } from './model.ts';
import { manualDeliveries } from './webhooks.ts';
import { gatedRefusal } from '../checks/latitude.ts';
import { RULE } from '../contract/rulings.ts';

/** The two status fields of add-dummy-status, in the order of the D3 rule. */
function statusFields(contract: Contract): [string, string] {
  return Object.keys(contract.operations.addDummyStatus.outcome!.approvedWhen) as [string, string];
}

function enumOf(op: Operation, field: string): string[] {
  return op.fields.find((f) => f.name === field)!.schema.enum.filter((v: unknown) => typeof v === 'string');
}

/** Pairs covering every face and every document status at least once, plus D3's deciding pairs. */
export function coveringPairs(contract: Contract): [string, string][] {
  const op = contract.operations.addDummyStatus;
  const [faceField, documentField] = statusFields(contract);
  const faces = enumOf(op, faceField);
  const documents = enumOf(op, documentField);
  const pairs: [string, string][] = [...outcomePairs(contract)];
  for (let i = 0; i < Math.max(faces.length, documents.length); i++) pairs.push([faces[i % faces.length], documents[i % documents.length]]);
  const seen = new Set<string>();
  return pairs.filter(([f, d]) => !seen.has(`${f}+${d}`) && seen.add(`${f}+${d}`));
}

/** R7 for one step of a flow: a 5xx is a deviation wherever it happens. */
export function serverErrorAt(ex: Exchange, step: string): CaseResult | undefined {
  if (!ex.answer || ex.answer.status < 500) return undefined;
  const finding: Finding = { category: 'server-error', check: 'no-server-error', rule: RULE.noServerError, constraint: step, expected: 'no 5xx', actual: `HTTP ${ex.answer.status} at step "${step}"` };
  return { observations: [{ finding, exchange: ex }] };
}

interface Created {
  scanRef: string;
  body: Body;
  exchange: Exchange;
}

/** A dummy verification for a flow: a 5xx is R7, any other failure makes the flow inconclusive. */
async function createFlowDummy(ctx: RunContext, status: string, extra: Body = {}): Promise<Created | CaseResult> {
  const op = ctx.contract.operations.createToken;
  const body = { ...minimalBody(op), [FIELD.externalRef]: `ivs-${randomUUID().slice(0, 8)}`, [op.dummy!.field]: status, ...extra };
  const ex = await exchange(ctx, { op, body });
  const crashed = serverErrorAt(ex, 'create the dummy verification');
  if (crashed) return crashed;
  const scanRef = fieldOf(ex.answer?.json, 'verificationRef');
  if (!ex.answer || ex.answer.status >= 300 || typeof scanRef !== 'string') {
    // A feature the flow needs (callbackUrl) refused as not enabled says why (guard gated-refusal).
    const gated = ex.answer && gatedRefusal(ctx.contract, op, { kind: 'accept', rule: op.dummy!.rule }, ex.answer, body);
    return { observations: [], inconclusive: gated ?? `could not create a dummy verification: ${ex.transient ?? `HTTP ${ex.answer?.status}`}` };
  }
  return { scanRef, body, exchange: ex };
}

/** add-dummy-status, which must be accepted (D3's 200); its findings, if any, end the flow. */
async function addStatus(ctx: RunContext, scanRef: string, face: string, document: string): Promise<{ ex: Exchange; stop?: CaseResult }> {
  const op = ctx.contract.operations.addDummyStatus;
  const [faceField, documentField] = statusFields(ctx.contract);
  const ex = await exchange(ctx, { op, body: { ...minimalBody(op, { [FIELD.verificationRef]: scanRef }), [faceField]: face, [documentField]: document } });
  // A documented status refused breaks the statuses' own rule (D2); a wrong success code, R4/D3.
  const rule = op.fields.find((f) => f.name === faceField)!.rule;
  const result = observe(ctx, ex, { kind: 'accept', rule }, { constraint: 'enum-coverage' });
  return { ex, stop: result.inconclusive || result.observations.length ? result : undefined };
}

/** Each pair of the covering set: accepted, then read back with its D3 outcome and statuses (F1). */
export function coveringOutcomeCases(suite: string, contract: Contract): Case[] {
  const add = contract.operations.addDummyStatus;
  const status = contract.operations.getStatus;
  const rule = add.outcome!.rule;
  const autos = dummyStatuses(contract);
  return coveringPairs(contract).map(([face, document], i) => ({
    suite,
    name: `${suite} › ${face} + ${document} accepted and read back`,
    check: 'manual-outcome',
    endpoint: add.endpoint,
    field: FIELD.readBackStatus,
    constraint: 'outcome',
    rule,
    async run(ctx: RunContext): Promise<CaseResult> {
      // Every auto status in turn: the manual outcome follows D3 whatever the dummy status was.
      const dummy = await createFlowDummy(ctx, autos[i % autos.length]);
      if ('observations' in dummy) return dummy;
      const added = await addStatus(ctx, dummy.scanRef, face, document);
      if (added.stop) return added.stop;
      const unavailable = await ctx.endpointUnavailable?.(status);
      // The read-back step cannot run: the flow is inconclusive with that cause, never a pass.
      if (unavailable) return { observations: [], inconclusive: unavailable };
      const read = await exchange(ctx, { op: status, body: { [FIELD.verificationRef]: dummy.scanRef } });
      const readResult = observe(ctx, read, { kind: 'accept', rule: status.successStatuses.rule }, {});
      if (readResult.inconclusive || readResult.observations.length) return readResult;
      const json = read.answer!.json as Record<string, unknown>;
      const findings = readBackFindings(contract, json, face, document, rule);
      return { observations: findings.map((finding) => ({ finding, exchange: read })) };
    },
  }));
}

// --- webhook flows -------------------------------------------------------------------------------

/** The genuine (signature-verified) deliveries after the first `seen`, waiting for at least one. */
async function next(ctx: RunContext, scanRef: string, seen: number): Promise<Delivery[]> {
  const all = await ctx.webhooks!.waitFor(scanRef, seen + 1, ctx.webhookTimeoutMs);
  return all.slice(seen);
}

function webhookFinding(rule: string, field: string, constraint: string, expected: string, actual: string, check = 'webhook-delivery'): Finding {
  return { category: 'webhook', check, rule, field, constraint, expected, actual };
}

function noReceiver(ctx: RunContext): CaseResult {
  return { observations: [], inconclusive: `webhooks cannot be received: ${ctx.webhooksUnavailable ?? 'no receiver'}` };
}

/** W1 + W4: a second add-dummy-status on the same verification triggers another webhook with its own statuses. */
export function secondManualWebhookCase(suite: string, contract: Contract): Case {
  const rules = contract.webhook.rules;
  const pairs = outcomePairs(contract);
  const [first, second] = [pairs[0], pairs[pairs.length - 1]];
  const [faceField, documentField] = statusFields(contract);
  return {
    suite,
    name: `${suite} › a second add-dummy-status triggers another webhook`,
    check: 'webhook-manual-result',
    endpoint: 'WEBHOOK verificationResult',
    field: 'manual',
    constraint: 'second',
    rule: rules.delivery,
    async run(ctx) {
      if (!ctx.webhooks) return noReceiver(ctx);
      const callbackUrl = `${ctx.webhooks.callbackUrl}/${randomUUID()}`;
      const dummy = await createFlowDummy(ctx, dummyStatuses(contract)[0], { callbackUrl });
      if ('observations' in dummy) return dummy;
      // Each manual result is the delivery that carries it (guard webhook-kind-match), so a late
      // duplicate of the auto result is never taken for either of them.
      const auto = await ctx.webhooks.waitFor(dummy.scanRef, 1, ctx.webhookTimeoutMs);
      const one = await addStatus(ctx, dummy.scanRef, ...first);
      if (one.stop) return one.stop;
      await manualDeliveries(ctx.webhooks, dummy.scanRef, auto, { face: first[0], document: first[1] }, ctx.webhookTimeoutMs);
      const before = await ctx.webhooks.waitFor(dummy.scanRef, Number.MAX_SAFE_INTEGER, 0);
      const two = await addStatus(ctx, dummy.scanRef, ...second);
      if (two.stop) return two.stop;
      const { deliveries: afterSecond, result: genuine } = await manualDeliveries(ctx.webhooks, dummy.scanRef, before, { face: second[0], document: second[1] }, ctx.webhookTimeoutMs);
      const findings: Finding[] = [];
      if (!afterSecond.length) {
        findings.push(webhookFinding(rules.delivery, 'manual', 'second', `another webhook after the second add-dummy-status (${second.join(' + ')})`, 'none arrived'));
      } else if (genuine) {
        const payload = genuine.json as WebhookPayload | undefined;
        const want: Record<string, unknown> = { [faceField]: second[0], [documentField]: second[1] };
        const got: Record<string, unknown> = { [faceField]: payload?.status?.manualFace, [documentField]: payload?.status?.manualDocument };
        const overall = expectedOverall(contract, ...second);
        if (payload?.status?.overall !== overall) findings.push(webhookFinding(rules.manual, WEBHOOK_OVERALL, 'second', `${WEBHOOK_OVERALL} = ${overall} after ${second.join(' + ')}`, `${WEBHOOK_OVERALL} = ${JSON.stringify(payload?.status?.overall)}`, 'webhook-manual-result'));
        for (const key of Object.keys(want)) {
          if (got[key] !== want[key]) findings.push(webhookFinding(rules.manual, key === faceField ? 'status.manualFace' : 'status.manualDocument', 'second', `${String(want[key])} from the second add-dummy-status`, JSON.stringify(got[key]), 'webhook-manual-result'));
        }
      }
      return { observations: findings.map((finding) => ({ finding, exchange: two.ex })) };
    },
  };
}

/** W1: a callbackUrl with a query string gets its webhook at exactly that URL, query included. */
export function queryCallbackCase(suite: string, contract: Contract): Case {
  const rules = contract.webhook.rules;
  return {
    suite,
    name: `${suite} › a callbackUrl with a query string receives the webhook at exactly that URL`,
    check: 'webhook-delivery',
    endpoint: 'WEBHOOK verificationResult',
    field: 'callbackUrl',
    constraint: 'callback-url-query',
    rule: rules.delivery,
    async run(ctx) {
      if (!ctx.webhooks) return noReceiver(ctx);
      const tail = `/${randomUUID()}?ref=ivs%20conformance&step=1&empty=`;
      const dummy = await createFlowDummy(ctx, dummyStatuses(contract)[0], { callbackUrl: `${ctx.webhooks.callbackUrl}${tail}` });
      if ('observations' in dummy) return dummy;
      const deliveries = await next(ctx, dummy.scanRef, 0);
      const findings: Finding[] = [];
      if (!deliveries.length) findings.push(webhookFinding(rules.delivery, 'callbackUrl', 'delivered', 'one auto-result webhook', 'none arrived'));
      // A tunnel behind --webhook-url may strip a prefix of the path, never the flow's own tail.
      for (const d of deliveries.filter((d) => !d.path.endsWith(tail))) {
        findings.push(webhookFinding(rules.delivery, 'callbackUrl', 'callback-url-query', `a POST to …${tail}`, `a POST to ${d.path}`));
      }
      return { observations: findings.map((finding) => ({ finding, exchange: dummy.exchange })) };
    },
  };
}
