// Calendar-aware values for `format: date` (YYYY-MM-DD, a real calendar date): leap days in
// ordinary and century years, the last day of every month, days and months just outside their
// range, and the neighbouring shapes a lenient parser takes (date-times, DD-MM-YYYY, unpadded).
import type { ValueCase } from './samples.ts';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysIn(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const ORDINARY = 2023;
const LEAP = 2024;

/** Valid dates a calendar must accept: leap days (a century divisible by 400 included), every month's last day. */
export function validCalendarDates(): ValueCase[] {
  const cases: ValueCase[] = [
    { value: ymd(2000, 2, 29), constraint: 'format', note: 'a leap day in a century year divisible by 400', valueClass: 'calendar' },
    { value: ymd(LEAP, 2, 29), constraint: 'format', note: 'a leap day in an ordinary leap year', valueClass: 'calendar' },
    { value: '1900-01-01', constraint: 'format', note: 'an old date', valueClass: 'calendar' },
  ];
  for (let month = 1; month <= 12; month++) {
    cases.push({ value: ymd(ORDINARY, month, daysIn(ORDINARY, month)), constraint: 'format', note: `the last day of month ${month}`, valueClass: 'calendar' });
  }
  return cases;
}

/** Impossible dates and wrong shapes: each one a plausible input that is not a real YYYY-MM-DD date. */
export function invalidCalendarDates(): ValueCase[] {
  const impossible: [string, string][] = [
    [ymd(1900, 2, 29), 'a leap day in a century year not divisible by 400'],
    [ymd(2100, 2, 29), 'a leap day in 2100'],
    [ymd(ORDINARY, 2, 29), 'a leap day in an ordinary year'],
    [ymd(LEAP, 2, 30), 'February 30 in a leap year'],
    [ymd(ORDINARY, 1, 0), 'day 0'],
    [ymd(ORDINARY, 1, 32), 'day 32'],
    [ymd(ORDINARY, 0, 10), 'month 0'],
    [ymd(ORDINARY, 13, 10), 'month 13'],
  ];
  // The day after the last day of each 30-day month.
  for (let month = 1; month <= 12; month++) if (daysIn(ORDINARY, month) === 30) impossible.push([ymd(ORDINARY, month, 31), `day 31 of month ${month}`]);
  const shapes: [string, string][] = [
    ['1990-12-20T00:00:00Z', 'a date-time (UTC)'],
    ['1990-12-20T10:30:00+02:00', 'a date-time with an offset'],
    ['1990-12-20 00:00:00', 'a date and a time'],
    ['20-12-1990', 'DD-MM-YYYY'],
    ['12/20/1990', 'MM/DD/YYYY'],
    ['1990/12/20', 'YYYY/MM/DD'],
    ['19901220', 'no separators'],
    ['1990-1-5', 'month and day not zero-padded'],
    ['1990-12-2', 'day not zero-padded'],
    ['1990-1-20', 'month not zero-padded'],
    ['90-12-20', 'a two-digit year'],
    [' 1990-12-20', 'a leading space'],
    ['1990-12-20 ', 'a trailing space'],
    ['١٩٩٠-١٢-٢٠', 'Arabic-Indic digits'],
  ];
  return [
    ...impossible.map(([value, note]) => ({ value, constraint: 'format', note: `impossible date ${value} (${note})`, valueClass: 'calendar' })),
    ...shapes.map(([value, note]) => ({ value, constraint: 'format', note: `${note}: "${value}"`, valueClass: 'calendar' })),
  ];
}
