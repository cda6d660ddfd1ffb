// Small helpers shared by several checks: the applicability guards and reading an answer.
import { isSuccess, type CheckInput, type Expectation } from './types.ts';

export type AcceptInput = CheckInput & { expectation: Extract<Expectation, { kind: 'accept' }> };
export type RejectInput = CheckInput & { expectation: Extract<Expectation, { kind: 'reject' }> };

/** Applies when the contract expects the request to be accepted. */
export function expectsAccept(input: CheckInput): input is AcceptInput {
  return input.expectation.kind === 'accept';
}

/** Applies when the contract expects the request to be refused. */
export function expectsReject(input: CheckInput): input is RejectInput {
  return input.expectation.kind === 'reject';
}

/** Applies to an expected acceptance answered with a success, on an operation with a documented body. */
export function acceptedWithDocumentedBody(input: CheckInput): input is AcceptInput {
  return input.expectation.kind === 'accept' && isSuccess(input.answer) && Boolean(input.op.responseSchema);
}

/** The accepted response body, when it is a JSON object. */
export function acceptedBody(input: CheckInput): Record<string, unknown> | undefined {
  const { answer, expectation } = input;
  if (expectation.kind !== 'accept' || !isSuccess(answer) || !input.op.responseSchema) return undefined;
  return answer.json && typeof answer.json === 'object' && !Array.isArray(answer.json) ? (answer.json as Record<string, unknown>) : undefined;
}

export function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

