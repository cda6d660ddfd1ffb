// Robustness (R7): requests whose verdict the documents may leave open, but which no server may
// answer with a 5xx. Only the no-server-error check applies, so these can never call a
// conformant server wrong, whatever it decides to accept.
import type { Operation } from '../contract/load.ts';
import { minimalBody } from '../arbitraries/requests.ts';
import { requestCase, type Case } from './model.ts';

/** Deeply nested JSON objects: parsers and echo code must cope (or refuse) without crashing. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: 'UPLOAD' };
  for (let i = 0; i < depth; i++) value = { ALL: value };
  return value;
}

/** Field values of debatable validity, each paired with why it is worth sending. */
function jsonProbes(op: Operation): [string, Record<string, unknown>][] {
  const base = minimalBody(op);
  const firstText = op.fields.find((f) => f.required && f.schema.type === 'string')?.name;
  const names = op.fields.filter((f) => f.normalize).map((f) => f.name);
  const objects = op.fields.filter((f) => f.schema.type === 'object').map((f) => f.name);
  const probes: [string, Record<string, unknown>][] = [];
  if (firstText) {
    probes.push([`${firstText} with letters outside ASCII`, { ...base, [firstText]: 'Žemaitė-Ёжик-李' }]);
    probes.push([`${firstText} with control characters`, { ...base, [firstText]: 'a\u0000b\u0007c\nd' }]);
    probes.push([`${firstText} with a lone surrogate`, { ...base, [firstText]: 'a\ud800b' }]);
  }
  for (const name of names) probes.push([`${name} with an emoji`, { ...base, [name]: 'Ann😀' }]);
  for (const name of objects) probes.push([`${name} nested 50 levels deep`, { ...base, [name]: nested(50) }]);
  return probes;
}

/** Raw bodies of debatable JSON: duplicate keys, exponents, huge numbers, a byte-order mark. */
function rawProbes(op: Operation): [string, string][] {
  const body = JSON.stringify(minimalBody(op)).slice(1, -1);
  const integer = op.fields.find((f) => f.schema.type === 'integer')?.name;
  const probes: [string, string][] = [
    ['a duplicated key', `{${body},${body}}`],
    ['a byte-order mark before the JSON', `\ufeff{${body}}`],
    ['a 1 MB string', `{${body},"ivsPadding":"${'x'.repeat(1_000_000)}"}`],
  ];
  if (integer) {
    probes.push([`${integer} written with an exponent`, `{${body},"${integer}":6e2}`]);
    probes.push([`${integer} beyond 64 bits`, `{${body},"${integer}":123456789012345678901234567890}`]);
    probes.push([`${integer} as -0`, `{${body},"${integer}":-0}`]);
  }
  return probes;
}

export function robustnessCases(suite: string, operations: Operation[]): Case[] {
  const base = (op: Operation, name: string) => ({
    suite,
    name: `${suite} › ${op.operationId} › ${name}`,
    check: 'no-server-error',
    endpoint: op.endpoint,
    constraint: 'robustness',
    rule: 'R7',
    // Only R7 is asserted: the expectation below is never consulted by that check.
    expect: { kind: 'reject' as const, rule: 'R7', reason: 'no verdict asserted' },
    checks: ['no-server-error'],
  });
  return operations.flatMap((op) => [
    ...jsonProbes(op).map(([name, body]) => requestCase({ ...base(op, name), probe: { op, body } })),
    ...rawProbes(op).map(([name, rawBody]) => requestCase({ ...base(op, name), probe: { op, rawBody } })),
  ]);
}
