// Optional endpoints (x-ivs-optional-endpoint, e.g. the status read-back, which the seeds do not
// document): before a check relies on one, ask it once per run with a request that a target
// implementing it must accept. Only 404 or 405 mean "not implemented here" (the checks that need it
// are then inconclusive, never deviant); any other refusal of a valid read means the endpoint is
// there and refused it: the checks judge that refusal (F1), never a silent pass (issue 19).
import type { Operation } from '../contract/load.ts';
import { minimalBody } from '../arbitraries/requests.ts';
import { once, type RunContext } from '../engine/context.ts';
import { exchange } from '../engine/exchange.ts';
import { describeAnswer, isSuccess } from '../checks/types.ts';
import { sharedDummy } from './dummy.ts';

/** The answers that say an endpoint does not exist on this target. */
const NOT_IMPLEMENTED = [404, 405];

export function endpointUnavailable(ctx: RunContext, op: Operation): Promise<string | undefined> {
  if (!op.optional) return Promise.resolve(undefined);
  return once(ctx, `available:${op.path}`, async () => {
    // Its fields that come from earlier calls (x-ivs-source) are filled from a real dummy verification.
    const dummy = await sharedDummy(ctx);
    if (typeof dummy === 'string') return `cannot tell whether the target implements ${op.endpoint}: ${dummy}`;
    const fixed = Object.fromEntries(op.fields.filter((f) => f.schema['x-ivs-source']).map((f) => [f.name, dummy.scanRef]));
    const ex = await exchange(ctx, { op, body: minimalBody(op, fixed) });
    if (!ex.answer) return `cannot tell whether the target implements ${op.endpoint}: ${ex.transient}`;
    if (isSuccess(ex.answer) || !NOT_IMPLEMENTED.includes(ex.answer.status)) return undefined;
    return `not implemented: the target does not serve ${op.endpoint} (${describeAnswer(ex.answer)} to a valid read); it is documented outside the seeds`;
  });
}
