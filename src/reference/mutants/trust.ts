// The mutant catalogue, issue 19 (trust in every verdict): deviations a suite could pass by
// mistake, each a false CONFORMANT the suite once gave.
import type { Mutant } from '../stages.ts';
import { RawBody } from '../reply.ts';
import { DUMMY, STATUS, TOKEN, accept, isString, mutant, type Body } from './helpers.ts';

const CRASH_PAGE = new RawBody('<html><body>500 Internal Server Error</body></html>', 'text/html');

export const TRUST_MUTANTS: Mutant[] = [
  // F1: only 404/405 may mean "not implemented"; a 400 to every valid read is a refusal of the read.
  mutant('status-read-refused', 'validation', 'F1', 'the status read-back refuses every valid read with 400 BAD_VALUE (the endpoint exists: 405 to GET)', {
    lookup: (found, ctx) => (ctx.operationId === STATUS ? undefined : found),
  }),
  // T8 (amended): the exceptionally reserved codes a lenient list would take for GB, the Union, the UN.
  mutant('country-exceptionally-reserved-accepted', 'validation', 'T8', 'accepts the exceptionally reserved codes UK, EU and UN as country and nationality (and nothing else off the list)',
    accept(TOKEN, ['country', 'nationality'], ['enum'], (v) => isString(v) && /^(UK|EU|UN)$/i.test(v))),
  // R7 (issue 24): a streak of 5xx to one kind of input is a deviation, never "not the API".
  mutant('add-dummy-status-crashes', 'server-error', 'R7', 'every add-dummy-status, valid or not, answers 500 with an HTML error page (a valid one still sets the status)', {
    successBody: (body, ctx) => (ctx.operationId === DUMMY ? (CRASH_PAGE as unknown as Body) : body),
    success: (status, ctx) => (ctx.operationId === DUMMY ? 500 : status),
    error: (reply, ctx) => (ctx.operationId === DUMMY ? { status: 500, contentType: 'text/html', body: CRASH_PAGE as unknown as Body } : reply),
  }),
];
