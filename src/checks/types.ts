// What every check sees: one exchange (the request actually sent and the answer) and the
// expectation the oracle computed from that very request.
import type { Contract, Operation } from '../contract/load.ts';
import type { Oracle } from '../contract/oracle.ts';
import type { Category } from '../findings/model.ts';
import type { Finding } from '../findings/finding.ts';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json?: unknown;
}

export type Expectation =
  | { kind: 'accept'; rule: string; documented?: boolean }
  | {
      kind: 'reject';
      /**
       * The identifier the contract expects, when the violations agree on one (R8); a list when the
       * request unavoidably breaks two rules whose order is not documented.
       */
      identifier?: string | string[];
      rule: string;
      field?: string;
      constraint?: string;
      reason: string;
      documented?: boolean;
      /** The rule that names the identifier of this refusal, when not R3's table (T19, T21, D1, D4). */
      identifierRule?: string;
    }
  /**
   * C1: the contract allows several answers (accepted, or refused with one of `refusals`); the checks
   * see it as an acceptance or a rejection once the answer is known (latitude.ts settleOpen).
   */
  | { kind: 'open'; rule: string; refusals: string[]; reason: string };

export interface CheckInput {
  contract: Contract;
  oracle: Oracle;
  op: Operation;
  /** The JSON body sent, when it was JSON. */
  body?: Record<string, unknown>;
  answer: Answer;
  expectation: Expectation;
  /** Suites about auth or environments file their rejection findings under that category. */
  category?: Category;
  /** authTokens and scanRefs seen so far in this run (T20: new and distinct on every call). */
  issued: { authTokens: Set<string>; scanRefs: Set<string> };
  field?: string;
  constraint?: string;
}

export type Check = (input: CheckInput) => Finding[];

export function expectedIdentifiers(expectation: Expectation): string[] {
  if (expectation.kind !== 'reject' || expectation.identifier === undefined) return [];
  return Array.isArray(expectation.identifier) ? expectation.identifier : [expectation.identifier];
}

export function describeAnswer(answer: Answer): string {
  const body = answer.json as any;
  if (body && typeof body === 'object' && 'identifier' in body) return `${answer.status} ${body.identifier}`;
  return `${answer.status} ${answer.text.length > 160 ? answer.text.slice(0, 160) + '…' : answer.text}`.trim();
}

export function isSuccess(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}
