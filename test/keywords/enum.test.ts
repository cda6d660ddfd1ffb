// Neighbours of enumerated values: the contract's own data first, every generated kind present,
// and never a documented, case-equivalent (where case is free) or unasserted value.
import assert from 'node:assert/strict';
import { loadContract } from '../../src/contract/load.ts';
import { enumNeighbours, generatedNeighbours } from '../../src/arbitraries/neighbours.ts';
import { enumPlugin } from '../../src/arbitraries/keywords/enum.ts';

const contract = await loadContract('markid');

describe('keyword plugin: enum (plausible neighbours)', () => {
  it('generates case, spacing, separator, abbreviation and spelling neighbours of one value (hand-written)', () => {
    const values = generatedNeighbours('ID_CARD', { caseSensitive: true }).map((n) => n.value);
    assert.deepEqual(values, ['id_card', 'Id_card', ' ID_CARD', 'ID_CARD ', 'ID CARD', 'IDCARD', 'IC', 'ID_CAR', 'ID_CARDS', 'ID_ACRD']);
    assert.ok(!generatedNeighbours('lt', { caseSensitive: false }).some((n) => n.value === 'LT'), 'no case variant where case is free');
  });

  it('sends the contract data (regions, three-letter codes; alpha-3, numeric, reserved and user-assigned countries) and never XK', () => {
    const locales = enumNeighbours(contract.schemas.Locale).map((n) => n.value);
    for (const v of ['en-US', 'eng', ' ru']) assert.ok(locales.some((l) => l === v || l.trim() === v.trim()), v);
    const countries = enumPlugin.breakers(contract.schemas.CountryCode).map((c) => c.value as string);
    for (const v of ['LTU', '440', 'AA', 'ZZ', 'SU', 'YU']) assert.ok(countries.includes(v), v);
    // Amended T8: exceptionally reserved codes (UK, EU) are not assigned: sent as wrong, like the others.
    for (const v of ['UK', 'EU']) assert.ok(countries.includes(v), v);
    assert.ok(!countries.some((c) => c.trim().toUpperCase() === 'XK'), 'XK is unasserted (T8)');
    assert.ok(!countries.some((c) => /^[a-z]{2}$/.test(c) && contract.schemas.CountryCode.enum.includes(c)), 'lower-case codes are valid (T8)');
  });

  it('never sends a documented value, nor one the contract leaves open', () => {
    for (const name of ['Locale', 'CountryCode', 'DocumentType', 'TokenType', 'DummyStatus', 'ManualFaceStatus', 'ManualDocumentStatus']) {
      const schema: Record<string, any> = { ...contract.schemas[name], 'x-ivs-unasserted-values': ['EXPIRE'] };
      const fold = (v: string) => (schema['x-ivs-case-insensitive'] ? v.toLowerCase() : v);
      const known = new Set((schema.enum as string[]).map(fold));
      for (const c of enumPlugin.breakers(schema)) {
        assert.ok(!known.has(fold(c.value as string)), `${name}: ${c.value}`);
        assert.notEqual(c.value, 'EXPIRE');
      }
    }
  });
});
