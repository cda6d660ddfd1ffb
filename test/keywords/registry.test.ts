// Plugins are registered by name, once; a keyword without one is broken by the generic negation.
import assert from 'node:assert/strict';
import { keywordPlugin, negate, registeredKeywords, registerKeyword } from '../../src/arbitraries/keywords/index.ts';
import { invalidValues } from '../../src/arbitraries/values.ts';

describe('keyword plugins: registry and generic negation', () => {
  it('registers each JSON Schema keyword the contract uses, by name, and refuses a second registration', () => {
    for (const k of ['type', 'enum', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'items']) {
      assert.equal(keywordPlugin(k)?.keyword, k);
    }
    assert.ok(registeredKeywords().indexOf('type') < registeredKeywords().indexOf('maxLength'));
    assert.throws(() => registerKeyword({ keyword: 'enum', breakers: () => [] }), /registered twice/);
  });

  it('negates a keyword without a plugin: the values break it and nothing else (hand-checked)', () => {
    assert.deepEqual(negate({ type: 'integer', minimum: 0, multipleOf: 60 }, 'multipleOf').map((c) => c.value), [1, 2]);
    assert.deepEqual(negate({ type: 'string', const: 'A' }, 'const').map((c) => c.value), ['', 'a']);
    assert.deepEqual(negate({ type: 'object', maxProperties: 1 }, 'maxProperties').map((c) => c.value), [{ a: 1, b: 2, c: 3 }]);
    assert.deepEqual(negate({ type: 'string', minProperties: 1 }, 'minProperties'), [], 'nothing a string can break');
    assert.ok(invalidValues({ type: 'integer', multipleOf: 60 }).some((c) => c.constraint === 'multipleOf' && c.valueClass === 'generic'));
  });
});
