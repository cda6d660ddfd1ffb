// Type confusion chosen so no other rule can hide it: each breaker, in an otherwise valid body,
// is refused for its type alone, and a fraction truncates (and rounds) to a valid value.
import assert from 'node:assert/strict';
import { loadContract } from '../../src/contract/load.ts';
import { oracleFor } from '../../src/contract/oracle.ts';
import { typePlugin } from '../../src/arbitraries/keywords/type.ts';
import { itemsPlugin } from '../../src/arbitraries/keywords/list.ts';

const contract = await loadContract('markid');
const op = contract.operations.createToken;
const schemaOf = (name: string) => op.fields.find((f) => f.name === name)!.schema;

describe('keyword plugin: type (JSON type confusion)', () => {
  it('sends 660.5 for sessionLength and 600.5 for expiryTime: both truncate and round to valid integers', () => {
    const fractions = (name: string) => typePlugin.breakers(schemaOf(name)).map((c) => c.value).filter((v) => typeof v === 'number' && !Number.isInteger(v)) as number[];
    assert.deepEqual(fractions('sessionLength'), [660.5]);
    assert.deepEqual(fractions('expiryTime'), [600.5]);
  });

  it('sends booleans as numbers and strings, JSON text for objects, {} and [] for scalars', () => {
    const values = (name: string) => typePlugin.breakers(schemaOf(name)).map((c) => JSON.stringify(c.value));
    assert.ok(['"true"', '"false"', '1', '0'].every((v) => values('showInstructions').includes(v)));
    assert.ok(values('additionalSteps').some((v) => v.startsWith('"{')), 'JSON text in a string');
    assert.ok(values('clientId').includes('{}') && values('expiryTime').includes('{}'));
    const items = itemsPlugin.breakers(schemaOf('documents')).map((c) => JSON.stringify(c.value));
    assert.ok(items.includes('[null,"ID_CARD"]') && items.includes('[["ID_CARD"]]'), items.join(' '));
  });

  it('every type breaker of every request field breaks that field alone, as a type violation', () => {
    for (const operation of Object.values(contract.operations)) {
      for (const field of operation.fields) {
        for (const c of typePlugin.breakers(field.schema)) {
          const errors = oracleFor(contract).validate(field.schema, c.value);
          assert.ok(errors.some((e) => e.keyword === 'type' && e.instancePath === ''), `${field.name} ${JSON.stringify(c.value)}: ${errors.map((e) => e.keyword)}`);
        }
      }
    }
  });
});
