// Echo edge cases (S1, T3: everything but names is echoed exactly as sent): duplicate entries in
// free lists, the empty string where it is valid, and URLs with a query string, a fragment and a
// port. Fields are chosen from the contract (echoed, freely generated, of the right shape); the
// oracle decides whether a value is valid before it is sent.
import type { Contract, FieldSpec, Operation } from '../contract/load.ts';
import { oracleFor } from '../contract/oracle.ts';
import { isFreelyGenerated, minimalBody } from '../arbitraries/requests.ts';
import { sampleValid, typeOf } from '../arbitraries/values.ts';
import { requestCase, type Case } from './model.ts';
import { RULE } from '../contract/rulings.ts';

const echoed = (f: FieldSpec) => f.echo && !f.normalize && isFreelyGenerated(f);

/** URL variants a normalising parser changes: each must come back byte for byte. */
export function urlVariants(example: string): [string, string][] {
  const url = new URL(example);
  const path = url.pathname === '/' ? '/return' : url.pathname;
  return [
    ['a query string', `${url.origin}${path}?session=A%20b&lang=en&empty=`],
    ['a fragment', `${url.origin}${path}#Result-Anchor`],
    ['an explicit port', `${url.protocol}//${url.hostname}:8443${path}`],
    ['the default port written out', `${url.protocol}//${url.hostname}:443${path}`],
    ['a query string, a port and a fragment', `${url.protocol}//${url.hostname}:8443${path}?a=1&b=%2F#frag`],
  ];
}

export function echoEdgeCases(suite: string, contract: Contract, op: Operation): Case[] {
  const oracle = oracleFor(contract);
  const valid = (body: Record<string, unknown>) => {
    const verdict = oracle.judge(op.operationId, body);
    return verdict.valid && !verdict.neverSend;
  };
  const cases: Case[] = [];
  const add = (field: FieldSpec, note: string, value: unknown) => {
    const body = { ...minimalBody(op), [field.name]: value };
    if (!valid(body)) return;
    cases.push(
      requestCase({
        suite,
        name: `${suite} › ${op.operationId} › ${field.name} with ${note} echoed exactly`,
        check: 'echoes-sent-fields',
        field: field.name,
        constraint: 'echo',
        rule: RULE.echoAndDefaults,
        probe: { op, body },
      }),
    );
  };
  for (const field of op.fields.filter(echoed)) {
    const schema = field.schema;
    // Free lists of text: duplicates and order are the caller's.
    if (typeOf(schema) === 'array' && typeOf(schema.items ?? {}) === 'string' && !schema.items?.enum && !schema.uniqueItems) {
      add(field, 'duplicate entries', ['Why?', 'Why?', 'why?']);
    }
    // "" where "" is valid is an answer, not an absence.
    if (typeOf(schema) === 'string' && !schema.enum && !schema.format) add(field, 'the empty string', '');
    if (schema['x-ivs-text'] === 'url') {
      const example = sampleValid(schema);
      if (typeof example === 'string' && /^https?:\/\//.test(example)) for (const [note, url] of urlVariants(example)) add(field, note, url);
    }
  }
  return cases;
}
