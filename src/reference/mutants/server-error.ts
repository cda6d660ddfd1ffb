// The mutant catalogue, category server-error: a 5xx on a request the suite can send (R7).
import type { Mutant } from '../stages.ts';
import { crashOn, DUMMY, field, isString, lookupFor, mutant, TOKEN } from './helpers.ts';

export const SERVER_ERROR_MUTANTS: Mutant[] = [
  mutant('crash-non-latin-first-name', 'server-error', 'R7', 'answers 500 when firstName has a character above U+024F',
    crashOn(TOKEN, field('firstName', (v) => isString(v) && /[^\u0000-\u024f]/.test(v)))),
  mutant('crash-empty-documents', 'server-error', 'R7', 'answers 500 when documents is an empty list (instead of BAD_VALUE)',
    crashOn(TOKEN, field('documents', (v) => Array.isArray(v) && v.length === 0))),
  mutant('crash-json-array-body', 'server-error', 'R7', 'answers 500 when the body is a JSON array',
    crashOn(undefined, (body) => Array.isArray(body))),
  mutant('crash-astral-address', 'server-error', 'R7', 'answers 500 when address has characters outside the Basic Multilingual Plane',
    crashOn(TOKEN, field('address', (v) => isString(v) && /[\u{10000}-\u{10ffff}]/u.test(v)))),
  mutant('crash-non-ascii-client-id', 'server-error', 'R7', 'answers 500 when clientId has characters outside ASCII',
    crashOn(TOKEN, field('clientId', (v) => isString(v) && /[^\x00-\x7f]/.test(v)))),
  mutant('crash-control-characters', 'server-error', 'R7', 'answers 500 when clientId carries a control character',
    crashOn(TOKEN, field('clientId', (v) => isString(v) && /[\x00-\x08]/.test(v)))),
  mutant('crash-deep-nesting', 'server-error', 'R7', 'answers 500 when an object field is nested more than 40 levels deep', {
    body: (body, ctx) => {
      const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
      if (ctx.operationId === TOKEN && depth(body) > 40) throw new RangeError('mutant: simulated stack overflow');
      return body;
    },
  }),
  mutant('crash-fractional-expiry-time', 'server-error', 'R7', 'answers 500 when expiryTime is a fractional number',
    crashOn(TOKEN, field('expiryTime', (v) => typeof v === 'number' && !Number.isInteger(v)))),
  mutant('crash-unknown-scan-ref', 'server-error', 'R7', 'add-dummy-status answers 500 for a scanRef no verification has',
    lookupFor(DUMMY, (_, ctx) => {
    if (!ctx.anyKey) throw new TypeError("mutant: cannot read properties of undefined (reading 'dummyStatus')");
    return undefined;
  })),
];
