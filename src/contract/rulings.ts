// The rulings imperative code names by what they are about (issue 22: one place for each fact).
// A check or case that files a finding under a ruling it does not read from the contract's data
// (an error's `rule`, `x-ivs-rule` on a field, `x-ivs-webhook.rules`) names it here, never as a
// bare literal; the loader checks every id here is a ruling of the contract (x-ivs-rulings), so a
// ruling renamed or dropped there fails at load. Declarations (a check's `rules`, a guard's, a
// mutant's) name their rulings as data and are checked by test/completeness.test.ts.
export const RULE = {
  /** Every error is the JSON envelope {identifier, message}. */
  errorEnvelope: 'R1',
  /** The HTTP status each identifier may come with. */
  errorStatus: 'R2',
  /** Which identifier a kind of violation yields. */
  errorIdentifier: 'R3',
  /** The success codes of the operations. */
  successStatus: 'R4',
  /** Strict JSON types: a value of the wrong type is BAD_VALUE. */
  strictTypes: 'R6',
  /** No request the suite can send may produce a 5xx. */
  noServerError: 'R7',
  /** null for an optional field means omitted. */
  nullMeansOmitted: 'R9',
  /** A response or webhook may carry fields the documents do not name. */
  extraFields: 'R10',
  /** An absent key is judged as null. */
  absentAsNull: 'R11',
  /** The token response echoes the fields sent and the defaults of those omitted. */
  echoAndDefaults: 'S1',
  /** Basic auth with the API key and secret. */
  basicAuth: 'S2',
  /** Successful answers are JSON. */
  jsonResponses: 'S3',
  /** firstName and lastName come back upper-cased. */
  nameNormalisation: 'T3',
  /** dummyStatus: a dummy verification and its message. */
  dummyStatus: 'T21',
  /** The status read-back. */
  readBack: 'F1',
  /** Webhook delivery (the fallback where no contract is at hand: contract.webhook.rules.delivery). */
  webhookDelivery: 'W1',
  /** Account-gated settings. */
  gatedSettings: 'C1',
} as const;

export type RuleName = keyof typeof RULE;
export type RuleId = (typeof RULE)[RuleName];

/** The ids of RULE that are no ruling of the contract. */
export function unknownRuleIds(rulings: Record<string, unknown>): string[] {
  return Object.entries(RULE)
    .filter(([, id]) => !Object.prototype.hasOwnProperty.call(rulings ?? {}, id))
    .map(([name, id]) => `RULE.${name} = ${id}`);
}
