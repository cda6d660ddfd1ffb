// S3: a successful answer with a documented body is JSON. Home of guard json-media-type.
import { defineCheck } from './define-check.ts';
import { guardOn } from './guards.ts';
import { acceptedWithDocumentedBody } from './helpers.ts';
import type { Check } from './types.ts';
import { RULE } from '../contract/rulings.ts';

/**
 * Guard json-media-type (R1, S3): `application/json` with parameters (`; charset=utf-8`), in any
 * case, with spaces, or a `+json` suffix is JSON. Switched off, only the bare type passes.
 */
export function isJsonContentType(headers: Record<string, string>): boolean {
  const value = headers['content-type'] ?? '';
  if (!guardOn('json-media-type')) return value === 'application/json';
  return /^\s*application\/([\w.+-]*\+)?json\s*(;.*)?$/i.test(value);
}

export const successContentTypeCheck = defineCheck({
  name: 'success-content-type',
  rules: ['S3'],
  appliesTo: acceptedWithDocumentedBody,
  run: ({ answer }) => {
    if (isJsonContentType(answer.headers) && answer.json !== undefined) return [];
    return [
      {
        category: 'response-schema',
        check: 'success-content-type',
        rule: RULE.jsonResponses,
        expected: 'a JSON body served as application/json',
        actual: `Content-Type "${answer.headers['content-type'] ?? ''}", ${answer.json === undefined ? 'body not JSON' : 'JSON body'}`,
      },
    ];
  },
});

/** S3: a successful answer with a documented body is JSON. */
export const successContentType: Check = successContentTypeCheck.check;
