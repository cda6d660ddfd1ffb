// A flow check as a registered unit, the dual of an exchange check (define-check.ts), after
// Schemathesis's stateful checks: its registered name, the rulings it enforces, when it applies, and
// what it judges in the RECORD of a multi-step flow (what was asked, what was read back, which
// webhook deliveries arrived), never in the flow's code. The cases in src/cases run the steps.
import type { Contract } from '../../contract/load.ts';
import type { Finding } from '../../findings/finding.ts';
import type { Delivery } from '../../webhooks/receiver.ts';

export interface FlowRecord {
  contract: Contract;
  /** What the flow asked for: the verification and, for a manual outcome, the statuses given. */
  given: { scanRef: string; dummyStatus?: string; clientId?: string; externalRef?: string; face?: string; document?: string };
  /** Other verifications of the same key in flight at the same time, each with the callbackUrl its own token gave. */
  inFlight?: { scanRef: string; callbackUrl: string }[];
  /** The status read back (F1) at the end of the flow, when it was read. */
  readBack?: Record<string, unknown>;
  /** The webhook phase judged ('auto' or 'manual'), its deliveries, the callbackUrl given and how long the flow waited. */
  webhook?: {
    kind: 'auto' | 'manual';
    deliveries: Delivery[];
    callbackUrl: string;
    contentAsserted: boolean;
    result?: Delivery;
    waitedMs: number;
    /** Byte-identical copies of this phase's genuine deliveries that arrived after them (the receiver answered 200 to each). */
    replays?: Delivery[];
  };
}

export interface FlowCheckDefinition<N extends string = string> {
  name: N;
  rules: readonly string[];
  appliesTo: (record: FlowRecord) => boolean;
  check: (record: FlowRecord) => Finding[];
}

export function defineFlowCheck<N extends string>(spec: { name: N; rules: readonly string[]; appliesTo: (record: FlowRecord) => boolean; run: (record: FlowRecord) => Finding[] }): FlowCheckDefinition<N> {
  const { name, rules, appliesTo, run } = spec;
  return { name, rules, appliesTo, check: (record) => (appliesTo(record) ? run(record) : []) };
}

/** The deliveries attributable to the target: those that verify, or all of them when none does (W2). */
export function attributable(deliveries: Delivery[]): Delivery[] {
  const verified = deliveries.filter((d) => d.signatureValid);
  return verified.length ? verified : deliveries;
}

export function valueAt(payload: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

/** Field-by-field comparison of a payload with what the documents promise. */
export function expectFields(check: string, rule: string, payload: unknown, want: Record<string, unknown>): Finding[] {
  return Object.entries(want)
    .filter(([path, value]) => valueAt(payload, path) !== value)
    .map(([path, value]) => ({ category: 'webhook', check, rule, field: path, constraint: 'equals', expected: `${path} = ${JSON.stringify(value)}`, actual: `${path} = ${JSON.stringify(valueAt(payload, path))}` }));
}
