// The calendar (format: date): hand-written expectations, then the oracle (Ajv) agreeing on each.
import assert from 'node:assert/strict';
import { loadContract } from '../../src/contract/load.ts';
import { oracleFor } from '../../src/contract/oracle.ts';
import { formatPlugin } from '../../src/arbitraries/keywords/format.ts';
import { daysIn, isLeapYear } from '../../src/arbitraries/calendar.ts';

const contract = await loadContract('markid');
const date = contract.schemas.Date;

describe('keyword plugin: format (calendar-aware dates)', () => {
  it('knows the Gregorian leap rule (hand-checked years)', () => {
    assert.deepEqual([1900, 2000, 2023, 2024, 2100, 2400].map(isLeapYear), [false, true, false, true, false, true]);
    assert.deepEqual([1, 2, 4, 12].map((m) => daysIn(2023, m)), [31, 28, 30, 31]);
  });

  it('sends 2000-02-29 and the last day of every month as valid, and the oracle accepts each', () => {
    const valid = formatPlugin.boundaries!(date).map((c) => c.value);
    for (const v of ['2000-02-29', '2024-02-29', '2023-01-31', '2023-02-28', '2023-04-30', '2023-12-31']) assert.ok(valid.includes(v), v);
    assert.equal(valid.filter((v) => /^2023-\d{2}-(28|30|31)$/.test(String(v))).length, 12);
    for (const v of valid) assert.deepEqual(oracleFor(contract).validate(date, v), [], String(v));
  });

  it('sends century leap days, day 0/32, month 0/13, date-times, DD-MM-YYYY and unpadded parts as invalid, and the oracle refuses each', () => {
    const invalid = formatPlugin.breakers(date).map((c) => c.value);
    for (const v of ['1900-02-29', '2100-02-29', '2023-02-29', '2023-01-00', '2023-01-32', '2023-00-10', '2023-13-10', '2023-04-31', '1990-12-20T00:00:00Z', '20-12-1990', '1990-1-5', ' 1990-12-20']) {
      assert.ok(invalid.includes(v), v);
    }
    for (const v of invalid) assert.notDeepEqual(oracleFor(contract).validate(date, v), [], String(v));
  });
});
